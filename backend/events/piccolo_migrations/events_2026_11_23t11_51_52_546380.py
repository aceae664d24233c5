from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T11:51:52:546380"
VERSION = "1.38.0"
DESCRIPTION = "outbox append in one round trip"

# Appends a transaction's events under the outbox lock (see backend/events/outbox.py): gapless seqs in commit
# order, each event linked to the previous event of its merchant. One call instead of four round trips keeps
# the lock (and every row lock the transaction holds) short.
APPEND = """
CREATE FUNCTION outbox_append(lock_id bigint, events jsonb)
RETURNS TABLE (out_seq bigint, out_prev bigint) LANGUAGE plpgsql AS $$
DECLARE
  head bigint;
  item jsonb;
  owner uuid;
  previous bigint;
  last_of jsonb := '{}'::jsonb;
BEGIN
  PERFORM pg_advisory_xact_lock(lock_id);
  SELECT coalesce(max(e.seq), 0) INTO head FROM event e;
  FOR item IN SELECT value FROM jsonb_array_elements(events) LOOP
    head := head + 1;
    owner := (item->>'merchant_id')::uuid;
    previous := NULL;
    IF owner IS NOT NULL THEN
      IF last_of ? owner::text THEN
        previous := (last_of->>owner::text)::bigint;
      ELSE
        SELECT max(e.seq) INTO previous FROM event e WHERE e.merchant_id = owner;
      END IF;
      last_of := last_of || jsonb_build_object(owner::text, head);
    END IF;
    INSERT INTO event (seq, merchant_prev_seq, merchant_id, topic, type, entity_type, entity_id, payload, actor, occurred_at)
    VALUES (head, previous, owner, item->>'topic', item->>'type', item->>'entity_type', (item->>'entity_id')::uuid,
            item->'payload', item->'actor', (item->>'occurred_at')::timestamptz);
    out_seq := head;
    out_prev := previous;
    RETURN NEXT;
  END LOOP;
END $$
"""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="events", description=DESCRIPTION)

    async def up():
        await engine_finder().run_ddl(APPEND)

    async def down():
        await engine_finder().run_ddl("DROP FUNCTION IF EXISTS outbox_append(bigint, jsonb)")

    manager.add_raw(up)
    manager.add_raw_backwards(down)
    return manager
