"""Who may do what: roles, permissions and tenant scope. Every resolver and every service asks here.

Deny by default: an actor holds exactly the permissions listed for its role (or an API key's scopes), and
merchant-bound actors only ever reach their own merchant's rows.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from backend.core.errors import Forbidden, NotFound, Unauthenticated, ValidationFailed


class Role(str, enum.Enum):
    OPERATOR_ADMIN = "OPERATOR_ADMIN"
    OPERATOR_STAFF = "OPERATOR_STAFF"
    WAREHOUSE = "WAREHOUSE"
    MERCHANT_ADMIN = "MERCHANT_ADMIN"
    MERCHANT_STAFF = "MERCHANT_STAFF"

    @property
    def is_merchant_role(self) -> bool:
        return self in (Role.MERCHANT_ADMIN, Role.MERCHANT_STAFF)


OPERATOR_ROLES = frozenset({Role.OPERATOR_ADMIN, Role.OPERATOR_STAFF, Role.WAREHOUSE})
MERCHANT_ROLES = frozenset({Role.MERCHANT_ADMIN, Role.MERCHANT_STAFF})


class Permission(str, enum.Enum):
    MERCHANTS_READ = "merchants:read"
    MERCHANTS_WRITE = "merchants:write"
    USERS_READ = "users:read"
    USERS_WRITE = "users:write"
    API_KEYS_READ = "api_keys:read"
    API_KEYS_WRITE = "api_keys:write"
    EVENTS_READ = "events:read"
    WAREHOUSES_READ = "warehouses:read"
    WAREHOUSES_WRITE = "warehouses:write"
    PRODUCTS_READ = "products:read"
    PRODUCTS_WRITE = "products:write"
    STOCK_READ = "stock:read"
    # Adjust, transfer and count: the warehouse's own corrections of what is physically there.
    STOCK_WRITE = "stock:write"
    INBOUNDS_READ = "inbounds:read"
    # Announce and cancel deliveries (merchants and operators).
    INBOUNDS_WRITE = "inbounds:write"
    # Count what arrived and close the delivery (the warehouse).
    INBOUNDS_RECEIVE = "inbounds:receive"
    ORDERS_READ = "orders:read"
    # The warehouse sees the orders it may ship (READY and beyond) as fulfillment orders: what to pick, pack and
    # ship, without prices and customer contacts; never drafts or unpaid ones.
    ORDERS_READ_RELEASED = "orders:read_released"
    # Take, edit, hold, release, cancel, note and tag orders.
    ORDERS_WRITE = "orders:write"
    # Picklists: make them, pick them (scan, report short), see them.
    PICKLISTS_READ = "picklists:read"
    PICKLISTS_WRITE = "picklists:write"
    # Parcels, shipments and tracking: merchants read their own orders'; the floor packs and ships.
    PARCELS_READ = "parcels:read"
    PARCELS_WRITE = "parcels:write"
    # Mark orders paid and report payment status (the merchant's bookkeeping and its systems).
    ORDERS_PAY = "orders:pay"
    # The merchant's order policy: which payment methods must be paid first, when unpaid orders lapse.
    ORDER_SETTINGS_WRITE = "order_settings:write"
    # The merchant's documents: their language, logo, sender address, prices on packing slips.
    MERCHANT_SETTINGS_WRITE = "merchant_settings:write"
    # Returns: see them; announce, complete and cancel them (merchants, their systems, support); take them in at
    # the dock, inspect and photograph them, ship return batches (the floor); set the disposition per grade.
    RETURNS_READ = "returns:read"
    RETURNS_WRITE = "returns:write"
    RETURNS_RECEIVE = "returns:receive"
    RETURN_SETTINGS_WRITE = "return_settings:write"
    # The merchant's shop connections and their import runs (merchant admins and operators).
    SHOPS_READ = "shops:read"
    SHOPS_WRITE = "shops:write"
    # The e-mails sent for a merchant (its own, or all for the fulfillment center's support), and sending one again.
    NOTIFICATIONS_READ = "notifications:read"
    NOTIFICATIONS_WRITE = "notifications:write"


P = Permission
_CATALOG_READ = {P.WAREHOUSES_READ, P.PRODUCTS_READ, P.STOCK_READ, P.INBOUNDS_READ}
_ORDERS = {P.ORDERS_READ, P.ORDERS_WRITE, P.ORDERS_PAY, P.PARCELS_READ}
# The warehouse floor: the fulfillment center's own work, never a merchant's.
_FLOOR = {P.PICKLISTS_READ, P.PICKLISTS_WRITE, P.PARCELS_READ, P.PARCELS_WRITE}
_RETURNS = {P.RETURNS_READ, P.RETURNS_WRITE}
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OPERATOR_ADMIN: frozenset(Permission),
    Role.OPERATOR_STAFF: frozenset(
        {P.MERCHANTS_READ, P.USERS_READ, P.API_KEYS_READ, P.EVENTS_READ, *_CATALOG_READ, P.PRODUCTS_WRITE,
         P.STOCK_WRITE, P.INBOUNDS_WRITE, P.INBOUNDS_RECEIVE, *_ORDERS, *_FLOOR, P.MERCHANT_SETTINGS_WRITE,
         *_RETURNS, P.RETURNS_RECEIVE, P.RETURN_SETTINGS_WRITE, P.SHOPS_READ, P.SHOPS_WRITE,
         P.NOTIFICATIONS_READ, P.NOTIFICATIONS_WRITE}
    ),
    Role.WAREHOUSE: frozenset(
        {P.MERCHANTS_READ, P.EVENTS_READ, *_CATALOG_READ, P.STOCK_WRITE, P.INBOUNDS_RECEIVE, P.ORDERS_READ_RELEASED,
         *_FLOOR, P.RETURNS_READ, P.RETURNS_RECEIVE}
    ),
    Role.MERCHANT_ADMIN: frozenset(
        {P.MERCHANTS_READ, P.USERS_READ, P.USERS_WRITE, P.API_KEYS_READ, P.API_KEYS_WRITE, P.EVENTS_READ,
         *_CATALOG_READ, P.PRODUCTS_WRITE, P.INBOUNDS_WRITE, *_ORDERS, P.ORDER_SETTINGS_WRITE,
         P.MERCHANT_SETTINGS_WRITE, *_RETURNS, P.RETURN_SETTINGS_WRITE, P.SHOPS_READ, P.SHOPS_WRITE,
         P.NOTIFICATIONS_READ, P.NOTIFICATIONS_WRITE}
    ),
    Role.MERCHANT_STAFF: frozenset(
        {P.MERCHANTS_READ, P.EVENTS_READ, *_CATALOG_READ, P.PRODUCTS_WRITE, P.INBOUNDS_WRITE, *_ORDERS, *_RETURNS,
         P.NOTIFICATIONS_READ}
    ),
}


class ApiKeyScope(str, enum.Enum):
    """What a merchant may grant one of its API keys: read access and, in later domains, write access.

    Keys never manage users or keys themselves, so a leaked key cannot make itself permanent.
    """

    MERCHANT_READ = "MERCHANT_READ"
    USERS_READ = "USERS_READ"
    EVENTS_READ = "EVENTS_READ"
    PRODUCTS_READ = "PRODUCTS_READ"
    PRODUCTS_WRITE = "PRODUCTS_WRITE"
    INBOUNDS_READ = "INBOUNDS_READ"
    INBOUNDS_WRITE = "INBOUNDS_WRITE"
    ORDERS_READ = "ORDERS_READ"
    # Place and change orders and report their payments (a shop connector, the merchant's ERP).
    ORDERS_WRITE = "ORDERS_WRITE"
    RETURNS_READ = "RETURNS_READ"
    # Announce returns for the merchant's shipped orders (a shop's return portal, the merchant's ERP).
    RETURNS_WRITE = "RETURNS_WRITE"

    @property
    def permissions(self) -> frozenset[Permission]:
        return _SCOPE_PERMISSIONS[self]


_SCOPE_PERMISSIONS = {
    ApiKeyScope.MERCHANT_READ: frozenset({P.MERCHANTS_READ}),
    ApiKeyScope.USERS_READ: frozenset({P.USERS_READ}),
    ApiKeyScope.EVENTS_READ: frozenset({P.EVENTS_READ}),
    ApiKeyScope.PRODUCTS_READ: frozenset({P.PRODUCTS_READ, P.STOCK_READ, P.WAREHOUSES_READ}),
    ApiKeyScope.PRODUCTS_WRITE: frozenset({P.PRODUCTS_READ, P.PRODUCTS_WRITE, P.STOCK_READ, P.WAREHOUSES_READ}),
    ApiKeyScope.INBOUNDS_READ: frozenset({P.INBOUNDS_READ, P.WAREHOUSES_READ}),
    ApiKeyScope.INBOUNDS_WRITE: frozenset({P.INBOUNDS_READ, P.INBOUNDS_WRITE, P.WAREHOUSES_READ}),
    ApiKeyScope.ORDERS_READ: frozenset({P.ORDERS_READ, P.PARCELS_READ}),
    ApiKeyScope.ORDERS_WRITE: frozenset({P.ORDERS_READ, P.ORDERS_WRITE, P.ORDERS_PAY, P.PRODUCTS_READ, P.STOCK_READ,
                                         P.PARCELS_READ}),
    ApiKeyScope.RETURNS_READ: frozenset({P.RETURNS_READ}),
    ApiKeyScope.RETURNS_WRITE: frozenset({P.RETURNS_READ, P.RETURNS_WRITE}),
}


class ActorKind(str, enum.Enum):
    USER = "USER"
    API_KEY = "API_KEY"
    SYSTEM = "SYSTEM"
    ANONYMOUS = "ANONYMOUS"


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    id: UUID | None = None
    label: str = ""
    role: Role | None = None
    merchant_id: UUID | None = None
    permissions: frozenset[Permission] = field(default_factory=frozenset)
    # The bearer credential this actor came with (a session or an API key), for revocation checks.
    credential_id: UUID | None = None
    expires_at: datetime | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.kind is not ActorKind.ANONYMOUS

    @property
    def is_operator(self) -> bool:
        """Sees every merchant (the fulfillment center's own people and background jobs)."""
        return self.is_authenticated and self.merchant_id is None

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission) -> None:
        if not self.is_authenticated:
            raise Unauthenticated("Sign in first")
        if permission not in self.permissions:
            raise Forbidden("You are not allowed to do this")

    def can_reach_merchant(self, merchant_id: UUID | None) -> bool:
        return self.is_operator or (merchant_id is not None and merchant_id == self.merchant_id)

    def merchant_scope(self) -> UUID | None:
        """None for operators (all merchants), otherwise the one merchant this actor belongs to."""
        return None if self.is_operator else self.merchant_id

    def as_event_actor(self) -> dict[str, str | None]:
        return {"kind": self.kind.value, "id": str(self.id) if self.id else None, "label": self.label}


ANONYMOUS = Actor(kind=ActorKind.ANONYMOUS)
SYSTEM = Actor(kind=ActorKind.SYSTEM, label="Packline", permissions=frozenset(Permission))


def permissions_for_role(role: Role) -> frozenset[Permission]:
    return ROLE_PERMISSIONS[role]


def resolve_merchant(actor: Actor, merchant_id: UUID | None) -> UUID:
    """The merchant a merchant-owned object is created for (the tenancy rule of every domain): a merchant user's
    own, or the one an operator names. Another merchant's id is not found, as if it did not exist."""
    if actor.is_operator:
        if merchant_id is None:
            raise ValidationFailed("Choose the merchant", field="merchantId", code="REQUIRED")
        return merchant_id
    if merchant_id is not None and merchant_id != actor.merchant_id:
        raise NotFound("No such merchant", field="merchantId")
    assert actor.merchant_id is not None
    return actor.merchant_id
