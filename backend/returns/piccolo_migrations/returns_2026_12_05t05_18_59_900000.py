from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-05T05:18:59:900000"
VERSION = "1.38.0"
DESCRIPTION = "returns: known states, one open batch per merchant and warehouse, the dock's look-ups"

UP = [
    "ALTER TABLE sales_return ADD CONSTRAINT sales_return_status_known CHECK (status IN ('ANNOUNCED', 'RECEIVED', "
    "'INSPECTED', 'COMPLETED', 'CANCELLED'))",
    "ALTER TABLE sales_return ADD CONSTRAINT sales_return_identified CHECK ((merchant IS NULL) = (sales_order IS NULL))",
    "ALTER TABLE return_batch ADD CONSTRAINT return_batch_status_known CHECK (status IN ('OPEN', 'SHIPPED'))",
    "CREATE UNIQUE INDEX return_batch_one_open ON return_batch (merchant, warehouse) WHERE status = 'OPEN'",
    "CREATE INDEX sales_return_tracking ON sales_return (tracking_number) WHERE tracking_number <> ''",
    "CREATE INDEX sales_return_created_at ON sales_return (created_at)",
]
DOWN = [
    "DROP INDEX IF EXISTS sales_return_created_at",
    "DROP INDEX IF EXISTS sales_return_tracking",
    "DROP INDEX IF EXISTS return_batch_one_open",
    "ALTER TABLE return_batch DROP CONSTRAINT IF EXISTS return_batch_status_known",
    "ALTER TABLE sales_return DROP CONSTRAINT IF EXISTS sales_return_identified",
    "ALTER TABLE sales_return DROP CONSTRAINT IF EXISTS sales_return_status_known",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="returns", description=DESCRIPTION)

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
