from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.picking.types import PicklistPayload, ShortReason, changed_picklist
from backend.core.ids import expect_global_id
from backend.picking import services as picking


@strawberry.input(description="Units of a line that are not there (the bin is empty) or not fit to ship (damaged).")
class PicklistLineShortInput:
    line_id: strawberry.ID
    quantity: int = 1
    reason: ShortReason = ShortReason.BIN_EMPTY


@user_errors
async def picklist_line_short(info: Info, input: PicklistLineShortInput) -> PicklistPayload:  # noqa: A002
    line = await picking.report_short(info.context.actor, expect_global_id(input.line_id, "PicklistLine", field="lineId"),
                                      input.quantity, picking.ShortReason(input.reason.value))
    return {"picklist": await changed_picklist(info, line.picklist)}
