"""Tracking back to the shops: when a parcel of a WooCommerce shop's order has shipped, the shop's order gets a
note with the carrier and tracking number (WooCommerce mails it to the customer) and is set to completed once the
whole order has shipped. A periodic job finds shipped parcels in the shipping domain's committed state (so a parcel
shipped while no worker ran is found later) and tells each shop once per parcel; a shop that is down is tried again
later with backoff, without holding up the other shops."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime
from uuid import UUID

from backend.core.clock import utcnow
from backend.orders.model import OrderStatus
from backend.orders.tables import Order
from backend.shops.credentials import UnreadableCredentials
from backend.shops.importing import backoff, woo_client
from backend.shops.model import ShopKind
from backend.shops.tables import Shop, TrackingPush
from backend.shops.woocommerce import ShopProblem

log = logging.getLogger(__name__)

WHOLE = (OrderStatus.SHIPPED.value, OrderStatus.DELIVERED.value)


async def capture_shipped_parcels() -> int:
    """A push for every parcel with a tracking number shipped (since its shop was connected) for an order of an
    active WooCommerce shop; a parcel already captured is left alone."""
    rows = await TrackingPush.raw(
        "INSERT INTO shop_tracking_push (id, shop, parcel, sales_order, external_id, note, attempts, last_error, "
        "next_attempt_at, created_at) "
        "SELECT gen_random_uuid(), s.id, p.id, o.id, o.external_id, "
        "left('Shipped' || CASE WHEN p.carrier NOT IN ('', 'MANUAL') THEN ' with ' || p.carrier ELSE '' END "
        "|| ', tracking number ' || p.tracking_number "
        "|| CASE WHEN p.tracking_url <> '' THEN ': ' || p.tracking_url ELSE '' END, 700), 0, '', now(), now() "
        "FROM parcel p JOIN sales_order o ON o.id = p.sales_order "
        "JOIN shop s ON s.merchant = o.merchant AND s.source_key = o.shop AND s.kind = {} AND s.is_active "
        "WHERE p.shipped_at IS NOT NULL AND p.shipped_at >= s.created_at AND p.tracking_number <> '' "
        "AND o.source = 'SHOP' AND o.external_id IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM shop_tracking_push t WHERE t.parcel = p.id) "
        "ON CONFLICT (parcel) DO NOTHING RETURNING id", ShopKind.WOOCOMMERCE.value)
    return len(rows)


async def _tell(client, push: TrackingPush) -> None:  # noqa: ANN001
    """The note (once), then the order completed if it shipped whole; each step is stored as it is done."""
    if push.note_sent_at is None:
        await client.add_customer_note(push.external_id, push.note)
        await TrackingPush.update({TrackingPush.note_sent_at: utcnow()}).where(TrackingPush.id == push.id)
    status = (await Order.select(Order.status).where(Order.id == push.sales_order).first() or {}).get("status")
    if status in WHOLE:
        await client.complete(push.external_id)
    await TrackingPush.update({TrackingPush.sent_at: utcnow(), TrackingPush.last_error: ""}).where(TrackingPush.id == push.id)


async def _failed(push: TrackingPush, error: str) -> None:
    attempts = push.attempts + 1
    await TrackingPush.update({TrackingPush.attempts: attempts, TrackingPush.last_error: error[:500],
                               TrackingPush.next_attempt_at: utcnow() + backoff(attempts)}).where(TrackingPush.id == push.id)


async def _push_shop(shop: Shop, pushes: list[TrackingPush]) -> None:
    """The shop's due pushes in order; the first failure leaves the rest for the next attempt."""
    try:
        async with woo_client(shop) as client:
            for push in pushes:
                try:
                    await _tell(client, push)
                except ShopProblem as problem:
                    log.warning("shop %s: tracking not delivered: %s", shop.id, problem.code)
                    for waiting in pushes[pushes.index(push):]:
                        await _failed(waiting, problem.message)
                    return
    except UnreadableCredentials as error:
        for push in pushes:
            await _failed(push, str(error))


async def push_tracking(slot: datetime) -> int:
    """The periodic job: capture, then tell every shop its due pushes; returns how many were delivered."""
    await capture_shipped_parcels()
    due = await TrackingPush.objects().where(
        TrackingPush.sent_at.is_null() & (TrackingPush.next_attempt_at <= utcnow())).order_by(TrackingPush.created_at)
    by_shop: dict[UUID, list[TrackingPush]] = defaultdict(list)
    for push in due:
        by_shop[push.shop].append(push)
    shops = {s.id: s for s in await Shop.objects().where(Shop.id.is_in(list(by_shop)))} if by_shop else {}
    for shop_id, pushes in by_shop.items():
        if shops[shop_id].is_active:
            await _push_shop(shops[shop_id], pushes)
    return await TrackingPush.count().where(TrackingPush.id.is_in([p.id for p in due]) & TrackingPush.sent_at.is_not_null()) if due else 0
