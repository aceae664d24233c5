from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import Product
from backend.api.errors import mutation_payload, user_errors
from backend.api.stock.types import MovementReasonType, changed_product
from backend.core.ids import expect_global_id
from backend.stock import services
from backend.stock.services import MovementReason


@strawberry.input
class StockAdjustInput:
    product_id: strawberry.ID
    warehouse_id: strawberry.ID
    quantity: int = strawberry.field(description="Units to add (positive) or remove (negative).")
    reason: MovementReasonType = strawberry.field(description="ADJUSTMENT, DAMAGE or RETURN.")
    note: str = strawberry.field(description="Why; kept in the ledger.")
    location_code: str | None = None


StockAdjustPayload = mutation_payload("StockAdjustPayload", product=Product)


@user_errors
async def stock_adjust(info: Info, input: StockAdjustInput) -> StockAdjustPayload:
    product_id = expect_global_id(input.product_id, "Product", field="productId")
    await services.adjust_stock(
        info.context.actor, product_id=product_id,
        warehouse_id=expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId"),
        quantity=input.quantity, reason=MovementReason(input.reason), note=input.note, location_code=input.location_code,
    )
    return {"product": await changed_product(info, product_id)}
