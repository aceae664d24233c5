from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.returns.types import Return, ReturnLineInput, ReturnPayload, return_lines
from backend.core.ids import expect_global_id
from backend.returns import services


@strawberry.input(description="An unidentified parcel found to belong to an order, and what is in it.")
class ReturnResolveInput:
    return_id: strawberry.ID
    order_number: str
    lines: list[ReturnLineInput]


@user_errors
async def return_resolve(info: Info, input: ReturnResolveInput) -> ReturnPayload:
    resolved = await services.resolve_return(
        info.context.actor, expect_global_id(input.return_id, "Return", field="returnId"),
        order_number=input.order_number, lines=return_lines(input.lines))
    return {"sales_return": Return.from_row(resolved)}
