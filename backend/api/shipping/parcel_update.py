from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.shipping.parcel_create import ParcelLineInput
from backend.api.shipping.types import Parcel, ParcelPayload, fulfillment_view, parcel_id
from backend.core.ids import expect_global_id
from backend.shipping import services as shipping


@strawberry.input(description="Repack a packed parcel before it ships: what is left out stays as it is.")
class ParcelUpdateInput:
    parcel_id: strawberry.ID
    lines: list[ParcelLineInput] | None = strawberry.field(
        default=None, description="All of its contents after the change.")
    package_type_code: str | None = strawberry.field(default=None, description="Empty: no box on record.")
    weight_grams: int | None = strawberry.field(
        default=None, description="Left out after a new box or contents: the products' and the box's.")


@user_errors
async def parcel_update(info: Info, input: ParcelUpdateInput) -> ParcelPayload:  # noqa: A002
    lines = None
    if input.lines is not None:
        lines = {expect_global_id(line.line_id, "OrderLine", field=f"lines.{i}.lineId"): line.quantity
                 for i, line in enumerate(input.lines)}
    change = shipping.ParcelChange(lines=lines, package_type_code=input.package_type_code,
                                   weight_grams=input.weight_grams)
    parcel = await shipping.update_parcel(info.context.actor, parcel_id(input.parcel_id), change)
    return {"parcel": Parcel.from_row(parcel), "order": await fulfillment_view(info, parcel.sales_order)}
