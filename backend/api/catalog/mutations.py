from __future__ import annotations

import strawberry

from backend.api.catalog.product_create import product_create
from backend.api.catalog.product_labels_create import product_labels_create
from backend.api.catalog.product_update import product_archive, product_update
from backend.api.catalog.products_import import products_import
from backend.api.catalog.stock_adjust import stock_adjust, stock_count, stock_transfer
from backend.api.catalog.warehouse_create import locations_create, warehouse_create
from backend.api.permissions import requires
from backend.core.authorization import Permission

P = Permission


@strawberry.type
class CatalogMutation:
    warehouse_create = strawberry.mutation(resolver=warehouse_create, permission_classes=[requires(P.WAREHOUSES_WRITE)])
    locations_create = strawberry.mutation(resolver=locations_create, permission_classes=[requires(P.WAREHOUSES_WRITE)])
    product_create = strawberry.mutation(resolver=product_create, permission_classes=[requires(P.PRODUCTS_WRITE)])
    product_update = strawberry.mutation(resolver=product_update, permission_classes=[requires(P.PRODUCTS_WRITE)])
    product_archive = strawberry.mutation(resolver=product_archive, permission_classes=[requires(P.PRODUCTS_WRITE)])
    products_import = strawberry.mutation(resolver=products_import, permission_classes=[requires(P.PRODUCTS_WRITE)])
    product_labels_create = strawberry.mutation(resolver=product_labels_create, permission_classes=[requires(P.PRODUCTS_READ)])
    stock_adjust = strawberry.mutation(resolver=stock_adjust, permission_classes=[requires(P.STOCK_WRITE)])
    stock_transfer = strawberry.mutation(resolver=stock_transfer, permission_classes=[requires(P.STOCK_WRITE)])
    stock_count = strawberry.mutation(resolver=stock_count, permission_classes=[requires(P.STOCK_WRITE)])
