from piccolo.columns import (
    JSONB,
    UUID,
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.accounts.tables import Merchant
from backend.catalog.tables import Warehouse


class Shop(Table, tablename="shop"):
    """A merchant's web shop whose orders flow in. Unique per merchant by `source_key`, the name orders carry as
    their shop (fixed at connection, so a renamed shop still recognises the orders it sent)."""

    id = UUID(primary_key=True)
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.cascade)
    kind = Varchar(length=12)
    name = Varchar(length=80)
    source_key = Varchar(length=80)
    base_url = Varchar(length=300, default="")
    # The credentials as one Fernet token (JSON inside); never leaves the domain in clear.
    credentials = Text(default="")
    warehouse = ForeignKey(references=Warehouse, on_delete=OnDelete.restrict, null=True, default=None)
    # How the shop's SKUs name our products: EXACT or IGNORE_CASE, after cutting `sku_prefix`.
    sku_rule = Varchar(length=12, default="EXACT")
    sku_prefix = Varchar(length=40, default="")
    is_active = Boolean(default=True)
    health = Varchar(length=12, default="UNKNOWN")
    last_error = Varchar(length=500, default="")
    last_error_at = Timestamptz(null=True, default=None)
    consecutive_failures = Integer(default=0)
    # Scheduled pulls wait until then after a failure (backing off); `shopSyncNow` does not.
    retry_at = Timestamptz(null=True, default=None)
    # The last order committed by a pull: its modification time (GMT) and id, so a pull resumes right after it.
    cursor_modified = Timestamptz(null=True, default=None)
    cursor_external_id = Integer(default=0)
    last_synced_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    disconnected_at = Timestamptz(null=True, default=None)


class ImportRun(Table, tablename="shop_import_run"):
    """One pull of a shop's orders, with its counts and the reason of every order that failed."""

    id = UUID(primary_key=True)
    shop = ForeignKey(references=Shop, on_delete=OnDelete.cascade, index=True)
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.cascade)
    trigger = Varchar(length=12)
    status = Varchar(length=12, default="QUEUED")
    fetched = Integer(default=0)
    created = Integer(default=0)
    updated = Integer(default=0)
    duplicates = Integer(default=0)
    # Orders the shop needs no fulfillment for (cancelled, refunded, completed before they reached us).
    ignored = Integer(default=0)
    failed = Integer(default=0)
    # [{externalId, number, reason}] per failed order.
    failures = JSONB(default=[])
    error = Varchar(length=500, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    started_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)
    # Moved on every committed page; a RUNNING run not moved for long belongs to a worker that died.
    heartbeat_at = Timestamptz(default=TimestamptzNow())
    # An uploaded CSV file's content (trigger UPLOAD), checked whole before the run was queued.
    upload = Text(default="")


class WebhookDelivery(Table, tablename="shop_webhook_delivery"):
    """A verified webhook delivery, stored once per shop and delivery id before it is acknowledged."""

    id = UUID(primary_key=True)
    shop = ForeignKey(references=Shop, on_delete=OnDelete.cascade)
    delivery_id = Varchar(length=100)
    topic = Varchar(length=60)
    body = Text()
    received_at = Timestamptz(default=TimestamptzNow())
    processed_at = Timestamptz(null=True, default=None)
    # CREATED, UPDATED, DUPLICATE, IGNORED or FAILED, and why.
    outcome = Varchar(length=12, default="")
    detail = Varchar(length=500, default="")


class TrackingPush(Table, tablename="shop_tracking_push"):
    """A shipped parcel of a shop's order, told to the shop once: its note first, then (when the whole order has
    shipped) the order completed. Retried with backoff while the shop is down."""

    id = UUID(primary_key=True)
    shop = ForeignKey(references=Shop, on_delete=OnDelete.cascade)
    parcel = UUID(unique=True)
    sales_order = UUID()
    external_id = Varchar(length=100)
    note = Varchar(length=700)
    note_sent_at = Timestamptz(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None)
    attempts = Integer(default=0)
    last_error = Varchar(length=500, default="")
    next_attempt_at = Timestamptz(default=TimestamptzNow())
    created_at = Timestamptz(default=TimestamptzNow())
