from __future__ import annotations

import base64
import binascii

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.accounts.branding import MAX_LOGO_BYTES
from backend.api.accounts.types import Merchant
from backend.api.errors import mutation_payload, user_errors
from backend.core.errors import ValidationFailed
from backend.core.ids import optional_merchant_id


@strawberry.input(description="The logo a merchant's documents carry: a PNG or JPEG of at most 256 kB.")
class MerchantLogoSetInput:
    merchant_id: strawberry.ID | None = strawberry.field(
        default=None, description="Operators name the merchant; a merchant admin sets its own.")
    image_base64: str = strawberry.field(description="The image file, base64-encoded.")


MerchantLogoSetPayload = mutation_payload("MerchantLogoSetPayload", merchant=Merchant)


def _decoded(text: str) -> bytes:
    # Base64 is 4/3 of the bytes: anything longer cannot be a logo within the limit, so it is not decoded.
    if len(text) > (MAX_LOGO_BYTES + 2) // 3 * 4 + 4:
        raise ValidationFailed("The logo may be at most 256 kB", field="imageBase64", code="TOO_LONG")
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed("Not base64", field="imageBase64") from None


@user_errors
async def merchant_logo_set(info: Info, input: MerchantLogoSetInput) -> MerchantLogoSetPayload:  # noqa: A002
    merchant_id = optional_merchant_id(input.merchant_id)
    merchant = await services.set_logo(info.context.actor, merchant_id, _decoded(input.image_base64))
    return {"merchant": Merchant.from_row(merchant)}
