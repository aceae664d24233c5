"""Use cases of the catalog: warehouses, bins and products."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from asyncpg.exceptions import UniqueViolationError

from backend.catalog.events import record_product
from backend.catalog.tables import Location, Product, Warehouse
from backend.core.authorization import Actor, Permission, resolve_merchant
from backend.core.clock import utcnow
from backend.core.errors import Conflict, FieldChecks, NotFound, ValidationFailed
from backend.core.pagination import Page, PageRequest, SortDirection, paginate
from backend.core.queries import rows_by_ids
from backend.events.outbox import unit_of_work

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,39}$")
SKU_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
TARIFF_RE = re.compile(r"^\d{6,12}$")
MAX_ATTRIBUTES = 20



# ---------------------------------------------------------------- checks


def gtin_is_valid(code: str) -> bool:
    """GTIN-8/12/13/14 (EAN and UPC) with a correct check digit."""
    if not code.isdigit() or len(code) not in (8, 12, 13, 14):
        return False
    digits = [int(c) for c in code]
    body, check = digits[:-1], digits[-1]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def clean_barcode(barcode: str | None) -> str | None:
    if barcode is None or not barcode.strip():
        return None
    code = barcode.strip()
    if not gtin_is_valid(code):
        raise ValidationFailed("Not a valid EAN/GTIN: wrong length or check digit", field="barcode", code="INVALID_BARCODE")
    return code


def clean_sku(sku: str) -> str:
    cleaned = sku.strip()
    if not SKU_RE.match(cleaned):
        raise ValidationFailed("1 to 64 letters, digits or . _ / - ", field="sku")
    return cleaned


def clean_text(value: str, field: str, max_length: int) -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise ValidationFailed("This field is required", field=field, code="REQUIRED")
    if len(cleaned) > max_length:
        raise ValidationFailed(f"At most {max_length} characters", field=field, code="TOO_LONG")
    return cleaned


def clean_code(code: str, field: str = "code") -> str:
    cleaned = code.strip().upper()
    if not CODE_RE.match(cleaned):
        raise ValidationFailed("Letters, digits and . _ - (up to 40)", field=field)
    return cleaned


def clean_non_negative(value: int | None, field: str, maximum: int = 10_000_000) -> int | None:
    if value is None:
        return None
    if value < 0 or value > maximum:
        raise ValidationFailed(f"Must be between 0 and {maximum}", field=field)
    return value


def clean_attributes(attributes: dict[str, Any] | None) -> dict[str, str]:
    if not attributes:
        return {}
    if not isinstance(attributes, dict) or len(attributes) > MAX_ATTRIBUTES:
        raise ValidationFailed(f"Up to {MAX_ATTRIBUTES} name/value pairs", field="attributes")
    cleaned = {}
    for name, value in attributes.items():
        if not isinstance(name, str) or not name.strip() or len(name) > 40 or not isinstance(value, (str, int, float)):
            raise ValidationFailed("Each attribute needs a name (up to 40 characters) and a value", field="attributes")
        text = str(value).strip()
        if not text or len(text) > 100:
            raise ValidationFailed("Attribute values have 1 to 100 characters", field="attributes")
        cleaned[name.strip().lower()] = text
    return cleaned


# ---------------------------------------------------------------- warehouses and bins


def warehouse_payload(w: Warehouse) -> dict:
    return {"code": w.code, "name": w.name, "isActive": w.is_active}


async def create_warehouse(actor: Actor, *, code: str, name: str) -> Warehouse:
    actor.require(Permission.WAREHOUSES_WRITE)
    checks = FieldChecks()
    code = checks.check(clean_code, code)
    name = checks.check(clean_text, name, "name", 200)
    checks.raise_if_any()
    async with unit_of_work(actor):
        if await Warehouse.exists().where(Warehouse.code == code):
            raise Conflict(f"The code {code} is taken", field="code", code="DUPLICATE")
        warehouse = Warehouse(code=code, name=name)
        await warehouse.save()
    return warehouse


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
        where.append(Location.code.ilike(f"{_escape_like(search.strip().upper())}%"))
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


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# ---------------------------------------------------------------- products


PRODUCT_FIELDS = (
    "name", "barcode", "attributes", "weight_grams", "length_mm", "width_mm", "height_mm",
    "customs_tariff_number", "country_of_origin", "low_stock_threshold",
)


def clean_product_fields(values: dict[str, Any], checks: FieldChecks) -> dict[str, Any]:
    """Clean whichever product fields are present in `values` (None clears optional ones)."""
    cleaned: dict[str, Any] = {}
    if "name" in values:
        cleaned["name"] = checks.check(clean_text, values["name"] or "", "name", 300)
    if "barcode" in values:
        cleaned["barcode"] = checks.check(clean_barcode, values["barcode"])
    if "attributes" in values:
        cleaned["attributes"] = checks.check(clean_attributes, values["attributes"])
    for name, camel in (("weight_grams", "weightGrams"), ("length_mm", "lengthMm"), ("width_mm", "widthMm"), ("height_mm", "heightMm")):
        if name in values:
            cleaned[name] = checks.check(clean_non_negative, values[name], camel)
    if "low_stock_threshold" in values:
        cleaned["low_stock_threshold"] = checks.check(clean_non_negative, values["low_stock_threshold"] or 0, "lowStockThreshold")
    if "customs_tariff_number" in values:
        raw = (values["customs_tariff_number"] or "").replace(" ", "")
        if raw and not TARIFF_RE.match(raw):
            checks.errors.append(ValidationFailed("6 to 12 digits (HS / CN code)", field="customsTariffNumber"))
        cleaned["customs_tariff_number"] = raw or None
    if "country_of_origin" in values:
        raw = (values["country_of_origin"] or "").strip().upper()
        if raw and not COUNTRY_RE.match(raw):
            checks.errors.append(ValidationFailed("A two-letter ISO country code", field="countryOfOrigin"))
        cleaned["country_of_origin"] = raw or None
    return cleaned


def _product_scope(actor: Actor) -> list:
    return [] if actor.is_operator else [Product.merchant == actor.merchant_id]


async def create_product(actor: Actor, *, merchant_id: UUID | None, sku: str, values: dict[str, Any]) -> Product:
    actor.require(Permission.PRODUCTS_WRITE)
    checks = FieldChecks()
    owner = checks.check(resolve_merchant, actor, merchant_id)
    sku = checks.check(clean_sku, sku)
    fields = clean_product_fields({"name": values.get("name", ""), **values}, checks)
    checks.raise_if_any()
    async with unit_of_work(actor) as uow:
        from backend.accounts.tables import Merchant

        if not await Merchant.exists().where(Merchant.id == owner):
            raise NotFound("No such merchant", field="merchantId")
        await _refuse_duplicates(owner, sku, fields.get("barcode"))
        product = Product(merchant=owner, sku=sku, **fields)
        try:
            await product.save()
        except UniqueViolationError:
            raise Conflict("A product with this SKU or barcode exists", field="sku", code="DUPLICATE") from None
        record_product(uow, "product.created", product)
    return product


async def _refuse_duplicates(merchant_id: UUID, sku: str | None, barcode: str | None, exclude: UUID | None = None) -> None:
    if sku is not None:
        query = Product.exists().where((Product.merchant == merchant_id) & (Product.sku == sku))
        if exclude:
            query = query.where(Product.id != exclude)
        if await query:
            raise Conflict(f"The SKU {sku} exists already", field="sku", code="DUPLICATE")
    if barcode is not None:
        query = Product.exists().where((Product.merchant == merchant_id) & (Product.barcode == barcode))
        if exclude:
            query = query.where(Product.id != exclude)
        if await query:
            raise Conflict(f"Another product has the barcode {barcode}", field="barcode", code="DUPLICATE")


async def _product_for_update(actor: Actor, product_id: UUID) -> Product:
    query = Product.objects().where(Product.id == product_id)
    for condition in _product_scope(actor):
        query = query.where(condition)
    product = await query.lock_rows().first()
    if product is None:
        raise NotFound("No such product", field="productId")
    return product


async def update_product(actor: Actor, product_id: UUID, values: dict[str, Any]) -> Product:
    """Change the fields present in `values`; the SKU, once set, stays (labels and shops refer to it)."""
    actor.require(Permission.PRODUCTS_WRITE)
    checks = FieldChecks()
    fields = clean_product_fields(values, checks)
    checks.raise_if_any()
    async with unit_of_work(actor) as uow:
        product = await _product_for_update(actor, product_id)
        await _refuse_duplicates(product.merchant, None, fields.get("barcode"), exclude=product.id)
        changes = _changes(product, fields)
        if not changes:
            return product
        for name, value in fields.items():
            setattr(product, name, value)
        product.updated_at = utcnow()
        await product.save()
        record_product(uow, "product.updated", product, changes=_camel(changes))
    return product


def _current(product: Product, name: str) -> Any:
    value = getattr(product, name)
    # JSON columns come back from the database as text.
    return json.loads(value) if name == "attributes" and isinstance(value, str) else value


def _changes(product: Product, fields: dict[str, Any]) -> dict[str, Any]:
    return {k: {"before": _current(product, k), "after": v} for k, v in fields.items() if _current(product, k) != v}


def _camel(changes: dict[str, Any]) -> dict[str, Any]:
    def camel(name: str) -> str:
        head, *rest = name.split("_")
        return head + "".join(p.title() for p in rest)

    return {camel(k): v for k, v in changes.items()}


async def set_product_archived(actor: Actor, product_id: UUID, archived: bool = True) -> Product:
    actor.require(Permission.PRODUCTS_WRITE)
    async with unit_of_work(actor) as uow:
        product = await _product_for_update(actor, product_id)
        if product.is_archived == archived:
            return product
        product.is_archived = archived
        product.updated_at = utcnow()
        await product.save([Product.is_archived, Product.updated_at])
        record_product(uow, "product.archived" if archived else "product.restored", product)
    return product


async def products_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, Product]:
    if not actor.can(Permission.PRODUCTS_READ):
        return {}
    return await rows_by_ids(Product, ids, _product_scope(actor))


async def find_product_by_code(actor: Actor, merchant_id: UUID, code: str) -> Product | None:
    """A merchant's product by barcode or SKU (what a scanner reads)."""
    code = code.strip()
    query = Product.objects().where(
        (Product.merchant == merchant_id) & ((Product.barcode == code) | (Product.sku == code))
    )
    for condition in _product_scope(actor):
        query = query.where(condition)
    return await query.first()


async def list_products(
    actor: Actor, page: PageRequest, *, merchant_id: UUID | None = None, search: str | None = None,
    stock_filter: str | None = None, include_archived: bool = False, sort: str = "sku",
    direction: SortDirection = SortDirection.ASC,
) -> Page[Product]:
    from piccolo.columns.combination import WhereRaw

    actor.require(Permission.PRODUCTS_READ)
    where = _product_scope(actor)
    if merchant_id is not None:
        where.append(Product.merchant == merchant_id)
    if not include_archived:
        where.append(Product.is_archived == False)  # noqa: E712
    if search and search.strip():
        term = search.strip()
        where.append(WhereRaw(
            "(sku || ' ' || name || ' ' || coalesce(barcode, '')) ILIKE {}", f"%{_escape_like(term)}%"
        ))
    totals = "(SELECT coalesce(sum(on_hand - reserved - blocked), 0) FROM stock_level s WHERE s.product = product.id)"
    if stock_filter == "OUT_OF_STOCK":
        where.append(WhereRaw(f"{totals} <= 0"))
    elif stock_filter == "LOW_STOCK":
        where.append(WhereRaw(f"{totals} > 0 AND {totals} <= low_stock_threshold"))
    elif stock_filter == "INCOMING":
        where.append(WhereRaw("EXISTS (SELECT 1 FROM stock_level s WHERE s.product = product.id AND s.incoming > 0)"))
    column = {"sku": Product.sku, "name": Product.name, "created_at": Product.created_at}[sort]
    return await paginate(Product, where, column, direction, page)


# ---------------------------------------------------------------- CSV import

CSV_COLUMNS = {
    "sku": "sku", "name": "name", "barcode": "barcode", "weight_grams": "weight_grams", "length_mm": "length_mm",
    "width_mm": "width_mm", "height_mm": "height_mm", "customs_tariff_number": "customs_tariff_number",
    "country_of_origin": "country_of_origin", "low_stock_threshold": "low_stock_threshold",
}
MAX_CSV_ROWS = 10_000


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def parse_products_csv(text: str) -> list[tuple[int, str, dict[str, Any]]]:
    """Rows as (line number, sku, cleaned fields); raises `InvalidInput` listing every bad row by its line."""
    import csv
    import io

    from backend.core.errors import InvalidInput

    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=_sniff_delimiter(text))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "sku" not in headers or "name" not in headers:
        raise ValidationFailed("The first line must name the columns, at least sku and name", field="csv", code="INVALID_CSV")
    unknown = [h for h in headers if h not in CSV_COLUMNS and not h.startswith("attr_")]
    if unknown:
        raise ValidationFailed(f"Unknown columns: {', '.join(unknown)}", field="csv", code="INVALID_CSV")
    rows, errors, seen = [], [], {}
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_CSV_ROWS:
            raise ValidationFailed(f"At most {MAX_CSV_ROWS} rows at once", field="csv", code="INVALID_CSV")
        record = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(record.values()):
            continue
        checks = FieldChecks()
        sku = checks.check(clean_sku, record.get("sku", ""))
        values: dict[str, Any] = {"name": record.get("name", "")}
        for column in ("barcode", "customs_tariff_number", "country_of_origin"):
            if column in record:
                values[column] = record[column] or None
        for column in ("weight_grams", "length_mm", "width_mm", "height_mm", "low_stock_threshold"):
            if record.get(column):
                try:
                    values[column] = int(record[column])
                except ValueError:
                    checks.errors.append(ValidationFailed("must be a whole number", field=column))
        attributes = {k[5:]: v for k, v in record.items() if k.startswith("attr_") and v}
        if attributes:
            values["attributes"] = attributes
        fields = clean_product_fields(values, checks)
        if sku and sku in seen:
            checks.errors.append(ValidationFailed(f"the SKU is on line {seen[sku]} already", field="sku", code="DUPLICATE"))
        elif sku:
            seen[sku] = number
        for error in checks.errors:
            errors.append(ValidationFailed(f"Line {number}: {error.field}: {error.message}", field=f"csv.line{number}.{error.field}", code=error.code))
        if not checks.errors:
            rows.append((number, sku, fields))
    if errors:
        raise InvalidInput(errors)
    if not rows:
        raise ValidationFailed("The file holds no products", field="csv", code="INVALID_CSV")
    return rows


def _sniff_delimiter(text: str) -> str:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


async def import_products_csv(actor: Actor, *, merchant_id: UUID | None, csv_text: str) -> ImportResult:
    """Create or update a merchant's products from CSV: all rows, or none when any row is bad."""
    from backend.core.errors import InvalidInput

    actor.require(Permission.PRODUCTS_WRITE)
    owner = resolve_merchant(actor, merchant_id)
    if len(csv_text) > 5_000_000:
        raise ValidationFailed("The file is larger than 5 MB", field="csv", code="TOO_LONG")
    rows = parse_products_csv(csv_text)
    created = updated = 0
    async with unit_of_work(actor) as uow:
        existing = {p.sku: p for p in await Product.objects().where(
            (Product.merchant == owner) & Product.sku.is_in([sku for _, sku, _ in rows])
        ).lock_rows()}
        barcodes = {r["barcode"]: r["sku"] for r in await Product.select(Product.barcode, Product.sku).where(
            (Product.merchant == owner) & Product.barcode.is_not_null()
        )}
        errors = []
        for number, sku, fields in rows:
            owner_of_code = barcodes.get(fields.get("barcode"))
            if owner_of_code is not None and owner_of_code != sku:
                errors.append(ValidationFailed(f"Line {number}: barcode: {owner_of_code} has it already", field=f"csv.line{number}.barcode", code="DUPLICATE"))
            if fields.get("barcode"):
                barcodes[fields["barcode"]] = sku
        if errors:
            raise InvalidInput(errors)
        for _, sku, fields in rows:
            product = existing.get(sku)
            if product is None:
                product = Product(merchant=owner, sku=sku, **fields)
                await product.save()
                created += 1
                record_product(uow, "product.created", product)
                continue
            changes = _changes(product, fields)
            if changes:
                for name, value in fields.items():
                    setattr(product, name, value)
                product.updated_at = utcnow()
                await product.save()
                updated += 1
                record_product(uow, "product.updated", product, changes=_camel(changes))
    return ImportResult(created=created, updated=updated)
