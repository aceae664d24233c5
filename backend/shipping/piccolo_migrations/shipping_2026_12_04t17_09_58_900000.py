from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-04T17:09:58:900000"
VERSION = "1.38.0"
DESCRIPTION = "shipping: unique package codes per warehouse, tracking events once, quantities that add up"

UP = [
    "CREATE UNIQUE INDEX package_type_code ON package_type (warehouse, code)",
    "CREATE UNIQUE INDEX tracking_event_once ON tracking_event (parcel, carrier_event_id)",
    "CREATE INDEX parcel_tracking ON parcel (carrier, tracking_number) WHERE tracking_number <> ''",
    "ALTER TABLE parcel_line ADD CONSTRAINT parcel_line_quantity CHECK (quantity > 0)",
    "ALTER TABLE parcel ADD CONSTRAINT parcel_status_known CHECK (status IN ('PACKED', 'SHIPPED', 'DELIVERED', "
    "'COLLECTED'))",
    "ALTER TABLE package_type ADD CONSTRAINT package_type_sizes CHECK (length_mm > 0 AND width_mm > 0 "
    "AND height_mm > 0 AND tare_grams >= 0)",
]

DOWN = [
    "ALTER TABLE package_type DROP CONSTRAINT IF EXISTS package_type_sizes",
    "ALTER TABLE parcel DROP CONSTRAINT IF EXISTS parcel_status_known",
    "ALTER TABLE parcel_line DROP CONSTRAINT IF EXISTS parcel_line_quantity",
    "DROP INDEX IF EXISTS parcel_tracking",
    "DROP INDEX IF EXISTS tracking_event_once",
    "DROP INDEX IF EXISTS package_type_code",
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
