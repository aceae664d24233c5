from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.orders.types import DraftOrderPayload, Order, order_id
from backend.orders import services as orders


@strawberry.input
class DraftOrderCompleteInput:
    order_id: strawberry.ID
    expected_version: int | None = None


@user_errors
async def draft_order_complete(info: Info, input: DraftOrderCompleteInput) -> DraftOrderPayload:  # noqa: A002
    order = await orders.complete_draft(info.context.actor, order_id(input.order_id), input.expected_version)
    return {"order": Order.from_row(order)}
