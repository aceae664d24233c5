from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import UserError, user_errors
from backend.catalog import services
from backend.core.ids import optional_merchant_id


@strawberry.input(description="CSV with a header line: sku, name and optionally barcode, size, colour, weight_grams, "
                  "length_mm, width_mm, height_mm, low_stock_threshold, attr_<name>, and the family's: family (its code: "
                  "rows with the same one form one family; without it a new product is a family of one), family_name, "
                  "customs_tariff_number, country_of_origin. A row with a family may leave name blank.")
class ProductsImportInput:
    merchant_id: strawberry.ID | None = None
    csv: str


@strawberry.type(description="Every bad row is an error naming its line; then nothing is imported.")
class ProductsImportPayload:
    created: int = 0
    updated: int = 0
    errors: list[UserError]


@user_errors
async def products_import(info: Info, input: ProductsImportInput) -> ProductsImportPayload:
    merchant = optional_merchant_id(input.merchant_id)
    result = await services.import_products_csv(info.context.actor, merchant_id=merchant, csv_text=input.csv)
    return {"created": result.created, "updated": result.updated}
