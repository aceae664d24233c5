"""The connection pool survives connections the server drops in the middle of a transaction."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from backend.accounts.tables import Merchant
from backend.core.db import engine


async def test_a_transaction_whose_connection_died_gives_it_back_to_the_pool():
    pool = engine().pool
    # More dying transactions than the pool has connections: each used to keep its connection for good.
    for _ in range(pool.get_max_size() + 2):
        with pytest.raises((asyncpg.PostgresError, asyncpg.InterfaceError, ConnectionError)):
            async with engine().transaction():
                await Merchant.raw("SELECT pg_terminate_backend(pg_backend_pid())")
    # A broken connection was closed and is replaced: queries and transactions still get one at once.
    assert await asyncio.wait_for(Merchant.raw("SELECT 1 AS one"), timeout=5) == [{"one": 1}]
    async with asyncio.timeout(5), engine().transaction():
        assert await Merchant.raw("SELECT 2 AS two") == [{"two": 2}]
    assert engine().current_transaction.get() is None
