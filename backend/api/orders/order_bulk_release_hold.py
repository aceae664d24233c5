from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.orders.types import OrderBulkPayload, bulk_payload, order_ids
from backend.orders import services as orders


@strawberry.input
class OrderBulkReleaseHoldInput:
    order_ids: list[strawberry.ID]
    note: str = ""


@user_errors
async def order_bulk_release_hold(info: Info, input: OrderBulkReleaseHoldInput) -> OrderBulkPayload:  # noqa: A002
    return bulk_payload(await orders.release_many(info.context.actor, order_ids(input.order_ids), input.note))
