from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import UserError, mutation_result
from backend.api.orders.types import Order, OrderChangesInput, order_id
from backend.orders import services as orders


@strawberry.input
class OrderUpdateInput:
    order_id: strawberry.ID
    expected_version: int = strawberry.field(description="The version the change is based on; a stale one is refused.")
    changes: OrderChangesInput


@strawberry.type
class OrderUpdatePayload:
    order: Order | None = None
    errors: list[UserError]


async def order_update(info: Info, input: OrderUpdateInput) -> OrderUpdatePayload:  # noqa: A002
    async def action() -> dict:
        order = await orders.update_order(info.context.actor, order_id(input.order_id), input.expected_version,
                                           input.changes.to_changes())
        return {"order": Order.from_row(order)}

    return await mutation_result(OrderUpdatePayload, action)
