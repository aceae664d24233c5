from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.shops.types import Shop, ShopCredentialsInput, ShopPayload, SkuRuleType
from backend.core.ids import expect_global_id
from backend.shops import services
from backend.shops.services import ShopInput


@strawberry.input(description="What to change; fields left out stay as they are.")
class ShopUpdateInput:
    shop_id: strawberry.ID
    name: str | None = None
    base_url: str | None = None
    credentials: ShopCredentialsInput | None = None
    warehouse_id: strawberry.ID | None = None
    sku_rule: SkuRuleType | None = None  # type: ignore[valid-type]
    sku_prefix: str | None = None


@user_errors
async def shop_update(info: Info, input: ShopUpdateInput) -> ShopPayload:
    shop = await services.update_shop(info.context.actor, expect_global_id(input.shop_id, "Shop", field="shopId"), ShopInput(
        name=input.name, base_url=input.base_url,
        secrets=input.credentials.as_secrets() if input.credentials else None,
        warehouse_id=expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId") if input.warehouse_id else None,
        sku_rule=input.sku_rule.value if input.sku_rule else None, sku_prefix=input.sku_prefix,
    ))
    return {"shop": Shop.from_row(shop)}
