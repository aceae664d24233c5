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
    the error. When nothing is on its way, an item goes at once, on its own, in the caller's task (no task to
    start, no wait for the next turn of the event loop); what comes meanwhile is sent by a task of its own, with
    a fresh context, so a caller that goes away does not strand the others. `run` must not depend on the
    caller's context (a database transaction, say)."""

    def __init__(self, run: Callable[[list[Item]], Awaitable[list[Result]]]) -> None:
        self._run = run
        self._pending: list[tuple[Item, asyncio.Future[Result]]] = []
        self._busy = False  # a batch is on its way
        self._loop: asyncio.AbstractEventLoop | None = None
        self._drains: set[asyncio.Task[None]] = set()  # the event loop keeps only weak references to tasks

    async def submit(self, item: Item) -> Result:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a new event loop (tests): what belonged to the old one is gone
            self._pending, self._busy, self._loop = [], False, loop
        if not self._busy:
            self._busy = True
            try:
                [result] = await self._run([item])
            finally:
                self._next_batch()
            return result
        future: asyncio.Future[Result] = loop.create_future()
        self._pending.append((item, future))
        return await future

    def _next_batch(self) -> None:
        if self._pending:
            drain = asyncio.get_running_loop().create_task(self._drain(), context=contextvars.Context())
            self._drains.add(drain)
            drain.add_done_callback(self._drains.discard)
        else:
            self._busy = False

    async def _drain(self) -> None:
        batch, self._pending = self._pending, []
        try:
            results = await self._run([item for item, _ in batch])
        except BaseException as error:  # noqa: BLE001 - every caller of the batch gets it
            for _, future in batch:
                if not future.done():
                    future.set_exception(error if isinstance(error, Exception) else RuntimeError("batch cancelled"))
            if not isinstance(error, Exception):
                raise
        else:
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)
        finally:
            self._next_batch()
