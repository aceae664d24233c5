from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.shops.types import Shop, ShopPayload
from backend.core.ids import expect_global_id
from backend.shops import services


@strawberry.input
class ShopDisconnectInput:
    shop_id: strawberry.ID


@user_errors
async def shop_disconnect(info: Info, input: ShopDisconnectInput) -> ShopPayload:
    shop_id = expect_global_id(input.shop_id, "Shop", field="shopId")
    return {"shop": Shop.from_row(await services.disconnect_shop(info.context.actor, shop_id))}
