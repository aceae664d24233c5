"""The catalog in GraphQL: warehouses and their bins, products and their families, the import and labels."""

from __future__ import annotations

import enum

import strawberry
from strawberry.types import Info

from backend.api.catalog.locations_create import locations_create
from backend.api.catalog.product_archive import product_archive
from backend.api.catalog.product_create import product_create
from backend.api.catalog.product_family_create import product_family_create
from backend.api.catalog.product_family_update import product_family_update
from backend.api.catalog.product_labels_create import product_labels_create
from backend.api.catalog.product_update import product_update
from backend.api.catalog.products_import import products_import
from backend.api.catalog.types import Product, ProductFamily, Warehouse
from backend.api.catalog.warehouse_create import warehouse_create
from backend.api.catalog.warehouse_update import warehouse_update
from backend.api.pagination import Connection, SortDirectionType, page_request
from backend.api.permissions import requires
from backend.catalog import services as catalog
from backend.core.authorization import Permission
from backend.core.ids import expect_global_id, optional_merchant_id
from backend.core.pagination import SortDirection

P = Permission


@strawberry.enum
class ProductStockFilter(enum.Enum):
    LOW_STOCK = "LOW_STOCK"
    OUT_OF_STOCK = "OUT_OF_STOCK"
    INCOMING = "INCOMING"


@strawberry.input
class ProductFilter:
    merchant_id: strawberry.ID | None = None
    search: str | None = strawberry.field(default=None, description="Part of the SKU, name or barcode, or of its "
                                          "family's code or name.")
    stock: ProductStockFilter | None = None
    include_archived: bool = False
    family_id: strawberry.ID | None = strawberry.field(default=None, description="The variants of one family.")


@strawberry.enum
class ProductSortField(enum.Enum):
    SKU = "sku"
    NAME = "name"
    CREATED_AT = "created_at"


@strawberry.input
class ProductSort:
    field: ProductSortField = ProductSortField.SKU
    direction: SortDirectionType = SortDirection.ASC


@strawberry.input
class ProductFamilyFilter:
    merchant_id: strawberry.ID | None = None
    search: str | None = strawberry.field(default=None, description="Part of the family's code or name, or of a "
                                          "variant's SKU or barcode.")


@strawberry.enum
class ProductFamilySortField(enum.Enum):
    NAME = "name"
    CREATED_AT = "created_at"


@strawberry.input
class ProductFamilySort:
    field: ProductFamilySortField = ProductFamilySortField.NAME
    direction: SortDirectionType = SortDirection.ASC


def _merchant(filter_merchant: strawberry.ID | None):  # noqa: ANN202
    return optional_merchant_id(filter_merchant)


@strawberry.type
class CatalogQuery:
    @strawberry.field(permission_classes=[requires(Permission.WAREHOUSES_READ)])
    async def warehouses(self, info: Info) -> list[Warehouse]:
        return [Warehouse.from_row(w) for w in await catalog.list_warehouses(info.context.actor)]

    @strawberry.field(permission_classes=[requires(Permission.PRODUCTS_READ)])
    async def products(
        self, info: Info, first: int | None = None, after: str | None = None, last: int | None = None,
        before: str | None = None, filter: ProductFilter | None = None, sort: ProductSort | None = None,
    ) -> Connection[Product]:
        filter = filter or ProductFilter()
        sort = sort or ProductSort()
        page = await catalog.list_products(
            info.context.actor, page_request(first, after, last, before), merchant_id=_merchant(filter.merchant_id),
            search=filter.search, stock_filter=filter.stock.value if filter.stock else None,
            include_archived=filter.include_archived, sort=sort.field.value, direction=sort.direction,
            family_id=expect_global_id(filter.family_id, "ProductFamily", field="familyId") if filter.family_id else None,
        )
        return Connection.from_page(page, Product.from_row)

    @strawberry.field(permission_classes=[requires(Permission.PRODUCTS_READ)])
    async def product_families(
        self, info: Info, first: int | None = None, after: str | None = None, last: int | None = None,
        before: str | None = None, filter: ProductFamilyFilter | None = None, sort: ProductFamilySort | None = None,
    ) -> Connection[ProductFamily]:
        filter = filter or ProductFamilyFilter()
        sort = sort or ProductFamilySort()
        page = await catalog.list_families(
            info.context.actor, page_request(first, after, last, before), merchant_id=_merchant(filter.merchant_id),
            search=filter.search, sort=sort.field.value, direction=sort.direction,
        )
        return Connection.from_page(page, ProductFamily.from_row)

    @strawberry.field(
        permission_classes=[requires(Permission.PRODUCTS_READ)],
        description="A merchant's product by what a scanner reads: its barcode or SKU.",
    )
    async def product_by_code(self, info: Info, merchant_id: strawberry.ID, code: str) -> Product | None:
        merchant = expect_global_id(merchant_id, "Merchant", field="merchantId")
        row = await catalog.find_product_by_code(info.context.actor, merchant, code)
        return Product.from_row(row) if row else None


@strawberry.type
class CatalogMutation:
    warehouse_create = strawberry.mutation(resolver=warehouse_create, permission_classes=[requires(P.WAREHOUSES_WRITE)])
    warehouse_update = strawberry.mutation(resolver=warehouse_update, permission_classes=[requires(P.WAREHOUSES_WRITE)])
    locations_create = strawberry.mutation(resolver=locations_create, permission_classes=[requires(P.WAREHOUSES_WRITE)])
    product_create = strawberry.mutation(resolver=product_create, permission_classes=[requires(P.PRODUCTS_WRITE)])
    product_update = strawberry.mutation(resolver=product_update, permission_classes=[requires(P.PRODUCTS_WRITE)])
    product_family_create = strawberry.mutation(resolver=product_family_create, permission_classes=[requires(P.PRODUCTS_WRITE)])
    product_family_update = strawberry.mutation(resolver=product_family_update, permission_classes=[requires(P.PRODUCTS_WRITE)])
    product_archive = strawberry.mutation(resolver=product_archive, permission_classes=[requires(P.PRODUCTS_WRITE)])
    products_import = strawberry.mutation(resolver=products_import, permission_classes=[requires(P.PRODUCTS_WRITE)])
    product_labels_create = strawberry.mutation(resolver=product_labels_create, permission_classes=[requires(P.PRODUCTS_READ)])
