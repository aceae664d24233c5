from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.picking.types import Picklist, PicklistPayload, picklist_id
from backend.picking import services as picking


@strawberry.input(description="Give up a picklist nothing was picked from: its orders are released again.")
class PicklistCancelInput:
    picklist_id: strawberry.ID


@user_errors
async def picklist_cancel(info: Info, input: PicklistCancelInput) -> PicklistPayload:  # noqa: A002
    return {"picklist": Picklist.from_row(await picking.cancel_picklist(info.context.actor, picklist_id(input.picklist_id)))}
