"""Bulk actions on many orders: each order in its own transaction, each outcome reported on its own."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

from backend.core.authorization import Actor, Permission
from backend.core.errors import DomainError, ValidationFailed
from backend.orders import editing
from backend.orders.payments import MAX_BULK, BulkOutcome
from backend.orders.tables import Order


async def for_each(actor: Actor, order_ids: list[UUID], action: Callable[[UUID], Awaitable[Order]]) -> list[BulkOutcome]:
    actor.require(Permission.ORDERS_WRITE)
    if not order_ids:
        raise ValidationFailed("Choose at least one order", field="orderIds", code="REQUIRED")
    if len(order_ids) > MAX_BULK:
        raise ValidationFailed(f"At most {MAX_BULK} orders at once", field="orderIds")
    outcomes = []
    for order_id in dict.fromkeys(order_ids):
        try:
            outcomes.append(BulkOutcome(order_id, await action(order_id), None))
        except DomainError as error:
            outcomes.append(BulkOutcome(order_id, None, error))
    return outcomes


def _reason(reason: str, what: str) -> str:
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise ValidationFailed(f"Say why the orders are {what}", field="reason", code="REQUIRED")
    return cleaned


async def hold_many(actor: Actor, order_ids: list[UUID], reason: str) -> list[BulkOutcome]:
    reason = _reason(reason, "held")
    return await for_each(actor, order_ids, lambda oid: editing.hold_order(actor, oid, reason))


async def release_many(actor: Actor, order_ids: list[UUID], note: str = "") -> list[BulkOutcome]:
    return await for_each(actor, order_ids, lambda oid: editing.release_hold(actor, oid, note))


async def cancel_many(actor: Actor, order_ids: list[UUID], reason: str) -> list[BulkOutcome]:
    reason = _reason(reason, "cancelled")
    return await for_each(actor, order_ids, lambda oid: editing.cancel_order(actor, oid, reason))


async def tag_many(actor: Actor, order_ids: list[UUID], add: list[str], remove: list[str]) -> list[BulkOutcome]:
    from backend.orders.model import clean_tags

    clean_tags(add, "add")
    clean_tags(remove, "remove")
    if not add and not remove:
        raise ValidationFailed("Name a tag to add or remove", field="add", code="REQUIRED")
    return await for_each(actor, order_ids, lambda oid: editing.change_tags(actor, oid, add, remove))
