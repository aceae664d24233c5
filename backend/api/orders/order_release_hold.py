from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_result
from backend.api.orders.types import Order, OrderHoldPayload, order_id
from backend.orders import services as orders


@strawberry.input
class OrderReleaseHoldInput:
    order_id: strawberry.ID
    note: str = ""
    expected_version: int | None = None


async def order_release_hold(info: Info, input: OrderReleaseHoldInput) -> OrderHoldPayload:  # noqa: A002
    async def action() -> dict:
        order = await orders.release_hold(info.context.actor, order_id(input.order_id), input.note, input.expected_version)
        return {"order": Order.from_row(order)}

    return await mutation_result(OrderHoldPayload, action)
