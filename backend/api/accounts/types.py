from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from backend.accounts import services
from backend.accounts.tables import ApiKey as ApiKeyRow
from backend.accounts.tables import Merchant as MerchantRow
from backend.accounts.tables import User as UserRow
from backend.api.context import loaders
from backend.api.node import Node, global_id, register_node
from backend.core.authorization import ApiKeyScope, Role

RoleType = strawberry.enum(Role, name="Role", description="What a user may do (design §1).")
ApiKeyScopeType = strawberry.enum(ApiKeyScope, name="ApiKeyScope", description="What an API key may do.")
DocumentLanguageType = strawberry.enum(services.DocumentLanguage, name="DocumentLanguage",
                                       description="The language documents are written in.")


def _merchant_loader(info: Info) -> DataLoader[UUID, MerchantRow | None]:
    actor = info.context.actor

    async def load(ids: list[UUID]) -> list[MerchantRow | None]:
        found = await services.merchants_by_ids(actor, ids)
        return [found.get(i) for i in ids]

    return loaders().get("merchant", lambda: DataLoader(load_fn=load))


async def load_merchant(info: Info, merchant_id: UUID | None) -> Merchant | None:
    if merchant_id is None:
        return None
    row = await _merchant_loader(info).load(merchant_id)
    return Merchant.from_row(row) if row else None


@strawberry.type(description="A fulfillment customer: a company whose goods the warehouse stores and ships.")
class Merchant(Node):
    code: str = strawberry.field(description="Short code, also the prefix of the merchant's order numbers.")
    name: str
    is_active: bool
    created_at: datetime
    language: DocumentLanguageType = strawberry.field(  # type: ignore[valid-type]
        description="The language of the merchant's documents (delivery notes).")
    packing_slip_shows_prices: bool = strawberry.field(
        description="Whether its delivery notes, which go in the customer's box, show prices and the total.")
    address: str = strawberry.field(description="The sender address its documents show, one line per line; empty "
                                                "while unknown.")
    has_logo: bool = strawberry.field(description="Whether its documents carry its logo.")

    @classmethod
    def from_row(cls, row: MerchantRow) -> Merchant:
        return cls(
            id=global_id("Merchant", row.id), code=row.code, name=row.name, is_active=row.is_active,
            created_at=row.created_at, language=services.DocumentLanguage(row.language),
            packing_slip_shows_prices=row.packing_slip_shows_prices, address=row.address,
            has_logo=row.logo_updated_at is not None,
        )


@strawberry.type(description="A person who signs in.")
class User(Node):
    email: str
    name: str
    role: RoleType
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None
    _merchant_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The merchant a merchant user belongs to; null for operators and warehouse staff.")
    async def merchant(self, info: Info) -> Merchant | None:
        return await load_merchant(info, self._merchant_id)

    @classmethod
    def from_row(cls, row: UserRow) -> User:
        return cls(
            id=global_id("User", row.id), email=row.email, name=row.name, role=Role(row.role),
            is_active=row.is_active, created_at=row.created_at, last_login_at=row.last_login_at,
            _merchant_id=row.merchant,
        )


@strawberry.type(description="A credential for a merchant's own systems. The secret is shown only once.")
class ApiKey(Node):
    name: str
    prefix: str = strawberry.field(description="The first characters of the secret, to tell keys apart.")
    scopes: list[ApiKeyScopeType]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    _merchant_id: strawberry.Private[UUID]

    @strawberry.field
    async def merchant(self, info: Info) -> Merchant | None:
        return await load_merchant(info, self._merchant_id)

    @classmethod
    def from_row(cls, row: ApiKeyRow) -> ApiKey:
        return cls(
            id=global_id("ApiKey", row.id), name=row.name, prefix=row.prefix,
            scopes=[ApiKeyScope(s) for s in row.scopes], created_at=row.created_at, expires_at=row.expires_at,
            last_used_at=row.last_used_at, revoked_at=row.revoked_at, _merchant_id=row.merchant,
        )


register_node("Merchant", services.merchants_by_ids, Merchant.from_row)
register_node("User", services.users_by_ids, User.from_row)
register_node("ApiKey", services.api_keys_by_ids, ApiKey.from_row)
