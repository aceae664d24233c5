from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.api.accounts.types import ApiKey
from backend.api.errors import UserError, mutation_result
from backend.core.ids import expect_global_id


@strawberry.input
class ApiKeyRevokeInput:
    api_key_id: strawberry.ID


@strawberry.type
class ApiKeyRevokePayload:
    api_key: ApiKey | None = None
    errors: list[UserError]


async def api_key_revoke(info: Info, input: ApiKeyRevokeInput) -> ApiKeyRevokePayload:
    async def action() -> dict:
        api_key_id = expect_global_id(input.api_key_id, "ApiKey", field="apiKeyId")
        return {"api_key": ApiKey.from_row(await services.revoke_api_key(info.context.actor, api_key_id))}

    return await mutation_result(ApiKeyRevokePayload, action)
