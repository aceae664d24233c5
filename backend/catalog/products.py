"""Writing products and their families: each act once, for every entry point (the API, the CSV import, the demo).

A product is a variant of a family (`Product.family`); a single product is a family of one, created with it. The
use cases (`create_product`, `update_product`, `set_product_archived`, `create_family`, `update_family`) are made
of the steps below, which the CSV import (products_csv.py) uses too:

- `new_family`, `change_family`: a family's row and its event;
- `insert_variant`, `change_product`: a product's row and its event, with the rules a variant lives by: its SKU and
  barcode are unique per merchant, its family is of its merchant, holds one variant per size and colour and at most
  `MAX_VARIANTS`; a product moved away from a family that has no variant left takes that family with it
  (`dissolve_if_empty`).

Lock order: product rows first, then family rows in id order.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from asyncpg.exceptions import UniqueViolationError
from piccolo.columns.combination import WhereRaw

from backend.accounts.tables import Merchant
from backend.catalog.events import record_family, record_product
from backend.catalog.model import (
    CUSTOMS_FIELDS,
    MAX_VARIANTS,
    clean_family_fields,
    clean_product_fields,
    clean_sku,
    slot_of,
    slot_text,
    variant_name,
)
from backend.catalog.tables import Product, ProductFamily
from backend.core.authorization import Actor, Permission, resolve_merchant
from backend.core.clock import utcnow
from backend.core.errors import Conflict, DomainError, FieldChecks, NotFound, ValidationFailed
from backend.events.outbox import UnitOfWork, unit_of_work


CUSTOMS_INPUT_NAMES = {"customs_tariff_number": "customsTariffNumber", "country_of_origin": "countryOfOrigin"}


@dataclass(frozen=True)
class VariantDraft:
    """A variant to create with its family: its SKU and product fields (as `create_product` takes them)."""

    sku: str
    values: dict[str, Any]


# ---------------------------------------------------------------- scope and locks


def product_scope(actor: Actor) -> list:
    return [] if actor.is_operator else [Product.merchant == actor.merchant_id]


def family_scope(actor: Actor) -> list:
    return [] if actor.is_operator else [ProductFamily.merchant == actor.merchant_id]


async def product_for_update(actor: Actor, product_id: UUID) -> Product:
    query = Product.objects().where(Product.id == product_id)
    for condition in product_scope(actor):
        query = query.where(condition)
    product = await query.lock_rows().first()
    if product is None:
        raise NotFound("No such product", field="productId")
    return product


async def families_for_update(actor: Actor, ids: Sequence[UUID], field: str = "familyId") -> dict[UUID, ProductFamily]:
    """The families, locked in id order; another merchant's family is not found, as an unknown one."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    query = ProductFamily.objects().where(ProductFamily.id.is_in(wanted)).order_by(ProductFamily.id)
    for condition in family_scope(actor):
        query = query.where(condition)
    found = {family.id: family for family in await query.lock_rows()}
    if len(found) != len(wanted):
        raise NotFound("No such product family", field=field)
    return found


async def _refuse_unknown_merchant(merchant_id: UUID) -> None:
    if not await Merchant.exists().where(Merchant.id == merchant_id):
        raise NotFound("No such merchant", field="merchantId")


def _conflict(error: UniqueViolationError) -> Conflict:
    """What a unique index that refused a row means, for the field that caused it."""
    constraint = getattr(error, "constraint_name", "") or ""
    if constraint == "product_family_variant":
        return Conflict("The family has a variant of this size and colour already", field="size", code="DUPLICATE")
    if constraint == "product_family_merchant_code":
        return Conflict("A family has this code already", field="code", code="DUPLICATE")
    if constraint == "product_merchant_barcode":
        return Conflict("Another product has this barcode", field="barcode", code="DUPLICATE")
    return Conflict("A product with this SKU exists", field="sku", code="DUPLICATE")


# ---------------------------------------------------------------- checks that read the database


async def refuse_taken_codes(merchant_id: UUID, sku: str | None, barcode: str | None, exclude: UUID | None = None) -> None:
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


async def refuse_taken_family_code(merchant_id: UUID, code: str | None, exclude: UUID | None = None) -> None:
    if code is None:
        return
    query = ProductFamily.exists().where((ProductFamily.merchant == merchant_id) & (ProductFamily.code == code))
    if exclude:
        query = query.where(ProductFamily.id != exclude)
    if await query:
        raise Conflict(f"A family with the code {code} exists already", field="code", code="DUPLICATE")


async def refuse_taken_slot(family_id: UUID, size: str | None, colour: str | None, exclude: UUID | None = None) -> None:
    """A family holds one variant per size and colour (no size, or no colour, is a value of its own)."""
    wanted_size, wanted_colour = slot_of(size, colour)
    query = Product.select(Product.sku).where(
        (Product.family == family_id)
        & WhereRaw("lower(coalesce(size, '')) = {} AND lower(coalesce(colour, '')) = {}", wanted_size, wanted_colour)
    )
    if exclude:
        query = query.where(Product.id != exclude)
    taken = await query.first()
    if taken:
        raise Conflict(f"The family has a variant in {slot_text(size, colour)} already: {taken['sku']}",
                       field="size", code="DUPLICATE")


async def refuse_full_family(family_id: UUID, adding: int = 1) -> None:
    if await Product.count().where(Product.family == family_id) + adding > MAX_VARIANTS:
        raise ValidationFailed(f"A family holds at most {MAX_VARIANTS} variants", field="familyId", code="INVALID")


# ---------------------------------------------------------------- steps


async def new_family(uow: UnitOfWork, merchant_id: UUID, fields: dict[str, Any], *, verified: bool = False,
                     of_one: bool = False) -> ProductFamily:
    """Insert a family (`fields` cleaned, with its name) and record `product_family.created`; a family of one,
    made with its single product, is announced by that product's `product.created` (its payload names the
    family), so that a feed shows one new product once."""
    if not verified:
        await refuse_taken_family_code(merchant_id, fields.get("code"))
    family = ProductFamily(**{"images": [], **fields, "merchant": merchant_id})
    try:
        await family.save()
    except UniqueViolationError as error:
        raise _conflict(error) from None
    if not of_one:
        record_family(uow, "product_family.created", family)
    return family


async def change_family(uow: UnitOfWork, family: ProductFamily, fields: dict[str, Any], *, verified: bool = False) -> bool:
    """Apply the cleaned `fields` that differ and record `product_family.updated`; False when nothing changed."""
    changes = _changes(family, fields)
    if not changes:
        return False
    if "code" in changes and not verified:
        await refuse_taken_family_code(family.merchant, fields["code"], exclude=family.id)
    for name in changes:
        setattr(family, name, fields[name])
    family.updated_at = utcnow()
    try:
        await family.save()
    except UniqueViolationError as error:
        raise _conflict(error) from None
    record_family(uow, "product_family.updated", family, changes=_camel(changes))
    return True


async def insert_variant(uow: UnitOfWork, family: ProductFamily, sku: str, fields: dict[str, Any], *,
                         verified: bool = False) -> Product:
    """Insert a product into `family` (locked) and record `product.created`. Without a name it is named after the
    family, its size and colour. `verified`: the caller checked the codes, the slot and the family's size for a
    whole batch (the unique indexes still stand guard)."""
    fields = {**fields, "name": fields.get("name") or variant_name(family.name, fields.get("size"), fields.get("colour"))}
    if not verified:
        await refuse_taken_codes(family.merchant, sku, fields.get("barcode"))
        await refuse_taken_slot(family.id, fields.get("size"), fields.get("colour"))
        await refuse_full_family(family.id)
    product = Product(merchant=family.merchant, family=family.id, sku=sku, **fields)
    try:
        await product.save()
    except UniqueViolationError as error:
        raise _conflict(error) from None
    record_product(uow, "product.created", product)
    return product


async def change_product(uow: UnitOfWork, product: Product, fields: dict[str, Any], *,
                         family: ProductFamily | None = None, verified: bool = False) -> bool:
    """Apply the cleaned `fields` that differ, move the product to `family` (locked, of its merchant) when given,
    and record `product.updated`; False when nothing changed. The family it left goes when it has no variant left
    (the caller dissolves it: `dissolve_if_empty`)."""
    changes = _changes(product, fields)
    moving = family is not None and family.id != product.family
    if moving:
        changes["family"] = {"before": str(product.family), "after": str(family.id)}
    if not changes:
        return False
    size, colour = fields.get("size", product.size), fields.get("colour", product.colour)
    if not verified:
        await refuse_taken_codes(product.merchant, None, fields.get("barcode"), exclude=product.id)
        if moving or slot_of(size, colour) != slot_of(product.size, product.colour):
            await refuse_taken_slot(family.id if moving else product.family, size, colour, exclude=product.id)
        if moving:
            await refuse_full_family(family.id)
    for name in fields:
        setattr(product, name, fields[name])
    if moving:
        product.family = family.id
    product.updated_at = utcnow()
    try:
        await product.save()
    except UniqueViolationError as error:
        raise _conflict(error) from None
    record_product(uow, "product.updated", product, changes=_camel(changes))
    return True


async def dissolve_if_empty(uow: UnitOfWork, family: ProductFamily) -> bool:
    """Delete a (locked) family none of whose variants is left, and record `product_family.deleted`."""
    if await Product.exists().where(Product.family == family.id):
        return False
    await ProductFamily.delete().where(ProductFamily.id == family.id)
    record_family(uow, "product_family.deleted", family)
    return True


def _current(row: Product | ProductFamily, name: str) -> Any:
    value = getattr(row, name)
    # JSON columns come back from the database as text.
    return json.loads(value) if name == "attributes" and isinstance(value, str) else value


def _changes(row: Product | ProductFamily, fields: dict[str, Any]) -> dict[str, Any]:
    return {k: {"before": _current(row, k), "after": v} for k, v in fields.items() if _current(row, k) != v}


def _camel(changes: dict[str, Any]) -> dict[str, Any]:
    def camel(name: str) -> str:
        head, *rest = name.split("_")
        return head + "".join(p.title() for p in rest)

    renamed = {camel(k): v for k, v in changes.items()}
    if "family" in renamed:
        renamed["familyId"] = renamed.pop("family")
    return renamed


# ---------------------------------------------------------------- use cases


async def create_product(actor: Actor, *, merchant_id: UUID | None, sku: str, values: dict[str, Any],
                         family_id: UUID | None = None) -> Product:
    """A product: a variant of the family `family_id` (named after it when `values` has no name), or without one a
    family of one of its own, which takes the product's name and the customs data in `values`
    (`customs_tariff_number`, `country_of_origin`)."""
    actor.require(Permission.PRODUCTS_WRITE)
    checks = FieldChecks()
    sku = checks.check(clean_sku, sku)
    customs = {name: values[name] for name in CUSTOMS_FIELDS if name in values}
    if family_id is None:
        owner = checks.check(resolve_merchant, actor, merchant_id)
        fields = clean_product_fields({**values, "name": values.get("name") or ""}, checks)
        family_fields = {"name": fields["name"], **clean_family_fields(customs, checks)}
    else:
        owner = merchant_id if actor.is_operator else checks.check(resolve_merchant, actor, merchant_id)
        fields = clean_product_fields(_without_blank_name(values), checks)
        for name in customs:
            checks.errors.append(ValidationFailed("Customs data is the family's: change it with productFamilyUpdate",
                                                  field=CUSTOMS_INPUT_NAMES[name]))
    checks.raise_if_any()
    async with unit_of_work(actor) as uow:
        if family_id is None:
            await _refuse_unknown_merchant(owner)
            family = await new_family(uow, owner, family_fields, of_one=True)
        else:
            family = (await families_for_update(actor, [family_id]))[family_id]
            if owner is not None and family.merchant != owner:
                raise NotFound("No such product family", field="familyId")
        product = await insert_variant(uow, family, sku, fields)
    return product


async def update_product(actor: Actor, product_id: UUID, values: dict[str, Any]) -> Product:
    """Change the fields present in `values`; `family_id` moves the product to another family of its merchant. The
    SKU, once set, stays (labels and shops refer to it)."""
    actor.require(Permission.PRODUCTS_WRITE)
    checks = FieldChecks()
    fields = clean_product_fields(values, checks)
    if "family_id" in values and values["family_id"] is None:
        checks.errors.append(ValidationFailed("Every product belongs to a family: name the one to move it to",
                                              field="familyId", code="REQUIRED"))
    checks.raise_if_any()
    async with unit_of_work(actor) as uow:
        product = await product_for_update(actor, product_id)
        target_id = values.get("family_id")
        if target_id is None or target_id == product.family:
            await change_product(uow, product, fields)
            return product
        families = await families_for_update(actor, [product.family, target_id])
        target, left = families[target_id], families[product.family]
        if target.merchant != product.merchant:
            raise NotFound("No such product family", field="familyId")
        await change_product(uow, product, fields, family=target)
        await dissolve_if_empty(uow, left)
    return product


async def set_product_archived(actor: Actor, product_id: UUID, archived: bool = True) -> Product:
    actor.require(Permission.PRODUCTS_WRITE)
    async with unit_of_work(actor) as uow:
        product = await product_for_update(actor, product_id)
        if product.is_archived == archived:
            return product
        product.is_archived = archived
        product.updated_at = utcnow()
        await product.save([Product.is_archived, Product.updated_at])
        record_product(uow, "product.archived" if archived else "product.restored", product)
    return product


async def create_family(actor: Actor, *, merchant_id: UUID | None, values: dict[str, Any],
                        variants: Sequence[VariantDraft] = ()) -> tuple[ProductFamily, list[Product]]:
    """A family (its name required) and, at once, its first variants: all of them, or nothing when one is bad."""
    actor.require(Permission.PRODUCTS_WRITE)
    checks = FieldChecks()
    owner = checks.check(resolve_merchant, actor, merchant_id)
    fields = clean_family_fields({"name": values.get("name") or ""} | values, checks)
    drafts = _clean_variant_drafts(variants, checks)
    checks.raise_if_any()
    async with unit_of_work(actor) as uow:
        await _refuse_unknown_merchant(owner)
        family = await new_family(uow, owner, fields)
        products = []
        for index, (sku, product_fields) in enumerate(drafts):
            try:
                products.append(await insert_variant(uow, family, sku, product_fields))
            except DomainError as error:
                error.field = f"variants.{index}.{error.field or 'sku'}"
                raise
    return family, products


def _without_blank_name(values: dict[str, Any]) -> dict[str, Any]:
    """A variant without a name is named after its family (`insert_variant`)."""
    return {k: v for k, v in values.items() if k != "name" or (v or "").strip()}


def _clean_variant_drafts(variants: Sequence[VariantDraft], checks: FieldChecks) -> list[tuple[str, dict[str, Any]]]:
    """Each variant's SKU and fields cleaned, errors named by the variant's place (`variants.2.barcode`); SKUs,
    barcodes and sizes and colours given twice are refused."""
    if len(variants) > MAX_VARIANTS:
        checks.errors.append(ValidationFailed(f"A family holds at most {MAX_VARIANTS} variants", field="variants", code="INVALID"))
        return []
    drafts, seen_sku, seen_barcode, seen_slot = [], {}, {}, {}
    for index, variant in enumerate(variants):
        own = FieldChecks()
        sku = own.check(clean_sku, variant.sku)
        fields = clean_product_fields(_without_blank_name(variant.values), own)
        slot = slot_of(fields.get("size"), fields.get("colour"))
        for seen, key, field, what in ((seen_sku, sku, "sku", "SKU"), (seen_barcode, fields.get("barcode"), "barcode", "barcode"),
                                       (seen_slot, slot, "size", "size and colour")):
            if key is not None and key in seen:
                own.errors.append(ValidationFailed(f"The {what} is given for variant {seen[key]} already", field=field, code="DUPLICATE"))
            elif key is not None:
                seen[key] = index
        for error in own.errors:
            error.field = f"variants.{index}.{error.field}"
            checks.errors.append(error)
        drafts.append((sku, fields))
    return drafts


async def update_family(actor: Actor, family_id: UUID, values: dict[str, Any]) -> ProductFamily:
    """Change the family fields present in `values` (code, name, description, images, customs data)."""
    actor.require(Permission.PRODUCTS_WRITE)
    checks = FieldChecks()
    fields = clean_family_fields(values, checks)
    checks.raise_if_any()
    async with unit_of_work(actor) as uow:
        family = (await families_for_update(actor, [family_id]))[family_id]
        await change_family(uow, family, fields)
    return family


__all__ = [
    "VariantDraft", "change_family", "change_product", "create_family", "create_product",
    "dissolve_if_empty", "families_for_update", "family_scope", "insert_variant", "new_family", "product_for_update",
    "product_scope", "refuse_taken_codes", "set_product_archived", "update_family", "update_product",
]
