from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import UserError, user_errors
from backend.core.ids import expect_global_id
from backend.shops import services


@strawberry.input
class ShopTestInput:
    shop_id: strawberry.ID


@strawberry.type(description="What asking the shop with the stored credentials showed.")
class ShopTestPayload:
    ok: bool | None = None
    problem: str | None = strawberry.field(default=None, description="UNREACHABLE, UNAUTHORIZED, MISSING_PERMISSION, "
                                           "NOT_WOOCOMMERCE, SHOP_ERROR, MISSING_CREDENTIALS or NOT_SUPPORTED; "
                                           "empty when ok.")
    message: str | None = None
    errors: list[UserError]


@user_errors
async def shop_test(info: Info, input: ShopTestInput) -> ShopTestPayload:
    result = await services.test_shop(info.context.actor, expect_global_id(input.shop_id, "Shop", field="shopId"))
    return {"ok": result.ok, "problem": result.problem, "message": result.message}
