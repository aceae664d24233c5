"""Connecting a merchant's shops: their settings and credentials (sealed), reading them in the actor's scope, and
the connection check."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit
from uuid import UUID

from backend.catalog.tables import Warehouse
from backend.core.authorization import Actor, Permission, resolve_merchant
from backend.core.clock import utcnow
from backend.core.errors import FieldChecks, NotFound, ValidationFailed
from backend.core.queries import rows_by_ids
from backend.events.outbox import unit_of_work
from backend.shops.credentials import UnreadableCredentials, reseal, seal, unseal
from backend.shops.events import record_shop
from backend.shops.model import PULLED, SECRET_NAMES, ShopKind, SkuRule
from backend.shops.tables import Shop
from backend.shops.woocommerce import ShopProblem, WooClient

@dataclass(frozen=True)
class ShopInput:
    """What `shopConnect` and `shopUpdate` take; None leaves a value as it is (on update)."""

    kind: str | None = None
    name: str | None = None
    base_url: str | None = None
    # Secrets by name (`SECRET_NAMES`); only those given are replaced.
    secrets: dict[str, str] | None = None
    warehouse_id: UUID | None = None
    sku_rule: str | None = None
    sku_prefix: str | None = None


# ---------------------------------------------------------------- reading


def _scope(actor: Actor) -> list:
    return [] if actor.is_operator else [Shop.merchant == actor.merchant_id]


async def list_shops(actor: Actor, merchant_id: UUID | None = None) -> list[Shop]:
    actor.require(Permission.SHOPS_READ)
    query = Shop.objects().where(Shop.is_active == True)  # noqa: E712
    for condition in _scope(actor):
        query = query.where(condition)
    if merchant_id is not None:
        query = query.where(Shop.merchant == merchant_id)
    return await query.order_by(Shop.name)


async def shops_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, Shop]:
    return await rows_by_ids(Shop, ids, _scope(actor)) if actor.can(Permission.SHOPS_READ) else {}


def secret_names_set(shop: Shop) -> list[str]:
    """Which secrets are stored (never their values)."""
    try:
        return sorted(name for name, value in unseal(shop.credentials).items() if value)
    except UnreadableCredentials:
        return []


# ---------------------------------------------------------------- connecting


def _clean_url(url: str) -> str:
    text = url.strip().rstrip("/")
    if not text:
        return ""  # shops that send their orders need none; pulled ones are told below
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(text) > 300:
        raise ValidationFailed("The shop's address, like https://shop.example.com", field="baseUrl")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValidationFailed("The address without credentials, query or fragment", field="baseUrl")
    return text


def _clean_name(name: str) -> str:
    text = " ".join(name.split())
    if not 1 <= len(text) <= 80:
        raise ValidationFailed("1 to 80 characters", field="name", code="REQUIRED" if not text else "TOO_LONG")
    return text


def _clean_secrets(kind: ShopKind, secrets: dict[str, str]) -> dict[str, str]:
    allowed = SECRET_NAMES[kind]
    for name, value in secrets.items():
        if name not in allowed:
            raise ValidationFailed(f"A {kind.value} shop takes no {name}", field=f"credentials.{name}")
        if len(value) > 500:
            raise ValidationFailed("At most 500 characters", field=f"credentials.{name}", code="TOO_LONG")
    return {name: value.strip() for name, value in secrets.items()}


def _enum(value: str, kind: type, field: str):  # noqa: ANN202
    try:
        return kind(value)
    except ValueError:
        raise ValidationFailed(f"Unknown value {value!r}", field=field) from None


async def _check_warehouse(warehouse_id: UUID | None) -> None:
    if warehouse_id is not None and not await Warehouse.exists().where(
            (Warehouse.id == warehouse_id) & (Warehouse.is_active == True)):  # noqa: E712
        raise NotFound("No such active warehouse", field="warehouseId")


def _apply(shop: Shop, kind: ShopKind, given: ShopInput, checks: FieldChecks) -> None:
    """The input's values onto the shop, each checked."""
    if given.name is not None:
        shop.name = checks.check(_clean_name, given.name) or shop.name
    if given.base_url is not None:
        shop.base_url = checks.check(_clean_url, given.base_url) or ""
    if given.sku_rule is not None:
        shop.sku_rule = (checks.check(_enum, given.sku_rule, SkuRule, "skuRule") or SkuRule.EXACT).value
    if given.sku_prefix is not None:
        prefix = given.sku_prefix.strip()
        if len(prefix) > 40:
            checks.errors.append(ValidationFailed("At most 40 characters", field="skuPrefix", code="TOO_LONG"))
        shop.sku_prefix = prefix
    if given.warehouse_id is not None:
        shop.warehouse = given.warehouse_id
    secrets = checks.check(_clean_secrets, kind, given.secrets or {}) or {}
    if secrets:
        stored = unseal(shop.credentials) if shop.credentials else {}
        shop.credentials = seal({**stored, **secrets})
    elif shop.credentials:
        shop.credentials = reseal(shop.credentials)
    if kind in PULLED and not shop.base_url:
        checks.errors.append(ValidationFailed("Give the shop's address", field="baseUrl", code="REQUIRED"))


async def _name_taken(merchant_id: UUID, name: str, but: UUID | None) -> bool:
    query = Shop.exists().where((Shop.merchant == merchant_id) & ((Shop.name == name) | (Shop.source_key == name)))
    return await (query.where(Shop.id != but) if but else query)


async def connect_shop(actor: Actor, merchant_id: UUID | None, given: ShopInput) -> Shop:
    actor.require(Permission.SHOPS_WRITE)
    checks = FieldChecks()
    owner = checks.check(resolve_merchant, actor, merchant_id)
    kind = checks.check(_enum, given.kind or "", ShopKind, "kind")
    if kind is None or owner is None:
        checks.raise_if_any()
    shop = Shop(merchant=owner, kind=kind.value)
    _apply(shop, kind, given, checks)
    if given.name is None:
        checks.errors.append(ValidationFailed("Name the shop", field="name", code="REQUIRED"))
    checks.raise_if_any()
    await _check_warehouse(given.warehouse_id)
    shop.source_key = shop.name
    async with unit_of_work(actor) as uow:
        if await _name_taken(owner, shop.name, None):
            raise ValidationFailed("The merchant has a shop of this name", field="name", code="DUPLICATE")
        await shop.save()
        record_shop(uow, "shop.connected", shop)
    return shop


async def _locked_shop(actor: Actor, shop_id: UUID) -> Shop:
    query = Shop.objects().where((Shop.id == shop_id) & (Shop.is_active == True))  # noqa: E712
    for condition in _scope(actor):
        query = query.where(condition)
    shop = await query.lock_rows().first()
    if shop is None:
        raise NotFound("No such shop", field="shopId")
    return shop


async def update_shop(actor: Actor, shop_id: UUID, given: ShopInput) -> Shop:
    actor.require(Permission.SHOPS_WRITE)
    await _check_warehouse(given.warehouse_id)
    async with unit_of_work(actor) as uow:
        shop = await _locked_shop(actor, shop_id)
        checks = FieldChecks()
        _apply(shop, ShopKind(shop.kind), given, checks)
        checks.raise_if_any()
        if given.name is not None and await _name_taken(shop.merchant, shop.name, shop.id):
            raise ValidationFailed("The merchant has a shop of this name", field="name", code="DUPLICATE")
        shop.updated_at = utcnow()
        await shop.save()
        record_shop(uow, "shop.updated", shop)
    return shop


async def disconnect_shop(actor: Actor, shop_id: UUID) -> Shop:
    """The shop stops sending and being pulled; its credentials are erased. Its orders stay."""
    actor.require(Permission.SHOPS_WRITE)
    async with unit_of_work(actor) as uow:
        shop = await _locked_shop(actor, shop_id)
        shop.is_active, shop.credentials = False, ""
        shop.disconnected_at = shop.updated_at = utcnow()
        await shop.save()
        record_shop(uow, "shop.disconnected", shop)
    return shop


@dataclass(frozen=True)
class ShopTestResult:
    ok: bool
    problem: str = ""
    message: str = ""


async def test_shop(actor: Actor, shop_id: UUID) -> ShopTestResult:
    """Ask the shop with the stored credentials; say precisely what is wrong. Changes nothing."""
    actor.require(Permission.SHOPS_WRITE)
    shop = await reachable_shop(actor, shop_id)
    if ShopKind(shop.kind) is not ShopKind.WOOCOMMERCE:
        return ShopTestResult(False, "NOT_SUPPORTED", f"{shop.kind} shops cannot be tested yet")
    try:
        secrets = unseal(shop.credentials)
        if not secrets.get("consumerKey") or not secrets.get("consumerSecret"):
            return ShopTestResult(False, "MISSING_CREDENTIALS", "Enter the consumer key and secret")
        async with WooClient(shop.base_url, secrets["consumerKey"], secrets["consumerSecret"]) as client:
            await client.check()
    except UnreadableCredentials as error:
        return ShopTestResult(False, "MISSING_CREDENTIALS", str(error))
    except ShopProblem as problem:
        return ShopTestResult(False, problem.code, problem.message)
    return ShopTestResult(True, "", "Connected: orders can be read and updated")


async def reachable_shop(actor: Actor, shop_id: UUID) -> Shop:
    shop = (await shops_by_ids(actor, [shop_id])).get(shop_id)
    if shop is None or not shop.is_active:
        raise NotFound("No such shop", field="shopId")
    return shop

