from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.shipping.types import Parcel, ParcelPayload, fulfillment_view, released_order_id
from backend.core.ids import expect_global_id
from backend.shipping import services as shipping


@strawberry.input
class ParcelLineInput:
    line_id: strawberry.ID = strawberry.field(description="The order line (OrderLine id from the order's lines).")
    quantity: int


@strawberry.input(description="Pack picked units of an order into a parcel: the lines given, or all picked units "
                              "not yet in a parcel.")
class ParcelCreateInput:
    order_id: strawberry.ID
    lines: list[ParcelLineInput] | None = None
    package_type_code: str | None = None
    weight_grams: int | None = strawberry.field(default=None, description="Left out: the products' and the box's.")


@user_errors
async def parcel_create(info: Info, input: ParcelCreateInput) -> ParcelPayload:  # noqa: A002
    order_uuid = released_order_id(input.order_id)
    lines = None
    if input.lines is not None:
        lines = {expect_global_id(line.line_id, "OrderLine", field=f"lines.{i}.lineId"): line.quantity
                 for i, line in enumerate(input.lines)}
    parcel = await shipping.pack(info.context.actor, order_uuid, lines=lines,
                                 package_type_code=input.package_type_code, weight_grams=input.weight_grams)
    return {"parcel": Parcel.from_row(parcel), "order": await fulfillment_view(info, order_uuid)}
