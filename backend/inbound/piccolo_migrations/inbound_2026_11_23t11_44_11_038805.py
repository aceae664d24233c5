from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T11:44:11:038805"
VERSION = "1.38.0"
DESCRIPTION = "one line per product, quantities never negative"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="inbound", description=DESCRIPTION)

    async def up():
        db = engine_finder()
        await db.run_ddl("ALTER TABLE inbound_line ADD CONSTRAINT inbound_line_product UNIQUE (inbound, product)")
        await db.run_ddl(
            "ALTER TABLE inbound_line ADD CONSTRAINT inbound_line_quantities "
            "CHECK (expected_quantity >= 0 AND received_quantity >= 0 AND damaged_quantity >= 0)"
        )
        await db.run_ddl("CREATE INDEX inbound_merchant_created ON inbound (merchant, created_at)")

    async def down():
        db = engine_finder()
        await db.run_ddl("DROP INDEX IF EXISTS inbound_merchant_created")
        await db.run_ddl("ALTER TABLE inbound_line DROP CONSTRAINT IF EXISTS inbound_line_quantities")
        await db.run_ddl("ALTER TABLE inbound_line DROP CONSTRAINT IF EXISTS inbound_line_product")

    manager.add_raw(up)
    manager.add_raw_backwards(down)
    return manager
