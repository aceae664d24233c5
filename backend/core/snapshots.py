"""Live figures shared by everyone watching them: one computation per scope and window in this process.

The order dashboard (`orders.dashboard`) and the warehouse board (`shipping.board`) keep one `SnapshotCache` each;
their subscriptions ask it for a snapshot "computed after" a moment, so a burst of changes and any number of
watchers cost one computation per window.
"""

from __future__ import annotations

import asyncio
import time as clock
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

Snapshot = TypeVar("Snapshot")


class SnapshotCache(Generic[Snapshot]):
    """The latest snapshot per scope, and the computation under way, shared by every caller in this process."""

    def __init__(self, compute: Callable[[Hashable], Awaitable[Snapshot]]) -> None:
        self._compute = compute
        self._latest: dict[Hashable, tuple[float, Snapshot]] = {}
        self._running: dict[Hashable, tuple[float, asyncio.Task[Snapshot]]] = {}

    async def get(self, scope: Hashable, fresh_after: float) -> Snapshot:
        """A snapshot computed after the monotonic time `fresh_after`."""
        latest = self._latest.get(scope)
        if latest and latest[0] >= fresh_after:
            return latest[1]
        running = self._running.get(scope)
        if running and running[0] >= fresh_after and not running[1].done():
            return await asyncio.shield(running[1])
        started = clock.monotonic()
        task = asyncio.get_running_loop().create_task(self._compute(scope))
        self._running[scope] = (started, task)
        snapshot = await asyncio.shield(task)
        if scope not in self._latest or self._latest[scope][0] < started:
            self._latest[scope] = (started, snapshot)
        return snapshot
