"""The notifications domain's front door: the outbox consumer and the sending jobs the worker runs, the list and
resend the API offers, and a merchant's notification settings."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from uuid import UUID

from backend.accounts.events import record_merchant
from backend.accounts.tables import Merchant
from backend.core.authorization import Actor, Permission, resolve_merchant
from backend.core.errors import DomainError, NotFound
from backend.core.pagination import Page, PageRequest, SortDirection, paginate
from backend.core.queries import rows_by_ids
from backend.events.outbox import unit_of_work
from backend.notifications import consumer, delivery, digest, preferences, preview
from backend.notifications.delivery import Enqueue
from backend.notifications.model import MessageKind, State
from backend.notifications.preferences import Preferences, PreferencesChange
from backend.notifications.tables import Notification

log = logging.getLogger(__name__)


class InvalidState(DomainError):
    code = "INVALID_STATE"

POLL_SECONDS = 0.3

consume_once = consumer.consume_once
deliver_notification = delivery.deliver
recover_expired_claims = delivery.recover_expired_claims
queue_due_notifications = delivery.queue_due


async def consume_events() -> int:
    """Read the outbox up to its end; returns how many events were read."""
    read = total = await consumer.consume_once()
    while read == consumer.BATCH:
        read = await consumer.consume_once()
        total += read
    return total


async def dispatch_once(enqueue: Enqueue) -> int:
    """One pass of the worker's dispatcher: new events into notifications, dead workers' claims settled, due
    notifications queued for sending. Returns how many were queued."""
    await consume_events()
    await delivery.recover_expired_claims()
    return await delivery.queue_due(enqueue)


async def run_dispatcher(stop: asyncio.Event, enqueue: Enqueue) -> None:
    while not stop.is_set():
        try:
            await dispatch_once(enqueue)
        except Exception:  # noqa: BLE001 - keep dispatching after a passing database or Redis failure
            log.exception("notification dispatch pass failed")
        try:
            await asyncio.wait_for(stop.wait(), POLL_SECONDS)
        except TimeoutError:
            pass


async def write_due_digests(slot: datetime) -> int:
    return await digest.write_due_digests(slot)


# ---------------------------------------------------------------- what people see and do


def _scope(actor: Actor) -> list:
    return [] if actor.is_operator else [Notification.merchant == actor.merchant_id]


async def list_notifications(actor: Actor, page: PageRequest, *, merchant_id: UUID | None = None,
                             order_id: UUID | None = None, channels: list[str] | None = None,
                             states: list[str] | None = None) -> Page[Notification]:
    actor.require(Permission.NOTIFICATIONS_READ)
    where = _scope(actor)
    if merchant_id is not None:
        where.append(Notification.merchant == merchant_id)
    if order_id is not None:
        where.append(Notification.sales_order == order_id)
    if channels:
        where.append(Notification.channel.is_in(channels))
    if states:
        where.append(Notification.state.is_in(states))
    return await paginate(Notification, where, Notification.created_at, SortDirection.DESC, page)


async def notifications_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, Notification]:
    if not actor.can(Permission.NOTIFICATIONS_READ):
        return {}
    return await rows_by_ids(Notification, ids, _scope(actor))


async def notifications_of_orders(actor: Actor, order_ids: list[UUID]) -> dict[UUID, list[Notification]]:
    if not actor.can(Permission.NOTIFICATIONS_READ) or not order_ids:
        return {}
    query = Notification.objects().where(Notification.sales_order.is_in(order_ids))
    for condition in _scope(actor):
        query = query.where(condition)
    result: dict[UUID, list[Notification]] = {}
    for row in await query.order_by(Notification.created_at):
        result.setdefault(row.sales_order, []).append(row)
    return result


async def resend_notification(actor: Actor, notification_id: UUID) -> Notification:
    """Send a notification again as a new message (a new Message-ID), now; not while it is waiting or sending."""
    actor.require(Permission.NOTIFICATIONS_WRITE)
    async with unit_of_work(actor):
        query = Notification.objects().where(Notification.id == notification_id)
        for condition in _scope(actor):
            query = query.where(condition)
        row = await query.lock_rows().first()
        if row is None:
            raise NotFound("No such notification", field="notificationId")
        if row.state in (State.PENDING.value, State.SENDING.value):
            raise InvalidState("It is being sent already", field="notificationId")
        if not row.recipient:
            raise InvalidState("There is no e-mail address to send it to", field="notificationId")
        await Notification.raw(
            "UPDATE notification SET state = 'PENDING', attempts = 0, generation = generation + 1, last_error = '', "
            "next_attempt_at = clock_timestamp(), queued_at = NULL, handed_over_at = NULL, sent_at = NULL "
            "WHERE id = {}", row.id)
    return await Notification.objects().where(Notification.id == notification_id).first()


async def notification_settings(actor: Actor, merchant_id: UUID | None) -> Preferences:
    actor.require(Permission.MERCHANT_SETTINGS_WRITE)
    merchant = resolve_merchant(actor, merchant_id)
    found = await preferences.preferences_of([merchant])
    if merchant not in found:
        raise NotFound("No such merchant", field="merchantId")
    return found[merchant]


async def preview_notification(actor: Actor, merchant_id: UUID | None, kind: MessageKind,
                               language: str | None = None) -> preview.Preview:
    """A message as the merchant's current settings make it, with its latest real order, in either language
    (the merchant's own unless asked)."""
    prefs = await notification_settings(actor, merchant_id)
    return await preview.preview(prefs, kind, language or prefs.language)


async def update_notification_settings(actor: Actor, merchant_id: UUID | None,
                                       change: PreferencesChange) -> Preferences:
    """Change which messages the merchant sends and how; what the change leaves out stays as it is."""
    actor.require(Permission.MERCHANT_SETTINGS_WRITE)
    target = resolve_merchant(actor, merchant_id)
    change = preferences.cleaned(change)
    async with unit_of_work(actor) as uow:
        merchant = await Merchant.objects().where(Merchant.id == target).lock_rows().first()
        if merchant is None:
            raise NotFound("No such merchant", field="merchantId")
        changes = await preferences.apply(merchant.id, change)
        if changes:
            record_merchant(uow, "merchant.updated", merchant, changes={"notifications": changes})
    return (await preferences.preferences_of([target]))[target]
