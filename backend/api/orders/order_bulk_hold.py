from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_result
from backend.api.orders.types import OrderBulkPayload, bulk_payload, order_ids
from backend.orders import services as orders


@strawberry.input
class OrderBulkHoldInput:
    order_ids: list[strawberry.ID]
    reason: str


async def order_bulk_hold(info: Info, input: OrderBulkHoldInput) -> OrderBulkPayload:  # noqa: A002
    async def action() -> dict:
        return bulk_payload(await orders.hold_many(info.context.actor, order_ids(input.order_ids), input.reason))

    return await mutation_result(OrderBulkPayload, action)
