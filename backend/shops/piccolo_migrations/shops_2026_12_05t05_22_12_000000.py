from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-05T05:22:12:000000"
VERSION = "1.38.0"
DESCRIPTION = "shop names per merchant, one stored delivery per webhook delivery id, runs by shop"

UP = [
    "ALTER TABLE shop ADD CONSTRAINT shop_source_key UNIQUE (merchant, source_key)",
    "ALTER TABLE shop ADD CONSTRAINT shop_kind_known CHECK (kind IN ('SHOPIFY', 'WOOCOMMERCE', 'CSV', 'API'))",
    "ALTER TABLE shop_webhook_delivery ADD CONSTRAINT shop_webhook_delivery_once UNIQUE (shop, delivery_id)",
    "CREATE INDEX shop_import_run_shop_created ON shop_import_run (shop, created_at)",
]

DOWN = [
    "DROP INDEX IF EXISTS shop_import_run_shop_created",
    "ALTER TABLE shop_webhook_delivery DROP CONSTRAINT IF EXISTS shop_webhook_delivery_once",
    "ALTER TABLE shop DROP CONSTRAINT IF EXISTS shop_kind_known",
    "ALTER TABLE shop DROP CONSTRAINT IF EXISTS shop_source_key",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="shops", description=DESCRIPTION)

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
