from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import UserError, mutation_result
from backend.api.orders.types import Order, order_id
from backend.orders import services as orders


@strawberry.input
class OrderCancelInput:
    order_id: strawberry.ID
    reason: str
    expected_version: int | None = None


@strawberry.type
class OrderCancelPayload:
    order: Order | None = None
    errors: list[UserError]


async def order_cancel(info: Info, input: OrderCancelInput) -> OrderCancelPayload:  # noqa: A002
    async def action() -> dict:
        order = await orders.cancel_order(info.context.actor, order_id(input.order_id), input.reason, input.expected_version)
        return {"order": Order.from_row(order)}

    return await mutation_result(OrderCancelPayload, action)
