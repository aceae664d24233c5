from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.api.accounts.types import User
from backend.api.errors import UserError, user_errors


@strawberry.input
class LoginInput:
    email: str
    password: str


@strawberry.type
class LoginPayload:
    token: str | None = strawberry.field(default=None, description="Send as `Authorization: Bearer <token>`.")
    expires_at: datetime | None = None
    user: User | None = None
    errors: list[UserError]


@user_errors
async def login(info: Info, input: LoginInput) -> LoginPayload:
    result = await services.login(
        input.email, input.password, client_address=info.context.client_address,
        user_agent=info.context.user_agent,
    )
    # The payload (user.merchant, …) is resolved as the user who just signed in.
    info.context.actor = result.actor
    return {"token": result.token, "expires_at": result.expires_at, "user": User.from_row(result.user)}
