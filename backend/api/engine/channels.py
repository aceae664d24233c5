"""Litestar's Redis pub/sub channels backend, subscribing one call at a time.

Upstream behaviour changed (litestar 2.25.0, `litestar/channels/backends/redis.py`, with redis-py 5.3,
`redis/asyncio/client.py`): `RedisChannelsPubSubBackend.subscribe` hands the channels to one redis-py `PubSub`,
which opens its connection lazily in `PubSub.connect()` when it has none. Concurrent first subscriptions (a
burst of browsers reconnecting after a deploy) each found no connection, each opened one, and all but the last
were left unread: their channels got no live messages in this process, only the stream's occasional outbox
check. This subclass lets one `subscribe()` run at a time, so the first opens the connection and the others use
it. Opening it at start-up instead would make the API refuse to start while Redis is down, where it should start
and report itself not ready.

`backend.api.engine.selfcheck` checks that `subscribe(channels)` is still the backend's coroutine method.
Guard test: tests/integration/test_events.py, `test_a_burst_of_first_subscriptions_all_get_live_events` (40
first subscriptions at once in a fresh API process, each receives its event live).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from litestar.channels.backends.redis import RedisChannelsPubSubBackend


class SerializedRedisPubSubBackend(RedisChannelsPubSubBackend):
    """Litestar's Redis pub/sub backend, letting one `subscribe()` run at a time (see the module's description)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._subscribe_lock = asyncio.Lock()

    async def subscribe(self, channels: Iterable[str]) -> None:
        async with self._subscribe_lock:
            await super().subscribe(channels)
