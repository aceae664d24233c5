from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import MovementReasonType, Product
from backend.api.errors import UserError, mutation_result
from backend.catalog.services import products_by_ids
from backend.core.ids import expect_global_id
from backend.stock import services
from backend.stock.services import MovementReason


async def _product(info: Info, product_id) -> Product:  # noqa: ANN001
    return Product.from_row((await products_by_ids(info.context.actor, [product_id]))[product_id])


@strawberry.input
class StockAdjustInput:
    product_id: strawberry.ID
    warehouse_id: strawberry.ID
    quantity: int = strawberry.field(description="Units to add (positive) or remove (negative).")
    reason: MovementReasonType = strawberry.field(description="ADJUSTMENT, DAMAGE or RETURN.")
    note: str = strawberry.field(description="Why; kept in the ledger.")
    location_code: str | None = None


@strawberry.type
class StockAdjustPayload:
    product: Product | None = None
    errors: list[UserError]


async def stock_adjust(info: Info, input: StockAdjustInput) -> StockAdjustPayload:
    async def action() -> dict:
        product_id = expect_global_id(input.product_id, "Product", field="productId")
        await services.adjust_stock(
            info.context.actor, product_id=product_id,
            warehouse_id=expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId"),
            quantity=input.quantity, reason=MovementReason(input.reason), note=input.note, location_code=input.location_code,
        )
        return {"product": await _product(info, product_id)}

    return await mutation_result(StockAdjustPayload, action)


@strawberry.input
class StockTransferInput:
    product_id: strawberry.ID
    warehouse_id: strawberry.ID
    from_location_code: str
    to_location_code: str
    quantity: int


@strawberry.type
class StockTransferPayload:
    product: Product | None = None
    errors: list[UserError]


async def stock_transfer(info: Info, input: StockTransferInput) -> StockTransferPayload:
    async def action() -> dict:
        product_id = expect_global_id(input.product_id, "Product", field="productId")
        await services.transfer_stock(
            info.context.actor, product_id=product_id,
            warehouse_id=expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId"),
            from_location_code=input.from_location_code, to_location_code=input.to_location_code, quantity=input.quantity,
        )
        return {"product": await _product(info, product_id)}

    return await mutation_result(StockTransferPayload, action)


@strawberry.input
class StockCountInput:
    product_id: strawberry.ID
    warehouse_id: strawberry.ID
    location_code: str
    counted: int = strawberry.field(description="How many units are in the bin.")
    note: str = ""


@strawberry.type
class StockCountPayload:
    product: Product | None = None
    errors: list[UserError]


async def stock_count(info: Info, input: StockCountInput) -> StockCountPayload:
    async def action() -> dict:
        product_id = expect_global_id(input.product_id, "Product", field="productId")
        await services.count_stock(
            info.context.actor, product_id=product_id,
            warehouse_id=expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId"),
            location_code=input.location_code, counted=input.counted, note=input.note,
        )
        return {"product": await _product(info, product_id)}

    return await mutation_result(StockCountPayload, action)
