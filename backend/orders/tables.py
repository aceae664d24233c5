from piccolo.columns import (
    JSONB,
    UUID,
    BigSerial,
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    SmallInt,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.accounts.tables import Merchant
from backend.catalog.tables import Product, Warehouse


class OrderSettings(Table, tablename="order_settings"):
    """A merchant's order policy and its order number counter."""

    id = UUID(primary_key=True)
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.cascade, unique=True)
    # Payment methods whose orders wait in AWAITING_PAYMENT until paid (or authorized).
    prepaid_methods = JSONB(default=["CARD", "PAYPAL", "BANK_TRANSFER", "CHEQUE"])
    # Unpaid orders older than this are cancelled by the payment-expiry job; null: never.
    unpaid_cancel_after_days = Integer(null=True, default=14)
    # Where "today" starts for the dashboard.
    timezone = Varchar(length=64, default="Europe/Berlin")
    last_number = Integer(default=1000)
    updated_at = Timestamptz(default=TimestamptzNow())


class Order(Table, tablename="sales_order"):
    id = UUID(primary_key=True)
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.restrict)
    warehouse = ForeignKey(references=Warehouse, on_delete=OnDelete.restrict)
    # Merchant code plus a per-merchant sequence, e.g. M1-1042.
    number = Varchar(length=32)
    # SHOP, API or PHONE; shop orders carry the shop's name and the shop's own order id and number.
    source = Varchar(length=10)
    shop = Varchar(length=80, default="")
    external_id = Varchar(length=100, null=True, default=None)
    external_number = Varchar(length=100, default="")
    idempotency_key = Varchar(length=100, null=True, default=None)
    # SHA-256 of the normalised create request, to tell a retry from a different order under the same key.
    request_hash = Varchar(length=64, default="")
    status = Varchar(length=20)
    status_changed_at = Timestamptz(default=TimestamptzNow())
    hold_reason = Varchar(length=500, default="")
    cancel_reason = Varchar(length=500, default="")
    payment_method = Varchar(length=20)
    payment_status = Varchar(length=20, default="PENDING")
    payment_reference = Varchar(length=120, default="")
    paid_at = Timestamptz(null=True, default=None)
    shipping_method = Varchar(length=20, default="STANDARD")
    currency = Varchar(length=3)
    # Integer minor units; line prices include tax (gross), tax is the part of the total that is tax.
    subtotal = Integer(default=0)
    shipping_price = Integer(default=0)
    tax = Integer(default=0)
    total = Integer(default=0)
    customer_name = Varchar(length=200, default="")
    customer_email = Varchar(length=320, default="")
    customer_phone = Varchar(length=40, default="")
    shipping_address = JSONB(default={})
    billing_address = JSONB(default={})
    customer_note = Varchar(length=1000, default="")
    tags = JSONB(default=[])
    version = Integer(default=1)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    placed_at = Timestamptz(null=True, default=None)
    cancelled_at = Timestamptz(null=True, default=None)


class OrderLine(Table, tablename="sales_order_line"):
    id = UUID(primary_key=True)
    sales_order = ForeignKey(references=Order, on_delete=OnDelete.cascade, index=True)
    position = Integer(default=0)
    product = ForeignKey(references=Product, on_delete=OnDelete.restrict)
    # Copied at order time, so the order reads the same after the product changes.
    sku = Varchar(length=64)
    name = Varchar(length=200)
    quantity = Integer()
    reserved = Integer(default=0)
    picked = Integer(default=0)
    shipped = Integer(default=0)
    returned = Integer(default=0)
    unit_price = Integer(default=0)
    # Basis points: 1900 is 19 %.
    tax_rate = Integer(default=0)


class OrderChange(Table, tablename="sales_order_change"):
    """The order's history: every change with its actor, time and before/after values. Never updated."""

    id = BigSerial(primary_key=True)
    sales_order = ForeignKey(references=Order, on_delete=OnDelete.cascade)
    # The order version this change produced.
    version = Integer()
    kind = Varchar(length=40)
    # What the reader's language needs to say the entry (backend/orders/history.py, HISTORY_KINDS); an entry
    # recorded before they were kept, whose sentence could not be read back, has none and shows `message`.
    params = JSONB(default={})
    # The entry as an English sentence, for API clients.
    message = Varchar(length=1000, default="")
    changes = JSONB(default={})
    actor = JSONB(default={})
    created_at = Timestamptz(default=TimestamptzNow())


class OrderNote(Table, tablename="sales_order_note"):
    id = UUID(primary_key=True)
    sales_order = ForeignKey(references=Order, on_delete=OnDelete.cascade, index=True)
    text = Varchar(length=2000)
    # Internal notes are for the merchant and the fulfillment center only.
    is_internal = Boolean(default=True)
    actor = JSONB(default={})
    created_at = Timestamptz(default=TimestamptzNow())


class OrderHourStats(Table, tablename="sales_order_hour_stats"):
    """Orders placed and their value per merchant, hour and currency, kept with every placement and
    cancellation so the dashboard never scans the orders of a day."""

    id = BigSerial(primary_key=True)
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.cascade)
    hour = Timestamptz()
    currency = Varchar(length=3)
    placed = Integer(default=0)
    revenue = Integer(default=0)
    cancelled = Integer(default=0)
    # Each merchant's hour is spread over a few rows, one picked at random per change: a row is locked until its
    # order's transaction commits, so with one row a merchant's concurrent orders queued behind each other.
    # Readers sum the slots.
    slot = SmallInt(default=0)
