"""Shop connections in GraphQL: connecting, testing and disconnecting shops, their import runs, syncing now."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.permissions import requires
from backend.api.shops.orders_import import orders_import
from backend.api.shops.shop_connect import shop_connect
from backend.api.shops.shop_disconnect import shop_disconnect
from backend.api.shops.shop_sync_now import shop_sync_now
from backend.api.shops.shop_test import shop_test
from backend.api.shops.shop_update import shop_update
from backend.api.shops.types import Shop
from backend.core.authorization import Permission
from backend.core.ids import optional_merchant_id
from backend.shops import services as shops
from backend.shops.csv_orders import TEMPLATE

P = Permission


@strawberry.type
class ShopsQuery:
    @strawberry.field(permission_classes=[requires(P.SHOPS_READ)],
                      description="Connected shops, by name; a merchant's own, or an operator's choice of merchant.")
    async def shops(self, info: Info, merchant_id: strawberry.ID | None = None) -> list[Shop]:
        rows = await shops.list_shops(info.context.actor, optional_merchant_id(merchant_id))
        return [Shop.from_row(row) for row in rows]

    @strawberry.field(permission_classes=[requires(P.SHOPS_READ)],
                      description="A CSV file to fill in for `ordersImport`: the header and an order of two lines.")
    def order_import_template(self) -> str:
        return TEMPLATE


@strawberry.type
class ShopsMutation:
    shop_connect = strawberry.mutation(resolver=shop_connect, permission_classes=[requires(P.SHOPS_WRITE)])
    shop_update = strawberry.mutation(resolver=shop_update, permission_classes=[requires(P.SHOPS_WRITE)])
    shop_disconnect = strawberry.mutation(resolver=shop_disconnect, permission_classes=[requires(P.SHOPS_WRITE)])
    shop_test = strawberry.mutation(resolver=shop_test, permission_classes=[requires(P.SHOPS_WRITE)])
    shop_sync_now = strawberry.mutation(resolver=shop_sync_now, permission_classes=[requires(P.SHOPS_WRITE)])
    orders_import = strawberry.mutation(resolver=orders_import, permission_classes=[requires(P.SHOPS_WRITE)])
