"""Running the Piccolo migrations of every domain and installing their SQL routines (whether tables and
migrations agree is `backend.core.db.migration_drift`, as it reaches into Piccolo's auto-migration internals)."""

from __future__ import annotations

from piccolo.apps.migrations.commands.forwards import run_forwards

from backend.core.db import create_database_if_missing
from backend.core.routines import install_routines
from backend.settings import get_settings


async def migrate() -> None:
    await create_database_if_missing(get_settings().database.url)
    response = await run_forwards(app_name="all", fake=False)
    if not response.success:
        raise RuntimeError(f"Migrations failed: {response.message}")
    await install_routines(get_settings().database.url)
