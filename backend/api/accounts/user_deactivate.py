from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.api.accounts.types import User
from backend.api.errors import UserError, mutation_result
from backend.core.ids import expect_global_id


@strawberry.input
class UserDeactivateInput:
    user_id: strawberry.ID


@strawberry.type
class UserDeactivatePayload:
    user: User | None = None
    errors: list[UserError]


async def user_deactivate(info: Info, input: UserDeactivateInput) -> UserDeactivatePayload:
    async def action() -> dict:
        user_id = expect_global_id(input.user_id, "User", field="userId")
        return {"user": User.from_row(await services.deactivate_user(info.context.actor, user_id))}

    return await mutation_result(UserDeactivatePayload, action)
