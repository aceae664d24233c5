from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.returns.types import Return, ReturnPayload
from backend.core.ids import expect_global_id
from backend.returns import services


@strawberry.input
class ReturnCompleteInput:
    return_id: strawberry.ID


@user_errors
async def return_complete(info: Info, input: ReturnCompleteInput) -> ReturnPayload:
    return_id = expect_global_id(input.return_id, "Return", field="returnId")
    return {"sales_return": Return.from_row(await services.complete_return(info.context.actor, return_id))}
