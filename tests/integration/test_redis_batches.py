"""Redis commands of concurrent requests go out together: each caller still gets exactly its own replies."""

from __future__ import annotations

import asyncio
import uuid

from redis.exceptions import ResponseError

from backend.core import ratelimit
from backend.core.redis import execute_batched, key, redis


async def test_concurrent_callers_get_their_own_replies_in_order():
    counter = key("test-batches", uuid.uuid4().hex)
    replies = await asyncio.gather(*[
        execute_batched(("INCR", counter), ("GET", counter), ("ECHO", f"caller {n}")) for n in range(25)
    ])
    for n, (count, value, echo) in enumerate(replies):
        assert int(value) == count  # a caller's commands run in its order, nobody else's in between
        assert echo == f"caller {n}".encode()
    assert sorted(count for count, _, _ in replies) == list(range(1, 26))


async def test_an_error_reply_reaches_only_its_caller():
    text = key("test-batches", uuid.uuid4().hex)
    await redis().set(text, b"not a number")
    bad, good = await asyncio.gather(execute_batched(("INCR", text)), execute_batched(("ECHO", "fine")))
    assert isinstance(bad[0], ResponseError)
    assert good == [b"fine"]


async def test_rate_limit_reloads_its_script_after_redis_forgot_it():
    bucket = f"test-{uuid.uuid4().hex}"
    assert (await ratelimit.take_points(bucket, 4, rate=1, burst=10))[:2] == (True, 6.0)
    await redis().script_flush()  # as after a Redis restart
    allowed, left, _ = await ratelimit.take_points(bucket, 4, rate=1, burst=10)
    assert allowed and 2.0 <= left < 3.0
    refused, _, wait = await ratelimit.take_points(bucket, 4, rate=1, burst=10)
    assert not refused and wait > 1
