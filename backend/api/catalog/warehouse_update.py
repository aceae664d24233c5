from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import Warehouse
from backend.api.errors import mutation_payload, user_errors
from backend.catalog import services
from backend.core.ids import expect_global_id


@strawberry.input
class WarehouseUpdateInput:
    warehouse_id: strawberry.ID
    name: str | None = None
    timezone: str | None = strawberry.field(
        default=None, description="Where its day starts and its carriers' cut-off times are read, e.g. Europe/Vienna.")


WarehouseUpdatePayload = mutation_payload("WarehouseUpdatePayload", warehouse=Warehouse)


@user_errors
async def warehouse_update(info: Info, input: WarehouseUpdateInput) -> WarehouseUpdatePayload:
    warehouse = expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId")
    row = await services.update_warehouse(info.context.actor, warehouse, name=input.name, timezone=input.timezone)
    return {"warehouse": Warehouse.from_row(row)}
