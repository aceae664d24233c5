"""The new-order digest: merchants who chose it get one mail every N minutes listing the orders that came in since
the last one. The consumer collects the orders (`DigestEntry`); a periodic job writes the digest's notification
and marks its entries in one transaction, so an entry is in exactly one digest."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from uuid import UUID

from backend.core.db import engine
from backend.notifications.model import Channel, MessageKind, NewOrderMode, State, Template
from backend.notifications.preferences import Preferences, preferences_of
from backend.notifications.tables import DigestEntry, Notification


async def _last_digest_at(merchant_id: UUID) -> datetime | None:
    row = await Notification.select(Notification.created_at).where(
        (Notification.merchant == merchant_id) & (Notification.template == Template.NEW_ORDER_DIGEST.value)
    ).order_by(Notification.created_at, ascending=False).first()
    return row["created_at"] if row else None


async def _due(prefs: Preferences, now: datetime) -> bool:
    if prefs.new_order_mode is not NewOrderMode.DIGEST:
        return True  # switched back to instant mails: what waits goes out now
    last = await _last_digest_at(prefs.merchant_id)
    return last is None or last + timedelta(minutes=prefs.digest_minutes) <= now


async def _write_digest(prefs: Preferences) -> int:
    async with engine().transaction():
        entries = await DigestEntry.raw(
            "SELECT id, event_seq, order_payload FROM notification_digest_entry "
            "WHERE merchant = {} AND notification IS NULL ORDER BY event_seq FOR UPDATE SKIP LOCKED",
            prefs.merchant_id)
        if not entries:
            return 0
        orders = [json.loads(e["order_payload"]) if isinstance(e["order_payload"], str) else e["order_payload"]
                  for e in entries]
        enabled = prefs.message(MessageKind.NEW_ORDER).enabled
        ids = []
        for recipient in prefs.merchant_recipients or [""]:
            state, note = State.PENDING, ""
            if not enabled:
                state, note = State.SUPPRESSED, "Switched off in the merchant's notification settings"
            elif not recipient:
                state, note = State.SUPPRESSED, "No e-mail address to send it to"
            rows = await Notification.raw(
                "INSERT INTO notification (id, merchant, event_seq, channel, template, recipient, language, payload, "
                "state, last_error) VALUES (gen_random_uuid(), {}, {}, {}, {}, {}, {}, {}::jsonb, {}, {}) "
                "ON CONFLICT (event_seq, template, channel, recipient) DO NOTHING RETURNING id",
                prefs.merchant_id, entries[-1]["event_seq"], Channel.EMAIL.value, Template.NEW_ORDER_DIGEST.value,
                recipient, prefs.language, json.dumps({"orders": orders}), state.value, note)
            ids.extend(row["id"] for row in rows)
        await DigestEntry.raw("UPDATE notification_digest_entry SET notification = {} WHERE id = ANY({})",
                              ids[0] if ids else None, [e["id"] for e in entries])
        return len(entries)


async def write_due_digests(now: datetime) -> int:
    """Write every merchant's digest that is due; returns how many orders they list. Idempotent."""
    merchants = [row["merchant"] for row in await DigestEntry.raw(
        "SELECT DISTINCT merchant FROM notification_digest_entry WHERE notification IS NULL")]
    listed = 0
    for prefs in (await preferences_of(merchants)).values():
        if await _due(prefs, now):
            listed += await _write_digest(prefs)
    return listed
