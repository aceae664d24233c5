from __future__ import annotations

import strawberry

from backend.api.catalog.product_create import product_create
from backend.api.catalog.product_labels_create import product_labels_create
from backend.api.catalog.product_update import product_archive, product_update
from backend.api.catalog.products_import import products_import
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
