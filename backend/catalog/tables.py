from piccolo.columns import (
    JSONB,
    UUID,
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.accounts.tables import Merchant


class Warehouse(Table, tablename="warehouse"):
    id = UUID(primary_key=True)
    code = Varchar(length=12, unique=True)
    name = Varchar(length=200)
    is_active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class Location(Table, tablename="location"):
    """A bin: a shelf place with a code unique within its warehouse (e.g. A-01-03)."""

    id = UUID(primary_key=True)
    warehouse = ForeignKey(references=Warehouse, on_delete=OnDelete.restrict, index=True)
    code = Varchar(length=40)
    is_active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class Product(Table, tablename="product"):
    id = UUID(primary_key=True)
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.restrict, index=True)
    # Unique per merchant (constraint in the migration).
    sku = Varchar(length=64)
    name = Varchar(length=300)
    # EAN-13 / GTIN with a valid check digit, when the product has one.
    barcode = Varchar(length=14, null=True, default=None)
    # Variant attributes such as {"size": "M", "colour": "blue"}.
    attributes = JSONB(default={})
    weight_grams = Integer(null=True, default=None)
    length_mm = Integer(null=True, default=None)
    width_mm = Integer(null=True, default=None)
    height_mm = Integer(null=True, default=None)
    customs_tariff_number = Varchar(length=12, null=True, default=None)
    country_of_origin = Varchar(length=2, null=True, default=None)
    low_stock_threshold = Integer(default=0)
    is_archived = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
