-- Placing orders: the one way an order is placed, whatever it came from (the API, a shop, a completed phone draft,
-- a duplicate), and what intake looks up before. Installed by `packline migrate` (backend/core/routines.py);
-- called by backend/orders/intake.py.


-- order_settings_ensure: the merchant's order settings, made with the table's defaults when it has none yet.
CREATE OR REPLACE FUNCTION order_settings_ensure(p_merchant uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO order_settings (id, merchant) VALUES (gen_random_uuid(), p_merchant) ON CONFLICT (merchant) DO NOTHING;
END $$;


-- order_take_number: the merchant's counter goes up by one; returns its order settings with the number taken
-- (`last_number`). Taken outside the order's own transaction, so intake never queues on the counter: an intake
-- that fails later leaves a gap, never a duplicate.
CREATE OR REPLACE FUNCTION order_take_number(p_merchant uuid) RETURNS order_settings LANGUAGE plpgsql AS $$
DECLARE
  taken order_settings;
BEGIN
  FOR attempt IN 1..2 LOOP
    UPDATE order_settings s SET last_number = s.last_number + 1 WHERE s.merchant = p_merchant RETURNING s.* INTO taken;
    EXIT WHEN FOUND OR attempt = 2;
    PERFORM order_settings_ensure(p_merchant);  -- the merchant's first order
  END LOOP;
  RETURN taken;
END $$;


-- order_intake_facts: what a new order needs before it is placed, in one round trip.
--   p_merchant                            the merchant the order is for
--   p_warehouse                           the warehouse asked for, or NULL: the first active one by code
--   p_shop, p_external_id                 the shop's own order id (NULL: none)
--   p_idempotency_key                     the request's idempotency key (NULL: none)
--   p_products                            the lines' product ids, each once
-- Returns no row for an unknown merchant; otherwise the merchant (id, code, name, is_active), the warehouse
-- (NULL: no active one), the order this request already created (by its shop order id, or by its key with the
-- request's number and hash), the merchant's products among p_products (id, merchant, sku, name, is_archived) and,
-- only when all of them allow placing it, the number taken with the order settings (`order_take_number`): a replay
-- or an unknown or archived product takes no number.
CREATE OR REPLACE FUNCTION order_intake_facts(
  p_merchant uuid, p_warehouse uuid, p_shop text, p_external_id text, p_idempotency_key text, p_products uuid[])
RETURNS TABLE (id uuid, code text, name text, is_active boolean, warehouse uuid, by_external_id uuid, by_key jsonb,
               products jsonb, numbered jsonb)
LANGUAGE plpgsql AS $$
BEGIN
  SELECT m.id, m.code, m.name, m.is_active INTO id, code, name, is_active FROM merchant m WHERE m.id = p_merchant;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  SELECT w.id INTO warehouse FROM warehouse w
  WHERE w.is_active AND (p_warehouse IS NULL OR w.id = p_warehouse) ORDER BY w.code LIMIT 1;
  SELECT o.id INTO by_external_id FROM sales_order o
  WHERE o.merchant = p_merchant AND o.shop = p_shop AND o.external_id = p_external_id;
  SELECT jsonb_build_object('id', o.id, 'number', o.number, 'request_hash', o.request_hash) INTO by_key
  FROM sales_order o WHERE o.merchant = p_merchant AND o.idempotency_key = p_idempotency_key;
  SELECT jsonb_agg(jsonb_build_object('id', p.id, 'merchant', p.merchant, 'sku', p.sku, 'name', p.name,
                                      'is_archived', p.is_archived))
  INTO products FROM product p WHERE p.id = ANY(p_products) AND p.merchant = p_merchant;
  IF is_active AND warehouse IS NOT NULL AND by_external_id IS NULL AND by_key IS NULL
     AND cardinality(p_products) > 0
     AND (SELECT count(*) FROM jsonb_array_elements(products) e WHERE NOT (e->>'is_archived')::boolean)
         = cardinality(p_products) THEN
    numbered := to_jsonb(order_take_number(p_merchant));
  END IF;
  RETURN NEXT;
END $$;


-- order_hour_stats_add: add to the dashboard's figures of the hour (UTC) an order was placed in. Each change goes to
-- one of eight slots of its merchant's hour, picked at random (see `OrderHourStats.slot`); readers sum them.
--   p_merchant, p_currency       whose figures
--   p_placed_at                  when the order was placed
--   p_placed, p_revenue, p_cancelled   what to add (an edit that changes a total adds the difference in revenue)
CREATE OR REPLACE FUNCTION order_hour_stats_add(
  p_merchant uuid, p_placed_at timestamptz, p_currency text, p_placed int, p_revenue int, p_cancelled int)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sales_order_hour_stats (merchant, hour, currency, placed, revenue, cancelled, slot)
  VALUES (p_merchant, date_trunc('hour', p_placed_at, 'UTC'), p_currency, p_placed, p_revenue, p_cancelled,
          floor(random() * 8)::int)
  ON CONFLICT (merchant, hour, currency, slot) DO UPDATE SET
    placed = sales_order_hour_stats.placed + EXCLUDED.placed,
    revenue = sales_order_hour_stats.revenue + EXCLUDED.revenue,
    cancelled = sales_order_hour_stats.cancelled + EXCLUDED.cancelled;
END $$;


-- order_place: place an order whose row and lines exist (a draft, or a new order `order_place_new` just wrote):
-- reserve what each line needs (as much as there is, `stock_reserve_up_to`), settle the status, write the history
-- entry, count it in the hour's figures and give its events. The caller has checked both possible transitions and
-- holds the order (a draft is locked; a new order is its own statement's).
--   p_order                  the order
--   p_if_reserved, p_if_short   its status when every unit was reserved, and when some are missing
--   p_hold_reason            why it is held ('' when not)
--   p_status_before          the status the history shows before (NULL for a new order: it never was a draft)
--   p_kind, p_message        the history entry ('placed', 'draft_completed') and its text
--   p_payload                the `order.placed` event's payload (`order_payload`); status, version, holdReason
--                            and backordered (units missing per SKU) are set here
--   p_actor                  who, as `Actor.as_event_actor()` gives it
--   p_placed_at              when
-- Returns the status, the new version (one more than before) and the events as outbox items: the reservations'
-- `stock.changed` in product order, then `order.placed`.
CREATE OR REPLACE FUNCTION order_place(
  p_order uuid, p_if_reserved text, p_if_short text, p_hold_reason text, p_status_before text, p_kind text,
  p_message text, p_payload jsonb, p_actor jsonb, p_placed_at timestamptz)
RETURNS TABLE (placed_status text, placed_version int, placed_events jsonb) LANGUAGE plpgsql AS $$
DECLARE
  the_order sales_order%ROWTYPE;
  needed_products uuid[];
  needed_units int[];
  needed_skus text[];
  reservation record;
  missing int;
  shortfall jsonb := '{}'::jsonb;
  snapshot jsonb;
BEGIN
  SELECT * INTO the_order FROM sales_order o WHERE o.id = p_order;
  SELECT coalesce(jsonb_agg(jsonb_build_object('sku', l.sku, 'quantity', l.quantity, 'unitPrice', l.unit_price)
                            ORDER BY l.position) FILTER (WHERE l.quantity > 0), '[]'::jsonb),
         array_agg(l.product ORDER BY l.product) FILTER (WHERE l.quantity > l.reserved),
         array_agg(l.quantity - l.reserved ORDER BY l.product) FILTER (WHERE l.quantity > l.reserved),
         array_agg(l.sku ORDER BY l.product) FILTER (WHERE l.quantity > l.reserved)
  INTO snapshot, needed_products, needed_units, needed_skus
  FROM sales_order_line l WHERE l.sales_order = p_order;
  PERFORM order_hour_stats_add(the_order.merchant, coalesce(the_order.placed_at, p_placed_at), the_order.currency, 1,
                               the_order.total, 0);
  -- Stock rows stay locked from here to the commit: what follows is kept short.
  placed_events := '[]'::jsonb;
  IF needed_products IS NOT NULL THEN
    FOR reservation IN
      SELECT * FROM stock_reserve_up_to(the_order.warehouse, needed_products, needed_units,
                                        'order:' || the_order.number, p_actor)
    LOOP
      IF reservation.granted > 0 THEN
        UPDATE sales_order_line l SET reserved = l.reserved + reservation.granted
        WHERE l.sales_order = p_order AND l.product = reservation.product;
        placed_events := placed_events || jsonb_build_array(reservation.event);
      END IF;
      missing := needed_units[array_position(needed_products, reservation.product)] - reservation.granted;
      IF missing > 0 THEN
        shortfall := shortfall || jsonb_build_object(needed_skus[array_position(needed_products, reservation.product)],
                                                     missing);
      END IF;
    END LOOP;
  END IF;
  placed_status := CASE WHEN shortfall = '{}'::jsonb THEN p_if_reserved ELSE p_if_short END;
  UPDATE sales_order o SET status = placed_status, status_changed_at = p_placed_at, hold_reason = p_hold_reason,
    placed_at = coalesce(o.placed_at, p_placed_at), updated_at = p_placed_at, version = o.version + 1
  WHERE o.id = p_order RETURNING o.version INTO placed_version;
  INSERT INTO sales_order_change (sales_order, version, kind, message, changes, actor)
  VALUES (p_order, placed_version, p_kind, left(p_message, 1000),
          jsonb_build_object('status', jsonb_build_object('before', p_status_before, 'after', placed_status),
                             'lines', snapshot),
          p_actor);
  placed_events := placed_events || jsonb_build_array(outbox_item(
    the_order.merchant, 'ORDER', 'order.placed', 'Order', p_order,
    p_payload || jsonb_build_object('status', placed_status, 'version', placed_version, 'holdReason', p_hold_reason,
                                    'backordered', shortfall),
    p_actor, p_placed_at));
  RETURN NEXT;
END $$;


-- order_place_new: a new order from the API or a shop, written and placed in ONE statement, which is its whole
-- transaction: no client round trip happens while it holds stock rows or the outbox's lock.
--   p_order   the order's row as a jsonb object of column values (status DRAFT and version 0 until placed)
--   p_lines   its lines as a jsonb array of row objects (reserved 0)
--   p_if_reserved … p_placed_at   as for `order_place` (the history entry is 'placed', with no status before)
--   p_message, p_payload          as for `order_place`
--   p_outbox_lock                 OUTBOX_LOCK_ID
-- Returns what `order_place` does, with each event's seq and its merchant's previous seq, appended
-- (`outbox_append`). A concurrent twin (same shop order or idempotency key) inserted first makes the INSERT wait
-- for it and then fail on its unique index (sales_order_external, sales_order_idempotency): nothing is written.
CREATE OR REPLACE FUNCTION order_place_new(
  p_order jsonb, p_lines jsonb, p_if_reserved text, p_if_short text, p_hold_reason text, p_message text,
  p_payload jsonb, p_actor jsonb, p_placed_at timestamptz, p_outbox_lock bigint)
RETURNS TABLE (placed_status text, placed_version int, placed_events jsonb, seqs jsonb) LANGUAGE plpgsql AS $$
DECLARE
  columns text;
BEGIN
  -- The rows' own keys name the columns, so a column added to the tables needs no change here.
  SELECT string_agg(quote_ident(k), ', ') INTO columns FROM jsonb_object_keys(p_order) k;
  EXECUTE format('INSERT INTO sales_order (%1$s) SELECT %1$s FROM jsonb_populate_record(NULL::sales_order, $1)',
                 columns) USING p_order;
  SELECT string_agg(quote_ident(k), ', ') INTO columns FROM jsonb_object_keys(p_lines->0) k;
  EXECUTE format('INSERT INTO sales_order_line (%1$s) SELECT %1$s '
                 'FROM jsonb_populate_recordset(NULL::sales_order_line, $1)', columns) USING p_lines;
  SELECT * INTO placed_status, placed_version, placed_events
  FROM order_place((p_order->>'id')::uuid, p_if_reserved, p_if_short, p_hold_reason, NULL, 'placed', p_message,
                   p_payload, p_actor, p_placed_at);
  -- Every event of the statement carries its time, as a unit of work's do.
  SELECT jsonb_agg(x.item || jsonb_build_object('occurred_at', p_placed_at) ORDER BY x.position) INTO placed_events
  FROM jsonb_array_elements(placed_events) WITH ORDINALITY AS x(item, position);
  SELECT jsonb_agg(jsonb_build_array(a.out_seq, a.out_prev) ORDER BY a.out_seq) INTO seqs
  FROM outbox_append(p_outbox_lock, placed_events) a;
  RETURN NEXT;
END $$;
