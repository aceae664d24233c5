from piccolo.columns import UUID, Boolean, Date, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.accounts.tables import Merchant
from backend.catalog.tables import Product, Warehouse


class Inbound(Table, tablename="inbound"):
    id = UUID(primary_key=True)
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.restrict, index=True)
    warehouse = ForeignKey(references=Warehouse, on_delete=OnDelete.restrict)
    reference = Varchar(length=80)
    # ANNOUNCED → RECEIVING → RECEIVED → CLOSED, or CANCELLED.
    status = Varchar(length=12, default="ANNOUNCED")
    expected_on = Date(null=True, default=None)
    carrier = Varchar(length=80, default="")
    tracking_number = Varchar(length=80, default="")
    note = Varchar(length=1000, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    received_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    cancelled_at = Timestamptz(null=True, default=None)


class InboundLine(Table, tablename="inbound_line"):
    id = UUID(primary_key=True)
    inbound = ForeignKey(references=Inbound, on_delete=OnDelete.cascade, index=True)
    product = ForeignKey(references=Product, on_delete=OnDelete.restrict)
    expected_quantity = Integer(default=0)
    received_quantity = Integer(default=0)
    damaged_quantity = Integer(default=0)
    # A product that arrived without being announced.
    unexpected = Boolean(default=False)
