from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-04T16:23:24:000000"
VERSION = "1.38.0"
DESCRIPTION = "history entries recorded before: their kind's parameters read back from the stored sentence and changes"

# Each statement fills the parameters of one kind (backend/orders/history.py, HISTORY_KINDS) where the entry's
# English sentence, its recorded changes or its order say them. An entry none of them fits keeps `{}`: the
# dashboard shows its stored sentence then. Only entries without parameters are touched, so running it again
# changes nothing. The history refuses updates (trigger sales_order_change_immutable); this one-off fill is let
# through inside the migration's transaction, and the guard is back before it commits.
_EMPTY = "c.params = '{}'::jsonb"
UP = [
    "ALTER TABLE sales_order_change DISABLE TRIGGER sales_order_change_immutable",
    # "Order M1-1031 placed (shop)", "Draft M1-7 started", "Draft M1-7 completed": the order's number and source.
    f"""UPDATE sales_order_change c SET params = jsonb_build_object('number', o.number, 'source', o.source)
    FROM sales_order o WHERE o.id = c.sales_order AND c.kind = 'placed' AND {_EMPTY}""",
    f"""UPDATE sales_order_change c SET params = jsonb_build_object('number', o.number)
    FROM sales_order o WHERE o.id = c.sales_order AND c.kind IN ('draft_created', 'draft_completed') AND {_EMPTY}""",
    # "Changed customer_name, total": the fields in the order the sentence names them.
    f"""UPDATE sales_order_change c
    SET params = jsonb_build_object('fields', to_jsonb(string_to_array(substring(c.message FROM '^Changed (.+)$'), ', ')))
    WHERE c.kind = 'updated' AND c.message ~ '^Changed .+$' AND {_EMPTY}""",
    # "Held: <reason>": the reason as recorded (the sentence may have been cut at 1000 characters).
    f"""UPDATE sales_order_change c SET params = jsonb_build_object('reason',
      coalesce(c.changes->'hold_reason'->>'after', substring(c.message FROM '^Held: (.*)$')))
    WHERE c.kind = 'held' AND c.message ~ '^Held: ' AND {_EMPTY}""",
    # "Hold released" or "Hold released: <note>".
    f"""UPDATE sales_order_change c
    SET params = jsonb_build_object('note', coalesce(substring(c.message FROM '^Hold released: (.*)$'), ''))
    WHERE c.kind = 'released' AND c.message ~ '^Hold released(: |$)' AND {_EMPTY}""",
    # "Cancelled: <reason>"; "Not paid within 7 days" was the expiry of unpaid orders.
    f"""UPDATE sales_order_change c SET params = jsonb_build_object('reason', r.reason) || CASE
        WHEN r.reason ~ '^Not paid within [0-9]+ days$'
        THEN jsonb_build_object('unpaidDays', substring(r.reason FROM '^Not paid within ([0-9]+) days$')::int)
        ELSE '{{}}'::jsonb END
    FROM (SELECT id, coalesce(changes->>'cancel_reason', substring(message FROM '^Cancelled: (.*)$')) AS reason
          FROM sales_order_change WHERE kind = 'cancelled') r
    WHERE r.id = c.id AND r.reason IS NOT NULL AND {_EMPTY}""",
    # "Payment paid (<reference>)", "Payment failed": the new payment status and the reference the sentence names.
    f"""UPDATE sales_order_change c SET params = jsonb_build_object(
      'paymentStatus', c.changes->'payment_status'->>'after',
      'reference', coalesce(substring(c.message FROM '^Payment [a-z_]+ \\((.*)\\)$'), ''))
    WHERE c.kind IN ('paid', 'payment_updated') AND c.message ~ '^Payment [a-z_]+( \\(.*\\))?$'
      AND c.changes->'payment_status'->>'after' IS NOT NULL AND {_EMPTY}""",
    # "Back to awaiting payment": a withdrawn payment sent the order back.
    f"""UPDATE sales_order_change c SET params = jsonb_build_object('paymentStatus', NULL, 'reference', '',
      'status', coalesce(c.changes->'status'->>'after', 'AWAITING_PAYMENT'))
    WHERE c.kind = 'payment_updated' AND c.message = 'Back to awaiting payment' AND {_EMPTY}""",
    # "Stock allocated: 2 × NL-SOAP-LAV": the units per SKU as recorded.
    f"""UPDATE sales_order_change c SET params = jsonb_build_object('units', c.changes->'allocated')
    WHERE c.kind = 'allocated' AND jsonb_typeof(c.changes->'allocated') = 'object' AND {_EMPTY}""",
    # A note's entry was its first 200 characters.
    f"""UPDATE sales_order_change c SET params = jsonb_build_object('text', coalesce(c.changes->>'note', c.message))
    WHERE c.kind = 'note_added' AND {_EMPTY}""",
    # "Tags: vip, gift wrap": the tags afterwards.
    f"""UPDATE sales_order_change c SET params = jsonb_build_object('tags', c.changes->'tags'->'after')
    WHERE c.kind = 'tagged' AND jsonb_typeof(c.changes->'tags'->'after') = 'array' AND {_EMPTY}""",
    "ALTER TABLE sales_order_change ENABLE TRIGGER sales_order_change_immutable",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="orders", description=DESCRIPTION)

    async def up():
        db = engine_finder()
        for statement in UP:
            await db.run_ddl(statement)

    async def down():
        pass  # the parameters go with their column (the migration before)

    manager.add_raw(up)
    manager.add_raw_backwards(down)
    return manager
