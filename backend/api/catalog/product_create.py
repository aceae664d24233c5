from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import Product, given_fields
from backend.api.errors import mutation_payload, user_errors
from backend.api.scalars import JSON
from backend.catalog import services
from backend.core.ids import optional_merchant_id


@strawberry.input
class ProductCreateInput:
    merchant_id: strawberry.ID | None = strawberry.field(default=None, description="Operators name the merchant.")
    sku: str
    name: str
    barcode: str | None = strawberry.UNSET
    attributes: JSON | None = strawberry.UNSET
    weight_grams: int | None = strawberry.UNSET
    length_mm: int | None = strawberry.UNSET
    width_mm: int | None = strawberry.UNSET
    height_mm: int | None = strawberry.UNSET
    customs_tariff_number: str | None = strawberry.UNSET
    country_of_origin: str | None = strawberry.UNSET
    low_stock_threshold: int | None = strawberry.UNSET


ProductCreatePayload = mutation_payload("ProductCreatePayload", product=Product)


@user_errors
async def product_create(info: Info, input: ProductCreateInput) -> ProductCreatePayload:
    merchant = optional_merchant_id(input.merchant_id)
    product = await services.create_product(info.context.actor, merchant_id=merchant, sku=input.sku, values=given_fields(input))
    return {"product": Product.from_row(product)}
