from piccolo.columns import JSONB, UUID, BigSerial, Boolean, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.accounts.tables import User
from backend.catalog.tables import Location, Product, Warehouse
from backend.orders.tables import Order, OrderLine


class Picklist(Table, tablename="picklist"):
    """One walk through a warehouse for one or more released orders (batch picking), then sorting into totes."""

    id = UUID(primary_key=True)
    warehouse = ForeignKey(references=Warehouse, on_delete=OnDelete.restrict, index=True)
    # Shown as PL-<sequence>.
    sequence = BigSerial()
    # OPEN (waiting for a picker) → PICKING → PICKED, or CANCELLED.
    status = Varchar(length=12, default="OPEN")
    created_by = JSONB(default={})
    created_at = Timestamptz(default=TimestamptzNow())
    started_at = Timestamptz(null=True, default=None)
    completed_at = Timestamptz(null=True, default=None)


class PicklistOrder(Table, tablename="picklist_order"):
    """An order on a picklist, with the tote its units are sorted into. An order is on one open picklist at most
    (a unique index over the active rows)."""

    id = UUID(primary_key=True)
    picklist = ForeignKey(references=Picklist, on_delete=OnDelete.cascade, index=True)
    sales_order = ForeignKey(references=Order, on_delete=OnDelete.restrict, index=True)
    tote = Integer()
    # False once the picklist is done, or the order left it (a short pick sent it back to backorder).
    active = Boolean(default=True)


class PicklistLine(Table, tablename="picklist_line"):
    """What to take from one bin: a product and how many, for one or more orders, in walking order."""

    id = UUID(primary_key=True)
    picklist = ForeignKey(references=Picklist, on_delete=OnDelete.cascade, index=True)
    position = Integer()
    # Null: the units have no bin on record; the picker finds them by scanning the product.
    location = ForeignKey(references=Location, null=True, default=None, on_delete=OnDelete.restrict)
    product = ForeignKey(references=Product, on_delete=OnDelete.restrict)
    sku = Varchar(length=64)
    name = Varchar(length=300)
    quantity = Integer()
    picked = Integer(default=0)
    short = Integer(default=0)
    # The warehouse user picking this line; two pickers never get the same line.
    picker = ForeignKey(references=User, null=True, default=None, on_delete=OnDelete.restrict)
    # Whether the picker scanned the line's bin (a product scan is refused before).
    at_bin = Boolean(default=False)


class PicklistPick(Table, tablename="picklist_pick"):
    """The part of a picklist line that serves one order line."""

    id = UUID(primary_key=True)
    line = ForeignKey(references=PicklistLine, on_delete=OnDelete.cascade, index=True)
    sales_order = ForeignKey(references=Order, on_delete=OnDelete.restrict)
    order_line = ForeignKey(references=OrderLine, on_delete=OnDelete.restrict)
    quantity = Integer()
    picked = Integer(default=0)
    short = Integer(default=0)
