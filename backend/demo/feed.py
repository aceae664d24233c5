"""The demo feed (`packline demo-feed`): a steady trickle of realistic shop orders for the demo merchants, so a
newcomer watching the dashboard sees it move.

Everything goes through the product's own write path, as the merchant's shop connector would: orders are placed
with `orders.services.create_order`, payments reported with `update_payment_status` / `mark_paid`, cancellations
and address corrections with `cancel_order` / `update_order`. The actor is a real
API key of each demo merchant ("Demo shop feed", scopes ORDERS_WRITE and INBOUNDS_WRITE), so the history says who
did it, the merchant can see and revoke the key, and the key cannot touch another merchant's orders.

Products that sell out are restocked through inbound, as in the warehouse (`backend/demo/receiving.py`): the
merchant's key announces a delivery (an ASN, `inbound.create_inbound`) for them and a few of the merchant's other
low products, so their `incoming` rises; some tens of seconds to a few minutes later (scaled with `--interval`) a
simulated receiver counts it in, a few counts some seconds apart (`receive_inbound`), now and then with damaged or
missing units, and closes it (`close_inbound`). The backorder allocation (registered by `run_feed` with
`register_reactions`, as in the API and the worker) hands the arriving units to waiting orders.

The warehouse floor works the orders off (`backend/demo/floor.py`): a simulated picker makes picklists from READY
orders and scans them, a packer packs and ships them with the MANUAL carrier (click & collect orders wait at the
counter and are collected), and a carrier reports them in transit, out for delivery and delivered, a few seconds
to a minute per step (scaled with `--interval`), as the demo's warehouse user. Its state is the database's, so a
restarted feed carries on with the picklists and parcels an earlier run left.

Follow-ups (a card payment confirmed a few seconds later, a bank transfer minutes later, a cancellation, an
address correction, the next step of a delivery) are kept in memory: a restarted feed forgets the orders' ones,
and the unpaid-order cron cleans up; the deliveries it announced and did not close it finds again and finishes.
"""

from __future__ import annotations

import asyncio
import hashlib
import heapq
import itertools
import logging
import random
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from backend.accounts.services import _api_key_actor, create_api_key, revoke_api_key
from backend.accounts.tables import ApiKey, Merchant
from backend.catalog.tables import Product, Warehouse
from backend.core.authorization import SYSTEM, Actor, ApiKeyScope
from backend.core.errors import DomainError
from backend.demo.floor import DemoFloor
from backend.demo.receiving import (
    ARRIVES_AFTER,
    COUNT_EVERY,
    RESUME_AFTER,
    RETRY_AFTER,
    Delivery,
    announce_delivery,
    close_delivery,
    count_delivery,
    open_deliveries,
    waiting_in_backorders,
)
from backend.orders.model import (
    Customer,
    LineRequest,
    OrderRequest,
    OrderSource,
    OrderStatus,
    PaymentMethod,
    PaymentStatus,
    ShippingMethod,
    from_minor,
    to_minor,
)
from backend.orders.services import (
    OrderChanges,
    cancel_order,
    create_order,
    mark_paid,
    update_order,
    update_payment_status,
)
from backend.orders.tables import Order

log = logging.getLogger("packline.demo_feed")

FEED_KEY_NAME = "Demo shop feed"
# The merchant's systems place orders and announce the deliveries that restock them.
FEED_KEY_SCOPES = [ApiKeyScope.INBOUNDS_WRITE, ApiKeyScope.ORDERS_WRITE]
APPLICATION_NAME = "packline demo-feed"
# The pace the timings below are given for (an order every 2-4 s); --interval scales them.
DEFAULT_INTERVAL = 3.0
PRODUCTS_REFRESH_SECONDS = 60.0
# `--once N` is for scripts and tests: it fails instead of retrying for ever.
ONCE_GIVE_UP_AFTER = 5

# ---------------------------------------------------------------- people and places

FIRST_NAMES = [
    "Anna", "Lena", "Mia", "Sophie", "Marie", "Laura", "Julia", "Hannah", "Lea", "Emma", "Katharina", "Sabine",
    "Jonas", "Lukas", "Leon", "Felix", "Paul", "Maximilian", "Tobias", "Jan", "Florian", "Stefan", "Michael",
    "Thomas", "Jürgen", "Jörg", "Björn", "Sören", "Zoë", "Chloé", "Lucas", "Sanne", "Pieter", "Giulia", "Matteo",
    "Agnieszka", "Tomasz", "Ingrid", "Lars", "Tereza", "Élodie",
]
LAST_NAMES = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
    "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann",
    "Huber", "Gruber", "Steiner", "de Vries", "Janssen", "Dubois", "Rossi", "Kowalski", "Nielsen", "Novák",
]
# (country, postal code, city, streets): real postal codes, so the address check passes.
PLACES = [
    ("DE", "10115", "Berlin", ["Invalidenstraße", "Chausseestraße", "Torstraße"]),
    ("DE", "10999", "Berlin", ["Oranienstraße", "Wiener Straße"]),
    ("DE", "20095", "Hamburg", ["Mönckebergstraße", "Spitalerstraße"]),
    ("DE", "22765", "Hamburg", ["Große Brunnenstraße", "Bahrenfelder Straße"]),
    ("DE", "80331", "München", ["Sendlinger Straße", "Rosenstraße"]),
    ("DE", "81667", "München", ["Weißenburger Straße", "Pariser Straße"]),
    ("DE", "50667", "Köln", ["Hohe Straße", "Schildergasse"]),
    ("DE", "60311", "Frankfurt am Main", ["Zeil", "Töngesgasse"]),
    ("DE", "70173", "Stuttgart", ["Königstraße", "Calwer Straße"]),
    ("DE", "04109", "Leipzig", ["Grimmaische Straße", "Petersstraße"]),
    ("DE", "01067", "Dresden", ["Wilsdruffer Straße", "Ostra-Allee"]),
    ("DE", "28195", "Bremen", ["Obernstraße", "Sögestraße"]),
    ("DE", "90402", "Nürnberg", ["Karolinenstraße", "Breite Gasse"]),
    ("DE", "30159", "Hannover", ["Georgstraße", "Bahnhofstraße"]),
    ("DE", "44135", "Dortmund", ["Westenhellweg", "Kampstraße"]),
    ("DE", "48143", "Münster", ["Ludgeristraße", "Salzstraße"]),
    ("DE", "79098", "Freiburg im Breisgau", ["Kaiser-Joseph-Straße", "Salzstraße"]),
    ("DE", "24103", "Kiel", ["Holstenstraße", "Dänische Straße"]),
    ("DE", "18055", "Rostock", ["Kröpeliner Straße", "Lange Straße"]),
    ("DE", "99084", "Erfurt", ["Anger", "Marktstraße"]),
    ("DE", "55116", "Mainz", ["Ludwigsstraße", "Schusterstraße"]),
    ("DE", "93047", "Regensburg", ["Gesandtenstraße", "Ludwigstraße"]),
    ("AT", "1010", "Wien", ["Kärntner Straße", "Graben", "Rotenturmstraße"]),
    ("AT", "8010", "Graz", ["Herrengasse", "Sackstraße"]),
    ("AT", "5020", "Salzburg", ["Getreidegasse", "Linzer Gasse"]),
    ("AT", "6020", "Innsbruck", ["Maria-Theresien-Straße", "Museumstraße"]),
    ("CH", "8001", "Zürich", ["Bahnhofstrasse", "Limmatquai"]),
    ("CH", "3011", "Bern", ["Kramgasse", "Marktgasse"]),
    ("CH", "4051", "Basel", ["Freie Strasse", "Gerbergasse"]),
    ("NL", "1012 AB", "Amsterdam", ["Damrak", "Kalverstraat"]),
    ("NL", "3511 LN", "Utrecht", ["Oudegracht", "Lange Elisabethstraat"]),
    ("BE", "1000", "Bruxelles", ["Rue Neuve", "Rue du Marché aux Herbes"]),
    ("LU", "L-1009", "Luxembourg", ["Grand-Rue", "Avenue de la Liberté"]),
    ("FR", "75001", "Paris", ["Rue de Rivoli", "Rue Saint-Honoré"]),
    ("FR", "67000", "Strasbourg", ["Rue des Grandes Arcades", "Grand'Rue"]),
    ("IT", "20121", "Milano", ["Via Manzoni", "Corso Garibaldi"]),
    ("DK", "1050", "København", ["Strøget", "Bredgade"]),
    ("PL", "00-950", "Warszawa", ["ul. Marszałkowska", "ul. Nowy Świat"]),
    ("CZ", "110 00", "Praha", ["Národní", "Vodičkova"]),
    ("SE", "111 52", "Stockholm", ["Drottninggatan", "Kungsgatan"]),
]
# Mostly German customers, as a German merchant has.
PLACE_WEIGHTS = [6 if country == "DE" else 2 if country in ("AT", "CH") else 1 for country, *_ in PLACES]
# House number after the street here, before it elsewhere.
NUMBER_AFTER_STREET = {"DE", "AT", "CH", "NL", "BE", "IT", "DK", "PL", "CZ", "SE"}
# Country prefixes customers still type in front of postal codes (the address check refuses them).
OLD_COUNTRY_PREFIX = {"DE": "D-", "AT": "A-", "CH": "CH-", "FR": "F-", "IT": "I-", "DK": "DK-", "BE": "B-"}
EMAIL_DOMAINS = ["example.com", "example.net", "example.org"]  # reserved: no mail ever reaches a real person

CUSTOMER_NOTES = [
    "Bitte beim Nachbarn abgeben, falls niemand da ist.", "Ist ein Geschenk – bitte ohne Rechnung im Paket.",
    "Bitte nicht vor 10 Uhr liefern.", "Paket bitte in die Garage legen.", "Please leave at the door.",
]
CANCEL_REASONS = [
    "Customer withdrew the order", "Customer ordered twice by mistake", "Customer chose another size",
    "Customer found it cheaper elsewhere", "Delivery too slow for the customer",
]
SHOP_HOSTS = {"M1": "nordlicht-naturkosmetik.de", "M2": "bergwerk-outdoor.de"}


def mistyped_postal_code(postal_code: str, country: str, rng: random.Random) -> str:
    """The postal code as a hurried customer types it: a digit short, a letter O for a zero, or an old
    country prefix. Each fails the address check, so the order lands ON_HOLD."""
    mistakes = [postal_code[:-1]]
    if "0" in postal_code:
        mistakes.append(postal_code.replace("0", "O", 1))
    if country in OLD_COUNTRY_PREFIX:
        mistakes.append(OLD_COUNTRY_PREFIX[country] + postal_code)
    return rng.choice(mistakes)


def _units(count: int) -> str:
    return f"{count} unit" if count == 1 else f"{count} units"


def _seconds(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds >= 10 else f"{seconds:.1f} s"


def _ascii(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "ë": "e", "ø": "oe",
                           "ł": "l", "á": "a", "ň": "n", "ő": "o", "č": "c", "ç": "c", " ": "", "'": ""})
    return text.lower().translate(table)


# ---------------------------------------------------------------- what the feed works with


@dataclass
class ShopProduct:
    product: Product
    price: str
    # How often it sells compared to the others (some products are bestsellers).
    popularity: int


@dataclass
class DemoShop:
    merchant: Merchant
    actor: Actor
    host: str
    products: list[ShopProduct] = field(default_factory=list)
    next_external_number: int = 0


@dataclass
class OrderPlan:
    """One order the feed is about to place, and what will happen to it afterwards."""

    shop: DemoShop
    request: OrderRequest
    summary: str
    # "paid" (at once), "pays_later", "payment_fails", "bank_pays", "bank_never", "on_delivery"
    payment: str
    pay_after: float = 0.0
    cancel_after: float | None = None
    cancel_reason: str = ""
    # The right address the shop corrects a mistyped one to later (None: nobody will).
    corrected_address: dict[str, str] | None = None
    correct_after: float = 0.0


@dataclass(order=True)
class FollowUp:
    """Something the feed does later: to an order (`subject_id` is the order, `name` its number) or to a delivery
    (the inbound and its reference)."""

    due: float
    sequence: int
    kind: str = field(compare=False)
    subject_id: UUID = field(compare=False)
    name: str = field(compare=False)
    shop: DemoShop | None = field(compare=False, repr=False)
    data: dict[str, Any] = field(compare=False, default_factory=dict)


class DemoDataMissing(Exception):
    """The demo merchants or their warehouse are not there: `packline seed-demo` has not run."""


class FeedGaveUp(Exception):
    """`--once` could not place its orders."""


def _price_for(sku: str) -> str:
    from backend.demo.seed import SHOP_PRICES

    if sku in SHOP_PRICES:
        return SHOP_PRICES[sku]
    # Products the merchant added by hand: a stable price from the SKU.
    cents = 490 + int(hashlib.sha256(sku.encode()).hexdigest()[:6], 16) % 4500
    return from_minor(cents // 10 * 10 + 9, "EUR")


def _popularity(sku: str) -> int:
    return 1 + int(hashlib.sha256(b"popularity:" + sku.encode()).hexdigest()[:4], 16) % 5


async def feed_actor(merchant: Merchant) -> Actor | None:
    """The merchant's "Demo shop feed" API key as an actor, created on first use; None when the merchant
    revoked it (the feed then leaves that merchant alone).

    A key from before the feed announced deliveries (ORDERS_WRITE alone) is replaced by one with both scopes, and
    revoked (`accounts.services` issues and revokes keys; it does not change their scopes)."""
    rows = await ApiKey.select(ApiKey.id, ApiKey.name, ApiKey.scopes, ApiKey.merchant, ApiKey.expires_at,
                               ApiKey.revoked_at).where(
        (ApiKey.merchant == merchant.id) & (ApiKey.name == FEED_KEY_NAME)
    ).order_by(ApiKey.created_at, ascending=False)
    now = datetime.now(UTC)
    for row in rows:
        if row["revoked_at"] is None and (row["expires_at"] is None or row["expires_at"] > now):
            if {s.value for s in FEED_KEY_SCOPES} <= set(row["scopes"]):
                return _api_key_actor(row)
            actor = await _new_feed_key(merchant)
            await revoke_api_key(SYSTEM, row["id"])
            log.info("replaced the %r API key of %s by one that may also announce deliveries (%s); the old key is "
                     "revoked", FEED_KEY_NAME, merchant.name, ApiKeyScope.INBOUNDS_WRITE.value)
            return actor
    if rows:
        return None
    return await _new_feed_key(merchant)


async def _new_feed_key(merchant: Merchant) -> Actor:
    created = await create_api_key(SYSTEM, name=FEED_KEY_NAME, scopes=FEED_KEY_SCOPES, merchant_id=merchant.id)
    key = created.api_key
    return _api_key_actor({"id": key.id, "name": key.name, "scopes": key.scopes, "merchant": key.merchant,
                           "expires_at": key.expires_at})


class DemoFeed:
    """Places one order per `tick` and carries out whatever follow-ups and restocks have come due.

    `interval` is the feed's pace (seconds between orders, 3 by default); the deliveries' timings scale with it."""

    def __init__(self, *, rng: random.Random | None = None, clock: Callable[[], float] = time.monotonic,
                 interval: float = DEFAULT_INTERVAL, floor_rng: random.Random | None = None,
                 work_floor: bool = True) -> None:
        self.rng = rng or random.Random()
        # The floor draws from its own generator, so a seeded feed places the same orders with or without it.
        self.floor_rng = floor_rng or random.Random()
        self.floor: DemoFloor | None = None
        self.work_floor = work_floor
        self.clock = clock
        self.pace = interval / DEFAULT_INTERVAL
        self.shops: list[DemoShop] = []
        self.warehouse: Warehouse | None = None
        # Every demo merchant by id, also those whose key is revoked (their deliveries are still received).
        self.merchant_names: dict[UUID, str] = {}
        self.follow_ups: list[FollowUp] = []
        self._sequence = itertools.count()
        self._products_loaded_at = float("-inf")
        # The deliveries the feed announced (or took over) and has not closed yet, by inbound id.
        self.deliveries: dict[UUID, Delivery] = {}
        # merchant id -> no announcement before (after the inbound service refused one)
        self._announce_paused: dict[UUID, float] = {}
        self.placed = 0
        self.failures = 0

    # ------------------------------------------------------------ set-up

    async def prepare(self) -> None:
        """Find the demo merchants, their feed keys, warehouse and products (again every minute, so products
        added or archived meanwhile are picked up and a revoked key is respected)."""
        from backend.demo.seed import MERCHANTS, WAREHOUSE

        self.warehouse = await Warehouse.objects().where(Warehouse.code == WAREHOUSE[0]).first()
        merchants = {m.code: m for m in await Merchant.objects().where(Merchant.code.is_in([c for c, _ in MERCHANTS]))}
        if self.warehouse is None or len(merchants) < len(MERCHANTS):
            raise DemoDataMissing("The demo merchants are missing: run `packline seed-demo` first")
        self.merchant_names = {m.id: m.name for m in merchants.values()}
        if self.work_floor and (self.floor is None or self.floor.warehouse.id != self.warehouse.id):
            self.floor = DemoFloor(self.warehouse, rng=self.floor_rng, clock=self.clock, pace=self.pace)
            if not await self.floor.prepare():
                log.info("the demo warehouse user is missing or deactivated: nobody works the floor")
        known = {shop.merchant.id: shop for shop in self.shops}
        first_time = self._products_loaded_at == float("-inf")
        shops = []
        for code, _ in MERCHANTS:
            merchant = merchants[code]
            if not merchant.is_active:
                continue
            actor = await feed_actor(merchant)
            if actor is None:
                if first_time or merchant.id in known:  # say it once, not every minute
                    log.info("the %r API key of %s is revoked: no demo orders for it", FEED_KEY_NAME, merchant.name)
                continue
            shop = known.get(merchant.id) or DemoShop(merchant, actor, SHOP_HOSTS.get(code, f"{code.lower()}.example"),
                                                      next_external_number=self.rng.randint(100_000, 899_999))
            shop.actor = actor
            rows = await Product.objects().where(
                (Product.merchant == merchant.id) & (Product.is_archived == False)  # noqa: E712
            ).order_by(Product.sku)
            shop.products = [ShopProduct(p, _price_for(p.sku), _popularity(p.sku)) for p in rows]
            if shop.products:
                shops.append(shop)
        self.shops = shops
        self._products_loaded_at = self.clock()
        if not self.shops:
            raise DemoDataMissing("No demo merchant with products and an active feed key")

    # ------------------------------------------------------------ one order

    def plan_order(self) -> OrderPlan:
        """A realistic order: a customer somewhere in the EU, one to four products, a payment method and what
        will happen to the order later. (The random draws come in a fixed order, so a seed repeats a feed.)"""
        rng = self.rng
        shop = rng.choices(self.shops, weights=[3 if s.merchant.code == "M1" else 2 for s in self.shops])[0]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{first} {last}"
        address, corrected = self._plan_address(name, last)
        country = address["country"]
        lines = self._plan_lines(shop)
        subtotal = sum(to_minor(line.unit_price or "0", "EUR", "price") * line.quantity for line in lines)
        shipping, shipping_price = self._plan_shipping(country, subtotal)
        method, payment_status, payment, pay_after = self._plan_payment()
        cancel_after = rng.uniform(20, 240) if rng.random() < 0.05 else None
        via_api = rng.random() < 0.1
        shop.next_external_number += 1
        request = OrderRequest(
            lines=lines, currency="EUR", payment_method=method.value, payment_status=payment_status.value,
            shipping_method=shipping.value, shipping_price=shipping_price,
            customer=Customer(name, f"{_ascii(first)}.{_ascii(last)}{rng.randint(1, 99)}@{rng.choice(EMAIL_DOMAINS)}",
                              f"+49 1{rng.choice(['51', '52', '60', '70', '76'])} {rng.randint(1_000_000, 9_999_999)}"),
            shipping_address=address, customer_note=rng.choice(CUSTOMER_NOTES) if rng.random() < 0.08 else "",
            tags=[t for t, p in (("newsletter", 0.15), ("first-order", 0.2), ("gift", 0.05)) if rng.random() < p],
            warehouse_id=self.warehouse.id if self.warehouse else None,
        )
        if via_api:  # the merchant's ERP (e.g. a marketplace) sends it with an idempotency key
            request.source = OrderSource.API.value
            request.idempotency_key = f"erp-{shop.next_external_number}-{rng.getrandbits(32):08x}"
        else:
            request.source, request.shop = OrderSource.SHOP.value, shop.host
            request.external_id = f"{shop.host}:{shop.next_external_number}:{rng.getrandbits(32):08x}"
            request.external_number = f"#{shop.next_external_number}"
        summary = f"{name}, {address['postalCode']} {address['city']} {country}"
        return OrderPlan(shop, request, summary, payment, pay_after, cancel_after,
                         rng.choice(CANCEL_REASONS) if cancel_after else "", corrected, rng.uniform(30, 150))

    def _plan_address(self, name: str, last: str) -> tuple[dict[str, str], dict[str, str] | None]:
        """A shipping address, sometimes with a mistyped postal code (and the correction the shop will send)."""
        rng = self.rng
        country, postal_code, city, streets = rng.choices(PLACES, weights=PLACE_WEIGHTS)[0]
        street, number = rng.choice(streets), str(rng.randint(1, 140)) + rng.choice(["", "", "", "", "a", "b"])
        line1 = f"{street} {number}" if country in NUMBER_AFTER_STREET else f"{number} {street}"
        address = {"name": name, "line1": line1, "postalCode": postal_code, "city": city, "country": country}
        if rng.random() < 0.05:
            address["company"] = f"{last} {rng.choice(['GmbH', 'KG', 'e.K.', 'AG'])}"
        corrected = None
        if rng.random() < 0.04:
            # Most such orders are corrected by the shop's customer service a minute or two later; the rest wait
            # in ON_HOLD for someone in the dashboard.
            corrected = dict(address) if rng.random() < 0.75 else None
            address = {**address, "postalCode": mistyped_postal_code(postal_code, country, rng)}
        return address, corrected

    def _plan_lines(self, shop: DemoShop) -> list[LineRequest]:
        """One to four of the shop's products, popular ones more often; expensive ones once."""
        rng = self.rng
        count = rng.choices([1, 2, 3, 4], weights=[55, 28, 12, 5])[0]
        chosen: list[ShopProduct] = []
        while len(chosen) < min(count, len(shop.products)):
            pick = rng.choices(shop.products, weights=[p.popularity for p in shop.products])[0]
            if pick not in chosen:
                chosen.append(pick)
        return [LineRequest(p.product.id, 1 if to_minor(p.price, "EUR", "price") > 100_00 else
                            rng.choices([1, 2, 3], weights=[75, 18, 7])[0], p.price) for p in chosen]

    def _plan_shipping(self, country: str, subtotal: int) -> tuple[ShippingMethod, str]:
        shipping = self.rng.choices(list(ShippingMethod), weights=[78, 10, 4, 8])[0]
        if shipping is ShippingMethod.CLICK_AND_COLLECT and country != "DE":
            shipping = ShippingMethod.STANDARD
        price = {ShippingMethod.STANDARD: "0" if subtotal >= 50_00 and country == "DE" else
                 ("4.90" if country == "DE" else "9.90"),
                 ShippingMethod.EXPRESS: "9.90", ShippingMethod.NEXT_DAY: "14.90",
                 ShippingMethod.CLICK_AND_COLLECT: "0"}[shipping]
        return shipping, price

    def _plan_payment(self) -> tuple[PaymentMethod, PaymentStatus, str, float]:
        """The payment method, its status at placement, what happens to the payment later and after how long."""
        rng = self.rng
        method = rng.choices([PaymentMethod.CARD, PaymentMethod.PAYPAL, PaymentMethod.BANK_TRANSFER,
                              PaymentMethod.INVOICE, PaymentMethod.CASH_ON_DELIVERY], weights=[35, 25, 15, 20, 5])[0]
        payment_status = PaymentStatus.PENDING
        pay_after = 0.0
        if method in (PaymentMethod.CARD, PaymentMethod.PAYPAL):
            roll = rng.random()
            if roll < 0.65:
                payment, payment_status = "paid", PaymentStatus.PAID
            elif roll < 0.93:
                payment, pay_after = "pays_later", rng.uniform(5, 45)
            else:
                payment, pay_after = "payment_fails", rng.uniform(10, 40)
        elif method is PaymentMethod.BANK_TRANSFER:
            payment, pay_after = ("bank_pays", rng.uniform(120, 480)) if rng.random() < 0.7 else ("bank_never", 0.0)
        else:
            payment = "on_delivery" if method is PaymentMethod.CASH_ON_DELIVERY else "invoice"
        return method, payment_status, payment, pay_after

    async def place(self, plan: OrderPlan) -> Order:
        order, _ = await create_order(plan.shop.actor, plan.request)
        self.placed += 1
        lines = len(plan.request.lines)
        detail = f" ({order.hold_reason})" if order.hold_reason else ""
        log.info("placed %s %s%s · %d line%s · %s %s · %s %s · %s", order.number, order.status, detail, lines,
                 "" if lines == 1 else "s", from_minor(order.total, order.currency), order.currency,
                 order.payment_method, order.payment_status, plan.summary)
        now = self.clock()
        if plan.payment == "pays_later":
            self._schedule(now + plan.pay_after, "pay", order, plan.shop)
        elif plan.payment == "payment_fails":
            self._schedule(now + plan.pay_after, "payment_failed", order, plan.shop)
        elif plan.payment == "bank_pays":
            self._schedule(now + plan.pay_after, "bank_transfer", order, plan.shop)
        if plan.cancel_after is not None:
            self._schedule(now + plan.cancel_after, "cancel", order, plan.shop, reason=plan.cancel_reason)
        if plan.corrected_address is not None and order.status == OrderStatus.ON_HOLD.value:
            self._schedule(now + plan.correct_after, "correct_address", order, plan.shop, address=plan.corrected_address)
        return order

    def _schedule(self, due: float, kind: str, order: Order, shop: DemoShop, **data: Any) -> None:
        heapq.heappush(self.follow_ups, FollowUp(due, next(self._sequence), kind, order.id, order.number, shop, data))

    def _schedule_delivery(self, delay: tuple[float, float] | float, kind: str, delivery: Delivery) -> float:
        """The next step of a delivery, after `delay` seconds at the default pace (a range: a random time in it);
        returns the seconds it will actually take."""
        seconds = (self.rng.uniform(*delay) if isinstance(delay, tuple) else delay) * self.pace
        heapq.heappush(self.follow_ups, FollowUp(self.clock() + seconds, next(self._sequence), kind,
                                                 delivery.inbound_id, delivery.reference, None))
        return seconds

    # ------------------------------------------------------------ what happens later

    async def run_due(self) -> int:
        """Carry out every follow-up whose time has come; returns how many were attempted."""
        done = 0
        while self.follow_ups and self.follow_ups[0].due <= self.clock():
            follow_up = heapq.heappop(self.follow_ups)
            await self._safely(f"{follow_up.kind.replace('_', ' ')} {follow_up.name}", self._follow_up(follow_up))
            done += 1
        return done

    async def _follow_up(self, f: FollowUp) -> None:
        if f.kind in ("count_delivery", "close_delivery"):
            await self._delivery_step(f)
            return
        assert f.shop is not None
        actor = f.shop.actor
        try:
            if f.kind == "pay":
                reference = f"PSP-{self.rng.getrandbits(40):010x}"
                order = await update_payment_status(actor, f.subject_id, PaymentStatus.PAID, reference)
                log.info("paid %s (%s %s) → %s", f.name, order.payment_method, reference, order.status)
            elif f.kind == "payment_failed":
                order = await update_payment_status(actor, f.subject_id, PaymentStatus.FAILED)
                log.info("payment failed for %s (%s) → %s", f.name, order.payment_method, order.status)
                self._schedule(self.clock() + self.rng.uniform(30, 120), "cancel", order, f.shop,
                               reason="Payment failed and the customer did not retry")
            elif f.kind == "bank_transfer":
                reference = f"SEPA {datetime.now(UTC):%Y%m%d} {self.rng.getrandbits(32):08X}"
                outcome = (await mark_paid(actor, [f.subject_id], reference=reference))[0]
                if outcome.error is not None:
                    raise outcome.error
                log.info("bank transfer received for %s (%s) → %s", f.name, reference, outcome.order.status)
            elif f.kind == "cancel":
                before = await Order.select(Order.status).where(Order.id == f.subject_id).first()
                order = await cancel_order(actor, f.subject_id, f.data["reason"])
                log.info("cancelled %s (was %s): %s", f.name, before["status"] if before else "?", f.data["reason"])
            elif f.kind == "correct_address":
                current = await Order.select(Order.version).where(Order.id == f.subject_id).first()
                if current is None:
                    return
                order = await update_order(actor, f.subject_id, current["version"],
                                           OrderChanges(shipping_address=f.data["address"]))
                log.info("address of %s corrected to %s %s → %s", f.name, f.data["address"]["postalCode"],
                         f.data["address"]["city"], order.status)
        except DomainError as refused:
            # Someone in the dashboard got there first (cancelled, paid, changed the order): that is fine.
            log.info("skipped %s for %s: %s", f.kind.replace("_", " "), f.name, refused.message)

    async def restock(self) -> int:
        """Notice products that sold out and announce a delivery for them: one per merchant, with its sold-out
        products (what backorders wait for plus a fresh batch) and maybe a few of its other low ones, leaving out
        what a delivery of the feed already brings. Returns how many deliveries were announced."""
        if self.warehouse is None:
            return 0
        products = {p.product.id: p.product for shop in self.shops for p in shop.products}
        if not products:
            return 0
        rows = await Order.raw(
            "SELECT p.id, coalesce(s.on_hand - s.reserved - s.blocked, 0) AS available FROM product p "
            "LEFT JOIN stock_level s ON s.product = p.id AND s.warehouse = {} WHERE p.id = ANY({})",
            self.warehouse.id, list(products),
        )
        available = {row["id"]: row["available"] for row in rows}
        coming = {product_id for delivery in self.deliveries.values() for product_id in delivery.skus}
        now = self.clock()
        announced = 0
        for shop in self.shops:
            if self._announce_paused.get(shop.merchant.id, float("-inf")) > now:
                continue
            candidates = [p.product for p in shop.products if p.product.id not in coming]
            sold_out = [p for p in candidates if available.get(p.id, 0) <= 0]
            if not sold_out:
                continue
            low = [p for p in candidates if 0 < available.get(p.id, 0) <= p.low_stock_threshold]
            also = self.rng.sample(low, min(len(low), self.rng.randint(0, 2)))
            waiting = await waiting_in_backorders(self.warehouse.id, [p.id for p in sold_out])
            wanted = [(p, waiting.get(p.id, 0) + self.rng.randint(30, 90)) for p in sold_out]
            wanted += [(p, self.rng.randint(20, 60)) for p in also]
            if await self.announce(shop, wanted, waiting):
                announced += 1
        return announced

    async def announce(self, shop: DemoShop, wanted: list[tuple[Product, int]],
                       waiting: dict[UUID, int] | None = None) -> Delivery | None:
        """The merchant announces a delivery of these products (as its feed key); the receiver takes it from
        there. None when the inbound service refused it (the merchant is left alone for a while)."""
        assert self.warehouse is not None
        try:
            delivery, text = await announce_delivery(shop.actor, shop.merchant, self.warehouse, wanted, self.rng)
        except DomainError as refused:
            self._announce_paused[shop.merchant.id] = self.clock() + RETRY_AFTER * 4 * self.pace
            log.info("no delivery announced for %s: %s", shop.merchant.name, refused.message)
            return None
        self.deliveries[delivery.inbound_id] = delivery
        arrives = self._schedule_delivery(ARRIVES_AFTER, "count_delivery", delivery)
        backordered = [f"{delivery.skus[product_id]} {_units(units)}" for product_id, units in (waiting or {}).items()
                       if units and product_id in delivery.skus]
        log.info("%s%s; it arrives in about %s", text,
                 f" (waiting in backorders: {', '.join(backordered)})" if backordered else "", _seconds(arrives))
        return delivery

    async def resume_deliveries(self) -> int:
        """Take over the deliveries the feed announced that are not closed and that no step is planned for (an
        earlier run left them open): each is counted in full a few seconds from now and closed. Returns how many."""
        if self.warehouse is None:
            return 0
        taken = 0
        for delivery in await open_deliveries(self.merchant_names, self.warehouse.id):
            if delivery.inbound_id in self.deliveries:
                continue
            self.deliveries[delivery.inbound_id] = delivery
            starts = self._schedule_delivery(RESUME_AFTER, "count_delivery", delivery)
            log.info("taking over delivery %s of %s (%s) left open by an earlier run: counting it in about %s",
                     delivery.reference, delivery.merchant_name, ", ".join(sorted(delivery.skus.values())),
                     _seconds(starts))
            taken += 1
        return taken

    async def _delivery_step(self, f: FollowUp) -> None:
        """Count a delivery once more or close it. A refusal (someone closed or cancelled it in the dashboard)
        ends the feed's part; another failure plans the same step again a little later."""
        delivery = self.deliveries.get(f.subject_id)
        if delivery is None:
            return
        try:
            if f.kind == "count_delivery":
                done, text = await count_delivery(delivery, self.rng)
                after = self._schedule_delivery(COUNT_EVERY, "close_delivery" if done else "count_delivery", delivery)
                log.info("%s; %s in about %s", text, "closing it" if done else "next count", _seconds(after))
            else:
                text = await close_delivery(delivery)
                del self.deliveries[delivery.inbound_id]
                log.info("%s", text)
        except DomainError as refused:
            self.deliveries.pop(delivery.inbound_id, None)
            log.info("skipped %s %s: %s", f.kind.replace("_", " "), f.name, refused.message)
        except Exception:
            self._schedule_delivery(RETRY_AFTER, f.kind, delivery)
            raise

    # ------------------------------------------------------------ the loop

    async def _safely(self, what: str, action: Any) -> bool:
        """Run one action; a failure (a database or Redis hiccup, a bug) is logged and the feed goes on.

        Each action runs as its own task, as each API request does: Piccolo keeps the open transaction in a
        context variable and leaves it set when a rollback fails on a dead connection, which would poison
        every later query of a long-lived loop. A task's context is a copy, so the damage ends with the task.
        """
        try:
            await asyncio.get_running_loop().create_task(_isolated(action))
            return True
        except Exception as error:  # noqa: BLE001 - a demo feed must outlive transient failures
            self.failures += 1
            log.warning("%s failed (%s: %s); carrying on", what, type(error).__name__, str(error)[:200] or "-")
            return False

    async def tick(self) -> bool:
        """Follow-ups (the deliveries' counts among them), restocks, the floor's due work, then one new order.
        Returns whether the order was placed."""
        if self.clock() - self._products_loaded_at >= PRODUCTS_REFRESH_SECONDS:
            if await self._safely("reloading the demo catalog", self.prepare()):
                await self._safely("looking for open deliveries", self.resume_deliveries())
        await self.run_due()
        await self._safely("checking stock", self.restock())
        if self.floor is not None:
            await self._safely("working the floor", self.floor.work())
        if not self.shops:
            return False
        return await self._safely("placing an order", self.place(self.plan_order()))


async def _isolated(action: Any) -> None:
    """Run `action` (in a task of its own) and, should it leave a transaction behind, give that transaction's
    connection back to the pool: Piccolo neither releases it nor forgets the transaction when the rollback
    fails on a dead connection, so each outage would otherwise cost the pool a connection for good."""
    from backend.core.db import engine

    try:
        await action
    finally:
        db = engine()
        leaked = db.current_transaction.get()
        if leaked is not None:
            db.current_transaction.set(None)
            if db.pool is not None and getattr(leaked, "connection", None) is not None:
                try:
                    await db.pool.release(leaked.connection)
                except Exception:  # noqa: BLE001 - the pool replaces a broken connection on its own
                    log.debug("releasing a dead connection failed", exc_info=True)


def _pace(interval: float, rng: random.Random) -> float:
    """Seconds until the next order: around `interval`, by a third either way (2–4 s for the default 3)."""
    return rng.uniform(interval * 2 / 3, interval * 4 / 3)


async def run_feed(*, interval: float = 3.0, once: int | None = None, seed: int | None = None,
                   floor: bool = True) -> int:
    """Run the feed until SIGINT/SIGTERM (or, with `once`, until that many orders were placed); returns how many
    orders it placed. With `floor`, the simulated floor works the orders off. Opens and closes its own connection
    pool."""
    from backend.core.db import engine, keep_session
    from backend.reactions import register_reactions
    from backend.settings import get_settings

    register_reactions()
    settings = get_settings().database
    # Named, so `pg_stat_activity` tells the feed's connections from the API's.
    await engine().start_connection_pool(min_size=1, max_size=min(settings.pool_max_size, 4), reset=keep_session,
                                         server_settings={"application_name": APPLICATION_NAME})
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    rng = random.Random(seed)
    # `--once` places its orders back to back and exits within seconds: nobody works the floor meanwhile.
    feed = DemoFeed(rng=rng, interval=interval, floor_rng=random.Random(None if seed is None else seed + 1),
                    work_floor=floor and once is None)
    try:
        await feed.prepare()
        log.info("demo feed started: %s; %s", ", ".join(f"{s.merchant.name} ({len(s.products)} products)" for s in feed.shops),
                 f"{once} orders" if once is not None else f"an order every {interval * 2 / 3:.1f}–{interval * 4 / 3:.1f} s")
        await feed._safely("looking for open deliveries", feed.resume_deliveries())
        await _place_until_stopped(feed, stopping, interval=interval, once=once, rng=rng)
        floor = feed.floor
        log.info("demo feed stopped: %d orders placed, %d follow-ups pending, %d failures%s%s", feed.placed,
                 len(feed.follow_ups), feed.failures,
                 f", the floor made {floor.scans} scans, shipped {floor.shipped} parcels and saw {floor.delivered} "
                 "delivered" if floor else "",
                 f", {len(feed.deliveries)} {'delivery' if len(feed.deliveries) == 1 else 'deliveries'} open "
                 "(the next run finishes them)" if feed.deliveries else "")
        return feed.placed
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        await _close_resources()


async def _place_until_stopped(feed: DemoFeed, stopping: asyncio.Event, *, interval: float, once: int | None,
                               rng: random.Random) -> None:
    backoff = 0.0
    failed_in_a_row = 0
    while not stopping.is_set() and (once is None or feed.placed < once):
        started = time.monotonic()
        placed = await feed.tick()
        failed_in_a_row = 0 if placed else failed_in_a_row + 1
        if once is not None and failed_in_a_row >= ONCE_GIVE_UP_AFTER:
            raise FeedGaveUp(f"{failed_in_a_row} orders in a row could not be placed; giving up")
        # After a failure wait longer each time (up to half a minute), so an outage does not flood the log.
        backoff = 0.0 if placed else min(max(backoff * 2, 1.0), 30.0)
        if once is not None and backoff == 0.0:
            continue  # --once places its orders back to back
        wait = max(backoff, _pace(interval, rng) - (time.monotonic() - started))
        try:
            await asyncio.wait_for(stopping.wait(), timeout=wait)
        except TimeoutError:
            pass


async def _close_resources() -> None:
    from backend.core.db import close_pool, engine
    from backend.core.redis import close_redis
    from backend.events.outbox import flush_published_marks

    try:
        await asyncio.wait_for(flush_published_marks(), 5)
    except Exception:  # noqa: BLE001 - the relay re-publishes unmarked events
        pass
    try:
        await asyncio.wait_for(close_pool(), 5)
    except TimeoutError:
        # A graceful close waits for every connection to come back; one stuck in a dead server's transaction
        # never would.
        engine().pool.terminate()
        engine().pool = None
    await close_redis()
