from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.api.errors import UserError, mutation_result


@strawberry.type
class LogoutPayload:
    errors: list[UserError]


async def logout(info: Info) -> LogoutPayload:
    async def action() -> dict:
        await services.logout(info.context.actor)
        return {}

    return await mutation_result(LogoutPayload, action)
