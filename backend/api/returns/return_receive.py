from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.returns.types import Return, ReturnLineInput, ReturnPayload, return_lines
from backend.core.ids import expect_global_id
from backend.returns import services


@strawberry.input(description="A parcel arriving at the dock, by what was scanned on it.")
class ReturnReceiveInput:
    warehouse_id: strawberry.ID
    code: str = strawberry.field(description="The return label (R-…), a tracking number or an order number.")
    lines: list[ReturnLineInput] | None = strawberry.field(
        default=None, description="What is in an unannounced parcel of a known order.")
    note: str = ""


@user_errors
async def return_receive(info: Info, input: ReturnReceiveInput) -> ReturnPayload:
    received = await services.receive_return(
        info.context.actor, warehouse_id=expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId"),
        code=input.code, lines=return_lines(input.lines or []), note=input.note)
    return {"sales_return": Return.from_row(received)}
