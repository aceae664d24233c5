from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_payload, user_errors
from backend.api.shops.types import ImportRun
from backend.core.ids import expect_global_id
from backend.shops import services


@strawberry.input
class ShopSyncNowInput:
    shop_id: strawberry.ID


ShopSyncNowPayload = mutation_payload("ShopSyncNowPayload", import_run=ImportRun)


@user_errors
async def shop_sync_now(info: Info, input: ShopSyncNowInput) -> ShopSyncNowPayload:
    run = await services.sync_now(info.context.actor, expect_global_id(input.shop_id, "Shop", field="shopId"))
    return {"import_run": ImportRun.from_row(run)}
