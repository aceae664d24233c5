from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import Location
from backend.api.errors import mutation_payload, user_errors
from backend.catalog import services
from backend.core.ids import expect_global_id


@strawberry.input
class LocationsCreateInput:
    warehouse_id: strawberry.ID
    codes: list[str] = strawberry.field(description="Bin codes, e.g. A-01-01; unique within the warehouse.")


LocationsCreatePayload = mutation_payload("LocationsCreatePayload", locations=list[Location])


@user_errors
async def locations_create(info: Info, input: LocationsCreateInput) -> LocationsCreatePayload:
    warehouse = expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId")
    rows = await services.create_locations(info.context.actor, warehouse, input.codes)
    return {"locations": [Location.from_row(r) for r in rows]}
