from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_result
from backend.api.orders.types import DraftOrderPayload, Order, order_id
from backend.orders import services as orders


@strawberry.input
class OrderDuplicateInput:
    order_id: strawberry.ID


async def order_duplicate(info: Info, input: OrderDuplicateInput) -> DraftOrderPayload:  # noqa: A002
    async def action() -> dict:
        return {"order": Order.from_row(await orders.duplicate_order(info.context.actor, order_id(input.order_id)))}

    return await mutation_result(DraftOrderPayload, action)
