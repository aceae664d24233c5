from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.shipping.types import Parcel, ParcelPayload, fulfillment_view, released_order_id
from backend.shipping import services as shipping


@strawberry.input(description="Ship what is picked of an order now, in one parcel; the rest stays open.")
class OrderShipAvailableInput:
    order_id: strawberry.ID
    carrier: str = "MANUAL"
    service: str = ""
    tracking_number: str = ""
    tracking_url: str = ""


@user_errors
async def order_ship_available(info: Info, input: OrderShipAvailableInput) -> ParcelPayload:  # noqa: A002
    order_uuid = released_order_id(input.order_id)
    parcel = await shipping.ship_available(info.context.actor, order_uuid, carrier=input.carrier, service=input.service,
                                           tracking_number=input.tracking_number, tracking_url=input.tracking_url)
    return {"parcel": Parcel.from_row(parcel), "order": await fulfillment_view(info, order_uuid)}
