from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import FAMILY_FIELD_NAMES, ProductFamily, given_fields
from backend.api.errors import mutation_payload, user_errors
from backend.catalog import services
from backend.core.ids import expect_global_id


@strawberry.input(description="Only the fields given change; null clears an optional field.")
class ProductFamilyUpdateInput:
    family_id: strawberry.ID
    code: str | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    images: list[str] | None = strawberry.field(default=strawberry.UNSET, description="The whole list, in order.")
    customs_tariff_number: str | None = strawberry.UNSET
    country_of_origin: str | None = strawberry.UNSET


ProductFamilyUpdatePayload = mutation_payload("ProductFamilyUpdatePayload", product_family=ProductFamily)


@user_errors
async def product_family_update(info: Info, input: ProductFamilyUpdateInput) -> ProductFamilyUpdatePayload:
    family_id = expect_global_id(input.family_id, "ProductFamily", field="familyId")
    family = await services.update_family(info.context.actor, family_id, given_fields(input, FAMILY_FIELD_NAMES))
    return {"product_family": ProductFamily.from_row(family)}
