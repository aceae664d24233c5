from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import Warehouse
from backend.api.errors import UserError, mutation_result
from backend.catalog import services


@strawberry.input
class WarehouseCreateInput:
    code: str
    name: str


@strawberry.type
class WarehouseCreatePayload:
    warehouse: Warehouse | None = None
    errors: list[UserError]


async def warehouse_create(info: Info, input: WarehouseCreateInput) -> WarehouseCreatePayload:
    async def action() -> dict:
        return {"warehouse": Warehouse.from_row(await services.create_warehouse(info.context.actor, code=input.code, name=input.name))}

    return await mutation_result(WarehouseCreatePayload, action)
