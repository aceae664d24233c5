"""Who sees which orders, and taking one to change it: the tenant scope, the row lock and the version check.

Lock order, everywhere: the order row first, then stock rows in product-id order. Intake, edits, cancellation and
backorder allocation all follow it, so they never deadlock one another.
"""

from __future__ import annotations

from datetime import UTC
from uuid import UUID

from backend.core.authorization import Actor, Permission
from backend.core.errors import Conflict, NotFound
from backend.core.queries import json_value
from backend.orders.model import RELEASED
from backend.orders.tables import Order, OrderChange


def order_scope(actor: Actor) -> list:
    """Conditions limiting orders to what `actor` may read whole (prices, customer contacts, history); raises when
    it may read none."""
    actor.require(Permission.ORDERS_READ)
    return [] if actor.is_operator else [Order.merchant == actor.merchant_id]


def can_read_orders(actor: Actor) -> bool:
    return actor.can(Permission.ORDERS_READ)


def can_read_fulfillment(actor: Actor) -> bool:
    """Whether `actor` may see released orders as the warehouse does: what to pick, pack and ship, without prices
    or customer contacts."""
    return actor.can(Permission.ORDERS_READ) or actor.can(Permission.ORDERS_READ_RELEASED)


def fulfillment_scope(actor: Actor) -> list:
    """Conditions limiting orders to the released ones `actor` may ship; raises when it may see none."""
    if not can_read_fulfillment(actor):
        actor.require(Permission.ORDERS_READ_RELEASED)
    scope = [Order.status.is_in([s.value for s in RELEASED])]
    return scope if actor.is_operator else [*scope, Order.merchant == actor.merchant_id]


async def locked_order(actor: Actor, order_id: UUID, field: str = "orderId") -> Order:
    """The order, locked for this transaction; not found when it is not the actor's."""
    query = Order.objects().where(Order.id == order_id)
    for condition in order_scope(actor):
        query = query.where(condition)
    order = await query.lock_rows().first()
    if order is None:
        raise NotFound("No such order", field=field)
    return order


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
