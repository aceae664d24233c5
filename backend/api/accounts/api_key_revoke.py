from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.api.accounts.types import ApiKey
from backend.api.errors import mutation_payload, user_errors
from backend.core.ids import expect_global_id


@strawberry.input
class ApiKeyRevokeInput:
    api_key_id: strawberry.ID


ApiKeyRevokePayload = mutation_payload("ApiKeyRevokePayload", api_key=ApiKey)


@user_errors
async def api_key_revoke(info: Info, input: ApiKeyRevokeInput) -> ApiKeyRevokePayload:
    api_key_id = expect_global_id(input.api_key_id, "ApiKey", field="apiKeyId")
    return {"api_key": ApiKey.from_row(await services.revoke_api_key(info.context.actor, api_key_id))}
