from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import (
    PRODUCT_FIELD_NAMES,
    Product,
    ProductFamily,
    ProductVariantInput,
    given_fields,
)
from backend.api.errors import UserError, user_errors
from backend.catalog import services
from backend.core.ids import optional_merchant_id


@strawberry.input(description="A family and, optionally, its first products (all of them, or nothing when one is bad).")
class ProductFamilyCreateInput:
    merchant_id: strawberry.ID | None = strawberry.field(default=None, description="Operators name the merchant.")
    code: str | None = strawberry.field(default=None, description="The merchant's article number, unique per merchant.")
    name: str
    description: str | None = None
    images: list[str] | None = strawberry.field(default=None, description="Picture addresses (http or https).")
    customs_tariff_number: str | None = None
    country_of_origin: str | None = None
    variants: list[ProductVariantInput] = strawberry.field(default_factory=list)


@strawberry.type
class ProductFamilyCreatePayload:
    product_family: ProductFamily | None = None
    variants: list[Product] = strawberry.field(default_factory=list, description="The products created with it.")
    errors: list[UserError]


@user_errors
async def product_family_create(info: Info, input: ProductFamilyCreateInput) -> ProductFamilyCreatePayload:
    values = {
        "code": input.code, "name": input.name, "description": input.description, "images": input.images,
        "customs_tariff_number": input.customs_tariff_number, "country_of_origin": input.country_of_origin,
    }
    variants = [services.VariantDraft(v.sku, given_fields(v, PRODUCT_FIELD_NAMES)) for v in input.variants]
    family, products = await services.create_family(info.context.actor, merchant_id=optional_merchant_id(input.merchant_id),
                                                    values=values, variants=variants)
    return {"product_family": ProductFamily.from_row(family), "variants": [Product.from_row(p) for p in products]}
