from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.returns.types import Return, ReturnLineInput, ReturnPayload, return_lines
from backend.core.ids import expect_global_id
from backend.returns import services


@strawberry.input(description="A return announced for an order's shipped lines, with the customer's reason per line.")
class ReturnCreateInput:
    order_id: strawberry.ID
    lines: list[ReturnLineInput]
    tracking_number: str = strawberry.field(default="", description="The return label's tracking number, if known.")
    note: str = ""


@user_errors
async def return_create(info: Info, input: ReturnCreateInput) -> ReturnPayload:
    created = await services.create_return(
        info.context.actor, order_id=expect_global_id(input.order_id, "Order", field="orderId"),
        lines=return_lines(input.lines), tracking_number=input.tracking_number, note=input.note)
    return {"sales_return": Return.from_row(created)}
