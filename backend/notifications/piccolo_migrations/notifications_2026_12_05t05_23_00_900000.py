from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-05T05:23:00:900000"
VERSION = "1.38.0"
DESCRIPTION = "notifications: one per event, kind, channel and recipient; the consumer starts at the outbox's end"

UP = [
    "CREATE UNIQUE INDEX notification_once ON notification (event_seq, template, channel, recipient)",
    "CREATE INDEX notification_due ON notification (next_attempt_at) WHERE state = 'PENDING'",
    "CREATE INDEX notification_sending ON notification (claimed_until) WHERE state = 'SENDING'",
    "CREATE INDEX notification_merchant_created ON notification (merchant, created_at DESC)",
    "CREATE INDEX notification_digest_waiting ON notification_digest_entry (merchant) WHERE notification IS NULL",
    "ALTER TABLE notification ADD CONSTRAINT notification_state_known CHECK (state IN ('PENDING', 'SENDING', "
    "'SENT', 'FAILED', 'SUPPRESSED'))",
    "ALTER TABLE notification ADD CONSTRAINT notification_channel_known CHECK (channel IN ('EMAIL', 'WEBHOOK'))",
    "ALTER TABLE notification_settings ADD CONSTRAINT notification_settings_mode CHECK (new_order_mode IN "
    "('INSTANT', 'DIGEST') AND digest_minutes BETWEEN 5 AND 1440)",
    # Events committed before notifications existed are history, not news: the consumer starts after them.
    "INSERT INTO notification_cursor (consumer, last_seq, updated_at) "
    "SELECT 'notifications', coalesce(max(seq), 0), now() FROM event ON CONFLICT (consumer) DO NOTHING",
]

DOWN = [
    "DELETE FROM notification_cursor WHERE consumer = 'notifications'",
    "ALTER TABLE notification_settings DROP CONSTRAINT IF EXISTS notification_settings_mode",
    "ALTER TABLE notification DROP CONSTRAINT IF EXISTS notification_channel_known",
    "ALTER TABLE notification DROP CONSTRAINT IF EXISTS notification_state_known",
    "DROP INDEX IF EXISTS notification_digest_waiting",
    "DROP INDEX IF EXISTS notification_merchant_created",
    "DROP INDEX IF EXISTS notification_sending",
    "DROP INDEX IF EXISTS notification_due",
    "DROP INDEX IF EXISTS notification_once",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="notifications", description=DESCRIPTION)

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
