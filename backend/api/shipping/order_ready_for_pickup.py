from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_payload, user_errors
from backend.api.orders.types import FulfillmentOrder
from backend.api.shipping.types import fulfillment_view, released_order_id
from backend.shipping import services as shipping


@strawberry.input(description="A packed click & collect order waits at the counter.")
class OrderReadyForPickupInput:
    order_id: strawberry.ID


OrderReadyForPickupPayload = mutation_payload("OrderReadyForPickupPayload", order=FulfillmentOrder)


@user_errors
async def order_ready_for_pickup(info: Info, input: OrderReadyForPickupInput) -> OrderReadyForPickupPayload:  # noqa: A002
    order = await shipping.ready_for_pickup(info.context.actor, released_order_id(input.order_id))
    return {"order": await fulfillment_view(info, order.id)}
