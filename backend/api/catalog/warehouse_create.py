from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import Warehouse
from backend.api.errors import mutation_payload, user_errors
from backend.catalog import services


@strawberry.input
class WarehouseCreateInput:
    code: str
    name: str
    timezone: str = strawberry.field(default="Europe/Berlin",
                                     description="Where its day starts and its carriers' cut-off times are read.")


WarehouseCreatePayload = mutation_payload("WarehouseCreatePayload", warehouse=Warehouse)


@user_errors
async def warehouse_create(info: Info, input: WarehouseCreateInput) -> WarehouseCreatePayload:
    return {"warehouse": Warehouse.from_row(await services.create_warehouse(info.context.actor, code=input.code, name=input.name,
                                                                                    timezone=input.timezone))}
