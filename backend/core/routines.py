"""Database routines: the SQL functions each domain defines in `.sql` files beside its services.

Where SQL is the right tool for a write (several statements that must run without a client round trip while rows
or the outbox's lock are held), it lives in a named function in `backend/<domain>/*.sql`, with its parameters
documented in the file, and the services call it by name. `packline migrate` installs every file after the
tables' migrations (`CREATE OR REPLACE`, so it is run again on every migrate), in the order of the domains in
`backend/piccolo_conf.py`, each file in one transaction. A routine whose parameters or result change is dropped
at the top of its file first.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import asyncpg

BACKEND = Path(__file__).resolve().parent.parent
# The domains whose files are installed, in order (a file may call routines of the domains before it).
DOMAINS = ("events", "stock", "orders")


@cache
def routine_files() -> tuple[Path, ...]:
    return tuple(path for domain in DOMAINS for path in sorted((BACKEND / domain).glob("*.sql")))


def defined_routines() -> list[str]:
    """The names of the functions the files define."""
    pattern = re.compile(r"CREATE OR REPLACE FUNCTION (\w+)\(", re.IGNORECASE)
    return [name for path in routine_files() for name in pattern.findall(path.read_text())]


async def install_routines(url: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        for path in routine_files():
            async with connection.transaction():
                await connection.execute(path.read_text())
    finally:
        await connection.close()


async def missing_routines(connection: asyncpg.Connection | None = None) -> list[str]:
    """The routines the files define that the database lacks (it was not migrated with this code)."""
    from backend.core.db import engine

    query = "SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND proname = ANY($1::text[])"
    names = defined_routines()
    if connection is None:
        async with engine().pool.acquire() as pooled:
            rows = await pooled.fetch(query, names)
    else:
        rows = await connection.fetch(query, names)
    present = {row["proname"] for row in rows}
    return [name for name in names if name not in present]


async def require_routines() -> None:
    """Refuse to start on a database that was not migrated with this code (a routine the services call is missing)."""
    missing = await missing_routines()
    if missing:
        raise RuntimeError(f"The database lacks the routines {', '.join(missing)}: run `packline migrate`")
