from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import Product
from backend.api.errors import mutation_payload, user_errors
from backend.api.stock.types import changed_product
from backend.core.ids import expect_global_id
from backend.stock import services


@strawberry.input
class StockCountInput:
    product_id: strawberry.ID
    warehouse_id: strawberry.ID
    location_code: str
    counted: int = strawberry.field(description="How many units are in the bin.")
    note: str = ""


StockCountPayload = mutation_payload("StockCountPayload", product=Product)


@user_errors
async def stock_count(info: Info, input: StockCountInput) -> StockCountPayload:
    product_id = expect_global_id(input.product_id, "Product", field="productId")
    await services.count_stock(
        info.context.actor, product_id=product_id,
        warehouse_id=expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId"),
        location_code=input.location_code, counted=input.counted, note=input.note,
    )
    return {"product": await changed_product(info, product_id)}
