from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_payload, user_errors
from backend.api.shops.types import ImportRun
from backend.core.ids import expect_global_id
from backend.shops import services


@strawberry.input
class OrdersImportInput:
    shop_id: strawberry.ID = strawberry.field(description="The CSV shop the orders come from.")
    csv: str = strawberry.field(description="The file's content (UTF-8), in the layout of `orderImportTemplate`.")


OrdersImportPayload = mutation_payload("OrdersImportPayload", import_run=ImportRun)


@user_errors
async def orders_import(info: Info, input: OrdersImportInput) -> OrdersImportPayload:
    shop_id = expect_global_id(input.shop_id, "Shop", field="shopId")
    return {"import_run": ImportRun.from_row(await services.import_orders_csv(info.context.actor, shop_id, input.csv))}
