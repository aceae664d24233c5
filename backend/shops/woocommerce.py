"""WooCommerce's REST API v3 as Packline uses it: orders changed since a cursor (paged), a connection check that
says what is wrong, and an order completed with its tracking number as a note. Basic auth with the consumer key
and secret (WooCommerce's way over HTTPS); the credentials go in the header only, never in a URL or a log line."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from backend.settings import get_settings

API_PATH = "/wp-json/wc/v3"
PAGE_SIZE = 50
# Statuses of orders that still want fulfilling; the others (cancelled, refunded, failed, completed, drafts,
# trash) are not imported.
WANTED_STATUSES = frozenset({"pending", "on-hold", "processing"})
CANCELLED_STATUSES = frozenset({"cancelled", "refunded", "failed", "trash"})


class ShopProblem(Exception):
    """The shop could not be used; `code` says how (UNREACHABLE, UNAUTHORIZED, MISSING_PERMISSION, NOT_WOOCOMMERCE,
    SHOP_ERROR), the message says it in words for the merchant."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class OrdersPage:
    orders: list[dict[str, Any]]
    total_pages: int


def signature(secret: str, body: bytes) -> str:
    """`X-WC-Webhook-Signature`: base64 of the HMAC-SHA256 of the raw body under the webhook secret."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def signature_matches(secret: str, body: bytes, given: str | None) -> bool:
    return bool(secret) and bool(given) and hmac.compare_digest(signature(secret, body), given.strip())


def gmt(value: str | None) -> datetime | None:
    """A WooCommerce `*_gmt` date ("2017-03-22T19:28:02", no zone) as an aware UTC time."""
    if not value:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


class WooClient:
    def __init__(self, base_url: str, consumer_key: str, consumer_secret: str) -> None:
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/") + API_PATH, auth=httpx.BasicAuth(consumer_key, consumer_secret),
            timeout=get_settings().shops.timeout_seconds, headers={"Accept": "application/json"},
        )

    async def __aenter__(self) -> WooClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    async def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._client.request(method, path, **kwargs)
        except httpx.TimeoutException:
            raise ShopProblem("UNREACHABLE", "The shop did not answer in time") from None
        except httpx.HTTPError as error:
            raise ShopProblem("UNREACHABLE", f"The shop cannot be reached ({type(error).__name__})") from None
        if response.status_code >= 400:
            raise _problem(response)
        return response

    async def orders_page(self, modified_after: datetime | None, page: int) -> OrdersPage:
        params: dict[str, Any] = {"page": page, "per_page": PAGE_SIZE, "orderby": "modified", "order": "asc",
                                  "dates_are_gmt": "true"}
        if modified_after is not None:
            params["modified_after"] = modified_after.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
        response = await self._call("GET", "/orders", params=params)
        orders = _json(response)
        if not isinstance(orders, list):
            raise ShopProblem("NOT_WOOCOMMERCE", "The shop's answer is not a WooCommerce order list")
        return OrdersPage(orders, int(response.headers.get("X-WP-TotalPages") or 1))

    async def check(self) -> None:
        """Reads an order (read permission), then sends an empty batch, which WooCommerce refuses to a key
        without write permission and otherwise does nothing with."""
        await self._call("GET", "/orders", params={"per_page": 1})
        await self._call("POST", "/orders/batch", json={})

    async def add_customer_note(self, order_id: str, note: str) -> None:
        """A note on the order that WooCommerce also mails to the customer."""
        await self._call("POST", f"/orders/{order_id}/notes", json={"note": note, "customer_note": True})

    async def complete(self, order_id: str) -> None:
        await self._call("PUT", f"/orders/{order_id}", json={"status": "completed"})


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise ShopProblem("NOT_WOOCOMMERCE", "The shop's answer is not JSON: is this the shop's address?") from None


def _problem(response: httpx.Response) -> ShopProblem:
    try:
        body = response.json()
    except ValueError:
        body = {}
    code = body.get("code", "") if isinstance(body, dict) else ""
    said = (body.get("message", "") if isinstance(body, dict) else "")[:200]
    if code in ("woocommerce_rest_cannot_view", "woocommerce_rest_cannot_batch", "woocommerce_rest_cannot_edit",
                "woocommerce_rest_cannot_create"):
        needed = "read" if code == "woocommerce_rest_cannot_view" else "write"
        return ShopProblem("MISSING_PERMISSION",
                           f"The API key lacks {needed} permission: give it Read/Write in WooCommerce → Settings → "
                           f"Advanced → REST API ({said})")
    if response.status_code == 401 or code == "woocommerce_rest_authentication_error":
        return ShopProblem("UNAUTHORIZED", f"The shop refused the consumer key and secret (401: {said or 'unauthorized'})")
    if response.status_code == 404 and code in ("", "rest_no_route"):
        return ShopProblem("NOT_WOOCOMMERCE", "No WooCommerce REST API v3 at this address (404)")
    return ShopProblem("SHOP_ERROR", f"The shop answered {response.status_code}{': ' + said if said else ''}")
