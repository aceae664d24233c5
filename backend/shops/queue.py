"""Handing work to the workers: arq jobs on the worker's queue."""

from __future__ import annotations

from arq import ArqRedis, create_pool
from arq.connections import RedisSettings

from backend.core.redis import key
from backend.settings import get_settings

_pool: ArqRedis | None = None


async def enqueue(function: str, *args: object, job_id: str) -> None:
    """Queue a job once per `job_id` while it is queued or its result is kept (arq drops a repeat)."""
    global _pool
    if _pool is None:
        _pool = await create_pool(RedisSettings.from_dsn(get_settings().redis.url))
    await _pool.enqueue_job(function, *args, _job_id=job_id, _queue_name=key("queue"))


async def close_queue() -> None:
    global _pool
    if _pool is not None:
        await _pool.aclose()
        _pool = None
