"""Every existing product becomes a family of one; size and colour move out of the attributes into their columns.

Each product's family takes the product's id (so that running this again finds it done), name, customs data and
times. `attributes.size` and `attributes.colour` (or `color`) become the `size` and `colour` columns and leave the
attributes. Then the rules families live by: a family's code is unique per merchant, a product's family is of its
own merchant (a foreign key on both columns), and a family holds one variant per size and colour (case-insensitive;
no size or no colour counts as a value of its own). The next migration makes `product.family` required and drops the
product's own customs columns, which are the family's now.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-04T16:23:51:000000"
VERSION = "1.38.0"
DESCRIPTION = "every product a family of one; size and colour from the attributes into their columns"

UP = [
    """INSERT INTO product_family (id, merchant, code, name, description, images, customs_tariff_number,
                                   country_of_origin, created_at, updated_at)
       SELECT p.id, p.merchant, NULL, p.name, '', '{}', p.customs_tariff_number, p.country_of_origin, p.created_at,
              p.updated_at
       FROM product p WHERE p.family IS NULL
       ON CONFLICT (id) DO NOTHING""",
    "UPDATE product SET family = id WHERE family IS NULL",
    """UPDATE product SET
         size = coalesce(size, nullif(btrim(attributes ->> 'size'), '')),
         colour = coalesce(colour, nullif(btrim(coalesce(attributes ->> 'colour', attributes ->> 'color')), '')),
         attributes = attributes - 'size' - 'colour' - 'color'
       WHERE jsonb_typeof(attributes) = 'object' AND attributes ?| array['size', 'colour', 'color']""",
    "CREATE UNIQUE INDEX product_family_merchant_code ON product_family (merchant, code) WHERE code IS NOT NULL",
    "ALTER TABLE product_family ADD CONSTRAINT product_family_merchant_id UNIQUE (merchant, id)",
    """ALTER TABLE product ADD CONSTRAINT product_family_of_its_merchant FOREIGN KEY (merchant, family)
       REFERENCES product_family (merchant, id) ON DELETE RESTRICT""",
    """CREATE UNIQUE INDEX product_family_variant ON product
       (family, lower(coalesce(size, '')), lower(coalesce(colour, '')))""",
    "CREATE INDEX product_family_search ON product_family USING gin ((coalesce(code, '') || ' ' || name) gin_trgm_ops)",
]

DOWN = [
    "DROP INDEX IF EXISTS product_family_search",
    "DROP INDEX IF EXISTS product_family_variant",
    "ALTER TABLE product DROP CONSTRAINT IF EXISTS product_family_of_its_merchant",
    "ALTER TABLE product_family DROP CONSTRAINT IF EXISTS product_family_merchant_id",
    "DROP INDEX IF EXISTS product_family_merchant_code",
    # The product's customs columns are back (the later migration's way back re-added them): fill them from the
    # family, and size and colour back into the attributes.
    """UPDATE product p SET customs_tariff_number = f.customs_tariff_number, country_of_origin = f.country_of_origin
       FROM product_family f WHERE f.id = p.family""",
    """UPDATE product SET attributes = attributes || jsonb_strip_nulls(jsonb_build_object('size', size, 'colour', colour)),
         size = NULL, colour = NULL
       WHERE size IS NOT NULL OR colour IS NOT NULL""",
    "UPDATE product SET family = NULL",
    "DELETE FROM product_family",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="catalog", description=DESCRIPTION)

    async def up():
        db = engine_finder()
        for statement in UP:
            await db.run_ddl(statement)

    async def down():
        db = engine_finder()
        for statement in DOWN:
            await db.run_ddl(statement)

    manager.add_raw(up)
    manager.add_raw_backwards(down)
    return manager
