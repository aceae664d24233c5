from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.api.accounts.types import Merchant
from backend.api.errors import mutation_payload, user_errors
from backend.core.ids import expect_global_id


@strawberry.input
class MerchantUpdateInput:
    merchant_id: strawberry.ID
    name: str | None = None
    is_active: bool | None = strawberry.field(default=None, description="Inactive merchants cannot sign in.")


MerchantUpdatePayload = mutation_payload("MerchantUpdatePayload", merchant=Merchant)


@user_errors
async def merchant_update(info: Info, input: MerchantUpdateInput) -> MerchantUpdatePayload:
    merchant_id = expect_global_id(input.merchant_id, "Merchant", field="merchantId")
    merchant = await services.update_merchant(
        info.context.actor, merchant_id, name=input.name, is_active=input.is_active
    )
    return {"merchant": Merchant.from_row(merchant)}
