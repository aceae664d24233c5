from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.orders.types import OrderBulkPayload, bulk_payload, order_ids
from backend.orders import services as orders


@strawberry.input
class OrderBulkCancelInput:
    order_ids: list[strawberry.ID]
    reason: str


@user_errors
async def order_bulk_cancel(info: Info, input: OrderBulkCancelInput) -> OrderBulkPayload:  # noqa: A002
    return bulk_payload(await orders.cancel_many(info.context.actor, order_ids(input.order_ids), input.reason))
