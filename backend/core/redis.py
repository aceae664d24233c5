"""The process-wide Redis client and the names of keys and channels."""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis

from backend.core.batching import Batches
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


async def _run_commands(requests: list[list[tuple[Any, ...]]]) -> list[list[Any]]:
    """Every request's commands in one pipeline (in order, not atomically); each gets its own replies, an error
    reply as its exception object."""
    pipe = redis().pipeline(transaction=False)
    for commands in requests:
        for command in commands:
            pipe.execute_command(*command)
    replies = await pipe.execute(raise_on_error=False)
    answers, start = [], 0
    for commands in requests:
        answers.append(replies[start:start + len(commands)])
        start += len(commands)
    return answers


_command_batches: Batches[list[tuple[Any, ...]], list[Any]] = Batches(_run_commands)


async def execute_batched(*commands: tuple[Any, ...]) -> list[Any]:
    """Run Redis commands in one pipeline with other requests' (see `backend.core.batching`): for what every
    request does. Their replies in order, an error reply as its exception object."""
    return await _command_batches.submit(list(commands))
