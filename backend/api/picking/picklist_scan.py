from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import UserError, user_errors
from backend.api.picking.types import Picklist, PicklistLine, changed_picklist, picklist_id
from backend.picking import services as picking


@strawberry.input(description="What a handheld or a phone camera read: a bin code, a barcode (EAN/GTIN) or a SKU.")
class PicklistScanInput:
    picklist_id: strawberry.ID
    code: str
    quantity: int = strawberry.field(default=1, description="Units of the product scanned at once.")


@strawberry.type
class PicklistScanPayload:
    picklist: Picklist | None = None
    line: PicklistLine | None = strawberry.field(default=None, description="The line the scan was for.")
    picked: int = strawberry.field(default=0, description="Units picked by this scan.")
    message: str = strawberry.field(default="", description="What to do next, in a sentence.")
    errors: list[UserError]


@user_errors
async def picklist_scan(info: Info, input: PicklistScanInput) -> PicklistScanPayload:  # noqa: A002
    pid = picklist_id(input.picklist_id)
    outcome = await picking.scan(info.context.actor, pid, input.code, input.quantity)
    line = outcome.line
    line_row = PicklistLine.from_row(line, None) if line is not None else None
    if line_row is not None and line.location is not None:
        from backend.catalog.tables import Location

        line_row.bin_code = (await Location.select(Location.code).where(Location.id == line.location))[0]["code"]
    return {"picklist": await changed_picklist(info, pid), "line": line_row, "picked": outcome.picked,
            "message": outcome.message}
