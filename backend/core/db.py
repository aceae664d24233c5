"""The PostgreSQL connection pool and database bootstrap."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction

from backend.settings import get_settings


class ReleasingTransaction(PostgresTransaction):
    """Piccolo's transaction, except that its connection goes back to the pool whatever happens. Piccolo's keeps the
    connection when BEGIN, COMMIT or ROLLBACK fails, as they do on a connection the server dropped (a restart, a
    failover): each such transaction took a pool slot for good, until every request waited for a connection."""

    __slots__ = ()

    async def __aenter__(self) -> PostgresTransaction:
        if self._parent is not None:
            return self._parent
        self.connection = await self.get_connection()
        try:
            self.transaction = self.connection.transaction()
            await self.begin()
        except BaseException:
            await self._give_back()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type, exception, traceback) -> bool:  # noqa: ANN001
        if self._parent:
            return exception is None
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self.commit()
        finally:
            try:
                await self._give_back()
            finally:
                self.engine.current_transaction.reset(self.context)
        return exception is None

    async def _give_back(self) -> None:
        # asyncpg resets a connection it gets back, and closes (and later replaces) one that is broken.
        if self.engine.pool:
            await self.engine.pool.release(self.connection)
        else:
            await self.connection.close()


class Database(PostgresEngine):
    """Piccolo's PostgreSQL engine with transactions that always give their connection back."""

    def transaction(self, allow_nested: bool = True) -> PostgresTransaction:
        return ReleasingTransaction(engine=self, allow_nested=allow_nested)


def engine() -> PostgresEngine:
    db = engine_finder()
    assert isinstance(db, PostgresEngine), "Packline runs on PostgreSQL"
    return db


class NamedStatement:
    """SQL written with named placeholders (`{product}`, a name may appear more than once), turned once into the
    positional `{}` form of Piccolo's raw queries; `args(...)` gives the arguments in their order."""

    def __init__(self, template: str) -> None:
        self.names: list[str] = []

        def positional(match: re.Match[str]) -> str:
            self.names.append(match.group(1))
            return "{}"

        self.sql = re.sub(r"\{(\w+)\}", positional, template)

    def args(self, **values: Any) -> list[Any]:
        return [values[name] for name in self.names]


async def keep_session(connection: asyncpg.Connection) -> None:
    """What a connection needs before it goes back to the pool: nothing beyond asyncpg's own rollback of an
    unfinished transaction. asyncpg's default reset costs a round trip on every release (unlock session
    advisory locks, close cursors, UNLISTEN, RESET ALL), and nothing here leaves such session state behind:
    advisory locks are transaction-scoped, cursors live in transactions, and no pooled connection LISTENs
    or SETs session settings."""


async def open_pool() -> None:
    settings = get_settings().database
    await engine().start_connection_pool(min_size=settings.pool_min_size, max_size=settings.pool_max_size,
                                         reset=keep_session)


async def close_pool() -> None:
    await engine().close_connection_pool()


async def ping() -> None:
    await engine().run_ddl("SELECT 1")


def _maintenance_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")), name


async def create_database_if_missing(url: str) -> bool:
    """Create the database `url` names; True when it had to be created."""
    maintenance, name = _maintenance_url(url)
    conn = await asyncpg.connect(maintenance)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if exists:
            return False
        await conn.execute(f'CREATE DATABASE "{name}"')
        return True
    finally:
        await conn.close()


async def drop_database(url: str) -> None:
    maintenance, name = _maintenance_url(url)
    conn = await asyncpg.connect(maintenance)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()
