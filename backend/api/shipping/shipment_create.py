from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.shipping.types import Parcel, ParcelPayload, fulfillment_view, parcel_id
from backend.shipping import services as shipping


@strawberry.input(description="Ship a packed parcel. Carrier MANUAL: type the tracking number of the label.")
class ShipmentCreateInput:
    parcel_id: strawberry.ID
    carrier: str = "MANUAL"
    service: str = ""
    tracking_number: str = ""
    tracking_url: str = ""


@user_errors
async def shipment_create(info: Info, input: ShipmentCreateInput) -> ParcelPayload:  # noqa: A002
    parcel = await shipping.ship(info.context.actor, parcel_id(input.parcel_id), carrier=input.carrier,
                                 service=input.service, tracking_number=input.tracking_number,
                                 tracking_url=input.tracking_url)
    return {"parcel": Parcel.from_row(parcel), "order": await fulfillment_view(info, parcel.sales_order)}
