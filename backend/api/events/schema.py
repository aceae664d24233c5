"""Events in GraphQL: the recent ones, and the live stream that replays from a seq."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager

import strawberry
from litestar import WebSocket
from litestar.channels import ChannelsPlugin
from strawberry.types import Info

from backend.api.context import fresh_loaders
from backend.api.engine.websocket import LiveTransportHandler
from backend.api.events.prerendered import Plan, deliver_prerendered, plan_for
from backend.api.events.types import Event, EventLog, EventTopicType
from backend.api.permissions import requires
from backend.api.scalars import BigInt
from backend.api.session_watch import end_session, sessions
from backend.core import metrics
from backend.core.authorization import Actor, Permission
from backend.core.ids import optional_merchant_id
from backend.events.outbox import StoredEvent
from backend.events.stream import LiveMessages, event_stream, recent_events


@strawberry.type
class EventsQuery:
    @strawberry.field(permission_classes=[requires(Permission.EVENTS_READ)], description="What happened lately (at most 100).")
    async def recent_events(
        self, info: Info, first: int = 20, topics: list[EventTopicType] | None = None, merchant_id: strawberry.ID | None = None,
    ) -> EventLog:
        merchant = optional_merchant_id(merchant_id)
        events, head = await recent_events(info.context.actor, first=first, topics=topics, merchant_id=merchant)
        return EventLog(events=[Event.from_stored(e) for e in events], head_seq=head)


def _subscriber(channels: ChannelsPlugin):  # noqa: ANN202
    @asynccontextmanager
    async def subscribe(names: list[str]) -> AsyncIterator[LiveMessages]:
        async with channels.start_subscription(names) as subscriber:
            yield subscriber

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
    merchant = optional_merchant_id(merchant_id)
    channels = socket.app.plugins.get(ChannelsPlugin)
    stream = event_stream(actor, _subscriber(channels), topics=topics, after_seq=after_seq, merchant_id=merchant)
    plan = plan_for(info) if info.context.transport is not None else None
    return _deliver(stream, actor, socket, info.context.transport, plan)


async def _deliver(stream: AsyncGenerator[StoredEvent, None], actor: Actor, socket: WebSocket,
                   transport: LiveTransportHandler | None, plan: Plan | None) -> AsyncGenerator[Event, None]:
    metrics.ACTIVE_SUBSCRIPTIONS.inc()
    watch = sessions.watch(actor, lambda: end_session(socket))

    def still_on() -> bool:
        if watch.ended:
            return False
        metrics.EVENTS_FANNED_OUT.inc()
        return True

    try:
        if plan is not None and transport is not None:
            async for event in deliver_prerendered(stream, transport, plan, still_on):
                yield event
            return
        async for stored in stream:
            if not still_on():
                return
            fresh_loaders()
            yield Event.from_stored(stored)
    finally:
        sessions.unwatch(actor, watch)
        await stream.aclose()
        metrics.ACTIVE_SUBSCRIPTIONS.dec()


@strawberry.type
class EventsSubscription:
    events: AsyncGenerator[Event, None] = strawberry.subscription(
        resolver=events,
        permission_classes=[requires(Permission.EVENTS_READ)],
        description="Replays events after `afterSeq` from the outbox, then streams new ones live: "
        "in order, without gaps or duplicates. Operators see every merchant unless `merchantId` is given.",
    )
