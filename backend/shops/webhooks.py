"""Shop webhooks: verified and stored before they are acknowledged, processed on a worker through the same import
as a pull."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

from backend.core.clock import utcnow
from backend.shops.credentials import UnreadableCredentials, unseal
from backend.shops.importing import import_order
from backend.shops.model import ShopKind
from backend.shops.queue import enqueue
from backend.shops.tables import Shop, WebhookDelivery
from backend.shops.woocommerce import signature_matches

WEBHOOK_TOPICS = frozenset({"order.created", "order.updated"})


# ---------------------------------------------------------------- webhooks


@dataclass(frozen=True)
class WebhookAnswer:
    status: int
    text: str


async def receive_webhook(shop_id: UUID, headers: dict[str, str], body: bytes) -> WebhookAnswer:
    """WooCommerce's delivery: its signature checked before anything else, stored once per delivery id and
    handed to a worker. Only the signature's check and one insert stand between the shop and its answer."""
    shop = await Shop.objects().where((Shop.id == shop_id) & (Shop.is_active == True)).first()  # noqa: E712
    secret = ""
    if shop is not None and shop.kind == ShopKind.WOOCOMMERCE.value:
        try:
            secret = unseal(shop.credentials).get("webhookSecret", "")
        except UnreadableCredentials:
            secret = ""
    if not signature_matches(secret, body, headers.get("x-wc-webhook-signature")):
        return WebhookAnswer(401, "Signature missing or not valid")
    topic = headers.get("x-wc-webhook-topic", "")
    delivery_id = (headers.get("x-wc-webhook-delivery-id") or "").strip()[:100]
    if topic not in WEBHOOK_TOPICS or not delivery_id:
        # WooCommerce's ping when a webhook is saved, and topics we did not ask for, are acknowledged only.
        return WebhookAnswer(200, "Acknowledged")
    rows = await WebhookDelivery.raw(
        "INSERT INTO shop_webhook_delivery (id, shop, delivery_id, topic, body, received_at, outcome, detail) "
        "VALUES (gen_random_uuid(), {}, {}, {}, {}, now(), '', '') ON CONFLICT (shop, delivery_id) DO NOTHING "
        "RETURNING id", shop_id, delivery_id, topic, body.decode("utf-8", "replace"))
    if rows:
        await enqueue("shop_webhook", str(rows[0]["id"]), job_id=f"shop-webhook:{rows[0]['id']}")
    return WebhookAnswer(200, "Accepted")


async def requeue_unprocessed_deliveries() -> int:
    """Deliveries stored but not processed a minute later (their job was lost with Redis, or failed every try)
    are handed to a worker again; processing is idempotent."""
    waiting = await WebhookDelivery.select(WebhookDelivery.id).where(
        WebhookDelivery.processed_at.is_null() & (WebhookDelivery.received_at < utcnow() - timedelta(minutes=1)))
    for row in waiting:
        await enqueue("shop_webhook", str(row["id"]), job_id=f"shop-webhook:{row['id']}:{uuid4().hex[:8]}")
    return len(waiting)


async def process_webhook(delivery_id: UUID) -> None:
    """The job behind a stored delivery: its order through the same import as a pull's."""
    delivery = await WebhookDelivery.objects().where(WebhookDelivery.id == delivery_id).first()
    if delivery is None or delivery.processed_at is not None:
        return
    shop = await Shop.objects().where(Shop.id == delivery.shop).first()
    try:
        order: Any = json.loads(delivery.body)
    except ValueError:
        order = None
    if not shop.is_active:
        outcome_kind, detail = "IGNORED", "The shop was disconnected"
    elif not isinstance(order, dict) or "id" not in order:
        outcome_kind, detail = "FAILED", "The delivery holds no order"
    else:
        outcome = await import_order(shop, order)
        outcome_kind, detail = outcome.kind, outcome.reason
    await WebhookDelivery.update({WebhookDelivery.processed_at: utcnow(), WebhookDelivery.outcome: outcome_kind,
                                  WebhookDelivery.detail: detail[:500]}).where(WebhookDelivery.id == delivery_id)
