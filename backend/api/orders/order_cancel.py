from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_payload, user_errors
from backend.api.orders.types import Order, order_id
from backend.orders import services as orders


@strawberry.input
class OrderCancelInput:
    order_id: strawberry.ID
    reason: str
    expected_version: int | None = None
    restock_location_code: str | None = strawberry.field(default=None, description=(
        "Operators cancelling an order being picked or packed: the bin its picked units go back to."))


OrderCancelPayload = mutation_payload("OrderCancelPayload", order=Order)


@user_errors
async def order_cancel(info: Info, input: OrderCancelInput) -> OrderCancelPayload:  # noqa: A002
    order = await orders.cancel_order(info.context.actor, order_id(input.order_id), input.reason, input.expected_version,
                                      restock_location_code=input.restock_location_code)
    return {"order": Order.from_row(order)}
