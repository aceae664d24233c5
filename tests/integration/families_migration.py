"""Run as `python -m tests.integration.families_migration <database url>` (with PICCOLO_CONF and
PACKLINE_TEST_DATABASE_URL naming that database): migrates a new database to just before product families, adds
products as they were then, migrates the rest, and prints what became of them as JSON.

A process of its own, because Piccolo's migrations use the engine of the configuration module, which the test
session's is already bound to.
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid

import asyncpg
from piccolo.apps.migrations.commands.forwards import run_forwards

from backend.core.db import create_database_if_missing

BEFORE_FAMILIES = "2026-11-23T11:42:00:743071"

# The products as they were before families: size and colour among the attributes, customs data on the product.
PRODUCTS = [
    ("SHIRT-M", "Shirt M", {"size": "M", "colour": "blue", "material": "cotton"}, "61091000", "PT"),
    ("SHIRT-RED", "Shirt red", {"color": " Red "}, None, None),
    ("SOAP", "Soap", {}, None, "DE"),
]


async def main(url: str) -> None:
    await create_database_if_missing(url)
    for app in ("accounts", "events"):
        assert (await run_forwards(app)).success
    assert (await run_forwards("catalog", migration_id=BEFORE_FAMILIES)).success
    connection = await asyncpg.connect(url)
    try:
        merchant = uuid.uuid4()
        await connection.execute("INSERT INTO merchant (id, code, name) VALUES ($1, 'MIG', 'Before families')", merchant)
        for sku, name, attributes, tariff, origin in PRODUCTS:
            await connection.execute(
                "INSERT INTO product (id, merchant, sku, name, attributes, customs_tariff_number, country_of_origin) "
                "VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)",
                uuid.uuid4(), merchant, sku, name, json.dumps(attributes), tariff, origin,
            )
        assert (await run_forwards("all")).success
        products = await connection.fetch(
            "SELECT p.id, p.sku, p.family, p.size, p.colour, p.attributes, f.id AS family_id, f.merchant = p.merchant "
            "AS same_merchant, f.code, f.name AS family_name, f.customs_tariff_number, f.country_of_origin, f.images "
            "FROM product p JOIN product_family f ON f.id = p.family ORDER BY p.sku")
        columns = [r["column_name"] for r in await connection.fetch(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'product'")]
        print(json.dumps({
            "families": await connection.fetchval("SELECT count(*) FROM product_family"),
            "productColumns": sorted(columns),
            "products": [{**dict(r), "attributes": json.loads(r["attributes"])} for r in products],
        }, default=str))
    finally:
        await connection.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
