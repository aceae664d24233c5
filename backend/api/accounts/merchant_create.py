from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.api.accounts.types import Merchant
from backend.api.errors import mutation_payload, user_errors


@strawberry.input
class MerchantCreateInput:
    name: str
    code: str = strawberry.field(description="2–12 letters or digits, unique; the prefix of order numbers.")


MerchantCreatePayload = mutation_payload("MerchantCreatePayload", merchant=Merchant)


@user_errors
async def merchant_create(info: Info, input: MerchantCreateInput) -> MerchantCreatePayload:
    merchant = await services.create_merchant(info.context.actor, name=input.name, code=input.code)
    return {"merchant": Merchant.from_row(merchant)}
