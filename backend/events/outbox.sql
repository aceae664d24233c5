-- The outbox: how events are shaped and appended. Installed by `packline migrate` (backend/core/routines.py).
--
-- An outbox item is the jsonb object an event is before it has a seq:
--   {merchant_id, topic, type, entity_type, entity_id, payload, actor, occurred_at}
-- `outbox_item` builds one in SQL; `UnitOfWork.record` (backend/events/outbox.py) builds the same in Python.


-- outbox_item: an event as an outbox item.
--   p_merchant     the merchant it belongs to (NULL: operators only)
--   p_topic        an EventTopic (ORDER, STOCK, …)
--   p_type         the event type, e.g. 'stock.changed'
--   p_entity_type  the GraphQL type of the entity ('Order', 'StockLevel')
--   p_entity_id    the entity's id
--   p_payload      the event's own fields
--   p_actor        who did it, as `Actor.as_event_actor()` gives it
--   p_occurred_at  when (a unit of work stamps its events again with its append time)
CREATE OR REPLACE FUNCTION outbox_item(
  p_merchant uuid, p_topic text, p_type text, p_entity_type text, p_entity_id uuid, p_payload jsonb, p_actor jsonb,
  p_occurred_at timestamptz DEFAULT clock_timestamp())
RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'merchant_id', p_merchant, 'topic', p_topic, 'type', p_type, 'entity_type', p_entity_type,
    'entity_id', p_entity_id, 'payload', p_payload, 'actor', p_actor, 'occurred_at', p_occurred_at)
$$;


-- outbox_append: append a transaction's events, the last thing it does before it commits.
--   lock_id  the advisory lock that orders appends (OUTBOX_LOCK_ID in backend/events/outbox.py)
--   events   a jsonb array of outbox items
-- Returns each event's seq and the seq of its merchant's previous event, in the items' order.
-- Seqs are handed out under a transaction-scoped advisory lock, so the transaction holding seq N has committed
-- (or rolled back) before any other can take N+1: gapless, in commit order. One call instead of a round trip per
-- event keeps the lock (and every row lock the transaction holds) short.
CREATE OR REPLACE FUNCTION outbox_append(lock_id bigint, events jsonb)
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
END $$;
