from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.api.accounts.types import RoleType, User
from backend.api.errors import mutation_payload, user_errors
from backend.core.ids import optional_merchant_id


@strawberry.input
class UserCreateInput:
    email: str
    name: str
    password: str = strawberry.field(description="At least 10 characters.")
    role: RoleType
    merchant_id: strawberry.ID | None = strawberry.field(
        default=None, description="Required for merchant roles; merchant admins may leave it out."
    )


UserCreatePayload = mutation_payload("UserCreatePayload", user=User)


@user_errors
async def user_create(info: Info, input: UserCreateInput) -> UserCreatePayload:
    merchant_id = optional_merchant_id(input.merchant_id)
    user = await services.create_user(
        info.context.actor, email=input.email, name=input.name, password=input.password, role=input.role,
        merchant_id=merchant_id,
    )
    return {"user": User.from_row(user)}
