from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.orders.types import Order, OrderHoldPayload, order_id
from backend.orders import services as orders


@strawberry.input
class OrderHoldInput:
    order_id: strawberry.ID
    reason: str
    expected_version: int | None = None


@user_errors
async def order_hold(info: Info, input: OrderHoldInput) -> OrderHoldPayload:  # noqa: A002
    order = await orders.hold_order(info.context.actor, order_id(input.order_id), input.reason, input.expected_version)
    return {"order": Order.from_row(order)}
