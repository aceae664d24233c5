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
from backend.catalog.model import ordered_colours, ordered_sizes
from backend.catalog.tables import Location as LocationRow
from backend.catalog.tables import Product as ProductRow
from backend.catalog.tables import ProductFamily as ProductFamilyRow
from backend.catalog.tables import Warehouse as WarehouseRow
from backend.core.errors import NotFound
from backend.core.ids import expect_global_id
from backend.core.queries import json_value
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


async def load_family_row(info: Info, family_id: UUID) -> ProductFamilyRow | None:
    return await batch_loader(info, "product_family", catalog.families_by_ids).load(family_id)


async def load_variant_rows(info: Info, family_id: UUID) -> list[ProductRow]:
    return await batch_loader(info, "product_family_variants", catalog.variants_of).load(family_id) or []


@strawberry.type(description="A warehouse of the fulfillment center.")
class Warehouse(Node):
    code: str
    name: str
    is_active: bool
    timezone: str = strawberry.field(description="Where its day starts and its carriers' cut-off times are read.")
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
        return cls(id=global_id("Warehouse", row.id), code=row.code, name=row.name, is_active=row.is_active,
                   timezone=row.timezone, _id=row.id)


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


@strawberry.type(description="The article a merchant sells (a T-shirt): what its variants share — name, description, "
                  "pictures, customs data. A single product is a family of one.")
class ProductFamily(Node):
    code: str | None = strawberry.field(description="The merchant's article number (unique per merchant), the CSV "
                                        "import's `family` column.")
    name: str
    description: str
    images: list[str] = strawberry.field(description="Picture addresses, in the order shown.")
    customs_tariff_number: str | None
    country_of_origin: str | None = strawberry.field(description="ISO 3166-1 alpha-2.")
    created_at: datetime
    updated_at: datetime
    _id: strawberry.Private[UUID]
    _merchant_id: strawberry.Private[UUID]

    @strawberry.field
    async def merchant(self, info: Info) -> Merchant | None:
        return await load_merchant(info, self._merchant_id)

    @strawberry.field(description="Its products, smallest size first, then by colour and SKU.")
    async def variants(self, info: Info, include_archived: bool = False) -> list[Product]:
        rows = await load_variant_rows(info, self._id)
        return [Product.from_row(row) for row in rows if include_archived or not row.is_archived]

    @strawberry.field(description="How many products it has (archived ones not counted).")
    async def variant_count(self, info: Info) -> int:
        return sum(1 for row in await load_variant_rows(info, self._id) if not row.is_archived)

    @strawberry.field(description="The sizes of its products (archived ones not counted), small to large: a size grid's "
                      "rows.")
    async def sizes(self, info: Info) -> list[str]:
        return ordered_sizes(row.size for row in await load_variant_rows(info, self._id) if not row.is_archived)

    @strawberry.field(description="The colours of its products (archived ones not counted), alphabetically: a size "
                      "grid's columns.")
    async def colours(self, info: Info) -> list[str]:
        return ordered_colours(row.colour for row in await load_variant_rows(info, self._id) if not row.is_archived)

    @classmethod
    def from_row(cls, row: ProductFamilyRow) -> ProductFamily:
        return cls(
            id=global_id("ProductFamily", row.id), code=row.code, name=row.name, description=row.description,
            images=list(row.images or []), customs_tariff_number=row.customs_tariff_number,
            country_of_origin=row.country_of_origin, created_at=row.created_at, updated_at=row.updated_at, _id=row.id,
            _merchant_id=row.merchant,
        )


@strawberry.type(description="Something a merchant sells and the warehouse stores: a variant (an SKU) of a family, "
                 "in one size and colour.")
class Product(Node):
    sku: str
    name: str
    barcode: str | None = strawberry.field(description="EAN/GTIN, check digit verified.")
    size: str | None = strawberry.field(description="Its row in the family's size grid (e.g. M, 42).")
    colour: str | None = strawberry.field(description="Its column in the family's size grid.")
    attributes: JSON = strawberry.field(description="More properties, e.g. {\"material\": \"merino\"}.")
    weight_grams: int | None
    length_mm: int | None
    width_mm: int | None
    height_mm: int | None
    low_stock_threshold: int
    is_archived: bool
    created_at: datetime
    updated_at: datetime
    _id: strawberry.Private[UUID]
    _merchant_id: strawberry.Private[UUID]
    _family_id: strawberry.Private[UUID]

    @strawberry.field(description="The article it is a variant of.")
    async def family(self, info: Info) -> ProductFamily:
        row = await load_family_row(info, self._family_id)
        if row is None:  # a product's family is of its merchant: whoever sees the product sees it
            raise NotFound("No such product family", field="family")
        return ProductFamily.from_row(row)

    @strawberry.field(description="Its family's (customs data belongs to the article).")
    async def customs_tariff_number(self, info: Info) -> str | None:
        row = await load_family_row(info, self._family_id)
        return row.customs_tariff_number if row else None

    @strawberry.field(description="Its family's (customs data belongs to the article).")
    async def country_of_origin(self, info: Info) -> str | None:
        row = await load_family_row(info, self._family_id)
        return row.country_of_origin if row else None

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
        attributes = json_value(row.attributes) or {}
        return cls(
            id=global_id("Product", row.id), sku=row.sku, name=row.name, barcode=row.barcode, attributes=attributes,
            size=row.size, colour=row.colour, weight_grams=row.weight_grams, length_mm=row.length_mm,
            width_mm=row.width_mm, height_mm=row.height_mm, low_stock_threshold=row.low_stock_threshold,
            is_archived=row.is_archived, created_at=row.created_at, updated_at=row.updated_at, _id=row.id,
            _merchant_id=row.merchant, _family_id=row.family,
        )


# The optional product fields productCreate and productUpdate take alike, and the family fields of productFamilyCreate
# and productFamilyUpdate.
PRODUCT_FIELD_NAMES = (
    "name", "barcode", "size", "colour", "attributes", "weight_grams", "length_mm", "width_mm", "height_mm",
    "low_stock_threshold",
)
FAMILY_FIELD_NAMES = ("code", "name", "description", "images", "customs_tariff_number", "country_of_origin")


def given_fields(input: object, names: tuple[str, ...] = PRODUCT_FIELD_NAMES) -> dict:
    """The fields of `names` the client sent (null included, to clear a value)."""
    return {name: getattr(input, name) for name in names if getattr(input, name, strawberry.UNSET) is not strawberry.UNSET}


@strawberry.input(description="A product to create with its family (productFamilyCreate): its SKU and what sets it "
                  "apart. Without a name it is named after the family, its size and colour.")
class ProductVariantInput:
    sku: str
    name: str | None = strawberry.UNSET
    barcode: str | None = strawberry.UNSET
    size: str | None = strawberry.UNSET
    colour: str | None = strawberry.UNSET
    attributes: JSON | None = strawberry.UNSET
    weight_grams: int | None = strawberry.UNSET
    length_mm: int | None = strawberry.UNSET
    width_mm: int | None = strawberry.UNSET
    height_mm: int | None = strawberry.UNSET
    low_stock_threshold: int | None = strawberry.UNSET


register_node("Warehouse", catalog.warehouses_by_ids, Warehouse.from_row)
register_node("Location", catalog.locations_by_ids, Location.from_row)
register_node("Product", catalog.products_by_ids, Product.from_row)
register_node("ProductFamily", catalog.families_by_ids, ProductFamily.from_row)
