from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry
from strawberry.types import Info

from backend.api.accounts.types import Merchant, load_merchant
from backend.api.context import batch_loader
from backend.api.node import Node, global_id, register_node
from backend.api.pagination import Connection, page_request
from backend.api.scalars import JSON
from backend.catalog import services as catalog
from backend.catalog.labels import LabelLayout
from backend.catalog.tables import Location as LocationRow
from backend.catalog.tables import Product as ProductRow
from backend.catalog.tables import Warehouse as WarehouseRow
from backend.core.ids import expect_global_id
from backend.stock import services as stock

if TYPE_CHECKING:
    from backend.api.stock.types import BinQuantity, StockLevel, StockMovement, StockQuantities


LabelLayoutType = strawberry.enum(LabelLayout, name="LabelLayout", description="How labels are laid out on paper.")


async def load_warehouse(info: Info, warehouse_id: UUID) -> Warehouse | None:
    row = await batch_loader(info, "warehouse", catalog.warehouses_by_ids).load(warehouse_id)
    return Warehouse.from_row(row) if row else None


async def load_product(info: Info, product_id: UUID) -> Product | None:
    row = await batch_loader(info, "product", catalog.products_by_ids).load(product_id)
    return Product.from_row(row) if row else None


@strawberry.type(description="A warehouse of the fulfillment center.")
class Warehouse(Node):
    code: str
    name: str
    is_active: bool
    _id: strawberry.Private[UUID]

    @strawberry.field(description="Its bin locations, by code.")
    async def locations(
        self, info: Info, first: int | None = None, after: str | None = None, last: int | None = None,
        before: str | None = None, search: str | None = None,
    ) -> Connection[Location]:
        page = await catalog.list_locations(info.context.actor, self._id, page_request(first, after, last, before), search)
        return Connection.from_page(page, Location.from_row)

    @classmethod
    def from_row(cls, row: WarehouseRow) -> Warehouse:
        return cls(id=global_id("Warehouse", row.id), code=row.code, name=row.name, is_active=row.is_active, _id=row.id)


@strawberry.type(description="A bin: a shelf place in a warehouse.")
class Location(Node):
    code: str
    is_active: bool
    _warehouse_id: strawberry.Private[UUID]

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await load_warehouse(info, self._warehouse_id)

    @classmethod
    def from_row(cls, row: LocationRow) -> Location:
        return cls(id=global_id("Location", row.id), code=row.code, is_active=row.is_active, _warehouse_id=row.warehouse)


@strawberry.type(description="Something a merchant sells and the warehouse stores.")
class Product(Node):
    sku: str
    name: str
    barcode: str | None = strawberry.field(description="EAN/GTIN, check digit verified.")
    attributes: JSON = strawberry.field(description="Variant attributes, e.g. {\"size\": \"M\", \"colour\": \"blue\"}.")
    weight_grams: int | None
    length_mm: int | None
    width_mm: int | None
    height_mm: int | None
    customs_tariff_number: str | None
    country_of_origin: str | None
    low_stock_threshold: int
    is_archived: bool
    created_at: datetime
    updated_at: datetime
    _id: strawberry.Private[UUID]
    _merchant_id: strawberry.Private[UUID]

    @strawberry.field
    async def merchant(self, info: Info) -> Merchant | None:
        return await load_merchant(info, self._merchant_id)

    # The stock fields' types live in backend/api/stock/types.py, which refers back to Warehouse: they are named
    # lazily here and imported when a field is resolved.
    @strawberry.field(description="Stock per warehouse.")
    async def stock(self, info: Info) -> list[Annotated[StockLevel, strawberry.lazy("backend.api.stock.types")]]:
        from backend.api.stock.types import StockLevel

        levels = await batch_loader(info, "stock", stock.stock_levels_for).load(self._id)
        return [StockLevel.from_row(level) for level in levels or []]

    @strawberry.field(description="Stock over all warehouses.")
    async def stock_total(self, info: Info) -> Annotated[StockQuantities, strawberry.lazy("backend.api.stock.types")]:
        from backend.api.stock.types import StockQuantities

        levels = await batch_loader(info, "stock", stock.stock_levels_for).load(self._id) or []
        return StockQuantities(
            on_hand=sum(level.on_hand for level in levels), reserved=sum(level.reserved for level in levels),
            blocked=sum(level.blocked for level in levels), incoming=sum(level.incoming for level in levels),
        )

    @strawberry.field(description="Available at or below the low-stock threshold, but not zero.")
    async def is_low_stock(self, info: Info) -> bool:
        total = await self.stock_total(info)
        return 0 < total.available() <= self.low_stock_threshold

    @strawberry.field
    async def is_out_of_stock(self, info: Info) -> bool:
        return (await self.stock_total(info)).available() <= 0

    @strawberry.field(description="On-hand units per bin.")
    async def bins(self, info: Info) -> list[Annotated[BinQuantity, strawberry.lazy("backend.api.stock.types")]]:
        from backend.api.stock.types import BinQuantity

        rows = await batch_loader(info, "bins", stock.bin_stock_for).load(self._id) or []
        return [BinQuantity(location_code=r["code"], on_hand=r["on_hand"], warehouse_id=global_id("Warehouse", r["warehouse"])) for r in rows]

    @strawberry.field(description="The stock ledger of this product, newest first.")
    async def movements(
        self, info: Info, first: int | None = None, after: str | None = None, last: int | None = None,
        before: str | None = None, warehouse_id: strawberry.ID | None = None,
    ) -> Connection[Annotated[StockMovement, strawberry.lazy("backend.api.stock.types")]]:
        from backend.api.stock.types import StockMovement

        warehouse = expect_global_id(warehouse_id, "Warehouse", field="warehouseId") if warehouse_id else None
        page = await stock.list_movements(info.context.actor, self._id, page_request(first, after, last, before), warehouse)
        return Connection.from_page(page, StockMovement.from_row)

    @classmethod
    def from_row(cls, row: ProductRow) -> Product:
        attributes = row.attributes if isinstance(row.attributes, dict) else __import__("json").loads(row.attributes or "{}")
        return cls(
            id=global_id("Product", row.id), sku=row.sku, name=row.name, barcode=row.barcode, attributes=attributes,
            weight_grams=row.weight_grams, length_mm=row.length_mm, width_mm=row.width_mm, height_mm=row.height_mm,
            customs_tariff_number=row.customs_tariff_number, country_of_origin=row.country_of_origin,
            low_stock_threshold=row.low_stock_threshold, is_archived=row.is_archived, created_at=row.created_at,
            updated_at=row.updated_at, _id=row.id, _merchant_id=row.merchant,
        )


# The optional product fields productCreate and productUpdate take alike.
PRODUCT_FIELD_NAMES = (
    "name", "barcode", "attributes", "weight_grams", "length_mm", "width_mm", "height_mm", "customs_tariff_number",
    "country_of_origin", "low_stock_threshold",
)


def given_fields(input: object) -> dict:
    """The product fields the client sent (null included, to clear a value)."""
    return {name: getattr(input, name) for name in PRODUCT_FIELD_NAMES if getattr(input, name) is not strawberry.UNSET}


register_node("Warehouse", catalog.warehouses_by_ids, Warehouse.from_row)
register_node("Location", catalog.locations_by_ids, Location.from_row)
register_node("Product", catalog.products_by_ids, Product.from_row)
