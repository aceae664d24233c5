from piccolo.columns import (
    JSONB,
    UUID,
    BigSerial,
    Boolean,
    Bytea,
    ForeignKey,
    Integer,
    OnDelete,
    Time,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.catalog.tables import Warehouse
from backend.orders.tables import Order, OrderLine


class PackageType(Table, tablename="package_type"):
    """A box or envelope a warehouse packs into, with its size and its own weight (unique code per warehouse)."""

    id = UUID(primary_key=True)
    warehouse = ForeignKey(references=Warehouse, on_delete=OnDelete.restrict, index=True)
    code = Varchar(length=20)
    name = Varchar(length=100)
    length_mm = Integer()
    width_mm = Integer()
    height_mm = Integer()
    tare_grams = Integer(default=0)
    is_active = Boolean(default=True)


class Parcel(Table, tablename="parcel"):
    """One box of an order: what is in it, what it weighs, and once shipped its carrier and tracking number."""

    id = UUID(primary_key=True)
    sales_order = ForeignKey(references=Order, on_delete=OnDelete.restrict, index=True)
    # Shown as P-<sequence>.
    sequence = BigSerial()
    package_type = ForeignKey(references=PackageType, null=True, default=None, on_delete=OnDelete.restrict)
    weight_grams = Integer(null=True, default=None)
    # PACKED → SHIPPED → DELIVERED; COLLECTED for click & collect.
    status = Varchar(length=12, default="PACKED")
    carrier = Varchar(length=40, default="")
    service = Varchar(length=40, default="")
    tracking_number = Varchar(length=80, default="")
    tracking_url = Varchar(length=500, default="")
    created_by = JSONB(default={})
    created_at = Timestamptz(default=TimestamptzNow())
    shipped_at = Timestamptz(null=True, default=None)
    delivered_at = Timestamptz(null=True, default=None)


class ParcelLine(Table, tablename="parcel_line"):
    id = UUID(primary_key=True)
    parcel = ForeignKey(references=Parcel, on_delete=OnDelete.cascade, index=True)
    order_line = ForeignKey(references=OrderLine, on_delete=OnDelete.restrict)
    quantity = Integer()


class TrackingEvent(Table, tablename="tracking_event"):
    """What a carrier reported about a parcel; a carrier's event id is recorded once."""

    id = UUID(primary_key=True)
    parcel = ForeignKey(references=Parcel, on_delete=OnDelete.cascade, index=True)
    carrier_event_id = Varchar(length=120)
    # IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, FAILED_ATTEMPT, RETURNED, INFO.
    status = Varchar(length=20)
    description = Varchar(length=500, default="")
    location = Varchar(length=200, default="")
    occurred_at = Timestamptz()
    recorded_at = Timestamptz(default=TimestamptzNow())


class CarrierLabel(Table, tablename="carrier_label"):
    """A label bought from a carrier for a parcel, one per parcel: recorded as an attempt before the carrier is
    called (`claimed_until` keeps a second caller away while the first waits on the carrier), then with what the
    carrier sold (shipment number, the label's PDFs). A parcel is shipped once its label is complete."""

    id = UUID(primary_key=True)
    parcel = ForeignKey(references=Parcel, on_delete=OnDelete.cascade, unique=True)
    carrier = Varchar(length=40)
    service = Varchar(length=40)
    # Sent to the carrier with the order (DHL's refNo): the parcel's own key, the same on every attempt.
    reference = Varchar(length=35)
    claimed_until = Timestamptz(null=True, default=None)
    attempts = Integer(default=0)
    shipment_number = Varchar(length=80, default="")
    tracking_url = Varchar(length=500, default="")
    pdf_a6 = Bytea(null=True, default=None)
    pdf_a4 = Bytea(null=True, default=None)
    bought_at = Timestamptz(null=True, default=None)
    last_error = Varchar(length=500, default="")
    # When tracking was last asked for: the poll takes the longest-waiting parcels first.
    tracked_at = Timestamptz(null=True, default=None)


class CarrierCutoff(Table, tablename="carrier_cutoff"):
    """When a carrier collects a warehouse's parcels for the last time each day (the warehouse's local time), and
    which orders go with it, by shipping method. One row per warehouse and carrier."""

    id = UUID(primary_key=True)
    warehouse = ForeignKey(references=Warehouse, on_delete=OnDelete.cascade, index=True)
    carrier = Varchar(length=40)
    cutoff_local_time = Time()
    shipping_methods = JSONB(default=["STANDARD", "EXPRESS", "NEXT_DAY"])
    updated_by = JSONB(default={})
    updated_at = Timestamptz(default=TimestamptzNow())
