from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import LabelLayoutType
from backend.api.errors import UserError, user_errors
from backend.catalog.documents import MAX_COPIES, MAX_PRODUCTS, issue_labels_link
from backend.catalog.labels import LabelLayout
from backend.core.ids import expect_global_id


@strawberry.input
class ProductLabelsCreateInput:
    product_ids: list[strawberry.ID] = strawberry.field(
        description=f"1 to {MAX_PRODUCTS} products, one label each (times `copies`), in this order."
    )
    layout: LabelLayoutType = strawberry.field(  # type: ignore[valid-type]
        default=LabelLayout.A4_SHEET,
        description="A4_SHEET: 3 x 8 labels of 70 x 37 mm on A4. THERMAL_4X6: one 4 x 6 in label per page.",
    )
    copies: int = strawberry.field(default=1, description=f"Labels per product, 1 to {MAX_COPIES}.")


@strawberry.type(description="A link to the labels' PDF; it needs no sign-in and works for five minutes.")
class ProductLabelsCreatePayload:
    url: str | None = strawberry.field(default=None, description="Path of the PDF on this server.")
    expires_at: datetime | None = None
    errors: list[UserError]


@user_errors
async def product_labels_create(info: Info, input: ProductLabelsCreateInput) -> ProductLabelsCreatePayload:
    # One more than allowed is enough for the service to refuse the count.
    ids = [expect_global_id(raw, "Product", field="productIds") for raw in input.product_ids[:MAX_PRODUCTS + 1]]
    link = await issue_labels_link(info.context.actor, ids, input.layout, input.copies)
    return {"url": link.url, "expires_at": link.expires_at}
