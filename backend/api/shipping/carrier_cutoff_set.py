from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_payload, user_errors
from backend.api.shipping.types import CarrierCutoff, ShippingMethod
from backend.core.ids import expect_global_id
from backend.shipping import services as shipping


@strawberry.input
class CarrierCutoffSetInput:
    warehouse_id: strawberry.ID
    carrier: str = strawberry.field(description="The carrier's code, e.g. DHL or MANUAL.")
    cutoff_local_time: str = strawberry.field(description="HH:MM in the warehouse's time zone.")
    shipping_methods: list[ShippingMethod] | None = strawberry.field(
        default=None, description="The orders that go with this carrier; every method but click & collect if left out.")


CarrierCutoffSetPayload = mutation_payload("CarrierCutoffSetPayload", carrier_cutoff=CarrierCutoff)


@user_errors
async def carrier_cutoff_set(info: Info, input: CarrierCutoffSetInput) -> CarrierCutoffSetPayload:  # noqa: A002
    row = await shipping.set_carrier_cutoff(
        info.context.actor, warehouse_id=expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId"),
        carrier=input.carrier, cutoff_local_time=input.cutoff_local_time,
        shipping_methods=[m.value for m in input.shipping_methods] if input.shipping_methods is not None else None)
    return {"carrier_cutoff": CarrierCutoff.from_row(row)}
