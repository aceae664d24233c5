"""Accounts in GraphQL: merchants, users, API keys, signing in and out."""

from __future__ import annotations

import enum

import strawberry
from strawberry.types import Info

from backend.accounts import services
from backend.api.accounts.api_key_create import api_key_create
from backend.api.accounts.api_key_revoke import api_key_revoke
from backend.api.accounts.login import login
from backend.api.accounts.logout import logout
from backend.api.accounts.merchant_create import merchant_create
from backend.api.accounts.merchant_logo_remove import merchant_logo_remove
from backend.api.accounts.merchant_logo_set import merchant_logo_set
from backend.api.accounts.merchant_settings_update import merchant_settings_update
from backend.api.accounts.merchant_update import merchant_update
from backend.api.accounts.types import ApiKey, Merchant, RoleType, User
from backend.api.accounts.user_create import user_create
from backend.api.accounts.user_deactivate import user_deactivate
from backend.api.pagination import Connection, SortDirectionType, page_request
from backend.api.permissions import Authenticated, Public, requires
from backend.core.authorization import Permission
from backend.core.ids import optional_merchant_id
from backend.core.pagination import SortDirection


@strawberry.enum
class MerchantSortField(enum.Enum):
    NAME = "name"
    CODE = "code"
    CREATED_AT = "created_at"


@strawberry.input
class MerchantSort:
    field: MerchantSortField = MerchantSortField.NAME
    direction: SortDirectionType = SortDirection.ASC


@strawberry.input
class MerchantFilter:
    search: str | None = strawberry.field(default=None, description="Part of the name or code.")
    is_active: bool | None = None


@strawberry.enum
class UserSortField(enum.Enum):
    CREATED_AT = "created_at"
    EMAIL = "email"
    NAME = "name"


@strawberry.input
class UserSort:
    field: UserSortField = UserSortField.CREATED_AT
    direction: SortDirectionType = SortDirection.DESC


@strawberry.input
class UserFilter:
    merchant_id: strawberry.ID | None = None
    role: RoleType | None = None
    is_active: bool | None = None
    search: str | None = strawberry.field(default=None, description="Part of the e-mail or name.")


@strawberry.input
class ApiKeyFilter:
    merchant_id: strawberry.ID | None = None
    include_revoked: bool = False


@strawberry.type
class AccountsQuery:
    @strawberry.field(permission_classes=[Authenticated], description="The signed-in user.")
    async def me(self, info: Info) -> User:
        return User.from_row(await services.current_user(info.context.actor))

    @strawberry.field(permission_classes=[requires(Permission.MERCHANTS_READ)])
    async def merchants(
        self, info: Info, first: int | None = None, after: str | None = None, last: int | None = None,
        before: str | None = None, filter: MerchantFilter | None = None, sort: MerchantSort | None = None,
    ) -> Connection[Merchant]:
        filter = filter or MerchantFilter()
        sort = sort or MerchantSort()
        page = await services.list_merchants(
            info.context.actor, page_request(first, after, last, before), search=filter.search,
            is_active=filter.is_active, sort=sort.field.value, direction=sort.direction,
        )
        return Connection.from_page(page, Merchant.from_row)

    @strawberry.field(permission_classes=[requires(Permission.USERS_READ)])
    async def users(
        self, info: Info, first: int | None = None, after: str | None = None, last: int | None = None,
        before: str | None = None, filter: UserFilter | None = None, sort: UserSort | None = None,
    ) -> Connection[User]:
        filter = filter or UserFilter()
        sort = sort or UserSort()
        merchant_id = optional_merchant_id(filter.merchant_id)
        page = await services.list_users(
            info.context.actor, page_request(first, after, last, before), merchant_id=merchant_id,
            role=filter.role, is_active=filter.is_active, search=filter.search, sort=sort.field.value,
            direction=sort.direction,
        )
        return Connection.from_page(page, User.from_row)

    @strawberry.field(permission_classes=[requires(Permission.API_KEYS_READ)])
    async def api_keys(
        self, info: Info, first: int | None = None, after: str | None = None, last: int | None = None,
        before: str | None = None, filter: ApiKeyFilter | None = None,
    ) -> Connection[ApiKey]:
        filter = filter or ApiKeyFilter()
        merchant_id = optional_merchant_id(filter.merchant_id)
        page = await services.list_api_keys(
            info.context.actor, page_request(first, after, last, before), merchant_id=merchant_id,
            include_revoked=filter.include_revoked,
        )
        return Connection.from_page(page, ApiKey.from_row)


@strawberry.type
class AccountsMutation:
    login = strawberry.mutation(resolver=login, permission_classes=[Public], description="Sign in; returns a bearer token.")
    logout = strawberry.mutation(resolver=logout, permission_classes=[Authenticated], description="Revoke this session's token.")
    merchant_create = strawberry.mutation(resolver=merchant_create, permission_classes=[requires(Permission.MERCHANTS_WRITE)])
    merchant_update = strawberry.mutation(resolver=merchant_update, permission_classes=[requires(Permission.MERCHANTS_WRITE)])
    merchant_settings_update = strawberry.mutation(resolver=merchant_settings_update,
                                                   permission_classes=[requires(Permission.MERCHANT_SETTINGS_WRITE)])
    merchant_logo_set = strawberry.mutation(resolver=merchant_logo_set,
                                            permission_classes=[requires(Permission.MERCHANT_SETTINGS_WRITE)])
    merchant_logo_remove = strawberry.mutation(resolver=merchant_logo_remove,
                                               permission_classes=[requires(Permission.MERCHANT_SETTINGS_WRITE)])
    user_create = strawberry.mutation(resolver=user_create, permission_classes=[requires(Permission.USERS_WRITE)])
    user_deactivate = strawberry.mutation(
        resolver=user_deactivate, permission_classes=[requires(Permission.USERS_WRITE)],
        description="Deactivate a user and end their sessions.",
    )
    api_key_create = strawberry.mutation(resolver=api_key_create, permission_classes=[requires(Permission.API_KEYS_WRITE)])
    api_key_revoke = strawberry.mutation(resolver=api_key_revoke, permission_classes=[requires(Permission.API_KEYS_WRITE)])
