from piccolo.columns import (
    JSONB,
    UUID,
    Array,
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


class Warehouse(Table, tablename="warehouse"):
    id = UUID(primary_key=True)
    code = Varchar(length=12, unique=True)
    name = Varchar(length=200)
    is_active = Boolean(default=True)
    # Where the warehouse's day starts and its carriers' cut-off times are read (an IANA zone).
    timezone = Varchar(length=64, default="Europe/Berlin")
    created_at = Timestamptz(default=TimestamptzNow())


class Location(Table, tablename="location"):
    """A bin: a shelf place with a code unique within its warehouse (e.g. A-01-03)."""

    id = UUID(primary_key=True)
    warehouse = ForeignKey(references=Warehouse, on_delete=OnDelete.restrict, index=True)
    code = Varchar(length=40)
    is_active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class ProductFamily(Table, tablename="product_family"):
    """The article a merchant sells (a T-shirt): what its variants share. A single product is a family of one."""

    id = UUID(primary_key=True)
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.restrict, index=True)
    # The merchant's article (style) number, unique per merchant when set; the CSV import's `family` column.
    code = Varchar(length=64, null=True, default=None)
    name = Varchar(length=300)
    description = Text(default="")
    # Picture URLs, in the order shown.
    images = Array(base_column=Text())
    customs_tariff_number = Varchar(length=12, null=True, default=None)
    country_of_origin = Varchar(length=2, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class Product(Table, tablename="product"):
    """A variant (an SKU) of a family: one size and colour of the article."""

    id = UUID(primary_key=True)
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.restrict, index=True)
    # Of the same merchant (a foreign key on both columns, in the migration). Indexed by the unique index on family,
    # size and colour (Piccolo would name an index of its own "product_family", the family table's name).
    family = ForeignKey(references=ProductFamily, on_delete=OnDelete.restrict, null=False)
    # Unique per merchant (constraint in the migration).
    sku = Varchar(length=64)
    name = Varchar(length=300)
    # EAN-13 / GTIN with a valid check digit, when the product has one.
    barcode = Varchar(length=14, null=True, default=None)
    # The variant's place in its family's size × colour grid; a family holds one variant per size and colour.
    size = Varchar(length=100, null=True, default=None)
    colour = Varchar(length=100, null=True, default=None)
    # More properties, such as {"material": "merino"} (size and colour are the columns above).
    attributes = JSONB(default={})
    weight_grams = Integer(null=True, default=None)
    length_mm = Integer(null=True, default=None)
    width_mm = Integer(null=True, default=None)
    height_mm = Integer(null=True, default=None)
    low_stock_threshold = Integer(default=0)
    is_archived = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
