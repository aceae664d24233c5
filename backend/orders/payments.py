"""The payment queue: marking orders paid (in bulk, with bank transaction references), payment status reported
by the merchant's systems, the merchant's payment policy, and cancelling orders left unpaid too long."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from backend.core.authorization import SYSTEM, Actor, Permission, resolve_merchant
from backend.core.clock import utcnow
from backend.core.errors import DomainError, FieldChecks, ValidationFailed
from backend.events.outbox import UnitOfWork, unit_of_work
from backend.orders.access import locked_order
from backend.orders.editing import InvalidState, cancel_locked
from backend.orders.history import history_entry, move_to, record_change, save_order
from backend.orders.model import PAID_ENOUGH, OrderStatus, PaymentMethod, PaymentStatus, clean_optional_text
from backend.orders.policy import prepaid_methods, settings_for, status_after_placement
from backend.orders.tables import Order, OrderSettings

log = logging.getLogger(__name__)

MAX_BULK = 100
# Statuses whose position in the queue depends on payment.
_WAITING_FOR_PAYMENT = (OrderStatus.AWAITING_PAYMENT.value, OrderStatus.READY.value)


@dataclass(frozen=True)
class BulkOutcome:
    order_id: UUID
    order: Order | None
    error: DomainError | None


def clean_reference(reference: str | None, field: str) -> str:
    text = clean_optional_text(reference, field, 120)
    return text


async def _set_payment(uow: UnitOfWork, order: Order, status: PaymentStatus, reference: str, *, kind: str) -> None:  # noqa: ANN001
    before = (order.payment_status, order.payment_reference)
    diff: dict[str, Any] = {"payment_status": {"before": order.payment_status, "after": status.value}}
    if reference and reference != order.payment_reference:
        diff["payment_reference"] = {"before": order.payment_reference, "after": reference}
        order.payment_reference = reference
    order.payment_status = status.value
    if status is PaymentStatus.PAID and order.paid_at is None:
        order.paid_at = utcnow()
    if order.status in _WAITING_FOR_PAYMENT:
        settings = await settings_for(order.merchant)
        move_to(order, status_after_placement(order, True, settings), diff)
    if before == (order.payment_status, order.payment_reference) and "status" not in diff:
        return
    await save_order(order)
    entry = history_entry(kind, paymentStatus=status.value, reference=reference)
    await record_change(uow, order, entry, diff, event="order.payment_updated")


async def mark_paid(actor: Actor, order_ids: list[UUID], *, reference: str = "",
                    references: dict[UUID, str] | None = None) -> list[BulkOutcome]:
    """Mark each order paid, each in its own transaction: one order's failure leaves the others marked."""
    actor.require(Permission.ORDERS_PAY)
    if not order_ids:
        raise ValidationFailed("Choose at least one order", field="orderIds", code="REQUIRED")
    if len(order_ids) > MAX_BULK:
        raise ValidationFailed(f"At most {MAX_BULK} orders at once", field="orderIds")
    common = clean_reference(reference, "transactionReference")
    per_order = {k: clean_reference(v, "references") for k, v in (references or {}).items()}
    outcomes = []
    for order_id in dict.fromkeys(order_ids):
        try:
            async with unit_of_work(actor) as uow:
                order = await locked_order(actor, order_id)
                if order.status in (OrderStatus.CANCELLED.value, OrderStatus.DRAFT.value):
                    raise InvalidState(f"Order {order.number} is {order.status.lower()}", field="orderIds")
                if order.payment_status == PaymentStatus.PAID.value:
                    raise InvalidState(f"Order {order.number} is paid already", field="orderIds")
                await _set_payment(uow, order, PaymentStatus.PAID, per_order.get(order_id) or common, kind="paid")
            outcomes.append(BulkOutcome(order_id, order, None))
        except DomainError as error:
            outcomes.append(BulkOutcome(order_id, None, error))
    return outcomes


# Which payment statuses may follow which, as the merchant's systems report them.
_PAYMENT_MOVES: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    PaymentStatus.PENDING: frozenset({PaymentStatus.AUTHORIZED, PaymentStatus.PAID, PaymentStatus.FAILED}),
    PaymentStatus.AUTHORIZED: frozenset({PaymentStatus.PAID, PaymentStatus.FAILED, PaymentStatus.PENDING}),
    PaymentStatus.FAILED: frozenset({PaymentStatus.PENDING, PaymentStatus.AUTHORIZED, PaymentStatus.PAID}),
    PaymentStatus.PAID: frozenset({PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED}),
    PaymentStatus.PARTIALLY_REFUNDED: frozenset({PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED}),
    PaymentStatus.REFUNDED: frozenset(),
}


async def update_payment_status(actor: Actor, order_id: UUID, status: PaymentStatus, reference: str = "") -> Order:
    actor.require(Permission.ORDERS_PAY)
    reference = clean_reference(reference, "reference")
    async with unit_of_work(actor) as uow:
        order = await locked_order(actor, order_id)
        current = PaymentStatus(order.payment_status)
        if status is current:
            return order
        if status not in _PAYMENT_MOVES[current]:
            raise InvalidState(f"Payment of order {order.number} is {current.value.lower()}; it cannot become "
                               f"{status.value.lower()}", field="paymentStatus")
        if order.status == OrderStatus.CANCELLED.value and status in PAID_ENOUGH:
            raise InvalidState(f"Order {order.number} is cancelled", field="orderId")
        await _set_payment(uow, order, status, reference, kind="payment_updated")
        if status is PaymentStatus.FAILED or (status is PaymentStatus.PENDING and current in PAID_ENOUGH):
            await _back_to_waiting(uow, order)
    return order


async def _back_to_waiting(uow: UnitOfWork, order: Order) -> None:
    """A payment that failed or was withdrawn sends a released prepaid order back to the payment queue."""
    if order.status != OrderStatus.READY.value:
        return
    settings = await settings_for(order.merchant)
    target = status_after_placement(order, True, settings)
    if target is OrderStatus.READY:
        return
    diff: dict[str, Any] = {}
    move_to(order, target, diff)
    await save_order(order)
    entry = history_entry("payment_updated", paymentStatus=None, reference="", status=target.value)
    await record_change(uow, order, entry, diff, event="order.payment_updated")


# ---------------------------------------------------------------- the merchant's policy


@dataclass(frozen=True)
class PaymentPolicy:
    merchant_id: UUID
    prepaid_methods: list[str]
    unpaid_cancel_after_days: int | None
    timezone: str


def _policy(settings: OrderSettings) -> PaymentPolicy:
    return PaymentPolicy(settings.merchant, prepaid_methods(settings), settings.unpaid_cancel_after_days,
                         settings.timezone)


async def payment_policy(actor: Actor, merchant_id: UUID | None) -> PaymentPolicy:
    if not (actor.can(Permission.ORDERS_READ) or actor.can(Permission.ORDER_SETTINGS_WRITE)):
        actor.require(Permission.ORDERS_READ)
    return _policy(await settings_for(resolve_merchant(actor, merchant_id)))


async def update_payment_policy(actor: Actor, merchant_id: UUID | None, *, prepaid_methods: list[str] | None,
                                unpaid_cancel_after_days: int | None, clear_unpaid_cancel: bool = False,
                                timezone: str | None = None) -> PaymentPolicy:
    actor.require(Permission.ORDER_SETTINGS_WRITE)
    merchant = resolve_merchant(actor, merchant_id)
    checks = FieldChecks()
    methods: list[str] | None = None
    if prepaid_methods is not None:
        try:
            methods = sorted({PaymentMethod(m).value for m in prepaid_methods})
        except ValueError:
            checks.errors.append(ValidationFailed("Unknown payment method", field="prepaidMethods"))
    if unpaid_cancel_after_days is not None and not 1 <= unpaid_cancel_after_days <= 365:
        checks.errors.append(ValidationFailed("From 1 to 365 days", field="unpaidCancelAfterDays"))
    if timezone is not None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            checks.errors.append(ValidationFailed("Not a time zone like Europe/Berlin", field="timezone"))
    checks.raise_if_any()
    async with unit_of_work(actor):
        settings = await settings_for(merchant)
        values: dict[Any, Any] = {OrderSettings.updated_at: utcnow()}
        if methods is not None:
            values[OrderSettings.prepaid_methods] = json.dumps(methods)
        if unpaid_cancel_after_days is not None or clear_unpaid_cancel:
            values[OrderSettings.unpaid_cancel_after_days] = None if clear_unpaid_cancel else unpaid_cancel_after_days
        if timezone is not None:
            values[OrderSettings.timezone] = timezone
        await OrderSettings.update(values).where(OrderSettings.id == settings.id)
    return _policy(await settings_for(merchant))


# ---------------------------------------------------------------- expiry of unpaid orders


async def cancel_expired_unpaid_orders(slot: datetime) -> int:
    """Cancel every prepaid order still unpaid `unpaid_cancel_after_days` after it was placed, as of `slot`.

    Idempotent: a cancelled order is no longer a candidate, so a slot run twice (or a late catch-up run)
    cancels each order once. Each order is its own transaction.
    """
    candidates = await Order.raw(
        "SELECT o.id FROM sales_order o JOIN order_settings s ON s.merchant = o.merchant "
        "WHERE o.status IN ('AWAITING_PAYMENT', 'BACKORDERED') AND o.payment_status IN ('PENDING', 'FAILED') "
        "AND s.unpaid_cancel_after_days IS NOT NULL AND s.prepaid_methods ? o.payment_method "
        "AND o.placed_at < {}::timestamptz - make_interval(days => s.unpaid_cancel_after_days) "
        "ORDER BY o.placed_at LIMIT 5000",
        slot,
    )
    cancelled = 0
    for row in candidates:
        try:
            async with unit_of_work(SYSTEM) as uow:
                order = await Order.objects().where(Order.id == row["id"]).lock_rows().first()
                if order is None or order.status not in ("AWAITING_PAYMENT", "BACKORDERED") or \
                        order.payment_status not in ("PENDING", "FAILED"):
                    continue
                settings = await settings_for(order.merchant)
                days = settings.unpaid_cancel_after_days
                if days is None or order.payment_method not in prepaid_methods(settings):
                    continue
                if order.placed_at is None or order.placed_at >= slot - timedelta(days=days):
                    continue
                await cancel_locked(uow, order, f"Not paid within {days} days", unpaid_days=days)
            cancelled += 1
        except DomainError:
            log.exception("could not cancel unpaid order %s", row["id"])
    if cancelled:
        log.info("cancelled %d unpaid orders", cancelled)
    return cancelled
