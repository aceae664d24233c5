"""Running the Piccolo migrations of every domain and installing their SQL routines, and checking that tables and
migrations agree."""

from __future__ import annotations

import contextlib
import io

from piccolo.apps.migrations.auto.diffable_table import DiffableTable
from piccolo.apps.migrations.auto.schema_differ import SchemaDiffer
from piccolo.apps.migrations.auto.schema_snapshot import SchemaSnapshot
from piccolo.apps.migrations.commands.base import BaseMigrationManager
from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.conf.apps import Finder

from backend.core.db import create_database_if_missing
from backend.core.routines import install_routines
from backend.settings import get_settings


async def migrate() -> None:
    await create_database_if_missing(get_settings().database.url)
    response = await run_forwards(app_name="all", fake=False)
    if not response.success:
        raise RuntimeError(f"Migrations failed: {response.message}")
    await install_routines(get_settings().database.url)


async def drift() -> dict[str, list[str]]:
    """What `piccolo migrations new --auto` would write for each app: empty when tables and migrations agree."""
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
