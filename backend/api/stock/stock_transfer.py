from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import Product
from backend.api.errors import mutation_payload, user_errors
from backend.api.stock.types import changed_product
from backend.core.ids import expect_global_id
from backend.stock import services


@strawberry.input
class StockTransferInput:
    product_id: strawberry.ID
    warehouse_id: strawberry.ID
    from_location_code: str
    to_location_code: str
    quantity: int


StockTransferPayload = mutation_payload("StockTransferPayload", product=Product)


@user_errors
async def stock_transfer(info: Info, input: StockTransferInput) -> StockTransferPayload:
    product_id = expect_global_id(input.product_id, "Product", field="productId")
    await services.transfer_stock(
        info.context.actor, product_id=product_id,
        warehouse_id=expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId"),
        from_location_code=input.from_location_code, to_location_code=input.to_location_code, quantity=input.quantity,
    )
    return {"product": await changed_product(info, product_id)}
