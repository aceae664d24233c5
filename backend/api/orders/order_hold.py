from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import UserError, mutation_result
from backend.api.orders.inputs import order_id
from backend.api.orders.types import Order
from backend.orders import editing


@strawberry.type
class OrderHoldPayload:
    order: Order | None = None
    errors: list[UserError]


@strawberry.input
class OrderHoldInput:
    order_id: strawberry.ID
    reason: str
    expected_version: int | None = None


async def order_hold(info: Info, input: OrderHoldInput) -> OrderHoldPayload:  # noqa: A002
    async def action() -> dict:
        order = await editing.hold_order(info.context.actor, order_id(input.order_id), input.reason, input.expected_version)
        return {"order": Order.from_row(order)}

    return await mutation_result(OrderHoldPayload, action)


@strawberry.input
class OrderReleaseHoldInput:
    order_id: strawberry.ID
    note: str = ""
    expected_version: int | None = None


async def order_release_hold(info: Info, input: OrderReleaseHoldInput) -> OrderHoldPayload:  # noqa: A002
    async def action() -> dict:
        order = await editing.release_hold(info.context.actor, order_id(input.order_id), input.note, input.expected_version)
        return {"order": Order.from_row(order)}

    return await mutation_result(OrderHoldPayload, action)
