from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T11:20:14:969299"
VERSION = "1.38.0"
DESCRIPTION = "event stream indexes"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="events", description=DESCRIPTION)

    async def create_indexes():
        db = engine_finder()
        # A merchant's stream is read by (merchant, seq): replay, gap filling and the previous-seq lookup.
        await db.run_ddl("CREATE INDEX event_merchant_seq ON event (merchant_id, seq)")
        # The relay looks only at what is still unpublished.
        await db.run_ddl("CREATE INDEX event_unpublished ON event (seq) WHERE published_at IS NULL")

    async def drop_indexes():
        db = engine_finder()
        await db.run_ddl("DROP INDEX IF EXISTS event_merchant_seq")
        await db.run_ddl("DROP INDEX IF EXISTS event_unpublished")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
