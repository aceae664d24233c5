from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-04T18:40:55:900000"
VERSION = "1.38.0"
DESCRIPTION = "shipping: one cut-off per warehouse and carrier; the warehouse board's reads"

UP = [
    "CREATE UNIQUE INDEX carrier_cutoff_once ON carrier_cutoff (warehouse, carrier)",
    "CREATE INDEX parcel_shipped_at ON parcel (shipped_at) WHERE shipped_at IS NOT NULL",
]
DOWN = [
    "DROP INDEX IF EXISTS parcel_shipped_at",
    "DROP INDEX IF EXISTS carrier_cutoff_once",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="shipping", description=DESCRIPTION)

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
