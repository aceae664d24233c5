from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-04T18:40:56:900000"
VERSION = "1.38.0"
DESCRIPTION = "picking: open picklists by warehouse, for the warehouse board"

UP = ["CREATE INDEX picklist_open ON picklist (warehouse) WHERE status IN ('OPEN', 'PICKING')"]
DOWN = ["DROP INDEX IF EXISTS picklist_open"]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="picking", description=DESCRIPTION)

    async def up():
        db = engine_finder()
        for statement in UP:
            await db.run_ddl(statement)

    async def down():
        db = engine_finder()
        for statement in DOWN:
            await db.run_ddl(statement)

    manager.add_raw(up)
    manager.add_raw_backwards(down)
    return manager
