"""`dashboard`: the live order figures, pushed within a second of any order change in scope."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator

import strawberry
from litestar.channels import ChannelsPlugin
from strawberry.types import Info

from backend.api.events.subscription import _end_session
from backend.api.orders.types import Dashboard
from backend.api.permissions import requires
from backend.api.session_watch import sessions
from backend.core import metrics
from backend.core.authorization import Permission
from backend.core.errors import NotFound
from backend.core.ids import expect_global_id
from backend.events.outbox import merchant_channel, operator_channel
from backend.orders.dashboard import dashboard_cache, dashboard_scope

# Changes arriving within this window are shown together: one computation per burst, not per order.
COALESCE_SECONDS = 0.3
# Without changes the figures still move (the day rolls over); refresh this often.
REFRESH_SECONDS = 60.0
ORDER_MESSAGE = b'"topic":"ORDER"'


async def dashboard(info: Info, merchant_id: strawberry.ID | None = None) -> AsyncGenerator[Dashboard, None]:
    actor = info.context.actor
    merchant = expect_global_id(merchant_id, "Merchant", field="merchantId") if merchant_id else None
    if not actor.is_operator and merchant is not None and merchant != actor.merchant_id:
        raise NotFound("No such merchant", field="merchantId")
    scope = dashboard_scope(actor, merchant)
    socket = info.context.websocket
    channels = socket.app.plugins.get(ChannelsPlugin)
    channel = merchant_channel(scope) if scope else operator_channel()
    return _stream(channels, channel, scope, actor, socket)


async def _stream(channels: ChannelsPlugin, channel: str, scope, actor, socket) -> AsyncGenerator[Dashboard, None]:  # noqa: ANN001
    metrics.ACTIVE_SUBSCRIPTIONS.inc()
    watch = sessions.watch(actor, lambda: _end_session(socket))
    changed = asyncio.Event()

    async def listen(subscriber) -> None:  # noqa: ANN001
        async for raw in subscriber.iter_events():
            if ORDER_MESSAGE in raw:
                changed.set()

    try:
        async with channels.start_subscription([channel]) as subscriber:
            listener = asyncio.create_task(listen(subscriber))
            try:
                last = await dashboard_cache.get(scope, fresh_after=time.monotonic())
                yield Dashboard.from_snapshot(last)
                while not watch.ended:
                    try:
                        await asyncio.wait_for(changed.wait(), timeout=REFRESH_SECONDS)
                        await asyncio.sleep(COALESCE_SECONDS)
                    except TimeoutError:
                        pass
                    changed.clear()
                    snapshot = await dashboard_cache.get(scope, fresh_after=time.monotonic() - COALESCE_SECONDS)
                    if snapshot != last and not watch.ended:
                        last = snapshot
                        yield Dashboard.from_snapshot(snapshot)
            finally:
                listener.cancel()
    finally:
        sessions.unwatch(actor, watch)
        metrics.ACTIVE_SUBSCRIPTIONS.dec()


@strawberry.type
class OrdersSubscription:
    dashboard: AsyncGenerator[Dashboard, None] = strawberry.subscription(
        resolver=dashboard,
        permission_classes=[requires(Permission.ORDERS_READ)],
        description="The merchant's order figures (operators: every merchant's, or one with `merchantId`), "
        "first as they are, then again within a second of every change.",
    )
