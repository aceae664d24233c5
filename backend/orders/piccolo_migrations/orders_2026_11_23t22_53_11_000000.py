from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T22:53:11:000000"
VERSION = "1.38.0"
DESCRIPTION = "hourly order figures: one row per merchant, hour, currency and slot"

UP = [
    "ALTER TABLE sales_order_hour_stats DROP CONSTRAINT IF EXISTS sales_order_hour_stats_key",
    "ALTER TABLE sales_order_hour_stats ADD CONSTRAINT sales_order_hour_stats_key UNIQUE (merchant, hour, currency, slot)",
]

DOWN = [
    "ALTER TABLE sales_order_hour_stats DROP CONSTRAINT IF EXISTS sales_order_hour_stats_key",
    # Folds the slots back into one row per merchant, hour and currency before the narrower key returns.
    "UPDATE sales_order_hour_stats s SET placed = t.placed, revenue = t.revenue, cancelled = t.cancelled, slot = 0 "
    "FROM (SELECT min(id) AS keep, sum(placed) AS placed, sum(revenue) AS revenue, sum(cancelled) AS cancelled "
    "FROM sales_order_hour_stats GROUP BY merchant, hour, currency) t WHERE s.id = t.keep",
    "DELETE FROM sales_order_hour_stats s WHERE s.id NOT IN (SELECT min(id) FROM sales_order_hour_stats "
    "GROUP BY merchant, hour, currency)",
    "ALTER TABLE sales_order_hour_stats ADD CONSTRAINT sales_order_hour_stats_key UNIQUE (merchant, hour, currency)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="orders", description=DESCRIPTION)

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
