-- Stock: the one way quantities change (`stock_change`), its ledger entry (`stock_book`) and reservations of as
-- much as there is (`stock_reserve_up_to`). Installed by `packline migrate` (backend/core/routines.py); called by
-- backend/stock/services.py and by the orders domain's placement (backend/orders/placement.sql).


-- stock_book: one entry of the immutable stock ledger (a trigger refuses updates and deletes).
--   p_merchant, p_product, p_warehouse  whose stock, where
--   p_location   the bin, or NULL
--   p_reason     a MovementReason (INBOUND, ADJUSTMENT, RESERVATION, RELEASE, PICK, …)
--   p_on_hand, p_reserved, p_blocked, p_incoming  the deltas (all 0 for a count that found no difference)
--   p_reference  what caused it ("order:M1-1042", "inbound:…"), cut to 120 characters
--   p_note       why, cut to 500 characters
--   p_actor      who, as `Actor.as_event_actor()` gives it
CREATE OR REPLACE FUNCTION stock_book(
  p_merchant uuid, p_product uuid, p_warehouse uuid, p_location uuid, p_reason text,
  p_on_hand int, p_reserved int, p_blocked int, p_incoming int, p_reference text, p_note text, p_actor jsonb)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stock_movement (merchant, product, warehouse, location, reason, on_hand_delta, reserved_delta,
                              blocked_delta, incoming_delta, reference, note, actor, created_at)
  VALUES (p_merchant, p_product, p_warehouse, p_location, p_reason, p_on_hand, p_reserved, p_blocked, p_incoming,
          left(p_reference, 120), left(p_note, 500), p_actor, clock_timestamp());
END $$;


-- stock_change: apply deltas to a product's stock in a warehouse, book them in the ledger and give the
-- `stock.changed` event. The UPDATE re-checks its guard on the newest row version under the row lock, so
-- concurrent callers serialize and none can push a quantity, or `available = on_hand - reserved - blocked`, below
-- zero. A product without a stock row in the warehouse gets one.
--   p_product, p_warehouse                         whose stock, where
--   p_on_hand, p_reserved, p_blocked, p_incoming   the deltas
--   p_location, p_reason, p_reference, p_note, p_actor   booked as `stock_book` says (the bin's own quantity
--                                                   is the caller's: backend/stock/services.py)
--   p_extra                                        more fields for the event's payload (a count's figures)
-- Returns the event as an outbox item (events/outbox.sql) for the caller to append, its payload holding the new
-- quantities; NULL when the guard refused, and then nothing changed.
CREATE OR REPLACE FUNCTION stock_change(
  p_product uuid, p_warehouse uuid, p_on_hand int, p_reserved int, p_blocked int, p_incoming int,
  p_location uuid, p_reason text, p_reference text, p_note text, p_actor jsonb, p_extra jsonb DEFAULT '{}')
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  level stock_level%ROWTYPE;
  item_sku text;
BEGIN
  FOR attempt IN 1..2 LOOP
    UPDATE stock_level s SET
      on_hand = s.on_hand + p_on_hand, reserved = s.reserved + p_reserved, blocked = s.blocked + p_blocked,
      incoming = s.incoming + p_incoming, updated_at = clock_timestamp()
    WHERE s.product = p_product AND s.warehouse = p_warehouse
      AND s.on_hand + p_on_hand >= 0 AND s.reserved + p_reserved >= 0 AND s.blocked + p_blocked >= 0
      AND s.incoming + p_incoming >= 0
      AND (s.on_hand + p_on_hand) - (s.reserved + p_reserved) - (s.blocked + p_blocked) >= 0
    RETURNING s.* INTO level;
    EXIT WHEN FOUND OR attempt = 2;
    -- No row, or the guard refused: make the row if it is missing, then try once more.
    INSERT INTO stock_level (id, merchant, product, warehouse, on_hand, reserved, blocked, incoming, updated_at)
    SELECT gen_random_uuid(), p.merchant, p.id, p_warehouse, 0, 0, 0, 0, clock_timestamp() FROM product p
    WHERE p.id = p_product
    ON CONFLICT (product, warehouse) DO NOTHING;
  END LOOP;
  IF level.id IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM stock_book(level.merchant, p_product, p_warehouse, p_location, p_reason, p_on_hand, p_reserved, p_blocked,
                     p_incoming, p_reference, p_note, p_actor);
  SELECT p.sku INTO item_sku FROM product p WHERE p.id = p_product;
  RETURN outbox_item(level.merchant, 'STOCK', 'stock.changed', 'StockLevel', level.id, jsonb_build_object(
    'productId', p_product, 'sku', item_sku, 'warehouseId', p_warehouse, 'reason', p_reason,
    'delta', jsonb_build_object('onHand', p_on_hand, 'reserved', p_reserved, 'blocked', p_blocked,
                                'incoming', p_incoming),
    'onHand', level.on_hand, 'reserved', level.reserved, 'blocked', level.blocked, 'incoming', level.incoming,
    'available', level.on_hand - level.reserved - level.blocked) || p_extra, p_actor);
END $$;


-- stock_reserve_up_to: reserve for each product as much of the wanted quantity as is available (a backorder takes
-- what there is), through `stock_change`. The products' stock rows are locked first, in product order: every
-- caller that locks several products does the same, so concurrent orders of the same products queue instead of
-- deadlocking, and what is granted is read under those locks, so nothing is oversold.
--   p_warehouse            where
--   p_products, p_wanted   parallel arrays: each product once, with the units it still needs (> 0)
--   p_reference, p_actor   booked as `stock_book` says
-- Returns a row per product asked for (those with a stock row first, in product order): the units granted (0 when
-- none are available or it has no stock row there) and the `stock.changed` event (NULL when nothing was reserved).
CREATE OR REPLACE FUNCTION stock_reserve_up_to(
  p_warehouse uuid, p_products uuid[], p_wanted int[], p_reference text, p_actor jsonb)
RETURNS TABLE (product uuid, granted int, event jsonb) LANGUAGE plpgsql AS $$
DECLARE
  locked record;
  held uuid[] := '{}';
BEGIN
  FOR locked IN
    SELECT s.product AS id, s.on_hand - s.reserved - s.blocked AS available FROM stock_level s
    WHERE s.warehouse = p_warehouse AND s.product = ANY(p_products) ORDER BY s.product FOR UPDATE
  LOOP
    held := held || locked.id;
    product := locked.id;
    granted := least(p_wanted[array_position(p_products, locked.id)], greatest(locked.available, 0));
    event := NULL;
    IF granted > 0 THEN
      event := stock_change(locked.id, p_warehouse, 0, granted, 0, 0, NULL, 'RESERVATION', p_reference, '', p_actor);
    END IF;
    RETURN NEXT;
  END LOOP;
  -- Products without a stock row in the warehouse have nothing to give.
  FOR i IN 1..coalesce(cardinality(p_products), 0) LOOP
    IF NOT p_products[i] = ANY(held) THEN
      product := p_products[i];
      granted := 0;
      event := NULL;
      RETURN NEXT;
    END IF;
  END LOOP;
END $$;
