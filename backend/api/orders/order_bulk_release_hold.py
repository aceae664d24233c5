from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_result
from backend.api.orders.types import OrderBulkPayload, bulk_payload, order_ids
from backend.orders import services as orders


@strawberry.input
class OrderBulkReleaseHoldInput:
    order_ids: list[strawberry.ID]
    note: str = ""


async def order_bulk_release_hold(info: Info, input: OrderBulkReleaseHoldInput) -> OrderBulkPayload:  # noqa: A002
    async def action() -> dict:
        return bulk_payload(await orders.release_many(info.context.actor, order_ids(input.order_ids), input.note))

    return await mutation_result(OrderBulkPayload, action)
