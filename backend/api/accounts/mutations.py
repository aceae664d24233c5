from __future__ import annotations

import strawberry

from backend.api.accounts.api_key_create import api_key_create
from backend.api.accounts.api_key_revoke import api_key_revoke
from backend.api.accounts.login import login
from backend.api.accounts.logout import logout
from backend.api.accounts.merchant_create import merchant_create
from backend.api.accounts.merchant_update import merchant_update
from backend.api.accounts.user_create import user_create
from backend.api.accounts.user_deactivate import user_deactivate
from backend.api.permissions import Authenticated, Public, requires
from backend.core.authorization import Permission


@strawberry.type
class AccountsMutation:
    login = strawberry.mutation(resolver=login, permission_classes=[Public], description="Sign in; returns a bearer token.")
    logout = strawberry.mutation(resolver=logout, permission_classes=[Authenticated], description="Revoke this session's token.")
    merchant_create = strawberry.mutation(resolver=merchant_create, permission_classes=[requires(Permission.MERCHANTS_WRITE)])
    merchant_update = strawberry.mutation(resolver=merchant_update, permission_classes=[requires(Permission.MERCHANTS_WRITE)])
    user_create = strawberry.mutation(resolver=user_create, permission_classes=[requires(Permission.USERS_WRITE)])
    user_deactivate = strawberry.mutation(
        resolver=user_deactivate, permission_classes=[requires(Permission.USERS_WRITE)],
        description="Deactivate a user and end their sessions.",
    )
    api_key_create = strawberry.mutation(resolver=api_key_create, permission_classes=[requires(Permission.API_KEYS_WRITE)])
    api_key_revoke = strawberry.mutation(resolver=api_key_revoke, permission_classes=[requires(Permission.API_KEYS_WRITE)])
