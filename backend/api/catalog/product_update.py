from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import Product, given_fields
from backend.api.errors import mutation_payload, user_errors
from backend.api.scalars import JSON
from backend.catalog import services
from backend.core.ids import expect_global_id


@strawberry.input(description="Only the fields given change; null clears an optional field. Customs data is the "
                  "family's (productFamilyUpdate).")
class ProductUpdateInput:
    product_id: strawberry.ID
    family_id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, description="Moves it into another "
                                                       "family of its merchant; a family left without products goes.")
    name: str | None = strawberry.UNSET
    barcode: str | None = strawberry.UNSET
    size: str | None = strawberry.UNSET
    colour: str | None = strawberry.UNSET
    attributes: JSON | None = strawberry.UNSET
    weight_grams: int | None = strawberry.UNSET
    length_mm: int | None = strawberry.UNSET
    width_mm: int | None = strawberry.UNSET
    height_mm: int | None = strawberry.UNSET
    low_stock_threshold: int | None = strawberry.UNSET


ProductUpdatePayload = mutation_payload("ProductUpdatePayload", product=Product)


@user_errors
async def product_update(info: Info, input: ProductUpdateInput) -> ProductUpdatePayload:
    product_id = expect_global_id(input.product_id, "Product", field="productId")
    values = given_fields(input)
    if input.family_id is not strawberry.UNSET:
        values["family_id"] = input.family_id and expect_global_id(input.family_id, "ProductFamily", field="familyId")
    product = await services.update_product(info.context.actor, product_id, values)
    return {"product": Product.from_row(product)}
