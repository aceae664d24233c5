"""Rate limits kept in Redis, shared by every API process."""

from __future__ import annotations

import hashlib
import math
import time

from redis.exceptions import NoScriptError

from backend.core.redis import execute_batched, key, redis

# Token bucket: refills `rate` points a second up to `burst`; a request takes `cost` points or is refused.
# Returns {allowed (0/1), points left, seconds until `cost` points are available}.
_TOKEN_BUCKET = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'points', 'at')
local points = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
-- `now` is the calling process's clock, read before the call: another process (or a request held up in a busy
-- event loop) may have written a later `at`. Time never runs backwards here, or the bucket would drain.
if now < at then now = at end
points = math.min(burst, points + (now - at) * rate)
local allowed = 0
if points >= cost then
  points = points - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 'points', points, 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
local wait = 0
if allowed == 0 then wait = (cost - points) / rate end
return {allowed, tostring(points), tostring(wait)}
"""


_TOKEN_BUCKET_SHA = hashlib.sha1(_TOKEN_BUCKET.encode()).hexdigest()


async def take_points(bucket: str, cost: int, *, rate: int, burst: int) -> tuple[bool, float, float]:
    """Take `cost` points from `bucket`: (allowed, points left, seconds to wait when refused).

    Every API request calls this, so it goes out with other requests' commands, by the script's hash (Redis
    keeps it once loaded; a Redis that has not seen it yet, or restarted, gets the script itself)."""
    arguments = (1, key("rate", bucket), rate, burst, cost, time.time())
    [reply] = await execute_batched(("EVALSHA", _TOKEN_BUCKET_SHA, *arguments))
    if isinstance(reply, NoScriptError):
        [reply] = await execute_batched(("EVAL", _TOKEN_BUCKET, *arguments))
    if isinstance(reply, Exception):
        raise reply
    allowed, left, wait = reply
    return bool(allowed), float(left), float(wait)


async def failures(counter: str) -> tuple[int, int]:
    """The number of recent failures on `counter` and the seconds until they expire."""
    k = key("failures", counter)
    pipe = redis().pipeline(transaction=False)
    pipe.get(k)
    pipe.ttl(k)
    count, ttl = await pipe.execute()
    return int(count or 0), max(int(ttl), 0)


async def record_failure(counter: str, window_seconds: int) -> None:
    k = key("failures", counter)
    pipe = redis().pipeline(transaction=True)
    pipe.incr(k)
    pipe.expire(k, window_seconds, nx=True)
    await pipe.execute()


async def clear_failures(counter: str) -> None:
    await redis().delete(key("failures", counter))


def retry_after_seconds(wait: float) -> int:
    return max(1, math.ceil(wait))
