from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.orders.types import DraftOrderPayload, Order, OrderChangesInput, order_id
from backend.orders import services as orders


@strawberry.input
class DraftOrderUpdateInput:
    order_id: strawberry.ID
    expected_version: int
    changes: OrderChangesInput


@user_errors
async def draft_order_update(info: Info, input: DraftOrderUpdateInput) -> DraftOrderPayload:  # noqa: A002
    order = await orders.update_draft(info.context.actor, order_id(input.order_id), input.expected_version,
                                      input.changes.to_changes())
    return {"order": Order.from_row(order)}
