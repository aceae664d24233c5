from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.api.accounts.types import User
from backend.api.errors import mutation_payload, user_errors
from backend.core.ids import expect_global_id


@strawberry.input
class UserDeactivateInput:
    user_id: strawberry.ID


UserDeactivatePayload = mutation_payload("UserDeactivatePayload", user=User)


@user_errors
async def user_deactivate(info: Info, input: UserDeactivateInput) -> UserDeactivatePayload:
    user_id = expect_global_id(input.user_id, "User", field="userId")
    return {"user": User.from_row(await services.deactivate_user(info.context.actor, user_id))}
