"""`Batches`: an item goes at once when nothing is on its way; what comes meanwhile shares the next call; each
caller gets its own answer or its batch's error."""

from __future__ import annotations

import asyncio

import pytest

from backend.core.batching import Batches


async def test_an_item_goes_at_once_and_what_comes_meanwhile_forms_the_next_batch():
    calls: list[list[int]] = []

    async def double(items: list[int]) -> list[int]:
        calls.append(items)
        await asyncio.sleep(0.01)
        return [item * 2 for item in items]

    batches = Batches(double)
    first = asyncio.gather(*[batches.submit(n) for n in range(3)])
    await asyncio.sleep(0.005)  # the first batch is on its way
    later = asyncio.gather(*[batches.submit(n) for n in range(3, 6)])
    assert await first == [0, 2, 4] and await later == [6, 8, 10]
    assert calls == [[0], [1, 2, 3, 4, 5]]
    assert await batches.submit(7) == 14 and calls[-1] == [7]  # idle again: at once


async def test_a_failed_batch_fails_its_callers_and_the_next_batch_still_runs():
    async def picky(items: list[int]) -> list[int]:
        await asyncio.sleep(0)  # on its way
        if 13 in items:
            raise LookupError("unlucky")
        return items

    batches = Batches(picky)
    results = await asyncio.gather(batches.submit(1), batches.submit(2), batches.submit(13), return_exceptions=True)
    assert results[0] == 1 and [type(r) for r in results[1:]] == [LookupError, LookupError]
    assert await batches.submit(3) == 3


async def test_a_caller_that_goes_away_does_not_strand_the_others():
    release = asyncio.Event()

    async def slow(items: list[int]) -> list[int]:
        await release.wait()
        return items

    batches = Batches(slow)
    leaving = asyncio.ensure_future(batches.submit(1))
    staying = asyncio.ensure_future(batches.submit(2))
    await asyncio.sleep(0)
    leaving.cancel()
    release.set()
    assert await staying == 2
    with pytest.raises(asyncio.CancelledError):
        await leaving
