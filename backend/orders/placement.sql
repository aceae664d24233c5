-- Placing orders: the one way an order is placed, whatever it came from (the API, a shop, a completed phone draft,
-- a repeat order), and what intake looks up before. A placement reserves the lines (`order_reserve_lines`), settles
-- the status and records it (`order_record_placement`); `order_place_new` and `order_place` only differ in that a
-- new order is written in its settled state while a draft's row is updated. Installed by `packline migrate` (backend/core/routines.py);
-- called by backend/orders/intake.py.

-- The history entry's parameters (p_params) were added to these three; the old signatures go first.
DROP FUNCTION IF EXISTS order_record_placement(
  uuid, uuid, int, text, text, text, text, jsonb, jsonb, text, jsonb, jsonb, timestamptz);
DROP FUNCTION IF EXISTS order_place(uuid, text, text, text, text, text, jsonb, jsonb, timestamptz);
DROP FUNCTION IF EXISTS order_place_new(jsonb, jsonb, text, text, text, text, jsonb, jsonb, timestamptz, bigint);


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


-- order_reserve_lines: reserve what an order's lines still need, as much as there is (`stock_reserve_up_to`).
--   p_warehouse, p_number          where, and the order's number (the ledger's reference is 'order:<number>')
--   p_products, p_units, p_skus    parallel arrays in product order: each product once, the units it still
--                                  needs (> 0) and its SKU
--   p_actor                        who
-- Returns the units granted per product (in p_products' order), the units missing per SKU (empty when every unit
-- was reserved) and the reservations' `stock.changed` events in product order. Stock rows stay locked until the
-- caller commits.
CREATE OR REPLACE FUNCTION order_reserve_lines(
  p_warehouse uuid, p_number text, p_products uuid[], p_units int[], p_skus text[], p_actor jsonb)
RETURNS TABLE (granted int[], shortfall jsonb, events jsonb) LANGUAGE plpgsql AS $$
DECLARE
  reservation record;
  i int;
BEGIN
  granted := array_fill(0, ARRAY[coalesce(cardinality(p_products), 0)]);
  shortfall := '{}'::jsonb;
  events := '[]'::jsonb;
  IF coalesce(cardinality(p_products), 0) > 0 THEN
    FOR reservation IN
      SELECT * FROM stock_reserve_up_to(p_warehouse, p_products, p_units, 'order:' || p_number, p_actor)
    LOOP
      i := array_position(p_products, reservation.product);
      granted[i] := reservation.granted;
      IF reservation.event IS NOT NULL THEN
        events := events || jsonb_build_array(reservation.event);
      END IF;
      IF reservation.granted < p_units[i] THEN
        shortfall := shortfall || jsonb_build_object(p_skus[i], p_units[i] - reservation.granted);
      END IF;
    END LOOP;
  END IF;
  RETURN NEXT;
END $$;


-- order_record_placement: the history entry of a placement and its `order.placed` event.
--   p_order, p_merchant, p_version   the order, its merchant and the version the placement gave it
--   p_status, p_status_before        its status now, and the one the history shows before (NULL: a new order)
--   p_kind, p_message, p_params      the history entry ('placed', 'draft_completed'), its English sentence and its
--                                    parameters (backend/orders/history.py, HISTORY_KINDS)
--   p_lines                          the lines as the history records them: [{sku, quantity, unitPrice}]
--   p_shortfall                      units missing per SKU
--   p_hold_reason                    why it is held ('' when not)
--   p_payload                        the event's payload (`order_payload`); status, version, holdReason and
--                                    backordered are set here
--   p_actor, p_placed_at             who and when
-- Returns the event as an outbox item.
CREATE OR REPLACE FUNCTION order_record_placement(
  p_order uuid, p_merchant uuid, p_version int, p_status text, p_status_before text, p_kind text, p_message text,
  p_params jsonb, p_lines jsonb, p_shortfall jsonb, p_hold_reason text, p_payload jsonb, p_actor jsonb,
  p_placed_at timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sales_order_change (sales_order, version, kind, message, params, changes, actor)
  VALUES (p_order, p_version, p_kind, left(p_message, 1000), p_params,
          jsonb_build_object('status', jsonb_build_object('before', p_status_before, 'after', p_status),
                             'lines', p_lines),
          p_actor);
  RETURN outbox_item(p_merchant, 'ORDER', 'order.placed', 'Order', p_order,
                     p_payload || jsonb_build_object('status', p_status, 'version', p_version,
                                                     'holdReason', p_hold_reason, 'backordered', p_shortfall),
                     p_actor, p_placed_at);
END $$;


-- order_place: place a phone draft (its row and lines are written; the caller holds its lock) inside the caller's
-- transaction: reserve its lines (`order_reserve_lines`), settle its status, count it in the hour's figures and
-- record it (`order_record_placement`). The caller has checked both possible transitions.
--   p_order                     the order
--   p_if_reserved, p_if_short   its status when every unit was reserved, and when some are missing
--   p_hold_reason               why it is held ('' when not)
--   p_kind, p_message, p_params the history entry ('draft_completed'), its sentence and its parameters
--   p_payload, p_actor          as for `order_record_placement`
--   p_placed_at                 when
-- Returns the status, the new version (one more than before) and the events as outbox items: the reservations'
-- `stock.changed` in product order, then `order.placed`.
CREATE OR REPLACE FUNCTION order_place(
  p_order uuid, p_if_reserved text, p_if_short text, p_hold_reason text, p_kind text, p_message text,
  p_params jsonb, p_payload jsonb, p_actor jsonb, p_placed_at timestamptz)
RETURNS TABLE (placed_status text, placed_version int, placed_events jsonb) LANGUAGE plpgsql AS $$
DECLARE
  the_order sales_order%ROWTYPE;
  snapshot jsonb;
  products uuid[];
  units int[];
  skus text[];
  reserved record;
BEGIN
  SELECT * INTO the_order FROM sales_order o WHERE o.id = p_order;
  SELECT coalesce(jsonb_agg(jsonb_build_object('sku', l.sku, 'quantity', l.quantity, 'unitPrice', l.unit_price)
                            ORDER BY l.position) FILTER (WHERE l.quantity > 0), '[]'::jsonb),
         array_agg(l.product ORDER BY l.product) FILTER (WHERE l.quantity > l.reserved),
         array_agg(l.quantity - l.reserved ORDER BY l.product) FILTER (WHERE l.quantity > l.reserved),
         array_agg(l.sku ORDER BY l.product) FILTER (WHERE l.quantity > l.reserved)
  INTO snapshot, products, units, skus
  FROM sales_order_line l WHERE l.sales_order = p_order;
  PERFORM order_hour_stats_add(the_order.merchant, coalesce(the_order.placed_at, p_placed_at), the_order.currency, 1,
                               the_order.total, 0);
  -- Stock rows stay locked from here to the commit.
  SELECT * INTO reserved FROM order_reserve_lines(the_order.warehouse, the_order.number, products, units, skus, p_actor);
  UPDATE sales_order_line l SET reserved = l.reserved + g.granted
  FROM unnest(products, reserved.granted) AS g(product, granted)
  WHERE l.sales_order = p_order AND l.product = g.product AND g.granted > 0;
  placed_status := CASE WHEN reserved.shortfall = '{}'::jsonb THEN p_if_reserved ELSE p_if_short END;
  UPDATE sales_order o SET status = placed_status, status_changed_at = p_placed_at, hold_reason = p_hold_reason,
    placed_at = coalesce(o.placed_at, p_placed_at), updated_at = p_placed_at, version = o.version + 1
  WHERE o.id = p_order RETURNING o.version INTO placed_version;
  placed_events := reserved.events || jsonb_build_array(order_record_placement(
    p_order, the_order.merchant, placed_version, placed_status, the_order.status, p_kind, p_message, p_params, snapshot,
    reserved.shortfall, p_hold_reason, p_payload, p_actor, p_placed_at));
  RETURN NEXT;
END $$;


-- order_place_new: a new order from the API or a shop, placed and written in ONE statement, which is its whole
-- transaction (no client round trip happens while it holds stock rows or the outbox's lock): its lines are
-- reserved first (`order_reserve_lines`), so the order is written once, in its settled status, and recorded
-- (`order_record_placement`); then its events are appended (`outbox_append`).
--   p_order   the order's row as a jsonb object of column values; status, version and the placement's times are
--             set here (version 1)
--   p_lines   its lines as a jsonb array of row objects; `reserved` is set here
--   p_if_reserved, p_if_short, p_hold_reason, p_message, p_params, p_payload, p_actor, p_placed_at   as for
--             `order_place`
--             (the history entry is 'placed', with no status before: a new order never was a draft)
--   p_outbox_lock   OUTBOX_LOCK_ID
-- Returns the status, the version, the events (all stamped with p_placed_at) and each event's seq with its
-- merchant's previous seq. A concurrent twin (same shop order or idempotency key) inserted first makes the INSERT
-- wait for it and then fail on its unique index (sales_order_external, sales_order_idempotency): nothing is written.
-- The column lists below are the tables' (tests/integration/test_routines.py compares them with tables.py).
CREATE OR REPLACE FUNCTION order_place_new(
  p_order jsonb, p_lines jsonb, p_if_reserved text, p_if_short text, p_hold_reason text, p_message text,
  p_params jsonb, p_payload jsonb, p_actor jsonb, p_placed_at timestamptz, p_outbox_lock bigint)
RETURNS TABLE (placed_status text, placed_version int, placed_events jsonb, seqs jsonb) LANGUAGE plpgsql AS $$
DECLARE
  new_order uuid := (p_order->>'id')::uuid;
  new_merchant uuid := (p_order->>'merchant')::uuid;
  new_lines jsonb;
  products uuid[];
  units int[];
  skus text[];
  reserved record;
BEGIN
  SELECT jsonb_agg(jsonb_build_object('sku', l->>'sku', 'quantity', (l->>'quantity')::int,
                                      'unitPrice', (l->>'unit_price')::int) ORDER BY (l->>'position')::int),
         array_agg((l->>'product')::uuid ORDER BY (l->>'product')::uuid),
         array_agg((l->>'quantity')::int ORDER BY (l->>'product')::uuid),
         array_agg(l->>'sku' ORDER BY (l->>'product')::uuid)
  INTO new_lines, products, units, skus
  FROM jsonb_array_elements(p_lines) l;
  PERFORM order_hour_stats_add(new_merchant, p_placed_at, p_order->>'currency', 1, (p_order->>'total')::int, 0);
  -- Stock rows stay locked from here to the commit.
  SELECT * INTO reserved FROM order_reserve_lines((p_order->>'warehouse')::uuid, p_order->>'number', products,
                                                  units, skus, p_actor);
  placed_status := CASE WHEN reserved.shortfall = '{}'::jsonb THEN p_if_reserved ELSE p_if_short END;
  placed_version := 1;
  INSERT INTO sales_order (
    id, merchant, warehouse, number, source, shop, external_id, external_number, idempotency_key, request_hash, status,
    status_changed_at, hold_reason, cancel_reason, payment_method, payment_status, payment_reference, paid_at,
    shipping_method, currency, subtotal, shipping_price, tax, total, customer_name, customer_email, customer_phone,
    shipping_address, billing_address, customer_note, tags, version, created_at, updated_at, placed_at, cancelled_at)
  SELECT
    id, merchant, warehouse, number, source, shop, external_id, external_number, idempotency_key, request_hash, status,
    status_changed_at, hold_reason, cancel_reason, payment_method, payment_status, payment_reference, paid_at,
    shipping_method, currency, subtotal, shipping_price, tax, total, customer_name, customer_email, customer_phone,
    shipping_address, billing_address, customer_note, tags, version, created_at, updated_at, placed_at, cancelled_at
  FROM jsonb_populate_record(NULL::sales_order, p_order || jsonb_build_object(
    'status', placed_status, 'version', placed_version, 'hold_reason', p_hold_reason,
    'status_changed_at', p_placed_at, 'updated_at', p_placed_at, 'placed_at', p_placed_at));
  INSERT INTO sales_order_line (
    id, sales_order, position, product, sku, name, quantity, reserved, picked, shipped, returned, unit_price,
    tax_rate)
  SELECT
    l.id, l.sales_order, l.position, l.product, l.sku, l.name, l.quantity, coalesce(g.granted, 0), l.picked,
    l.shipped, l.returned, l.unit_price, l.tax_rate
  FROM jsonb_populate_recordset(NULL::sales_order_line, p_lines) l
  LEFT JOIN unnest(products, reserved.granted) AS g(product, granted) ON g.product = l.product;
  -- Every event of the statement carries its time, as a unit of work's do.
  SELECT jsonb_agg(x.item || jsonb_build_object('occurred_at', p_placed_at) ORDER BY x.position)
  INTO placed_events
  FROM jsonb_array_elements(reserved.events || jsonb_build_array(order_record_placement(
         new_order, new_merchant, placed_version, placed_status, NULL, 'placed', p_message, p_params, new_lines,
         reserved.shortfall, p_hold_reason, p_payload, p_actor, p_placed_at))) WITH ORDINALITY AS x(item, position);
  SELECT jsonb_agg(jsonb_build_array(a.out_seq, a.out_prev) ORDER BY a.out_seq) INTO seqs
  FROM outbox_append(p_outbox_lock, placed_events) a;
  RETURN NEXT;
END $$;
