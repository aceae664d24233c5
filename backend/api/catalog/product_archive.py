from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import Product
from backend.api.errors import mutation_payload, user_errors
from backend.catalog import services
from backend.core.ids import expect_global_id


@strawberry.input
class ProductArchiveInput:
    product_id: strawberry.ID
    archived: bool = strawberry.field(default=True, description="false brings an archived product back.")


ProductArchivePayload = mutation_payload("ProductArchivePayload", product=Product)


@user_errors
async def product_archive(info: Info, input: ProductArchiveInput) -> ProductArchivePayload:
    product_id = expect_global_id(input.product_id, "Product", field="productId")
    return {"product": Product.from_row(await services.set_product_archived(info.context.actor, product_id, input.archived))}
