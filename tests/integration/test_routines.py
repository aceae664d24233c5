"""The SQL routines the services call: `packline migrate` installs them (again on every run), and a process refuses
to start on a database that lacks one."""

from __future__ import annotations

import asyncpg
import pytest

from backend.core.db import create_database_if_missing, drop_database
from backend.core.routines import defined_routines, install_routines, missing_routines, require_routines
from tests.conftest import TEST_DATABASE_URL


async def test_the_migrated_database_has_every_routine():
    assert {"outbox_append", "stock_change", "stock_reserve_up_to", "order_place", "order_place_new"} <= set(
        defined_routines())
    assert await missing_routines() == []
    await require_routines()


async def test_a_database_without_them_lacks_every_one():
    url = TEST_DATABASE_URL + "_bare"
    await create_database_if_missing(url)
    try:
        connection = await asyncpg.connect(url)
        try:
            assert await missing_routines(connection) == defined_routines()
        finally:
            await connection.close()
    finally:
        await drop_database(url)


async def test_installing_again_changes_nothing():
    await install_routines(TEST_DATABASE_URL)  # every migrate does
    assert await missing_routines() == []


async def test_start_up_names_what_is_missing(monkeypatch):
    import backend.core.routines as routines

    monkeypatch.setattr(routines, "defined_routines", lambda: ["outbox_append", "no_such_routine"])
    with pytest.raises(RuntimeError, match="no_such_routine.*packline migrate"):
        await require_routines()


def test_placing_a_new_order_writes_every_column_of_the_tables():
    """`order_place_new` names the columns it writes (a plan PostgreSQL keeps); a column added to tables.py must be
    added there too, or a new order would silently get the column's default."""
    import re
    from pathlib import Path

    from backend.orders.tables import Order, OrderLine

    sql = (Path(__file__).resolve().parents[2] / "backend" / "orders" / "placement.sql").read_text()
    body = sql[sql.index("CREATE OR REPLACE FUNCTION order_place_new("):]
    for table, name in ((Order, "sales_order"), (OrderLine, "sales_order_line")):
        listed = re.search(rf"INSERT INTO {name} \(([^)]*)\)", body).group(1)
        columns = [c.strip() for c in listed.split(",")]
        assert columns == [c._meta.db_column_name for c in table._meta.columns], name
