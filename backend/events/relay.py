"""Publishes events that committed but were never published (their process died in between)."""

from __future__ import annotations

import asyncio
import logging

from backend.core.db import engine
from backend.events.outbox import StoredEvent, publish
from backend.events.tables import Event

log = logging.getLogger(__name__)

# An event younger than this is still being published by the process that committed it.
GRACE_SECONDS = 0.4
POLL_SECONDS = 0.2
BATCH = 500


async def relay_unpublished_once() -> int:
    """Publish one batch of stale unpublished events; several relays may run, each row goes to one."""
    async with engine().transaction():
        rows = await Event.raw(
            "SELECT * FROM event WHERE published_at IS NULL "
            "AND occurred_at < clock_timestamp() - make_interval(secs => {}) "
            "ORDER BY seq LIMIT {} FOR UPDATE SKIP LOCKED",
            GRACE_SECONDS,
            BATCH,
        )
        if not rows:
            return 0
        events = [StoredEvent.from_row(r) for r in rows]
        await publish(events, source="relay", mark_now=True)
    if events:
        log.info("relay published %d events left unpublished", len(events))
    return len(events)


async def run_relay(stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            while await relay_unpublished_once() == BATCH:
                pass
        except Exception:  # noqa: BLE001 - keep relaying after a passing database or Redis failure
            log.exception("outbox relay pass failed")
        try:
            await asyncio.wait_for(stop.wait(), POLL_SECONDS)
        except TimeoutError:
            pass
