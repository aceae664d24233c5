from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T11:20:15:269504"
VERSION = "1.38.0"
DESCRIPTION = "one run per job and slot"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)

    async def create_constraint():
        await engine_finder().run_ddl(
            "ALTER TABLE scheduled_run ADD CONSTRAINT scheduled_run_job_slot UNIQUE (job, slot)"
        )

    async def drop_constraint():
        await engine_finder().run_ddl("ALTER TABLE scheduled_run DROP CONSTRAINT IF EXISTS scheduled_run_job_slot")

    manager.add_raw(create_constraint)
    manager.add_raw_backwards(drop_constraint)
    return manager
