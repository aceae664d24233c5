"""An order's history and events: moving its status, saving it, and recording each change (who, what before and
after) with its `ORDER` event and the order's next version."""

from __future__ import annotations

import json
from typing import Any

from backend.core.clock import utcnow
from backend.events.outbox import UnitOfWork
from backend.orders.events import OrderEvent, record_order
from backend.orders.model import OrderStatus, check_transition
from backend.orders.tables import Order, OrderChange


def move_to(order: Order, target: OrderStatus, changes: dict[str, Any]) -> None:
    current = OrderStatus(order.status)
    if target is current:
        return
    check_transition(current, target, order.number)
    changes["status"] = {"before": current.value, "after": target.value}
    order.status = target.value
    order.status_changed_at = utcnow()


_SAVED_COLUMNS = [c for c in Order._meta.columns if c._meta.name not in ("id", "merchant", "created_at")]
_JSONB = "JSONB"
# Built once: every change of an order saves it, and assembling Piccolo's UPDATE of 30-odd columns cost more
# than running it.
_SAVE_ORDER = "UPDATE sales_order SET {} WHERE id = {{}}".format(", ".join(
    f'"{c._meta.db_column_name}" = {{}}' + ("::jsonb" if c.__class__.__name__ == _JSONB else "") for c in _SAVED_COLUMNS))


async def save_order(order: Order) -> None:
    order.updated_at = utcnow()
    values = []
    for column in _SAVED_COLUMNS:
        value = getattr(order, column._meta.name)
        values.append(value if column.__class__.__name__ != _JSONB or isinstance(value, str) else json.dumps(value))
    await Order.raw(_SAVE_ORDER, *values, order.id)


async def record_change(uow: UnitOfWork, order: Order, kind: str, message: str, changes: dict[str, Any],
                        *, event: OrderEvent = "order.updated", bump: bool = True, **event_extra: Any) -> None:
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
    record_order(uow, event, order, change=kind, **event_extra)
