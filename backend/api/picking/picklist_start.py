from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.picking.types import Picklist, PicklistPayload, picklist_id
from backend.picking import services as picking


@strawberry.input
class PicklistStartInput:
    picklist_id: strawberry.ID


@user_errors
async def picklist_start(info: Info, input: PicklistStartInput) -> PicklistPayload:  # noqa: A002
    return {"picklist": Picklist.from_row(await picking.start_picklist(info.context.actor, picklist_id(input.picklist_id)))}
