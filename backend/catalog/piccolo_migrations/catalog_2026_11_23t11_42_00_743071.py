from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T11:42:00:743071"
VERSION = "1.38.0"
DESCRIPTION = "catalog constraints and search indexes"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="catalog", description=DESCRIPTION)

    async def up():
        db = engine_finder()
        await db.run_ddl("""ALTER TABLE location ADD CONSTRAINT location_warehouse_code UNIQUE (warehouse, code)""")
        await db.run_ddl("""ALTER TABLE product ADD CONSTRAINT product_merchant_sku UNIQUE (merchant, sku)""")
        await db.run_ddl("""CREATE UNIQUE INDEX product_merchant_barcode ON product (merchant, barcode) WHERE barcode IS NOT NULL""")
        await db.run_ddl("""CREATE EXTENSION IF NOT EXISTS pg_trgm""")
        await db.run_ddl("""CREATE INDEX product_search ON product USING gin ((sku || ' ' || name || ' ' || coalesce(barcode, '')) gin_trgm_ops)""")
        await db.run_ddl("""ALTER TABLE product ADD CONSTRAINT product_quantities CHECK (low_stock_threshold >= 0 AND (weight_grams IS NULL OR weight_grams >= 0))""")

    async def down():
        db = engine_finder()
        await db.run_ddl("""DROP INDEX IF EXISTS product_search""")
        await db.run_ddl("""DROP INDEX IF EXISTS product_merchant_barcode""")
        await db.run_ddl("""ALTER TABLE product DROP CONSTRAINT IF EXISTS product_merchant_sku""")
        await db.run_ddl("""ALTER TABLE product DROP CONSTRAINT IF EXISTS product_quantities""")
        await db.run_ddl("""ALTER TABLE location DROP CONSTRAINT IF EXISTS location_warehouse_code""")

    manager.add_raw(up)
    manager.add_raw_backwards(down)
    return manager
