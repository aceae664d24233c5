from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import Product, given_fields
from backend.api.errors import mutation_payload, user_errors
from backend.api.scalars import JSON
from backend.catalog import services
from backend.core.ids import expect_global_id, optional_merchant_id

PRODUCT_CREATE_FIELDS = (
    "name", "barcode", "size", "colour", "attributes", "weight_grams", "length_mm", "width_mm", "height_mm",
    "customs_tariff_number", "country_of_origin", "low_stock_threshold",
)


@strawberry.input(description="A product: a variant of the family `familyId`, or without one a family of one of its own, "
                  "which takes the product's name and customs data.")
class ProductCreateInput:
    merchant_id: strawberry.ID | None = strawberry.field(default=None, description="Operators name the merchant "
                                                         "(a family names it too).")
    family_id: strawberry.ID | None = strawberry.field(default=None, description="The family it joins.")
    sku: str
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Required without a family; in a "
                                        "family it defaults to the family's name, size and colour.")
    barcode: str | None = strawberry.UNSET
    size: str | None = strawberry.UNSET
    colour: str | None = strawberry.UNSET
    attributes: JSON | None = strawberry.UNSET
    weight_grams: int | None = strawberry.UNSET
    length_mm: int | None = strawberry.UNSET
    width_mm: int | None = strawberry.UNSET
    height_mm: int | None = strawberry.UNSET
    customs_tariff_number: str | None = strawberry.field(default=strawberry.UNSET, description="The new family's; "
                                                         "not with familyId.")
    country_of_origin: str | None = strawberry.field(default=strawberry.UNSET, description="The new family's; not "
                                                     "with familyId.")
    low_stock_threshold: int | None = strawberry.UNSET


ProductCreatePayload = mutation_payload("ProductCreatePayload", product=Product)


@user_errors
async def product_create(info: Info, input: ProductCreateInput) -> ProductCreatePayload:
    merchant = optional_merchant_id(input.merchant_id)
    family = expect_global_id(input.family_id, "ProductFamily", field="familyId") if input.family_id else None
    values = given_fields(input, PRODUCT_CREATE_FIELDS)
    product = await services.create_product(info.context.actor, merchant_id=merchant, sku=input.sku, values=values,
                                            family_id=family)
    return {"product": Product.from_row(product)}
