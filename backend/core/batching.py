"""Work that every request does, done for the concurrent requests of a process together.

Under load an API process has many requests in flight. Each one authenticates, takes rate-limit points and
publishes its events: one database or Redis round trip each, and on a busy machine a round trip costs more CPU
than the work it carries. `Batches` gathers what is submitted while the previous batch is on its way and hands
it to one call, so a request waits at most for one batch in flight; an idle process sends each item at once.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class Batches(Generic[Item, Result]):
    """`submit(item)` answers with `run(batch)[i]` for its item; if `run` raises, every caller of the batch gets
    the error. `run` runs in a task of its own, with a fresh context: a caller's context (its database
    transaction, say) is not the batch's, and a caller that goes away does not strand the others."""

    def __init__(self, run: Callable[[list[Item]], Awaitable[list[Result]]]) -> None:
        self._run = run
        self._pending: list[tuple[Item, asyncio.Future[Result]]] = []
        self._task: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Result:
        loop = asyncio.get_running_loop()
        if self._task is not None and self._task.get_loop() is not loop:  # a new event loop (tests): start over
            self._pending, self._task = [], None
        future: asyncio.Future[Result] = loop.create_future()
        self._pending.append((item, future))
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._drain(), context=contextvars.Context())
        return await future

    async def _drain(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                results = await self._run([item for item, _ in batch])
            except Exception as error:  # noqa: BLE001 - every caller of the batch gets it
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)
