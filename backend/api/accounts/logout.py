from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.api.errors import UserError, user_errors


@strawberry.type
class LogoutPayload:
    errors: list[UserError]


@user_errors
async def logout(info: Info) -> LogoutPayload:
    await services.logout(info.context.actor)
    return {}
