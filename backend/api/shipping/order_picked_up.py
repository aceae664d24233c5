from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_payload, user_errors
from backend.api.orders.types import FulfillmentOrder
from backend.api.shipping.types import fulfillment_view, released_order_id
from backend.shipping import services as shipping


@strawberry.input(description="The customer, or who they sent, collected a click & collect order.")
class OrderPickedUpInput:
    order_id: strawberry.ID
    collected_by: str = strawberry.field(description="Who collected it (and how they were checked).")


OrderPickedUpPayload = mutation_payload("OrderPickedUpPayload", order=FulfillmentOrder)


@user_errors
async def order_picked_up(info: Info, input: OrderPickedUpInput) -> OrderPickedUpPayload:  # noqa: A002
    order = await shipping.picked_up(info.context.actor, released_order_id(input.order_id), input.collected_by)
    return {"order": await fulfillment_view(info, order.id)}
