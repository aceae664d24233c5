"""Subscriptions that push figures (the order dashboard, the warehouse board): the figures as they are, then again
shortly after every relevant event on a channel, and now and then without one (the day rolls over, a cut-off comes
nearer).

Every process follows the channel through Litestar's channels plugin (one Redis listener per process), wakes on the
events whose topics matter, waits `COALESCE_SECONDS` so that a burst of changes (a picker scanning fast) costs one
computation, and asks a `core.snapshots.SnapshotCache` for figures computed after the burst began: any number of
watchers of one scope share that computation. Unchanged figures are not sent again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import TypeVar

from litestar.channels import ChannelsPlugin

from backend.api.session_watch import end_session, sessions
from backend.core import metrics
from backend.core.authorization import Actor

# Changes arriving within this window are shown together: one computation per burst, not per event.
COALESCE_SECONDS = 0.3
# Without changes the figures still move (the day rolls over); refresh this often.
REFRESH_SECONDS = 60.0

Figures = TypeVar("Figures")
Shown = TypeVar("Shown")


def topic_marks(*topics: str) -> tuple[bytes, ...]:
    """What a published event of one of these topics contains (events are published as compact JSON)."""
    return tuple(f'"topic":"{topic}"'.encode() for topic in topics)


async def live_figures(info_context, channel: str, wakes: tuple[bytes, ...],  # noqa: ANN001
                       latest: Callable[[float], Awaitable[Figures]], show: Callable[[Figures], Shown],
                       refresh_seconds: float = REFRESH_SECONDS) -> AsyncGenerator[Shown, None]:
    """`latest(fresh_after)` gives figures computed after that monotonic time; `show` turns them into the type sent."""
    actor: Actor = info_context.actor
    socket = info_context.websocket
    channels = socket.app.plugins.get(ChannelsPlugin)
    metrics.ACTIVE_SUBSCRIPTIONS.inc()
    watch = sessions.watch(actor, lambda: end_session(socket))
    changed = asyncio.Event()

    async def listen(subscriber) -> None:  # noqa: ANN001
        async for raw in subscriber.iter_events():
            if any(mark in raw for mark in wakes):
                changed.set()

    try:
        async with channels.start_subscription([channel]) as subscriber:
            listener = asyncio.create_task(listen(subscriber))
            try:
                last = await latest(time.monotonic())
                yield show(last)
                while not watch.ended:
                    try:
                        await asyncio.wait_for(changed.wait(), timeout=refresh_seconds)
                        await asyncio.sleep(COALESCE_SECONDS)
                    except TimeoutError:
                        pass
                    changed.clear()
                    figures = await latest(time.monotonic() - COALESCE_SECONDS)
                    if figures != last and not watch.ended:
                        last = figures
                        yield show(figures)
            finally:
                listener.cancel()
    finally:
        sessions.unwatch(actor, watch)
        metrics.ACTIVE_SUBSCRIPTIONS.dec()
