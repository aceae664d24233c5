from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.api.accounts.types import DocumentLanguageType, Merchant
from backend.api.errors import mutation_payload, user_errors
from backend.core.ids import optional_merchant_id


@strawberry.input(description="What a merchant's documents say and show; what is left out stays as it is.")
class MerchantSettingsUpdateInput:
    merchant_id: strawberry.ID | None = strawberry.field(
        default=None, description="Operators name the merchant; a merchant admin changes its own.")
    language: DocumentLanguageType | None = None  # type: ignore[valid-type]
    packing_slip_shows_prices: bool | None = None
    address: str | None = strawberry.field(default=None, description="Up to 5 lines, 400 characters; empty clears it.")


MerchantSettingsUpdatePayload = mutation_payload("MerchantSettingsUpdatePayload", merchant=Merchant)


@user_errors
async def merchant_settings_update(info: Info, input: MerchantSettingsUpdateInput) -> MerchantSettingsUpdatePayload:  # noqa: A002
    merchant = await services.update_document_settings(
        info.context.actor, optional_merchant_id(input.merchant_id), language=input.language,
        packing_slip_shows_prices=input.packing_slip_shows_prices, address=input.address)
    return {"merchant": Merchant.from_row(merchant)}
