from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.api.accounts.types import RoleType, User
from backend.api.errors import UserError, mutation_result
from backend.core.ids import expect_global_id


@strawberry.input
class UserCreateInput:
    email: str
    name: str
    password: str = strawberry.field(description="At least 10 characters.")
    role: RoleType
    merchant_id: strawberry.ID | None = strawberry.field(
        default=None, description="Required for merchant roles; merchant admins may leave it out."
    )


@strawberry.type
class UserCreatePayload:
    user: User | None = None
    errors: list[UserError]


async def user_create(info: Info, input: UserCreateInput) -> UserCreatePayload:
    async def action() -> dict:
        merchant_id = expect_global_id(input.merchant_id, "Merchant", field="merchantId") if input.merchant_id else None
        user = await services.create_user(
            info.context.actor, email=input.email, name=input.name, password=input.password, role=input.role,
            merchant_id=merchant_id,
        )
        return {"user": User.from_row(user)}

    return await mutation_result(UserCreatePayload, action)
