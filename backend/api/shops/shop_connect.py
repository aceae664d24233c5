from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.shops.types import Shop, ShopCredentialsInput, ShopKindType, ShopPayload, SkuRuleType
from backend.core.ids import expect_global_id, optional_merchant_id
from backend.shops import services
from backend.shops.services import ShopInput


@strawberry.input
class ShopConnectInput:
    merchant_id: strawberry.ID | None = strawberry.field(default=None, description="Operators name the merchant.")
    kind: ShopKindType  # type: ignore[valid-type]
    name: str
    base_url: str = ""
    credentials: ShopCredentialsInput | None = None
    warehouse_id: strawberry.ID | None = None
    sku_rule: SkuRuleType = SkuRuleType.EXACT  # type: ignore[valid-type]
    sku_prefix: str = ""


@user_errors
async def shop_connect(info: Info, input: ShopConnectInput) -> ShopPayload:
    shop = await services.connect_shop(info.context.actor, optional_merchant_id(input.merchant_id), ShopInput(
        kind=input.kind.value, name=input.name, base_url=input.base_url,
        secrets=input.credentials.as_secrets() if input.credentials else None,
        warehouse_id=expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId") if input.warehouse_id else None,
        sku_rule=input.sku_rule.value, sku_prefix=input.sku_prefix,
    ))
    return {"shop": Shop.from_row(shop)}
