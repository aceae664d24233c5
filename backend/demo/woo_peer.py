"""A local WooCommerce: the REST API v3 order endpoints Packline uses (`/wp-json/wc/v3/orders` listed with
`modified_after`, `orderby=modified`, paging and the `X-WP-Total*` headers; an order's notes; an order's status;
the batch endpoint) and webhook deliveries (`order.created` / `order.updated`, signed as WooCommerce signs them:
`X-WC-Webhook-Signature` is base64 of the HMAC-SHA256 of the body), for the tests and the demo.

Orders are shaped like WooCommerce's documented examples (`line_items` with `subtotal`/`total`/`taxes`,
`coupon_lines`, `shipping_lines`, `tax_lines`, `billing`/`shipping`, money as strings with two decimals, dates with
and without `_gmt`). It checks what WooCommerce checks first (Basic credentials of a REST API key, and the key's
permission: read, write or read_write) and answers errors as WooCommerce does (`{"code", "message", "data":
{"status"}}`).

Tests steer it: `add_order(...)` / `change_order(...)`, `fail_next(...)` (500, 503, "timeout") and `down` (every
request refused with 503, as a shop under maintenance).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import itertools
import json
from collections import deque
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import httpx
from litestar import Litestar, Request, Response, get, post, put
from litestar.params import FromPath

CONSUMER_KEY = "ck_packline_demo_0000000000000000000000000"
CONSUMER_SECRET = "cs_packline_demo_0000000000000000000000000"
WEBHOOK_SECRET = "packline-demo-webhook-secret"
CENT = Decimal("0.01")


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _wc_date(at: datetime) -> str:
    return at.astimezone(UTC).replace(tzinfo=None, microsecond=0).isoformat()


def _error(status: int, code: str, message: str) -> Response:
    return Response({"code": code, "message": message, "data": {"status": status}}, status_code=status)


@dataclass
class Line:
    sku: str
    name: str
    quantity: int
    unit_price: str  # net, before discount, as WooCommerce stores it when prices exclude tax
    tax_rate: str = "19"


@dataclass
class ApiKey:
    key: str
    secret: str
    permissions: str = "read_write"  # read, write or read_write, as WooCommerce → Settings → Advanced → REST API


@dataclass
class WooPeer:
    keys: list[ApiKey] = field(default_factory=lambda: [ApiKey(CONSUMER_KEY, CONSUMER_SECRET)])
    webhook_secret: str = WEBHOOK_SECRET
    orders: dict[int, dict[str, Any]] = field(default_factory=dict)
    notes: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    failures: deque = field(default_factory=deque)
    down: bool = False
    # Requests answered normally before the failures of `fail_next` start.
    succeed_first: int = 0
    # Seconds every API answer takes (a slow shop).
    delay: float = 0.0
    requests: list[tuple[str, str]] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(727))
    _clock: datetime = field(default_factory=lambda: datetime(2026, 11, 2, 9, 0, tzinfo=UTC))

    # ------------------------------------------------------------ what tests steer

    def fail_next(self, *failures: int | str, after: int = 0) -> None:
        """The next API calls (after `after` good ones) fail: 500, 503 or "timeout" (no answer for longer than
        Packline waits)."""
        self.failures.extend(failures)
        self.succeed_first = after

    def tick(self, seconds: float = 1) -> datetime:
        self._clock += timedelta(seconds=seconds)
        return self._clock

    def add_order(self, lines: list[Line], *, status: str = "processing", payment_method: str = "paypal",
                  paid: bool = True, first_name: str = "Jürgen", last_name: str = "Groß",
                  email: str = "juergen.gross@example.test", phone: str = "", country: str = "DE",
                  postcode: str = "10115", city: str = "Berlin", street: str = "Invalidenstraße 117",
                  coupon: tuple[str, str] | None = None, shipping: tuple[str, str, str] = ("flat_rate", "Flat rate", "4.90"),
                  customer_note: str = "", modified_seconds: float = 1) -> dict[str, Any]:
        """An order as WooCommerce stores and lists it; `coupon` is (code, percent off every line)."""
        order_id = next(self._ids)
        at = self.tick(modified_seconds)
        items, tax_lines = self._line_items(order_id, lines, coupon)
        shipping_net = Decimal(shipping[2])
        shipping_tax = (shipping_net * Decimal("0.19")).quantize(CENT, rounding=ROUND_HALF_UP)
        cart_tax = sum((Decimal(i["total_tax"]) for i in items), Decimal(0))
        discount = sum((Decimal(i["subtotal"]) - Decimal(i["total"]) for i in items), Decimal(0))
        discount_tax = sum((Decimal(i["subtotal_tax"]) - Decimal(i["total_tax"]) for i in items), Decimal(0))
        total = sum((Decimal(i["total"]) for i in items), Decimal(0)) + cart_tax + shipping_net + shipping_tax
        address = {"first_name": first_name, "last_name": last_name, "company": "", "address_1": street,
                   "address_2": "", "city": city, "state": "", "postcode": postcode, "country": country}
        order = {
            "id": order_id, "parent_id": 0, "number": str(order_id), "order_key": f"wc_order_{order_id:x}",
            "created_via": "checkout", "version": "9.4.2", "status": status, "currency": "EUR",
            "date_created": _wc_date(at + timedelta(hours=1)), "date_created_gmt": _wc_date(at),
            "date_modified": _wc_date(at + timedelta(hours=1)), "date_modified_gmt": _wc_date(at),
            "discount_total": _money(discount), "discount_tax": _money(discount_tax),
            "shipping_total": _money(shipping_net), "shipping_tax": _money(shipping_tax), "cart_tax": _money(cart_tax),
            "total": _money(total), "total_tax": _money(cart_tax + shipping_tax), "prices_include_tax": False,
            "customer_id": 0, "customer_ip_address": "203.0.113.7", "customer_user_agent": "Mozilla/5.0",
            "customer_note": customer_note,
            "billing": {**address, "email": email, "phone": phone},
            "shipping": {**address, "phone": ""},
            "payment_method": payment_method, "payment_method_title": payment_method.upper(),
            "transaction_id": f"TX{order_id}" if paid else "",
            "date_paid": _wc_date(at + timedelta(hours=1)) if paid else None, "date_paid_gmt": _wc_date(at) if paid else None,
            "date_completed": None, "date_completed_gmt": None, "cart_hash": "", "meta_data": [],
            "line_items": items, "tax_lines": tax_lines,
            "shipping_lines": [{"id": order_id * 10 + 9, "method_title": shipping[1], "method_id": shipping[0],
                                "instance_id": "1", "total": _money(shipping_net), "total_tax": _money(shipping_tax),
                                "taxes": [{"id": 1, "total": _money(shipping_tax), "subtotal": ""}], "meta_data": []}],
            "fee_lines": [],
            "coupon_lines": [{"id": order_id * 10 + 8, "code": coupon[0], "discount": _money(discount),
                              "discount_tax": _money(discount_tax), "meta_data": []}] if coupon else [],
            "refunds": [],
        }
        self.orders[order_id] = order
        return order

    def _line_items(self, order_id: int, lines: list[Line], coupon: tuple[str, str] | None) -> tuple[list, list]:
        items, taxes_by_rate = [], {}
        off = Decimal(coupon[1]) / 100 if coupon else Decimal(0)
        for position, line in enumerate(lines):
            subtotal = Decimal(line.unit_price) * line.quantity
            total = (subtotal * (1 - off)).quantize(CENT, rounding=ROUND_HALF_UP)
            rate = Decimal(line.tax_rate) / 100
            subtotal_tax = (subtotal * rate).quantize(CENT, rounding=ROUND_HALF_UP)
            total_tax = (total * rate).quantize(CENT, rounding=ROUND_HALF_UP)
            rate_id = 1 if line.tax_rate == "19" else 2
            taxes_by_rate[rate_id] = taxes_by_rate.get(rate_id, Decimal(0)) + total_tax
            items.append({"id": order_id * 10 + position, "name": line.name, "product_id": 90 + position,
                          "variation_id": 0, "quantity": line.quantity, "tax_class": "" if rate_id == 1 else "reduced-rate",
                          "subtotal": _money(subtotal), "subtotal_tax": _money(subtotal_tax), "total": _money(total),
                          "total_tax": _money(total_tax),
                          "taxes": [{"id": rate_id, "total": _money(total_tax), "subtotal": _money(subtotal_tax)}],
                          "meta_data": [], "sku": line.sku, "price": float(Decimal(line.unit_price)),
                          "image": {"id": "", "src": ""}, "parent_name": None})
        tax_lines = [{"id": order_id * 10 + 7 - rate_id, "rate_code": f"DE-MWST-{rate_id}", "rate_id": rate_id,
                      "label": "MwSt." if rate_id == 1 else "MwSt. ermäßigt", "compound": False,
                      "tax_total": _money(amount), "shipping_tax_total": "0.00", "rate_percent": 19 if rate_id == 1 else 7,
                      "meta_data": []} for rate_id, amount in taxes_by_rate.items()]
        return items, tax_lines

    def change_order(self, order_id: int, **changes: Any) -> dict[str, Any]:
        """Change an order as the shop's admin would (status, payment …); it is modified now."""
        order = self.orders[order_id]
        at = self.tick()
        order.update(changes, date_modified=_wc_date(at + timedelta(hours=1)), date_modified_gmt=_wc_date(at))
        return order

    # ------------------------------------------------------------ webhooks

    def signed(self, body: bytes, secret: str | None = None) -> str:
        digest = hmac.new((secret or self.webhook_secret).encode(), body, hashlib.sha256).digest()
        return base64.b64encode(digest).decode()

    def delivery(self, order: dict[str, Any], topic: str, delivery_id: str, *, webhook_id: int = 12,
                 secret: str | None = None) -> tuple[bytes, dict[str, str]]:
        """A webhook delivery's body and headers, as WooCommerce sends them."""
        body = json.dumps(order, ensure_ascii=False).encode()
        resource, event = topic.split(".")
        headers = {"Content-Type": "application/json", "User-Agent": "WooCommerce/9.4.2 Hookshot (WordPress/6.7)",
                   "X-WC-Webhook-Source": "https://shop.example.test/", "X-WC-Webhook-Topic": topic,
                   "X-WC-Webhook-Resource": resource, "X-WC-Webhook-Event": event,
                   "X-WC-Webhook-Signature": self.signed(body, secret), "X-WC-Webhook-ID": str(webhook_id),
                   "X-WC-Webhook-Delivery-ID": delivery_id}
        return body, headers

    async def deliver(self, url: str, order: dict[str, Any], topic: str, delivery_id: str) -> int:
        body, headers = self.delivery(order, topic, delivery_id)
        async with httpx.AsyncClient(timeout=5) as client:
            return (await client.post(url, content=body, headers=headers)).status_code

    # ------------------------------------------------------------ the REST API

    async def _gate(self, request: Request, needs: str) -> Response | None:
        self.requests.append((request.method, request.url.path))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.down:
            return _error(503, "maintenance", "Briefly unavailable for scheduled maintenance. Check back in a minute.")
        if self.failures and self.succeed_first > 0:
            self.succeed_first -= 1
        elif self.failures:
            failure = self.failures.popleft()
            if failure == "timeout":
                await asyncio.sleep(30)
            return _error(int(failure) if failure != "timeout" else 504, "internal_server_error",
                          "There has been a critical error on this website.")
        key = self._key(request)
        if key is None:
            return _error(401, "woocommerce_rest_authentication_error", "Consumer key is invalid.")
        if needs not in key.permissions:
            code = "woocommerce_rest_cannot_view" if needs == "read" else "woocommerce_rest_cannot_batch"
            return _error(401, code, "Sorry, you cannot list resources." if needs == "read" else "Sorry, you are not allowed to batch manipulate this resource.")
        return None

    def _key(self, request: Request) -> ApiKey | None:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            user, _, secret = base64.b64decode(value).decode().partition(":")
        except ValueError:
            return None
        return next((k for k in self.keys if hmac.compare_digest(k.key, user) and hmac.compare_digest(k.secret, secret)), None)

    def list_orders(self, query: dict[str, str]) -> Response:
        per_page, page = min(int(query.get("per_page", 10)), 100), int(query.get("page", 1))
        found = list(self.orders.values())
        if query.get("modified_after"):
            after = query["modified_after"].removesuffix("Z")
            column = "date_modified_gmt" if query.get("dates_are_gmt") == "true" else "date_modified"
            found = [o for o in found if o[column] > after]
        if query.get("status") and query["status"] != "any":
            found = [o for o in found if o["status"] in query["status"].split(",")]
        column = {"modified": "date_modified_gmt", "date": "date_created_gmt", "id": "id"}.get(query.get("orderby", "date"), "date_created_gmt")
        found.sort(key=lambda o: (o[column], o["id"]), reverse=query.get("order", "desc") == "desc")
        total_pages = max(1, -(-len(found) // per_page))
        return Response(found[(page - 1) * per_page: page * per_page],
                        headers={"X-WP-Total": str(len(found)), "X-WP-TotalPages": str(total_pages)})

    def app(self) -> Litestar:
        @get("/wp-json/wc/v3/orders")
        async def orders(request: Request) -> Response:
            return await self._gate(request, "read") or self.list_orders(dict(request.query_params))

        @post("/wp-json/wc/v3/orders/batch", status_code=200)
        async def batch(request: Request) -> Response:
            return await self._gate(request, "write") or Response({"create": [], "update": [], "delete": []})

        @post("/wp-json/wc/v3/orders/{order_id:int}/notes", status_code=201)
        async def add_note(request: Request, order_id: FromPath[int]) -> Response:
            refusal = await self._gate(request, "write")
            if refusal or order_id not in self.orders:
                return refusal or _error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.")
            body = await request.json()
            note = {"id": len(self.notes.get(order_id, [])) + 1, "author": "WooCommerce",
                    "date_created_gmt": _wc_date(self.tick()), "note": body.get("note", ""),
                    "customer_note": bool(body.get("customer_note"))}
            self.notes.setdefault(order_id, []).append(note)
            return Response(note, status_code=201)

        @put("/wp-json/wc/v3/orders/{order_id:int}")
        async def update(request: Request, order_id: FromPath[int]) -> Response:
            refusal = await self._gate(request, "write")
            if refusal or order_id not in self.orders:
                return refusal or _error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.")
            body = await request.json()
            return Response(self.change_order(order_id, **{k: v for k, v in body.items() if k in ("status",)}))

        return Litestar(route_handlers=[orders, batch, add_note, update], openapi_config=None)


@asynccontextmanager
async def serving(peer: WooPeer, port: int):  # noqa: ANN201
    """The peer on 127.0.0.1:`port` in this event loop, until the block ends."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(peer.app(), host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield peer
    finally:
        server.should_exit = True
        await task


def main() -> None:
    parser = argparse.ArgumentParser(description="A local WooCommerce shop for the demo.")
    parser.add_argument("--port", type=int, default=8092)
    parser.add_argument("--sku", action="append", default=[], help="a SKU the shop sells (repeat)")
    parser.add_argument("--orders", type=int, default=20, help="orders the shop starts with")
    args = parser.parse_args()
    peer = WooPeer()
    skus = args.sku or ["DEMO-1"]
    for n in range(args.orders):
        peer.add_order([Line(skus[n % len(skus)], f"Artikel {skus[n % len(skus)]}", 1 + n % 3, "12.50")])

    async def run() -> None:
        async with serving(peer, args.port):
            await asyncio.Event().wait()

    asyncio.run(run())


if __name__ == "__main__":
    main()
