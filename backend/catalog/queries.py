"""Reading products and their families, within the reader's tenancy."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from piccolo.columns.combination import WhereRaw

from backend.catalog.model import variant_sort_key
from backend.catalog.products import family_scope, product_scope
from backend.catalog.tables import Product, ProductFamily
from backend.core.authorization import Actor, Permission
from backend.core.pagination import Page, PageRequest, SortDirection, paginate
from backend.core.queries import rows_by_ids


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def products_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, Product]:
    if not actor.can(Permission.PRODUCTS_READ):
        return {}
    return await rows_by_ids(Product, ids, product_scope(actor))


async def find_product_by_code(actor: Actor, merchant_id: UUID, code: str) -> Product | None:
    """A merchant's product by barcode or SKU (what a scanner reads)."""
    code = code.strip()
    query = Product.objects().where(
        (Product.merchant == merchant_id) & ((Product.barcode == code) | (Product.sku == code))
    )
    for condition in product_scope(actor):
        query = query.where(condition)
    return await query.first()


async def list_products(
    actor: Actor, page: PageRequest, *, merchant_id: UUID | None = None, search: str | None = None,
    stock_filter: str | None = None, include_archived: bool = False, family_id: UUID | None = None,
    sort: str = "sku", direction: SortDirection = SortDirection.ASC,
) -> Page[Product]:
    """`search`: part of the SKU, name or barcode, or of the family's code or name (which finds every variant)."""
    actor.require(Permission.PRODUCTS_READ)
    where = product_scope(actor)
    if merchant_id is not None:
        where.append(Product.merchant == merchant_id)
    if family_id is not None:
        where.append(Product.family == family_id)
    if not include_archived:
        where.append(Product.is_archived == False)  # noqa: E712
    if search and search.strip():
        term = f"%{escape_like(search.strip())}%"
        where.append(WhereRaw(
            "((sku || ' ' || name || ' ' || coalesce(barcode, '')) ILIKE {} OR family = ANY(ARRAY("
            "SELECT f.id FROM product_family f WHERE (coalesce(f.code, '') || ' ' || f.name) ILIKE {})))", term, term,
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


async def families_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, ProductFamily]:
    if not actor.can(Permission.PRODUCTS_READ):
        return {}
    return await rows_by_ids(ProductFamily, ids, family_scope(actor))


async def variants_of(actor: Actor, family_ids: Sequence[UUID]) -> dict[UUID, list[Product]]:
    """Each family's variants (archived ones too), smallest size first, then by colour and SKU."""
    if not actor.can(Permission.PRODUCTS_READ) or not family_ids:
        return {}
    query = Product.objects().where(Product.family.is_in(list(family_ids)))
    for condition in product_scope(actor):
        query = query.where(condition)
    found: dict[UUID, list[Product]] = {family_id: [] for family_id in family_ids}
    for product in sorted(await query, key=lambda p: variant_sort_key(p.size, p.colour, p.sku)):
        found[product.family].append(product)
    return found


async def list_families(
    actor: Actor, page: PageRequest, *, merchant_id: UUID | None = None, search: str | None = None,
    sort: str = "name", direction: SortDirection = SortDirection.ASC,
) -> Page[ProductFamily]:
    """`search`: part of the family's code or name, or of a variant's SKU or barcode."""
    actor.require(Permission.PRODUCTS_READ)
    where = family_scope(actor)
    if merchant_id is not None:
        where.append(ProductFamily.merchant == merchant_id)
    if search and search.strip():
        term = f"%{escape_like(search.strip())}%"
        where.append(WhereRaw(
            "((coalesce(code, '') || ' ' || name) ILIKE {} OR EXISTS (SELECT 1 FROM product p WHERE "
            "p.family = product_family.id AND (p.sku || ' ' || coalesce(p.barcode, '')) ILIKE {}))", term, term,
        ))
    column = {"name": ProductFamily.name, "created_at": ProductFamily.created_at}[sort]
    return await paginate(ProductFamily, where, column, direction, page)
