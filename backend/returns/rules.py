"""A merchant's disposition per condition grade: what becomes of an inspected item unless the inspector decides
otherwise. Merchant admins set their own, the fulfillment center's staff any merchant's."""

from __future__ import annotations

import json
from uuid import UUID

from backend.accounts.tables import Merchant
from backend.core.authorization import Actor, Permission, resolve_merchant
from backend.core.clock import utcnow
from backend.core.errors import NotFound, ValidationFailed
from backend.core.queries import json_value
from backend.events.outbox import unit_of_work
from backend.events.topics import EventTopic
from backend.returns.model import HOUSE_DISPOSITIONS, Disposition, Grade
from backend.returns.tables import ReturnSettings


def _merged(stored: dict | None) -> dict[Grade, Disposition]:
    rules = dict(HOUSE_DISPOSITIONS)
    for grade, disposition in (stored or {}).items():
        rules[Grade(grade)] = Disposition(disposition)
    return rules


async def locked_settings(merchant_id: UUID) -> ReturnSettings:
    """The merchant's settings row, made on first use and locked for the caller's transaction."""
    await ReturnSettings.raw(
        "INSERT INTO return_settings (id, merchant, disposition_by_grade, updated_by, updated_at) "
        "VALUES (gen_random_uuid(), {}, {}::jsonb, {}::jsonb, now()) ON CONFLICT (merchant) DO NOTHING",
        merchant_id, "{}", "{}")
    return await ReturnSettings.objects().where(ReturnSettings.merchant == merchant_id).lock_rows().first()


async def stored_rules(merchant_id: UUID) -> dict[Grade, Disposition]:
    row = await ReturnSettings.select(ReturnSettings.disposition_by_grade).where(
        ReturnSettings.merchant == merchant_id).first()
    return _merged(json_value(row["disposition_by_grade"]) if row else None)


async def disposition_rules(actor: Actor, merchant_id: UUID | None) -> dict[Grade, Disposition]:
    """A merchant's rules (a merchant's own; an operator names one, or gets the house's defaults)."""
    actor.require(Permission.RETURNS_READ)
    if actor.is_operator and merchant_id is None:
        return dict(HOUSE_DISPOSITIONS)
    return await stored_rules(resolve_merchant(actor, merchant_id))


async def set_disposition_rules(actor: Actor, merchant_id: UUID | None,
                                rules: dict[Grade, Disposition]) -> dict[Grade, Disposition]:
    """Change the disposition of the grades named; the others stay as they are."""
    actor.require(Permission.RETURN_SETTINGS_WRITE)
    owner = resolve_merchant(actor, merchant_id)
    if not rules:
        raise ValidationFailed("Name at least one grade", field="rules", code="REQUIRED")
    async with unit_of_work(actor) as uow:
        if not await Merchant.exists().where(Merchant.id == owner):
            raise NotFound("No such merchant", field="merchantId")
        settings = await locked_settings(owner)
        before = _merged(json_value(settings.disposition_by_grade))
        after = {**before, **{Grade(g): Disposition(d) for g, d in rules.items()}}
        changes = {g.value: {"before": before[g].value, "after": after[g].value} for g in Grade if before[g] != after[g]}
        if changes:
            await ReturnSettings.raw(
                "UPDATE return_settings SET disposition_by_grade = {}::jsonb, updated_by = {}::jsonb, updated_at = {} "
                "WHERE id = {}", json.dumps({g.value: d.value for g, d in after.items()}),
                json.dumps(actor.as_event_actor()), utcnow(), settings.id)
            uow.record(EventTopic.RETURN, "return.rules_updated", entity_type="Merchant", entity_id=owner,
                       merchant_id=owner, payload={"changes": changes})
    return after
