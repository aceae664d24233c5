"""The orders domain's events (topic ORDER): what they are called and what their payload holds.

Every order event carries `order_payload` (number, status, payment status and method, total, currency, customer
name, version, hold reason) plus `change` (the history entry's kind) and what the change adds: `backordered`
(units missing per SKU) on `order.placed`, `released` on `order.cancelled`. `order.placed` is recorded by the
routine `order_place` (placement.sql), every other one with its history entry (`history.record_change`).
"""

from __future__ import annotations

from typing import Any, Literal

from backend.events.outbox import UnitOfWork
from backend.events.topics import EventTopic
from backend.orders.model import from_minor
from backend.orders.tables import Order

OrderEvent = Literal[
    "order.placed", "order.draft_created", "order.updated", "order.held", "order.released", "order.cancelled",
    "order.allocated", "order.payment_updated", "order.note_added", "order.picking", "order.picked",
    "order.short_picked", "order.picking_stopped", "order.packed", "order.shipped", "order.delivered",
    "order.ready_for_pickup", "order.collected",
]


def order_payload(order: Order, **extra: Any) -> dict[str, Any]:
    return {
        "number": order.number, "status": order.status, "paymentStatus": order.payment_status,
        "paymentMethod": order.payment_method, "total": from_minor(order.total, order.currency),
        "currency": order.currency, "customerName": order.customer_name, "version": order.version,
        "holdReason": order.hold_reason, **extra,
    }


def record_order(uow: UnitOfWork, event: OrderEvent, order: Order, **extra: Any) -> None:
    uow.record(EventTopic.ORDER, event, entity_type="Order", entity_id=order.id, merchant_id=order.merchant,
               payload=order_payload(order, **extra))
