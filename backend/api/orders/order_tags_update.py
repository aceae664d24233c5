from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_payload, user_errors
from backend.api.orders.types import Order, order_id
from backend.orders import services as orders


@strawberry.input
class OrderTagsUpdateInput:
    order_id: strawberry.ID
    add: list[str] | None = None
    remove: list[str] | None = None
    expected_version: int | None = None


OrderTagsUpdatePayload = mutation_payload("OrderTagsUpdatePayload", order=Order)


@user_errors
async def order_tags_update(info: Info, input: OrderTagsUpdateInput) -> OrderTagsUpdatePayload:  # noqa: A002
    order = await orders.change_tags(info.context.actor, order_id(input.order_id), input.add or [], input.remove or [],
                                      input.expected_version)
    return {"order": Order.from_row(order)}
