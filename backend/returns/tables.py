from piccolo.columns import JSONB, UUID, BigSerial, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.accounts.tables import Merchant
from backend.catalog.tables import Location, Product, Warehouse
from backend.orders.tables import Order, OrderLine


class ReturnSettings(Table, tablename="return_settings"):
    """A merchant's returns policy: which disposition each condition grade gets unless the inspector says
    otherwise. Its row is also what serializes the merchant's return batches (one open batch per warehouse)."""

    id = UUID(primary_key=True)
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.cascade, unique=True)
    # {grade: disposition}; grades missing here take the house default.
    disposition_by_grade = JSONB(default={})
    updated_by = JSONB(default={})
    updated_at = Timestamptz(default=TimestamptzNow())


class ReturnBatch(Table, tablename="return_batch"):
    """A merchant's goods the warehouse sends back: OPEN while it collects items, SHIPPED once it left."""

    id = UUID(primary_key=True)
    # Shown as RB-<sequence>.
    sequence = BigSerial()
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.restrict, index=True)
    warehouse = ForeignKey(references=Warehouse, on_delete=OnDelete.restrict)
    status = Varchar(length=12, default="OPEN")
    carrier = Varchar(length=40, default="")
    tracking_number = Varchar(length=80, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    shipped_at = Timestamptz(null=True, default=None)


class Return(Table, tablename="sales_return"):
    """A parcel coming back: announced for an order's shipped lines, or taken in at the dock. A parcel nobody
    could match has no merchant and no order yet (unidentified) until the warehouse resolves it."""

    id = UUID(primary_key=True)
    # Shown as R-<sequence>.
    sequence = BigSerial()
    merchant = ForeignKey(references=Merchant, null=True, default=None, on_delete=OnDelete.restrict, index=True)
    sales_order = ForeignKey(references=Order, null=True, default=None, on_delete=OnDelete.restrict, index=True)
    warehouse = ForeignKey(references=Warehouse, null=True, default=None, on_delete=OnDelete.restrict)
    # ANNOUNCED → RECEIVED → INSPECTED → COMPLETED, or CANCELLED.
    status = Varchar(length=12, default="ANNOUNCED")
    # MERCHANT (the merchant or its systems), SUPPORT (the fulfillment center's staff), WAREHOUSE (taken in
    # unannounced at the dock).
    source = Varchar(length=12)
    tracking_number = Varchar(length=80, default="")
    # What the dock scanned when the parcel arrived.
    scanned_code = Varchar(length=80, default="")
    note = Varchar(length=1000, default="")
    cancel_reason = Varchar(length=500, default="")
    created_by = JSONB(default={})
    created_at = Timestamptz(default=TimestamptzNow())
    received_at = Timestamptz(null=True, default=None)
    inspected_at = Timestamptz(null=True, default=None)
    completed_at = Timestamptz(null=True, default=None)
    cancelled_at = Timestamptz(null=True, default=None)


class ReturnItem(Table, tablename="return_item"):
    """One unit coming back, with the customer's reason and, once inspected, its condition and what became of
    it (restocked into a bin, held in a batch for the merchant, disposed)."""

    id = UUID(primary_key=True)
    sales_return = ForeignKey(references=Return, on_delete=OnDelete.cascade, index=True)
    order_line = ForeignKey(references=OrderLine, on_delete=OnDelete.restrict, index=True)
    product = ForeignKey(references=Product, on_delete=OnDelete.restrict)
    position = Integer(default=0)
    reason = Varchar(length=24)
    customer_comment = Varchar(length=500, default="")
    grade = Varchar(length=12, null=True, default=None)
    feedback = Varchar(length=2000, default="")
    disposition = Varchar(length=20, null=True, default=None)
    location = ForeignKey(references=Location, null=True, default=None, on_delete=OnDelete.restrict)
    batch = ForeignKey(references=ReturnBatch, null=True, default=None, on_delete=OnDelete.restrict, index=True)
    inspected_by = JSONB(default={})
    inspected_at = Timestamptz(null=True, default=None)


class ReturnPhoto(Table, tablename="return_photo"):
    """A photo an inspector took of an item, stored re-encoded (no EXIF) under `storage_key`; its thumbnail is
    made by a job and stored under `thumbnail_key` (empty until then)."""

    id = UUID(primary_key=True)
    return_item = ForeignKey(references=ReturnItem, on_delete=OnDelete.cascade, index=True)
    merchant = ForeignKey(references=Merchant, null=True, default=None, on_delete=OnDelete.restrict)
    storage_key = Varchar(length=200)
    thumbnail_key = Varchar(length=200, default="")
    media_type = Varchar(length=20)
    width = Integer()
    height = Integer()
    size_bytes = Integer()
    created_by = JSONB(default={})
    created_at = Timestamptz(default=TimestamptzNow())
