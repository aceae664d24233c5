"""The product CSV import: create or update a merchant's products, and their families, from a file.

Columns: `sku` and `name` (a row with a `family` may leave `name` blank: it is named after the family, its size and
colour), and optionally `barcode`, `size`, `colour` (or `color`), `weight_grams`, `length_mm`, `width_mm`,
`height_mm`, `low_stock_threshold`, `attr_<name>`, and the family's: `family` (its code), `family_name`,
`customs_tariff_number`, `country_of_origin`.

- Rows with the same `family` form one family: the merchant's family of that code, or a new one named by
  `family_name` (else by its first row's name). A product already in another family moves into it.
- A row without a family: a new product is a family of one; a product that exists stays in its family.
- The family's customs data is what its rows give; rows that leave it blank do not disagree, rows that give two
  values do. A blank customs cell of a row without a family clears its family's value, as before families.
- All rows, or none: every bad row is reported by its line number, checked against the file and the merchant's
  catalog together (SKUs and barcodes once, one variant per size and colour in each family).

It writes through the steps of products.py that `create_product` and `update_product` use.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from backend.catalog.model import (
    CUSTOMS_FIELDS,
    MAX_VARIANTS,
    clean_family_code,
    clean_family_fields,
    clean_product_fields,
    clean_sku,
    clean_text,
    slot_of,
    slot_text,
)
from backend.catalog.products import (
    change_family,
    change_product,
    dissolve_if_empty,
    families_for_update,
    insert_variant,
    new_family,
)
from backend.catalog.tables import Product, ProductFamily
from backend.core.authorization import Actor, Permission, resolve_merchant
from backend.core.errors import DomainError, FieldChecks, InvalidInput, ValidationFailed
from backend.events.outbox import UnitOfWork, unit_of_work

PRODUCT_COLUMNS = ("sku", "name", "barcode", "size", "colour", "weight_grams", "length_mm", "width_mm", "height_mm",
                   "low_stock_threshold")
FAMILY_COLUMNS = ("family", "family_name", *CUSTOMS_FIELDS)
ALIASES = {"color": "colour"}
NUMBER_COLUMNS = ("weight_grams", "length_mm", "width_mm", "height_mm", "low_stock_threshold")
MAX_CSV_ROWS = 10_000
MAX_CSV_CHARACTERS = 5_000_000


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


@dataclass
class CsvRow:
    line: int
    sku: str
    # The product's cleaned fields (no name when a family row leaves it blank).
    fields: dict[str, Any]
    family_code: str | None
    # The family fields this row gives: `name` (family_name), and the customs columns the file has (None: blank).
    family_fields: dict[str, Any]


# The input fields the checks name, as the file's columns.
COLUMN_OF_FIELD = {"weightGrams": "weight_grams", "lengthMm": "length_mm", "widthMm": "width_mm",
                   "heightMm": "height_mm", "lowStockThreshold": "low_stock_threshold",
                   "customsTariffNumber": "customs_tariff_number", "countryOfOrigin": "country_of_origin"}


def _line_error(line: int, error: DomainError) -> ValidationFailed:
    column = COLUMN_OF_FIELD.get(error.field or "", error.field or "csv")
    return ValidationFailed(f"Line {line}: {column}: {error.message}", field=f"csv.line{line}.{column}", code=error.code)


# ---------------------------------------------------------------- reading the file


def parse_products_csv(text: str) -> list[CsvRow]:
    """The rows, cleaned; raises `InvalidInput` listing every bad row by its line."""
    rows, errors = read_rows(text)
    if errors:
        raise InvalidInput(errors)
    return rows


def read_rows(text: str) -> tuple[list[CsvRow], list[ValidationFailed]]:
    """The good rows, cleaned, and an error per fault of the others (by line); raises when the file as a whole is
    unreadable (its header, its size, no rows)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=_sniff_delimiter(text))
    headers = _headers(reader.fieldnames or [])
    rows, errors, seen = [], [], {}
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_CSV_ROWS:
            raise ValidationFailed(f"At most {MAX_CSV_ROWS} rows at once", field="csv", code="INVALID_CSV")
        record = {ALIASES.get(k, k): v for k, v in
                  (((k or "").strip().lower(), (v or "").strip()) for k, v in raw.items() if k is not None)}
        if not any(record.values()):
            continue
        checks = FieldChecks()
        row = _parse_row(line, record, headers, checks)
        if row.sku and row.sku in seen:
            checks.errors.append(ValidationFailed(f"the SKU is on line {seen[row.sku]} already", field="sku", code="DUPLICATE"))
        elif row.sku:
            seen[row.sku] = line
        errors.extend(_line_error(line, error) for error in checks.errors)
        if not checks.errors:
            rows.append(row)
    errors.extend(_group_disagreements(rows))
    if not rows and not errors:
        raise ValidationFailed("The file holds no products", field="csv", code="INVALID_CSV")
    return rows, sorted(errors, key=_line_of)


def _headers(fieldnames: list[str]) -> set[str]:
    headers = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in fieldnames]
    if "sku" not in headers or "name" not in headers:
        raise ValidationFailed("The first line must name the columns, at least sku and name", field="csv", code="INVALID_CSV")
    axes = [h for h in headers if h in ("attr_size", "attr_colour", "attr_color")]
    if axes:
        raise ValidationFailed(f"Size and colour are columns of their own (size, colour), not {', '.join(axes)}",
                               field="csv", code="INVALID_CSV")
    unknown = [h for h in headers if h not in PRODUCT_COLUMNS and h not in FAMILY_COLUMNS and not h.startswith("attr_")]
    if unknown:
        raise ValidationFailed(f"Unknown columns: {', '.join(unknown)}", field="csv", code="INVALID_CSV")
    if len(set(headers)) != len(headers):
        raise ValidationFailed("A column is named twice", field="csv", code="INVALID_CSV")
    return set(headers)


def _parse_row(line: int, record: dict[str, str], headers: set[str], checks: FieldChecks) -> CsvRow:
    sku = checks.check(clean_sku, record.get("sku", ""))
    family_code = checks.check(_clean_family_column, record.get("family"))
    values: dict[str, Any] = {}
    if record.get("name") or not record.get("family"):
        values["name"] = record.get("name", "")
    for column in ("barcode", "size", "colour"):
        if column in headers:
            values[column] = record.get(column) or None
    for column in NUMBER_COLUMNS:
        if record.get(column):
            try:
                values[column] = int(record[column])
            except ValueError:
                checks.errors.append(ValidationFailed("must be a whole number", field=column))
    attributes = {k[5:]: v for k, v in record.items() if k.startswith("attr_") and v}
    if attributes:
        values["attributes"] = attributes
    fields = clean_product_fields(values, checks)
    family_fields = clean_family_fields(
        {column: record.get(column) or None for column in CUSTOMS_FIELDS if column in headers}, checks)
    if record.get("family_name"):
        family_fields["name"] = checks.check(clean_text, record["family_name"], "family_name", 300)
    return CsvRow(line, sku or "", fields, family_code, family_fields)


def _clean_family_column(value: str | None) -> str | None:
    try:
        return clean_family_code(value)
    except ValidationFailed as error:
        raise ValidationFailed(error.message, field="family") from None


def _group_disagreements(rows: list[CsvRow]) -> list[ValidationFailed]:
    """Rows of one family that give it two names or two customs values (sizes and colours given twice are the
    plan's to find, with the family's other variants)."""
    errors = []
    first_value: dict[tuple[str, str], tuple[Any, int]] = {}
    for row in rows:
        if row.family_code is None:
            continue
        for name, value in row.family_fields.items():
            if value is None:
                continue
            earlier = first_value.setdefault((row.family_code, name), (value, row.line))
            if earlier[0] != value:
                column = "family_name" if name == "name" else name
                errors.append(_line_error(row.line, ValidationFailed(
                    f"family {row.family_code} has {earlier[0]} on line {earlier[1]}", field=column)))
    return errors


def _line_of(error: DomainError) -> int:
    try:
        return int((error.field or "").split(".")[1].removeprefix("line"))
    except (IndexError, ValueError):
        return 0


def _sniff_delimiter(text: str) -> str:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


# ---------------------------------------------------------------- the plan: the file against the catalog


@dataclass
class _Plan:
    """What the import will do, checked against the merchant's catalog under locks before anything is written."""

    owner: UUID
    existing: dict[str, Product]
    by_code: dict[str, ProductFamily]
    # Locked: the families the rows name and those the file's existing products are in.
    families: dict[UUID, ProductFamily]
    # Per family code: the family's fields from its rows (name only when given), for a new or an existing one.
    group_fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[ValidationFailed] = field(default_factory=list)


async def _plan(actor: Actor, owner: UUID, rows: list[CsvRow]) -> _Plan:
    if not rows:
        return _Plan(owner, {}, {}, {})
    existing = {p.sku: p for p in await Product.objects().where(
        (Product.merchant == owner) & Product.sku.is_in([row.sku for row in rows])
    ).order_by(Product.id).lock_rows()}
    codes = sorted({row.family_code for row in rows if row.family_code})
    by_code = {f.code: f for f in await ProductFamily.objects().where(
        (ProductFamily.merchant == owner) & ProductFamily.code.is_in(codes))} if codes else {}
    families = await families_for_update(actor, [f.id for f in by_code.values()] + [p.family for p in existing.values()])
    by_code = {code: families[family.id] for code, family in by_code.items()}
    plan = _Plan(owner, existing, by_code, families)
    _plan_group_fields(plan, rows)
    await _check_barcodes(plan, rows)
    await _check_slots(plan, rows)
    return plan


def _plan_group_fields(plan: _Plan, rows: list[CsvRow]) -> None:
    groups: dict[str, list[CsvRow]] = defaultdict(list)
    for row in rows:
        if row.family_code:
            groups[row.family_code].append(row)
    for code, members in groups.items():
        fields: dict[str, Any] = {}
        for row in members:
            for name, value in row.family_fields.items():
                if value is not None or name not in fields:
                    fields[name] = value if value is not None else fields.get(name)
        if fields.get("name") is None:
            fields.pop("name", None)
            if code not in plan.by_code:
                named = next((row.fields["name"] for row in members if row.fields.get("name")), None)
                if named is None:
                    plan.errors.append(_line_error(members[0].line, ValidationFailed(
                        f"family {code} is new: name it in family_name (or name the row)", field="family_name",
                        code="REQUIRED")))
                fields["name"] = named
        plan.group_fields[code] = fields


async def _check_barcodes(plan: _Plan, rows: list[CsvRow]) -> None:
    holders = {r["barcode"]: r["sku"] for r in await Product.select(Product.barcode, Product.sku).where(
        (Product.merchant == plan.owner) & Product.barcode.is_not_null())}
    for row in rows:
        barcode = row.fields.get("barcode")
        if barcode is None:
            continue
        holder = holders.get(barcode)
        if holder is not None and holder != row.sku:
            plan.errors.append(_line_error(row.line, ValidationFailed(f"{holder} has it already", field="barcode", code="DUPLICATE")))
        holders[barcode] = row.sku


def _target(plan: _Plan, row: CsvRow) -> UUID | str | None:
    """Where a row's product will be: a family's id, a new family's code, or None (a new family of one)."""
    if row.family_code:
        family = plan.by_code.get(row.family_code)
        return family.id if family else row.family_code
    product = plan.existing.get(row.sku)
    return product.family if product else None


async def _check_slots(plan: _Plan, rows: list[CsvRow]) -> None:
    """Each family, as it will be after the import, holds one variant per size and colour and at most MAX_VARIANTS."""
    in_file = {row.sku: row.line for row in rows}
    members: dict[UUID | str, dict[tuple[str, str], str]] = defaultdict(dict)
    # What stays as it is: the variants of the families involved that the file does not name.
    family_ids = [t for t in {_target(plan, row) for row in rows} if isinstance(t, UUID)]
    if family_ids:
        for variant in await Product.select(Product.sku, Product.size, Product.colour, Product.family).where(
                Product.family.is_in(family_ids)):
            if variant["sku"] not in in_file:
                members[variant["family"]][slot_of(variant["size"], variant["colour"])] = variant["sku"]
    for row in rows:
        target = _target(plan, row)
        if target is None:
            continue
        current = plan.existing.get(row.sku)
        size = row.fields["size"] if "size" in row.fields else (current.size if current else None)
        colour = row.fields["colour"] if "colour" in row.fields else (current.colour if current else None)
        holder = members[target].setdefault(slot_of(size, colour), row.sku)
        if holder != row.sku:
            where = f" (line {in_file[holder]})" if holder in in_file else ""
            plan.errors.append(_line_error(row.line, ValidationFailed(
                f"the family has {slot_text(size, colour)} already: {holder}{where}", field="size", code="DUPLICATE")))
    for target, slots in members.items():
        if len(slots) > MAX_VARIANTS:
            line = next(row.line for row in rows if _target(plan, row) == target)
            plan.errors.append(_line_error(line, ValidationFailed(
                f"A family holds at most {MAX_VARIANTS} variants", field="family", code="INVALID")))


# ---------------------------------------------------------------- the import


async def import_products_csv(actor: Actor, *, merchant_id: UUID | None, csv_text: str) -> ImportResult:
    """Create or update a merchant's products and families from CSV: all rows, or none when any row is bad."""
    actor.require(Permission.PRODUCTS_WRITE)
    owner = resolve_merchant(actor, merchant_id)
    if len(csv_text) > MAX_CSV_CHARACTERS:
        raise ValidationFailed("The file is larger than 5 MB", field="csv", code="TOO_LONG")
    rows, errors = read_rows(csv_text)
    async with unit_of_work(actor) as uow:
        # The good rows against the catalog too, so that one answer names every bad row.
        plan = await _plan(actor, owner, rows)
        if errors or plan.errors:
            raise InvalidInput(sorted(errors + plan.errors, key=_line_of))
        groups = await _write_groups(uow, plan)
        created = updated = 0
        left: set[UUID] = set()
        for row in rows:
            product = plan.existing.get(row.sku)
            if product is None:
                family = groups[row.family_code] if row.family_code else await new_family(
                    uow, owner, {"name": row.fields["name"], **row.family_fields}, verified=True, of_one=True)
                await insert_variant(uow, family, row.sku, row.fields, verified=True)
                created += 1
                continue
            target = groups[row.family_code] if row.family_code else None
            if target is not None and target.id != product.family:
                left.add(product.family)
            changed = await change_product(uow, product, row.fields, family=target, verified=True)
            if target is None and row.family_fields:
                changed = await change_family(uow, plan.families[product.family], row.family_fields, verified=True) or changed
            updated += changed
        for family_id in sorted(left):
            await dissolve_if_empty(uow, plan.families[family_id])
    return ImportResult(created=created, updated=updated)


async def _write_groups(uow: UnitOfWork, plan: _Plan) -> dict[str, ProductFamily]:
    """The families the rows name: created, or changed as their rows say."""
    written = {}
    for code, fields in plan.group_fields.items():
        family = plan.by_code.get(code)
        if family is None:
            written[code] = await new_family(uow, plan.owner, {"code": code, **fields}, verified=True)
        else:
            await change_family(uow, family, fields, verified=True)
            written[code] = family
    return written
