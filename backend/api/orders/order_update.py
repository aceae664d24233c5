from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_payload, user_errors
from backend.api.orders.types import Order, OrderChangesInput, order_id
from backend.orders import services as orders


@strawberry.input
class OrderUpdateInput:
    order_id: strawberry.ID
    expected_version: int = strawberry.field(description="The version the change is based on; a stale one is refused.")
    changes: OrderChangesInput


OrderUpdatePayload = mutation_payload("OrderUpdatePayload", order=Order)


@user_errors
async def order_update(info: Info, input: OrderUpdateInput) -> OrderUpdatePayload:  # noqa: A002
    order = await orders.update_order(info.context.actor, order_id(input.order_id), input.expected_version,
                                       input.changes.to_changes())
    return {"order": Order.from_row(order)}
