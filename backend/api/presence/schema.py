"""Presence in GraphQL: the `presence` subscription (who else has this order open, who edits it) and
`presenceUpdate` (this page starts or stops editing)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator

import strawberry
from litestar.channels import ChannelsPlugin
from strawberry.types import Info

from backend.api.permissions import requires_any
from backend.api.presence.presence_update import presence_update
from backend.api.presence.types import Viewer
from backend.api.session_watch import end_session, sessions
from backend.core import metrics
from backend.core.authorization import Actor, Permission
from backend.core.ids import expect_global_id
from backend.presence import services as presence


async def presence_of(info: Info, entity_id: strawberry.ID, client_id: str) -> AsyncGenerator[list[Viewer], None]:
    # Not a generator itself: a refusal (another merchant's order, a bad client id) fails here, as an `error`.
    actor = info.context.actor
    page = await presence.open_order(actor, expect_global_id(entity_id, "Order", field="entityId"), client_id)
    return _follow(info.context, actor, page)


async def _follow(context, actor: Actor, page: presence.Page) -> AsyncGenerator[list[Viewer], None]:  # noqa: ANN001
    socket = context.websocket
    channels = socket.app.plugins.get(ChannelsPlugin)
    metrics.ACTIVE_SUBSCRIPTIONS.inc()
    watch = sessions.watch(actor, lambda: end_session(socket))
    changed = asyncio.Event()

    async def listen(subscriber) -> None:  # noqa: ANN001
        async for _ in subscriber.iter_events():
            changed.set()

    try:
        async with channels.start_subscription([presence.entity_channel(page.entity)]) as subscriber:
            listener = asyncio.create_task(listen(subscriber))
            try:
                await presence.beat(actor, page)
                next_beat = time.monotonic() + presence.BEAT_SECONDS
                last = await presence.present(actor, page)
                yield [Viewer.from_presence(p) for p in last]
                while not watch.ended:
                    try:
                        await asyncio.wait_for(changed.wait(), timeout=max(0.0, next_beat - time.monotonic()))
                    except TimeoutError:
                        pass
                    changed.clear()
                    if time.monotonic() >= next_beat:  # also while others keep changing things
                        await presence.beat(actor, page)
                        next_beat = time.monotonic() + presence.BEAT_SECONDS
                    now = await presence.present(actor, page)
                    if now != last and not watch.ended:
                        last = now
                        yield [Viewer.from_presence(p) for p in now]
            finally:
                listener.cancel()
                await asyncio.shield(presence.close(page))
    finally:
        sessions.unwatch(actor, watch)
        metrics.ACTIVE_SUBSCRIPTIONS.dec()


# The merchant's people and support read orders, the warehouse reads released ones: all of them meet on a page.
SEES_ORDERS = (Permission.ORDERS_READ, Permission.ORDERS_READ_RELEASED)


@strawberry.type
class PresenceMutation:
    presence_update = strawberry.mutation(resolver=presence_update, permission_classes=[requires_any(*SEES_ORDERS)])


@strawberry.type
class PresenceSubscription:
    presence: AsyncGenerator[list[Viewer], None] = strawberry.subscription(
        resolver=presence_of,
        permission_classes=[requires_any(*SEES_ORDERS)],
        description="Who has this order open and who is editing it, you among them (`isMe`): first as it is, then "
        "on every change. While subscribed, this page (`clientId`, the tab's own id) is open for others; a closed "
        "or lost page disappears within 15 seconds.",
    )
