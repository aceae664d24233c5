from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import UserError, mutation_result
from backend.api.orders.types import Order, order_id
from backend.orders import services as orders


@strawberry.input
class OrderTagsUpdateInput:
    order_id: strawberry.ID
    add: list[str] | None = None
    remove: list[str] | None = None
    expected_version: int | None = None


@strawberry.type
class OrderTagsUpdatePayload:
    order: Order | None = None
    errors: list[UserError]


async def order_tags_update(info: Info, input: OrderTagsUpdateInput) -> OrderTagsUpdatePayload:  # noqa: A002
    async def action() -> dict:
        order = await orders.change_tags(info.context.actor, order_id(input.order_id), input.add or [], input.remove or [],
                                          input.expected_version)
        return {"order": Order.from_row(order)}

    return await mutation_result(OrderTagsUpdatePayload, action)
