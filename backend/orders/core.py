"""What every order use case shares: tenant scope, locking, the history, events, lines and reservations.

Lock order, everywhere: the order row first, then stock rows in product-id order. Intake, edits, cancellation
and backorder allocation all follow it, so they never deadlock one another.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from backend.catalog.tables import Product
from backend.core.authorization import Actor, Permission
from backend.core.errors import Conflict, NotFound, ValidationFailed
from backend.events.outbox import UnitOfWork
from backend.events.topics import EventTopic
from backend.orders.model import (
    RELEASED,
    RESERVING,
    LineRequest,
    OrderStatus,
    PricedLine,
    Totals,
    check_transition,
    clean_tax_rate,
    order_totals,
    settled_status,
    to_minor,
)
from backend.orders.tables import Order, OrderChange, OrderHourStats, OrderLine, OrderSettings
from backend.stock.services import release_in, reserve_up_to_in

DEFAULT_TAX_RATE = "19"


# Where the day and the month start for operators looking at all merchants (see `merchant_timezone`).
OPERATOR_TIMEZONE = "Europe/Berlin"


def now() -> datetime:
    return datetime.now(UTC)


# ---------------------------------------------------------------- who sees which orders


def order_scope(actor: Actor) -> list:
    """Conditions limiting orders to what `actor` may read; raises when it may read none."""
    if actor.can(Permission.ORDERS_READ):
        return [] if actor.is_operator else [Order.merchant == actor.merchant_id]
    if actor.can(Permission.ORDERS_READ_RELEASED):
        scope = [Order.status.is_in([s.value for s in RELEASED])]
        return scope if actor.is_operator else [*scope, Order.merchant == actor.merchant_id]
    actor.require(Permission.ORDERS_READ)
    return []


def can_read_orders(actor: Actor) -> bool:
    return actor.can(Permission.ORDERS_READ) or actor.can(Permission.ORDERS_READ_RELEASED)


async def locked_order(actor: Actor, order_id: UUID, field: str = "orderId") -> Order:
    """The order, locked for this transaction; not found when it is not the actor's."""
    query = Order.objects().where(Order.id == order_id)
    for condition in order_scope(actor):
        query = query.where(condition)
    order = await query.lock_rows().first()
    if order is None:
        raise NotFound("No such order", field=field)
    return order


async def order_lines(order_id: UUID) -> list[OrderLine]:
    return await OrderLine.objects().where(OrderLine.sales_order == order_id).order_by(OrderLine.position)


async def settings_for(merchant_id: UUID) -> OrderSettings:
    settings = await OrderSettings.objects().where(OrderSettings.merchant == merchant_id).first()
    if settings is None:
        await OrderSettings.raw(
            "INSERT INTO order_settings (id, merchant, prepaid_methods, unpaid_cancel_after_days, timezone, last_number, updated_at) "
            "VALUES (gen_random_uuid(), {}, {}::jsonb, 14, 'Europe/Berlin', 1000, now()) ON CONFLICT (merchant) DO NOTHING",
            merchant_id, json.dumps(["CARD", "PAYPAL", "BANK_TRANSFER", "CHEQUE"]),
        )
        settings = await OrderSettings.objects().where(OrderSettings.merchant == merchant_id).first()
    assert settings is not None
    return settings


async def merchant_timezone(merchant_id: UUID | None) -> str:
    """Where a merchant's day (and month) starts; operators looking at all merchants: the fulfillment center's.
    Read only: a merchant without settings yet has the default zone."""
    if merchant_id is None:
        return OPERATOR_TIMEZONE
    rows = await OrderSettings.select(OrderSettings.timezone).where(OrderSettings.merchant == merchant_id)
    return rows[0]["timezone"] if rows else OrderSettings.timezone.default


def prepaid_methods(settings: OrderSettings) -> list[str]:
    value = settings.prepaid_methods
    return json.loads(value) if isinstance(value, str) else list(value or [])


def json_value(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


# ---------------------------------------------------------------- lines and prices


@dataclass
class CleanLine:
    product: Product
    quantity: int
    unit_price: int
    tax_rate: int


def clean_lines(requests: list[LineRequest], products: dict[UUID, Product], currency: str, merchant_id: UUID,
                *, require: bool = True) -> list[CleanLine]:
    """Check the requested lines against the merchant's catalog; one line per product (repeats are summed)."""
    from backend.orders.model import MAX_LINES

    if require and not requests:
        raise ValidationFailed("Add at least one line", field="lines", code="REQUIRED")
    if len(requests) > MAX_LINES:
        raise ValidationFailed(f"At most {MAX_LINES} lines", field="lines")
    merged: dict[UUID, CleanLine] = {}
    for index, request in enumerate(requests):
        where = f"lines.{index}"
        product = products.get(request.product_id)
        if product is None or product.merchant != merchant_id:
            raise NotFound("No such product", field=f"{where}.productId")
        if product.is_archived:
            raise ValidationFailed(f"{product.sku} is archived", field=f"{where}.productId", code="ARCHIVED")
        if not 1 <= request.quantity <= 100_000:
            raise ValidationFailed("Quantity must be from 1 to 100000", field=f"{where}.quantity")
        price = to_minor(request.unit_price, currency, f"{where}.unitPrice") if request.unit_price is not None else 0
        rate = clean_tax_rate(request.tax_rate if request.tax_rate is not None else DEFAULT_TAX_RATE, f"{where}.taxRate")
        if product.id in merged:
            existing = merged[product.id]
            if existing.unit_price != price or existing.tax_rate != rate:
                raise ValidationFailed(f"{product.sku} is listed twice at different prices", field=f"{where}.productId",
                                       code="DUPLICATE")
            existing.quantity += request.quantity
        else:
            merged[product.id] = CleanLine(product, request.quantity, price, rate)
    return list(merged.values())


def totals_of(lines: list[CleanLine] | list[OrderLine], shipping_price: int) -> Totals:
    return order_totals([PricedLine(line.quantity, line.unit_price, line.tax_rate) for line in lines], shipping_price)


async def write_lines(order: Order, wanted: list[CleanLine], existing: list[OrderLine]) -> list[OrderLine]:
    """Make the order's lines match `wanted` (matched by product), keeping reservations on kept lines."""
    by_product = {line.product: line for line in existing}
    kept: list[OrderLine] = []
    for position, clean in enumerate(wanted):
        line = by_product.pop(clean.product.id, None)
        if line is None:
            line = OrderLine(sales_order=order.id, product=clean.product.id, sku=clean.product.sku,
                             name=clean.product.name, quantity=clean.quantity, reserved=0,
                             unit_price=clean.unit_price, tax_rate=clean.tax_rate, position=position)
        else:
            line.quantity, line.unit_price, line.tax_rate, line.position = (
                clean.quantity, clean.unit_price, clean.tax_rate, position)
        kept.append(line)
    return kept + list(by_product.values())  # removed lines last: their reservations are released, then deleted


def line_snapshot(lines: list[OrderLine]) -> list[dict[str, Any]]:
    return [{"sku": line.sku, "quantity": line.quantity, "unitPrice": line.unit_price} for line in lines
            if line.quantity > 0]


# ---------------------------------------------------------------- reservations


async def sync_reservations(uow: UnitOfWork, order: Order, lines: list[OrderLine], products: dict[UUID, Product],
                            *, keep: bool) -> bool:
    """Reserve what each line still needs (as much as there is) or release what it no longer needs.

    `keep` says whether the order holds stock at all (false for drafts and cancelled orders). Lines with
    quantity 0 are being removed. Returns whether every line is fully reserved.
    """
    reference = f"order:{order.number}"
    fully = True
    for line in sorted(lines, key=lambda item: str(item.product)):
        target = line.quantity if keep else 0
        product = products[line.product]
        if line.reserved > target:
            await release_in(uow, product, order.warehouse, line.reserved - target, reference=reference)
            line.reserved = target
        elif line.reserved < target:
            got = await reserve_up_to_in(uow, product, order.warehouse, target - line.reserved, reference=reference)
            line.reserved += got
        if line.reserved < line.quantity:
            fully = False
    return fully or not keep


async def save_lines(order: Order, lines: list[OrderLine]) -> None:
    new = []
    for line in lines:
        if line.quantity <= 0:
            if line._exists_in_db:
                await OrderLine.delete().where(OrderLine.id == line.id)
        elif line._exists_in_db:
            await OrderLine.update({
                OrderLine.quantity: line.quantity, OrderLine.reserved: line.reserved, OrderLine.unit_price: line.unit_price,
                OrderLine.tax_rate: line.tax_rate, OrderLine.position: line.position,
            }).where(OrderLine.id == line.id)
        else:
            new.append(line)
    if new:  # a new order's lines in one statement
        await OrderLine.insert(*new)
        for line in new:
            line._exists_in_db = True


# ---------------------------------------------------------------- status, history and events


def status_after_placement(order: Order, fully_reserved: bool, settings: OrderSettings) -> OrderStatus:
    return settled_status(fully_reserved=fully_reserved, payment_method=order.payment_method,
                          payment_status=order.payment_status, prepaid_methods=prepaid_methods(settings))


def move_to(order: Order, target: OrderStatus, changes: dict[str, Any]) -> None:
    current = OrderStatus(order.status)
    if target is current:
        return
    check_transition(current, target, order.number)
    changes["status"] = {"before": current.value, "after": target.value}
    order.status = target.value
    order.status_changed_at = now()


def order_payload(order: Order, **extra: Any) -> dict[str, Any]:
    from backend.orders.model import from_minor

    return {
        "number": order.number, "status": order.status, "paymentStatus": order.payment_status,
        "paymentMethod": order.payment_method, "total": from_minor(order.total, order.currency),
        "currency": order.currency, "customerName": order.customer_name, "version": order.version,
        "holdReason": order.hold_reason, **extra,
    }


_SAVED_COLUMNS = [c for c in Order._meta.columns if c._meta.name not in ("id", "merchant", "created_at")]
# Built once: every change of an order saves it, and assembling Piccolo's UPDATE of 30-odd columns cost more
# than running it.
_SAVE_ORDER = "UPDATE sales_order SET {} WHERE id = {{}}".format(", ".join(
    f'"{c._meta.db_column_name}" = {{}}' + ("::jsonb" if c.__class__.__name__ == "JSONB" else "") for c in _SAVED_COLUMNS))


async def save_order(order: Order) -> None:
    order.updated_at = now()
    values = []
    for column in _SAVED_COLUMNS:
        value = getattr(order, column._meta.name)
        values.append(value if column.__class__.__name__ != "JSONB" or isinstance(value, str) else json.dumps(value))
    await Order.raw(_SAVE_ORDER, *values, order.id)


async def record_change(uow: UnitOfWork, order: Order, kind: str, message: str, changes: dict[str, Any],
                        *, event: str = "order.updated", bump: bool = True, **event_extra: Any) -> None:
    """One entry in the order's history and one `ORDER` event, with the order's new version."""
    if bump:
        # Callers save the order before recording the change, so the new version is written here: without it
        # the row kept its old version and a stale `expectedVersion` was never noticed.
        order.version += 1
        await Order.update({Order.version: order.version}).where(Order.id == order.id)
    await OrderChange.insert(OrderChange(
        sales_order=order.id, version=order.version, kind=kind, message=message[:1000],
        changes=json.loads(json.dumps(changes, default=str)), actor=uow.actor.as_event_actor(),
    ))
    uow.record(EventTopic.ORDER, event, entity_type="Order", entity_id=order.id, merchant_id=order.merchant,
               payload=order_payload(order, change=kind, **event_extra))


def placement_hour(order: Order) -> datetime:
    return (order.placed_at or now()).replace(minute=0, second=0, microsecond=0)


# Completed with the rows to add: VALUES (…) for one order, or a SELECT where intake inserts the order itself.
# Each change goes to one of a few slots of its merchant's hour, picked at random (see `OrderHourStats.slot`).
HOURLY_FIGURES_UPSERT = (
    "INSERT INTO sales_order_hour_stats (merchant, hour, currency, placed, revenue, cancelled, slot) {} "
    "ON CONFLICT (merchant, hour, currency, slot) DO UPDATE SET placed = sales_order_hour_stats.placed + EXCLUDED.placed, "
    "revenue = sales_order_hour_stats.revenue + EXCLUDED.revenue, "
    "cancelled = sales_order_hour_stats.cancelled + EXCLUDED.cancelled"
)
HOURLY_SLOTS = 8


def hourly_slot() -> int:
    return random.randrange(HOURLY_SLOTS)


async def count_placement(order: Order, *, placed: int = 0, cancelled: int = 0) -> None:
    """Keep the dashboard's hourly figures (placements count with their value, cancellations subtract it)."""
    await add_to_hourly_figures(order, placed=placed, cancelled=cancelled,
                                revenue=order.total * placed - (order.total if cancelled else 0))


async def add_to_hourly_figures(order: Order, *, placed: int = 0, revenue: int = 0, cancelled: int = 0) -> None:
    """Add to the figures of the hour the order was placed in (an edit that changes its total adds the difference)."""
    await OrderHourStats.raw(
        HOURLY_FIGURES_UPSERT.replace("{}", "VALUES ({}, {}, {}, {}, {}, {}, {})", 1),
        order.merchant, placement_hour(order), order.currency, placed, revenue, cancelled, hourly_slot(),
    )


async def stale_version_error(order: Order, expected: int) -> Conflict:
    """Who changed what since the version the client saw."""
    newer = await OrderChange.objects().where(
        (OrderChange.sales_order == order.id) & (OrderChange.version > expected)
    ).order_by(OrderChange.id)
    parts = []
    for change in newer:
        actor = json_value(change.actor) or {}
        when = change.created_at.astimezone(UTC).strftime("%H:%M:%S UTC")
        fields = ", ".join(json_value(change.changes) or {}) or change.kind
        parts.append(f"{actor.get('label') or 'someone'} at {when} ({fields})")
    detail = "; ".join(parts) or "another change"
    return Conflict(f"Order {order.number} was changed meanwhile by {detail}. Reload to see it, then apply your change again.",
                    field="expectedVersion", code="VERSION_CONFLICT")


async def require_version(order: Order, expected: int | None) -> None:
    if expected is not None and expected != order.version:
        raise await stale_version_error(order, expected)


def reserving(status: str) -> bool:
    return OrderStatus(status) in RESERVING
