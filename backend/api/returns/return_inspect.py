from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import UserError, user_errors
from backend.api.returns.types import Return, ReturnDisposition, ReturnGrade, ReturnItem
from backend.core.ids import expect_global_id
from backend.returns import model, services


@strawberry.input(description="One item graded: its condition, what the inspector saw, and what becomes of it.")
class ReturnInspectInput:
    item_id: strawberry.ID
    grade: ReturnGrade
    feedback: str = ""
    disposition: ReturnDisposition | None = strawberry.field(
        default=None, description="Unless given, the merchant's rule for the grade decides.")
    location_code: str | None = strawberry.field(default=None, description="The bin a restocked item goes into.")


@strawberry.type
class ReturnInspectPayload:
    errors: list[UserError]
    item: ReturnItem | None = None
    sales_return: Return | None = strawberry.field(name="return", default=None)


@user_errors
async def return_inspect(info: Info, input: ReturnInspectInput) -> ReturnInspectPayload:
    item_id = expect_global_id(input.item_id, "ReturnItem", field="itemId")
    item = await services.inspect_item(
        info.context.actor, item_id, grade=model.Grade(input.grade), feedback=input.feedback,
        disposition=model.Disposition(input.disposition) if input.disposition else None,
        location_code=input.location_code)
    sales_return = (await services.returns_by_ids(info.context.actor, [item.sales_return]))[item.sales_return]
    return {"item": ReturnItem.from_row(item), "sales_return": Return.from_row(sales_return)}
