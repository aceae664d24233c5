from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_payload, user_errors
from backend.api.shipping.types import PackageType
from backend.core.ids import expect_global_id
from backend.shipping import services as shipping


@strawberry.input
class PackageTypeCreateInput:
    warehouse_id: strawberry.ID
    code: str
    name: str
    length_mm: int
    width_mm: int
    height_mm: int
    tare_grams: int = 0


PackageTypeCreatePayload = mutation_payload("PackageTypeCreatePayload", package_type=PackageType)


@user_errors
async def package_type_create(info: Info, input: PackageTypeCreateInput) -> PackageTypeCreatePayload:  # noqa: A002
    package = await shipping.create_package_type(
        info.context.actor, warehouse_id=expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId"),
        code=input.code, name=input.name, length_mm=input.length_mm, width_mm=input.width_mm, height_mm=input.height_mm,
        tare_grams=input.tare_grams)
    return {"package_type": PackageType.from_row(package)}
