from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.orders.types import DraftOrderPayload, Order, order_id
from backend.orders import services as orders


@strawberry.input
class OrderDuplicateInput:
    order_id: strawberry.ID


@user_errors
async def order_duplicate(info: Info, input: OrderDuplicateInput) -> DraftOrderPayload:  # noqa: A002
    return {"order": Order.from_row(await orders.duplicate_order(info.context.actor, order_id(input.order_id)))}
