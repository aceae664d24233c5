from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.api.accounts.types import Merchant
from backend.api.errors import mutation_payload, user_errors
from backend.core.ids import optional_merchant_id


@strawberry.input
class MerchantLogoRemoveInput:
    merchant_id: strawberry.ID | None = strawberry.field(
        default=None, description="Operators name the merchant; a merchant admin removes its own.")


MerchantLogoRemovePayload = mutation_payload("MerchantLogoRemovePayload", merchant=Merchant)


@user_errors
async def merchant_logo_remove(info: Info, input: MerchantLogoRemoveInput) -> MerchantLogoRemovePayload:  # noqa: A002
    merchant = await services.remove_logo(info.context.actor, optional_merchant_id(input.merchant_id))
    return {"merchant": Merchant.from_row(merchant)}
