from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-04T16:48:15:900000"
VERSION = "1.38.0"
DESCRIPTION = "picklists: one open picklist per order, quantities that add up"

UP = [
    "CREATE UNIQUE INDEX picklist_order_active ON picklist_order (sales_order) WHERE active",
    "CREATE INDEX picklist_line_open ON picklist_line (location, product) WHERE picked + short < quantity",
    "ALTER TABLE picklist_line ADD CONSTRAINT picklist_line_quantities CHECK (quantity >= 0 AND picked >= 0 "
    "AND short >= 0 AND picked + short <= quantity)",
    "ALTER TABLE picklist_pick ADD CONSTRAINT picklist_pick_quantities CHECK (quantity >= 0 AND picked >= 0 "
    "AND short >= 0 AND picked + short <= quantity)",
    "ALTER TABLE picklist ADD CONSTRAINT picklist_status_known CHECK (status IN ('OPEN', 'PICKING', 'PICKED', "
    "'CANCELLED'))",
]

DOWN = [
    "ALTER TABLE picklist DROP CONSTRAINT IF EXISTS picklist_status_known",
    "ALTER TABLE picklist_pick DROP CONSTRAINT IF EXISTS picklist_pick_quantities",
    "ALTER TABLE picklist_line DROP CONSTRAINT IF EXISTS picklist_line_quantities",
    "DROP INDEX IF EXISTS picklist_line_open",
    "DROP INDEX IF EXISTS picklist_order_active",
]


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
