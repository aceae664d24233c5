"""The process-wide Redis client and the names of keys and channels."""

from __future__ import annotations

from redis.asyncio import Redis

from backend.settings import get_settings

_client: Redis | None = None


def redis() -> Redis:
    global _client
    if _client is None:
        _client = Redis.from_url(get_settings().redis.url, decode_responses=False)
    return _client


async def close_redis() -> None:
    global _client
    if _client is not None:
        await _client.aclose()
        _client = None


def key(*parts: object) -> str:
    return ":".join([get_settings().redis.namespace, *(str(p) for p in parts)])
