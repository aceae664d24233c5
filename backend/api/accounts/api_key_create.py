from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.api.accounts.types import ApiKey, ApiKeyScopeType
from backend.api.errors import UserError, user_errors
from backend.core.ids import optional_merchant_id


@strawberry.input
class ApiKeyCreateInput:
    name: str
    scopes: list[ApiKeyScopeType]
    merchant_id: strawberry.ID | None = strawberry.field(
        default=None, description="Operators name the merchant; merchant admins get a key of their own merchant."
    )
    expires_at: datetime | None = None


@strawberry.type
class ApiKeyCreatePayload:
    api_key: ApiKey | None = None
    secret: str | None = strawberry.field(default=None, description="Shown this once; only its hash is kept.")
    errors: list[UserError]


@user_errors
async def api_key_create(info: Info, input: ApiKeyCreateInput) -> ApiKeyCreatePayload:
    merchant_id = optional_merchant_id(input.merchant_id)
    created = await services.create_api_key(
        info.context.actor, name=input.name, scopes=list(input.scopes), merchant_id=merchant_id,
        expires_at=input.expires_at,
    )
    return {"api_key": ApiKey.from_row(created.api_key), "secret": created.secret}
