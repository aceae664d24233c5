from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.api.accounts.types import ApiKey, ApiKeyScopeType
from backend.api.errors import UserError, mutation_result
from backend.core.ids import expect_global_id


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


async def api_key_create(info: Info, input: ApiKeyCreateInput) -> ApiKeyCreatePayload:
    async def action() -> dict:
        merchant_id = expect_global_id(input.merchant_id, "Merchant", field="merchantId") if input.merchant_id else None
        created = await services.create_api_key(
            info.context.actor, name=input.name, scopes=list(input.scopes), merchant_id=merchant_id,
            expires_at=input.expires_at,
        )
        return {"api_key": ApiKey.from_row(created.api_key), "secret": created.secret}

    return await mutation_result(ApiKeyCreatePayload, action)
