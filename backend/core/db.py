"""The PostgreSQL connection pool and database bootstrap, and the one place that reaches into Piccolo's internals.

Upstream behaviour changed (piccolo 1.38.0, `piccolo/engine/postgres.py`): `PostgresTransaction.__aenter__` and
`__aexit__` are replaced by `ReleasingTransaction`'s, which give the connection back to the pool whatever
happens (see the class). They work on the transaction's slots as Piccolo's own do (`engine`, `connection`,
`transaction`, `context`, `_parent`, `_committed`, `_rolled_back`), call its `get_connection`, `begin`, `commit`
and `rollback`, and set and reset the engine's `current_transaction`; `Database` is Piccolo's `PostgresEngine`
whose `transaction()` makes them. `check_internals()` verifies all of it at start-up (the API's and the
worker's) and refuses to run otherwise. Guard test: tests/integration/test_database.py,
`test_a_transaction_whose_connection_died_gives_it_back_to_the_pool` (more connections killed mid-transaction
than the pool holds; every later transaction still gets one).

`migration_drift()` drives Piccolo's auto-migration internals the way `piccolo migrations new --auto` does (see
the function). `Table._meta` and `Column._meta` (a table's columns, their names, its primary key), which the
domains' SQL builders read, are how Piccolo exposes that metadata to its users and tools (piccolo_admin reads
them too) despite the underscore, and are left where they are.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import asyncpg
from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction

from backend.core.internals import (
    Assumption,
    expect_attributes,
    expect_coroutine,
    expect_parameters,
    expect_uses,
    verify,
)
from backend.settings import get_settings


class ReleasingTransaction(PostgresTransaction):
    """Piccolo's transaction, except that its connection goes back to the pool whatever happens. Piccolo's keeps the
    connection when BEGIN, COMMIT or ROLLBACK fails, as they do on a connection the server dropped (a restart, a
    failover): each such transaction took a pool slot for good, until every request waited for a connection, and
    left the dead transaction current (commit 688a3fd)."""

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


def piccolo_assumptions() -> list[Assumption]:
    def slots() -> None:
        missing = {"engine", "connection", "transaction", "context", "_parent", "_committed", "_rolled_back"} - set(
            PostgresTransaction.__slots__)
        if missing:
            raise AttributeError(f"PostgresTransaction has no slot {', '.join(sorted(missing))}")

    def methods() -> None:
        for name in ("get_connection", "begin", "commit", "rollback"):
            expect_coroutine(getattr(PostgresTransaction, name))
            expect_parameters(getattr(PostgresTransaction, name))

    def transaction_state() -> None:
        expect_parameters(PostgresTransaction.__init__, "engine", "allow_nested")
        expect_uses(PostgresTransaction.__init__, "_parent", "_committed", "_rolled_back", "current_transaction")
        expect_uses(PostgresTransaction.commit, "_committed")
        expect_uses(PostgresTransaction.rollback, "_rolled_back")

    def engine_state() -> None:
        expect_parameters(PostgresEngine.transaction, "allow_nested")
        expect_uses(PostgresEngine.__init__, "pool", "current_transaction")
        expect_attributes(PostgresEngine, "start_connection_pool", "close_connection_pool")

    used_by = "backend/core/db.py: ReleasingTransaction, which gives a connection back when BEGIN/COMMIT/ROLLBACK fail"
    return [
        Assumption("piccolo", "PostgresTransaction.__slots__ (engine, connection, transaction, context, _parent, "
                   "_committed, _rolled_back)", used_by, slots),
        Assumption("piccolo", "PostgresTransaction.get_connection/begin/commit/rollback(), coroutines", used_by,
                   methods),
        Assumption("piccolo", "PostgresTransaction(engine, allow_nested) and the state it keeps", used_by,
                   transaction_state),
        Assumption("piccolo", "PostgresEngine.transaction(allow_nested), .pool, .current_transaction", used_by,
                   engine_state),
    ]


def check_internals() -> list[str]:
    """Refuses to run (`InternalsChanged`) when an internal of Piccolo relied on here is missing or changed."""
    return verify(piccolo_assumptions())


def engine() -> PostgresEngine:
    db = engine_finder()
    assert isinstance(db, PostgresEngine), "Packline runs on PostgreSQL"
    return db


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


async def migration_drift() -> dict[str, list[str]]:
    """What `piccolo migrations new --auto` would write for each app: empty when tables and migrations agree.

    Piccolo answers this only inside that command, so this does what the command does (piccolo 1.38.0,
    `piccolo/apps/migrations/commands/new.py`): the state the migrations build (`BaseMigrationManager.
    get_migration_managers`, `SchemaSnapshot`) compared with the tables (`DiffableTable` of each table's `_meta`)
    by `SchemaDiffer.get_alter_statements`. Imported here only when called: they import black, which no server
    process needs. Guard test: tests/integration/test_contracts.py, `test_tables_and_migrations_agree` (it fails
    with the import or attribute error should any of them change)."""
    import contextlib
    import io

    from piccolo.apps.migrations.auto.diffable_table import DiffableTable
    from piccolo.apps.migrations.auto.schema_differ import SchemaDiffer
    from piccolo.apps.migrations.auto.schema_snapshot import SchemaSnapshot
    from piccolo.apps.migrations.commands.base import BaseMigrationManager
    from piccolo.conf.apps import Finder

    found: dict[str, list[str]] = {}
    manager = BaseMigrationManager()
    for app_config in Finder().get_app_configs():
        migration_managers = await manager.get_migration_managers(app_config=app_config)
        snapshot = SchemaSnapshot(managers=migration_managers).get_snapshot()
        current = [
            DiffableTable(class_name=t.__name__, tablename=t._meta.tablename, columns=t._meta.non_default_columns, schema=t._meta.schema)
            for t in app_config.table_classes
        ]
        differ = SchemaDiffer(schema=current, schema_snapshot=snapshot, auto_input="y")
        with contextlib.redirect_stdout(io.StringIO()):  # the differ prints a summary table
            statements = [s for group in differ.get_alter_statements() for s in group.statements]
        if statements:
            found[app_config.app_name] = statements
    return found


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
