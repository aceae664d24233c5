"""The catalog's front door: warehouses and bins (here), products and their families, the CSV import. Other code
imports these names from here, not from the modules behind them:

- products.py: writing products and families (a single product is a family of one), the steps the import shares
- products_csv.py: the product CSV import, with its `family` column
- queries.py: reading products and families
- model.py: the input rules and the order of sizes and colours, without a database; tables.py: the tables
"""

from __future__ import annotations

from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backend.catalog.model import clean_code, clean_text, gtin_is_valid
from backend.catalog.products import (
    VariantDraft,
    create_family,
    create_product,
    set_product_archived,
    update_family,
    update_product,
)
from backend.catalog.products_csv import ImportResult, import_products_csv, parse_products_csv
from backend.catalog.queries import (
    escape_like,
    families_by_ids,
    find_product_by_code,
    list_families,
    list_products,
    products_by_ids,
    variants_of,
)
from backend.catalog.tables import Location, Warehouse
from backend.core.authorization import Actor, Permission
from backend.core.errors import Conflict, FieldChecks, NotFound, ValidationFailed
from backend.core.pagination import Page, PageRequest, SortDirection, paginate
from backend.core.queries import rows_by_ids
from backend.events.outbox import unit_of_work

# ---------------------------------------------------------------- warehouses and bins


def warehouse_payload(w: Warehouse) -> dict:
    return {"code": w.code, "name": w.name, "isActive": w.is_active}


async def create_warehouse(actor: Actor, *, code: str, name: str, timezone: str = "Europe/Berlin") -> Warehouse:
    actor.require(Permission.WAREHOUSES_WRITE)
    checks = FieldChecks()
    code = checks.check(clean_code, code)
    name = checks.check(clean_text, name, "name", 200)
    timezone = checks.check(_clean_timezone, timezone)
    checks.raise_if_any()
    async with unit_of_work(actor):
        if await Warehouse.exists().where(Warehouse.code == code):
            raise Conflict(f"The code {code} is taken", field="code", code="DUPLICATE")
        warehouse = Warehouse(code=code, name=name, timezone=timezone)
        await warehouse.save()
    return warehouse


async def update_warehouse(actor: Actor, warehouse_id: UUID, *, name: str | None = None,
                           timezone: str | None = None) -> Warehouse:
    """Rename a warehouse or move its day to another time zone (its board and carriers' cut-offs follow at once).
    Its code stays: it is printed on bin labels and picklists."""
    actor.require(Permission.WAREHOUSES_WRITE)
    checks = FieldChecks()
    if name is not None:
        name = checks.check(clean_text, name, "name", 200)
    if timezone is not None:
        timezone = checks.check(_clean_timezone, timezone)
    checks.raise_if_any()
    async with unit_of_work(actor):
        warehouse = await Warehouse.objects().where(Warehouse.id == warehouse_id).lock_rows().first()
        if warehouse is None:
            raise NotFound("No such warehouse", field="warehouseId")
        warehouse.name = warehouse.name if name is None else name
        warehouse.timezone = warehouse.timezone if timezone is None else timezone
        await warehouse.save([Warehouse.name, Warehouse.timezone])
    return warehouse


def _clean_timezone(zone: str) -> str:
    zone = zone.strip()
    try:
        if not zone or len(zone) > 64:
            raise ValueError(zone)
        ZoneInfo(zone)
    except (ValueError, ZoneInfoNotFoundError):
        raise ValidationFailed("Not a time zone like Europe/Berlin", field="timezone") from None
    return zone


async def create_locations(actor: Actor, warehouse_id: UUID, codes: list[str]) -> list[Location]:
    """Add bins to a warehouse; codes are unique within it."""
    actor.require(Permission.WAREHOUSES_WRITE)
    if not codes or len(codes) > 1000:
        raise ValidationFailed("Give 1 to 1000 bin codes", field="codes")
    cleaned = [clean_code(c, "codes") for c in codes]
    if len(set(cleaned)) != len(cleaned):
        raise ValidationFailed("A bin code is listed twice", field="codes", code="DUPLICATE")
    async with unit_of_work(actor):
        if not await Warehouse.exists().where(Warehouse.id == warehouse_id):
            raise NotFound("No such warehouse", field="warehouseId")
        taken = await Location.select(Location.code).where((Location.warehouse == warehouse_id) & Location.code.is_in(cleaned))
        if taken:
            raise Conflict(f"Bins exist already: {', '.join(sorted(t['code'] for t in taken))}", field="codes", code="DUPLICATE")
        locations = [Location(warehouse=warehouse_id, code=c) for c in cleaned]
        await Location.insert(*locations)
    return locations


async def list_warehouses(actor: Actor) -> list[Warehouse]:
    actor.require(Permission.WAREHOUSES_READ)
    return await Warehouse.objects().order_by(Warehouse.code)


async def warehouses_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, Warehouse]:
    if not actor.can(Permission.WAREHOUSES_READ):
        return {}
    return await rows_by_ids(Warehouse, ids)


async def list_locations(actor: Actor, warehouse_id: UUID, page: PageRequest, search: str | None = None) -> Page[Location]:
    actor.require(Permission.WAREHOUSES_READ)
    where: list = [Location.warehouse == warehouse_id]
    if search:
        where.append(Location.code.ilike(f"{escape_like(search.strip().upper())}%"))
    return await paginate(Location, where, Location.code, SortDirection.ASC, page)


async def locations_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, Location]:
    if not actor.can(Permission.WAREHOUSES_READ):
        return {}
    return await rows_by_ids(Location, ids)


async def find_location(warehouse_id: UUID, code: str, field: str = "locationCode") -> Location:
    location = await Location.objects().where(
        (Location.warehouse == warehouse_id) & (Location.code == code.strip().upper()) & (Location.is_active == True)  # noqa: E712
    ).first()
    if location is None:
        raise NotFound(f"No bin {code} in this warehouse", field=field)
    return location


__all__ = [
    "ImportResult", "VariantDraft", "create_family", "create_locations", "create_product", "create_warehouse",
    "families_by_ids", "find_location", "find_product_by_code", "gtin_is_valid", "import_products_csv",
    "list_families", "list_locations", "list_products", "list_warehouses", "locations_by_ids", "parse_products_csv",
    "products_by_ids", "set_product_archived", "update_family", "update_product", "update_warehouse", "variants_of",
    "warehouses_by_ids",
]
