from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_result
from backend.api.orders.types import Order, OrderHoldPayload, order_id
from backend.orders import services as orders


@strawberry.input
class OrderHoldInput:
    order_id: strawberry.ID
    reason: str
    expected_version: int | None = None


async def order_hold(info: Info, input: OrderHoldInput) -> OrderHoldPayload:  # noqa: A002
    async def action() -> dict:
        order = await orders.hold_order(info.context.actor, order_id(input.order_id), input.reason, input.expected_version)
        return {"order": Order.from_row(order)}

    return await mutation_result(OrderHoldPayload, action)
