"""Shop orders into Packline, only through the orders domain's intake (`create_order`: unique by shop and
external id, so an order that arrives by webhook and by a pull, or twice, is one order), and a pull as an import
run whose cursor moves only past orders already committed."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from backend.catalog.tables import Product
from backend.core.authorization import Actor, ActorKind, Permission
from backend.core.errors import DomainError
from backend.orders.model import OrderStatus, PaymentStatus
from backend.orders.services import cancel_order, create_order, update_payment_status
from backend.orders.tables import Order
from backend.shops.credentials import unseal
from backend.orders.model import OrderRequest
from backend.shops.csv_orders import parse_orders, skus_in
from backend.shops.model import SkuRule, shop_sku
from backend.shops.tables import Shop
from backend.shops.woo_orders import UnplaceableOrder, order_request, wanted_skus
from backend.shops.woocommerce import CANCELLED_STATUSES, PAGE_SIZE, WANTED_STATUSES, WooClient, gmt

log = logging.getLogger(__name__)

Key = tuple[datetime, int]


@dataclass(frozen=True)
class Outcome:
    kind: str  # CREATED, UPDATED, DUPLICATE, IGNORED, FAILED
    reason: str = ""
    order_id: UUID | None = None


@dataclass
class Tally:
    fetched: int = 0
    created: int = 0
    updated: int = 0
    duplicates: int = 0
    ignored: int = 0
    failed: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)

    def add(self, order: dict[str, Any], outcome: Outcome) -> None:
        self.fetched += 1
        name = {"CREATED": "created", "UPDATED": "updated", "DUPLICATE": "duplicates", "IGNORED": "ignored",
                "FAILED": "failed"}[outcome.kind]
        setattr(self, name, getattr(self, name) + 1)
        if outcome.kind == "FAILED":
            self.failures.append({"externalId": str(order.get("id")), "number": str(order.get("number") or ""),
                                  "reason": outcome.reason})


def shop_actor(shop: Shop) -> Actor:
    """Who the shop's orders are placed by: bound to the shop's merchant, able to place, pay and cancel orders."""
    return Actor(kind=ActorKind.SYSTEM, label=f"Shop {shop.name}", merchant_id=shop.merchant,
                 permissions=frozenset({Permission.ORDERS_READ, Permission.ORDERS_WRITE, Permission.ORDERS_PAY}))


def woo_client(shop: Shop) -> WooClient:
    secrets = unseal(shop.credentials)
    return WooClient(shop.base_url, secrets.get("consumerKey", ""), secrets.get("consumerSecret", ""))


async def products_by_sku(shop: Shop, skus: set[str]) -> dict[str, UUID]:
    if not skus:
        return {}
    column = "upper(sku)" if shop.sku_rule == SkuRule.IGNORE_CASE.value else "sku"
    rows = await Product.raw(f"SELECT id, {column} AS sku FROM product WHERE merchant = {{}} AND {column} = ANY({{}})",
                             shop.merchant, list(skus))
    return {row["sku"]: row["id"] for row in rows}


async def _existing(shop: Shop, external_id: str) -> dict[str, Any] | None:
    rows = await Order.raw("SELECT id, status, payment_status FROM sales_order WHERE merchant = {} AND shop = {} "
                           "AND external_id = {}", shop.merchant, shop.source_key, external_id)
    return rows[0] if rows else None


def _reason(error: DomainError) -> str:
    return f"{error.message} ({error.field})" if error.field else error.message


async def _update(shop: Shop, order: dict[str, Any], existing: dict[str, Any]) -> Outcome:
    """What the shop changed that Packline follows: a cancellation, a payment."""
    actor, status = shop_actor(shop), order.get("status", "")
    if status in CANCELLED_STATUSES and existing["status"] != OrderStatus.CANCELLED.value:
        await cancel_order(actor, existing["id"], f"Cancelled in the shop ({status})")
        return Outcome("UPDATED", order_id=existing["id"])
    paid = order.get("date_paid_gmt") or order.get("date_paid")
    if paid and existing["payment_status"] == PaymentStatus.PENDING.value and existing["status"] != OrderStatus.CANCELLED.value:
        await update_payment_status(actor, existing["id"], PaymentStatus.PAID, str(order.get("transaction_id") or "")[:100])
        return Outcome("UPDATED", order_id=existing["id"])
    return Outcome("DUPLICATE", order_id=existing["id"])


async def place_request(shop: Shop, request: OrderRequest) -> Outcome:
    """An order the shop's file described, placed for the shop (or recognised as placed before)."""
    request.merchant_id, request.shop, request.warehouse_id = shop.merchant, shop.source_key, shop.warehouse
    try:
        placed, created = await create_order(shop_actor(shop), request)
    except DomainError as error:
        return Outcome("FAILED", _reason(error))
    return Outcome("CREATED" if created else "DUPLICATE", order_id=placed.id)


async def import_upload(shop: Shop, content: str, on_page) -> None:  # noqa: ANN001
    """An uploaded file's orders, committed in pages of `PAGE_SIZE` like a pull's (`on_page(tally, None)`).
    Raises `CsvProblems` when the file no longer passes (a product archived or renamed since the upload)."""
    skus = skus_in(content)
    products = await products_by_sku(shop, {shop_sku(sku, shop.sku_rule, shop.sku_prefix) for sku in skus})
    parsed = parse_orders(content, lambda sku: products.get(shop_sku(sku, shop.sku_rule, shop.sku_prefix)))
    for start in range(0, len(parsed), PAGE_SIZE):
        tally = Tally()
        for order in parsed[start:start + PAGE_SIZE]:
            described = {"id": order.request.external_id, "number": order.request.external_number}
            tally.add(described, await place_request(shop, order.request))
        await on_page(tally, None)


async def import_order(shop: Shop, order: dict[str, Any]) -> Outcome:
    """One WooCommerce order: placed, followed, recognised as known, ignored or failed with the reason."""
    try:
        existing = await _existing(shop, str(order["id"]))
        if existing is not None:
            return await _update(shop, order, existing)
        if order.get("status") not in WANTED_STATUSES:
            return Outcome("IGNORED", f"The shop says it is {order.get('status')}")
        request = order_request(order, shop, await products_by_sku(shop, wanted_skus(order, shop)))
        placed, created = await create_order(shop_actor(shop), request)
        return Outcome("CREATED" if created else "DUPLICATE", order_id=placed.id)
    except (UnplaceableOrder, KeyError, ValueError, TypeError) as error:
        return Outcome("FAILED", str(error) if isinstance(error, UnplaceableOrder) else f"Malformed order: {error!r}")
    except DomainError as error:
        return Outcome("FAILED", _reason(error))


def order_key(order: dict[str, Any]) -> Key:
    modified = gmt(order.get("date_modified_gmt")) or gmt(order.get("date_created_gmt")) or datetime.min
    return modified, int(order["id"])


async def pull_orders(shop: Shop, on_page) -> None:  # noqa: ANN001
    """Every order changed after the shop's cursor, oldest first, a page at a time; `on_page(tally, last_key)`
    commits each page (its orders are committed by then) before the next is fetched. Raises `ShopProblem`.

    Keyset paging: each request starts a second before the cursor (WooCommerce compares whole seconds), orders
    at or before the cursor are passed over, so an order changed meanwhile is seen again rather than skipped."""
    cursor: Key | None = (shop.cursor_modified, shop.cursor_external_id) if shop.cursor_modified else None
    since = shop.cursor_modified - timedelta(seconds=1) if shop.cursor_modified else None
    page = 1
    async with woo_client(shop) as client:
        while True:
            result = await client.orders_page(since, page)
            tally, last = Tally(), cursor
            for order in result.orders:
                key = order_key(order)
                if cursor is not None and key <= cursor:
                    continue
                tally.add(order, await import_order(shop, order))
                last = key if last is None or key > last else last
            await on_page(tally, last)
            if len(result.orders) < PAGE_SIZE or page >= result.total_pages:
                return
            new_since = last[0] - timedelta(seconds=1) if last is not None else since
            page = 1 if new_since != since else page + 1
            since, cursor = new_since, last


def backoff(failures: int) -> timedelta:
    """How long scheduled pulls leave a failing shop alone: 1, 2, 4 … minutes, at most an hour."""
    return timedelta(minutes=min(2 ** max(failures - 1, 0), 60))
