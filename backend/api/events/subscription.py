from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager

import strawberry
from litestar import WebSocket
from litestar.channels import ChannelsPlugin
from strawberry.types import Info

from backend.accounts.services import is_still_valid
from backend.api.context import fresh_loaders
from backend.api.events.types import Event, EventTopicType
from backend.api.permissions import requires
from backend.api.scalars import BigInt
from backend.core import metrics
from backend.core.authorization import Actor, Permission
from backend.core.ids import expect_global_id
from backend.events.outbox import StoredEvent
from backend.events.stream import event_stream

# How often a live subscription re-checks that its token is neither expired nor revoked.
REVALIDATE_SECONDS = 5.0
# The websocket close code graphql-ws clients treat as "sign in again".
SESSION_ENDED = 4403


def _subscriber(channels: ChannelsPlugin):  # noqa: ANN202
    @asynccontextmanager
    async def subscribe(names: list[str]) -> AsyncIterator[AsyncIterator[bytes]]:
        async with channels.start_subscription(names) as subscriber:
            yield subscriber.iter_events()

    return subscribe


async def events(
    info: Info,
    topics: list[EventTopicType] | None = None,
    after_seq: BigInt | None = None,
    merchant_id: strawberry.ID | None = None,
) -> AsyncGenerator[Event, None]:
    # Not a generator itself: bad arguments fail here, before the subscription starts, as an `error` message.
    actor = info.context.actor
    socket = info.context.websocket
    merchant = expect_global_id(merchant_id, "Merchant", field="merchantId") if merchant_id else None
    channels = socket.app.plugins.get(ChannelsPlugin)
    stream = event_stream(actor, _subscriber(channels), topics=topics, after_seq=after_seq, merchant_id=merchant)
    return _deliver(stream, actor, socket)


async def _deliver(stream: AsyncGenerator[StoredEvent, None], actor: Actor, socket: WebSocket) -> AsyncGenerator[Event, None]:
    metrics.ACTIVE_SUBSCRIPTIONS.inc()
    watchdog = asyncio.create_task(_close_when_session_ends(actor, socket))
    try:
        async for stored in stream:
            if watchdog.done() or (actor.expires_at is not None and actor.expires_at.timestamp() <= time.time()):
                await socket.close(SESSION_ENDED, "Session ended")
                return
            fresh_loaders()
            metrics.EVENTS_FANNED_OUT.inc()
            yield Event.from_stored(stored)
    finally:
        watchdog.cancel()
        await stream.aclose()
        metrics.ACTIVE_SUBSCRIPTIONS.dec()


async def _close_when_session_ends(actor: Actor, socket: WebSocket) -> None:
    """Re-check the credential every few seconds, also while no event flows, and end the socket with 4403
    once it expired or was revoked (logout, deactivation, key revocation)."""
    while True:
        wait = REVALIDATE_SECONDS
        if actor.expires_at is not None:
            wait = max(0.05, min(wait, actor.expires_at.timestamp() - time.time()))
        await asyncio.sleep(wait)
        if not await is_still_valid(actor):
            await socket.close(SESSION_ENDED, "Session ended")
            return


@strawberry.type
class EventsSubscription:
    events: AsyncGenerator[Event, None] = strawberry.subscription(
        resolver=events,
        permission_classes=[requires(Permission.EVENTS_READ)],
        description="Replays events after `afterSeq` from the outbox, then streams new ones live: "
        "in order, without gaps or duplicates. Operators see every merchant unless `merchantId` is given.",
    )
