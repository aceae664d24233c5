from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T11:42:01:485109"
VERSION = "1.38.0"
DESCRIPTION = "stock constraints and the immutable ledger"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="stock", description=DESCRIPTION)

    async def up():
        db = engine_finder()
        await db.run_ddl("""ALTER TABLE stock_level ADD CONSTRAINT stock_level_product_warehouse UNIQUE (product, warehouse)""")
        await db.run_ddl("""ALTER TABLE stock_level ADD CONSTRAINT stock_level_never_negative CHECK (on_hand >= 0 AND reserved >= 0 AND blocked >= 0 AND incoming >= 0 AND on_hand - reserved - blocked >= 0)""")
        await db.run_ddl("""ALTER TABLE bin_stock ADD CONSTRAINT bin_stock_product_location UNIQUE (product, location)""")
        await db.run_ddl("""ALTER TABLE bin_stock ADD CONSTRAINT bin_stock_never_negative CHECK (on_hand >= 0)""")
        await db.run_ddl("""CREATE INDEX stock_movement_product ON stock_movement (product, warehouse, id)""")
        await db.run_ddl("""CREATE FUNCTION stock_movement_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'stock movements are immutable'; END $$""")
        await db.run_ddl("""CREATE TRIGGER stock_movement_immutable BEFORE UPDATE OR DELETE ON stock_movement FOR EACH ROW EXECUTE FUNCTION stock_movement_is_immutable()""")

    async def down():
        db = engine_finder()
        await db.run_ddl("""DROP TRIGGER IF EXISTS stock_movement_immutable ON stock_movement""")
        await db.run_ddl("""DROP FUNCTION IF EXISTS stock_movement_is_immutable()""")
        await db.run_ddl("""DROP INDEX IF EXISTS stock_movement_product""")
        await db.run_ddl("""ALTER TABLE bin_stock DROP CONSTRAINT IF EXISTS bin_stock_never_negative""")
        await db.run_ddl("""ALTER TABLE bin_stock DROP CONSTRAINT IF EXISTS bin_stock_product_location""")
        await db.run_ddl("""ALTER TABLE stock_level DROP CONSTRAINT IF EXISTS stock_level_never_negative""")
        await db.run_ddl("""ALTER TABLE stock_level DROP CONSTRAINT IF EXISTS stock_level_product_warehouse""")

    manager.add_raw(up)
    manager.add_raw_backwards(down)
    return manager
