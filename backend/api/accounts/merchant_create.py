from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.api.accounts.types import Merchant
from backend.api.errors import UserError, mutation_result


@strawberry.input
class MerchantCreateInput:
    name: str
    code: str = strawberry.field(description="2–12 letters or digits, unique; the prefix of order numbers.")


@strawberry.type
class MerchantCreatePayload:
    merchant: Merchant | None = None
    errors: list[UserError]


async def merchant_create(info: Info, input: MerchantCreateInput) -> MerchantCreatePayload:
    async def action() -> dict:
        merchant = await services.create_merchant(info.context.actor, name=input.name, code=input.code)
        return {"merchant": Merchant.from_row(merchant)}

    return await mutation_result(MerchantCreatePayload, action)
