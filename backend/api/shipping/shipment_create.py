from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.shipping.types import Parcel, ParcelPayload, fulfillment_view, parcel_id
from backend.shipping import services as shipping


@strawberry.input(description="Ship a packed parcel. Carrier MANUAL: type the tracking number of a label printed "
                              "elsewhere. Carrier DHL: Packline buys the label (A6 and A4) from DHL Parcel DE.")
class ShipmentCreateInput:
    parcel_id: strawberry.ID
    carrier: str = strawberry.field(default="MANUAL", description="MANUAL or DHL.")
    service: str = strawberry.field(default="", description="DHL: V01PAK (DHL Paket, the default), V62WP "
                                    "(Warenpost), V53WPAK (Paket International), V54EPAK (Europaket).")
    tracking_number: str = ""
    tracking_url: str = ""


@user_errors
async def shipment_create(info: Info, input: ShipmentCreateInput) -> ParcelPayload:  # noqa: A002
    parcel = await shipping.ship(info.context.actor, parcel_id(input.parcel_id), carrier=input.carrier,
                                 service=input.service, tracking_number=input.tracking_number,
                                 tracking_url=input.tracking_url)
    return {"parcel": Parcel.from_row(parcel), "order": await fulfillment_view(info, parcel.sales_order)}
