from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import UserError, user_errors
from backend.api.picking.types import Picklist, PicklistLine, picklist_id
from backend.core.authorization import Permission
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
    outcome = await picking.scan(info.context.actor, picklist_id(input.picklist_id), input.code, input.quantity)
    line = outcome.line
    # The service's picklist and line are as the scan left them: the answer needs no second read.
    readable = info.context.actor.can(Permission.PICKLISTS_READ)
    return {"picklist": Picklist.from_row(outcome.picklist) if readable else None,
            "line": PicklistLine.from_row(line, outcome.bin_code) if line is not None else None,
            "picked": outcome.picked, "message": outcome.message}
