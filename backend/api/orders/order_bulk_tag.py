from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.orders.types import OrderBulkPayload, bulk_payload, order_ids
from backend.orders import services as orders


@strawberry.input
class OrderBulkTagInput:
    order_ids: list[strawberry.ID]
    add: list[str] | None = None
    remove: list[str] | None = None


@user_errors
async def order_bulk_tag(info: Info, input: OrderBulkTagInput) -> OrderBulkPayload:  # noqa: A002
    outcomes = await orders.tag_many(info.context.actor, order_ids(input.order_ids), input.add or [], input.remove or [])
    return bulk_payload(outcomes)
