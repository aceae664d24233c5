from piccolo.columns import (
    JSONB,
    UUID,
    BigSerial,
    ForeignKey,
    Integer,
    OnDelete,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.accounts.tables import Merchant
from backend.catalog.tables import Location, Product, Warehouse


class StockLevel(Table, tablename="stock_level"):
    """Quantities of one product in one warehouse. A CHECK constraint keeps every quantity, and
    `available = on_hand - reserved - blocked`, at zero or above, whatever the concurrency."""

    id = UUID(primary_key=True)
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.restrict, index=True)
    product = ForeignKey(references=Product, on_delete=OnDelete.restrict)
    warehouse = ForeignKey(references=Warehouse, on_delete=OnDelete.restrict)
    on_hand = Integer(default=0)
    reserved = Integer(default=0)
    blocked = Integer(default=0)
    incoming = Integer(default=0)
    updated_at = Timestamptz(default=TimestamptzNow())


class BinStock(Table, tablename="bin_stock"):
    """On-hand quantity of one product in one bin."""

    id = UUID(primary_key=True)
    product = ForeignKey(references=Product, on_delete=OnDelete.restrict)
    location = ForeignKey(references=Location, on_delete=OnDelete.restrict, index=True)
    on_hand = Integer(default=0)


class StockMovement(Table, tablename="stock_movement"):
    """One change of stock, never updated or deleted (a trigger refuses it). The deltas of all movements of a
    product and warehouse sum to its current quantities."""

    id = BigSerial(primary_key=True)
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.restrict)
    product = ForeignKey(references=Product, on_delete=OnDelete.restrict)
    warehouse = ForeignKey(references=Warehouse, on_delete=OnDelete.restrict)
    location = ForeignKey(references=Location, null=True, default=None, on_delete=OnDelete.restrict)
    reason = Varchar(length=20)
    on_hand_delta = Integer(default=0)
    reserved_delta = Integer(default=0)
    blocked_delta = Integer(default=0)
    incoming_delta = Integer(default=0)
    # What caused it: an inbound, an order, a count … as "kind:id" or a human reference.
    reference = Varchar(length=120, default="")
    note = Varchar(length=500, default="")
    actor = JSONB(default={})
    created_at = Timestamptz(default=TimestamptzNow())
