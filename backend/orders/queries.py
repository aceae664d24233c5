"""Finding orders: by id, the filtered and searchable list, lines, history and notes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from piccolo.columns.combination import WhereRaw

from backend.core.authorization import Actor
from backend.core.errors import ValidationFailed
from backend.core.pagination import Page, PageRequest, PlainRow, SortDirection, paginate
from backend.core.queries import rows_by_ids
from backend.orders.access import can_read_fulfillment, can_read_orders, fulfillment_scope, order_scope
from backend.orders.policy import merchant_timezone
from backend.orders.tables import Order, OrderChange, OrderLine, OrderNote

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
# A stored generated column: lower(number || ' ' || external_number || ' ' || customer_name || ' ' || customer_email)
# (orders migration), indexed for substring search and carried by the list indexes.
SEARCH_EXPRESSION = '"sales_order"."search_text"'


async def orders_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, Order]:
    if not can_read_orders(actor):
        return {}
    return await rows_by_ids(Order, ids, order_scope(actor))


async def fulfillment_orders_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, Order]:
    """Released orders among `ids` as the warehouse sees them (the API shows no prices or contacts of them)."""
    if not can_read_fulfillment(actor):
        return {}
    return await rows_by_ids(Order, ids, fulfillment_scope(actor))


@dataclass(frozen=True)
class OrderFilter:
    merchant_id: UUID | None = None
    statuses: list[str] | None = None
    payment_statuses: list[str] | None = None
    payment_methods: list[str] | None = None
    shop: str | None = None
    source: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    month: str | None = None
    tag: str | None = None
    customer_email: str | None = None
    search: str | None = None
    shipping_methods: list[str] | None = None
    # An order number or the shop's order number, whole (the warehouse's search: no customer data to search in).
    number: str | None = None


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# A word as the trigram index sees one: letters and digits.
_WORD_RE = re.compile(r"[^\W_]+")


def distinctive_word(term: str) -> str | None:
    """The part of a search term that tells orders apart, when the rest is shared by many: the word with the most
    digits (then the longest), if the term has other words too ("bq03-1142": "1142"; "jan.wagner31@example.com":
    "wagner31"). The trigram index reads, for each trigram of a term, the list of the orders that hold it, and a
    merchant's number prefix or a mail domain is in nearly every order: on a million orders a full order number
    took 8 ms where its digits alone take 1, an e-mail address 67 ms instead of 4."""
    words = _WORD_RE.findall(term)
    with_digits = [w for w in words if any(c.isdigit() for c in w)]
    if len(words) < 2 or not with_digits:
        return None
    word = max(with_digits, key=lambda w: (sum(c.isdigit() for c in w), len(w)))
    return word if len(word) >= 3 else None  # shorter ones hold no trigram: the index could not find them


def month_range(month: str, zone: str = "UTC") -> tuple[datetime, datetime]:
    match = MONTH_RE.match(month.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationFailed("A month like 2026-11", field="month")
    year, number = int(match.group(1)), int(match.group(2))
    start = date(year, number, 1)
    end = date(year + (number == 12), number % 12 + 1, 1)
    tz = ZoneInfo(zone)
    return datetime.combine(start, time(), tz), datetime.combine(end, time(), tz)


def filter_conditions(actor: Actor, f: OrderFilter, month_zone: str = "UTC", *, fulfillment: bool = False) -> list:
    """The conditions of `f` within what `actor` may read (with `fulfillment`, the released orders it may ship);
    a month starts and ends in `month_zone`."""
    where = fulfillment_scope(actor) if fulfillment else order_scope(actor)
    if f.merchant_id is not None:
        where.append(Order.merchant == f.merchant_id)
    if f.statuses:
        where.append(Order.status.is_in(f.statuses))
    if f.payment_statuses:
        where.append(Order.payment_status.is_in(f.payment_statuses))
    if f.payment_methods:
        where.append(Order.payment_method.is_in(f.payment_methods))
    if f.shop:
        where.append(Order.shop == f.shop.strip())
    if f.source:
        where.append(Order.source == f.source)
    if f.created_from is not None:
        where.append(Order.created_at >= f.created_from)
    if f.created_to is not None:
        where.append(Order.created_at < f.created_to)
    if f.created_from and f.created_to and f.created_from >= f.created_to:
        raise ValidationFailed("The range ends before it starts", field="createdTo")
    if f.month:
        start, end = month_range(f.month, month_zone)
        where.extend([Order.created_at >= start, Order.created_at < end])
    if f.shipping_methods:
        where.append(Order.shipping_method.is_in(f.shipping_methods))
    if f.number and f.number.strip():
        number = f.number.strip()
        where.append((Order.number == number.upper()) | (Order.external_number == number))
    if f.tag:
        where.append(WhereRaw("tags @> {}::jsonb", json.dumps([f.tag.strip().lower()])))
    if f.customer_email:
        where.append(WhereRaw("lower(customer_email) = {}", f.customer_email.strip().lower()))
    if f.search and f.search.strip():
        term = " ".join(f.search.split()).lower()
        if len(term) > 100:
            raise ValidationFailed("At most 100 characters", field="search")
        # Rare terms: the trigram index (three or more characters); frequent ones: the list index, newest first.
        word = distinctive_word(term)
        if word is None:
            where.append(WhereRaw(f"{SEARCH_EXPRESSION} LIKE {{}}", f"%{_escape_like(term)}%"))
        else:
            # The index looks for the word; the whole term is checked on what it finds (strpos is not indexable,
            # so the planner cannot fold it into the index condition).
            where.append(WhereRaw(f"{SEARCH_EXPRESSION} LIKE {{}} AND strpos({SEARCH_EXPRESSION}, {{}}) > 0",
                                  f"%{_escape_like(word)}%", term))
    return where


SORT_COLUMNS = {"created_at": Order.created_at, "number": Order.number, "total": Order.total,
                "updated_at": Order.updated_at, "status_changed_at": Order.status_changed_at}


class PageLine(msgspec.Struct, frozen=True, array_like=True):
    """A line as an orders page reads it, with its order (what a line shows; the product by id). Read as a JSON
    array of these values in this order."""

    product: UUID | None
    sku: str
    name: str
    quantity: int
    reserved: int
    picked: int
    shipped: int
    returned: int
    unit_price: int
    tax_rate: int


# A page's lines read with its orders, in the same statement: one JSON array per order, in line order.
_LINES_WITH_ORDER = (
    "(SELECT json_agg(json_build_array(" + ", ".join(f'l."{name}"' for name in PageLine.__struct_fields__)
    + ') ORDER BY l.position) FROM sales_order_line l WHERE l.sales_order = "sales_order"."id") AS "line_rows"'
)
_decode_lines = msgspec.json.Decoder(list[PageLine]).decode


def _narrowed(f: OrderFilter, *, fulfillment: bool) -> bool:
    """Whether the list leaves out some of the orders the list index holds for the actor's merchant and time range,
    so that reading a page means skipping rows (see `paginate`'s `ids_first`). Any filter but the merchant and the
    creation time does, the warehouse's view of released orders too."""
    keyed_only = replace(f, merchant_id=None, created_from=None, created_to=None, month=None) == OrderFilter()
    return not keyed_only or fulfillment


async def list_orders(actor: Actor, page: PageRequest, f: OrderFilter, *, sort: str = "created_at",
                      direction: SortDirection = SortDirection.DESC, with_lines: bool = False,
                      fulfillment: bool = False) -> Page[Order]:
    """A page of orders; `with_lines` reads each order's lines with it (as `line_rows`). With `fulfillment`, the
    released orders the actor may ship, as the warehouse sees them."""
    # A month is the merchant's (the merchant user's own, or the one an operator filters for).
    zone = await merchant_timezone(actor.merchant_id or f.merchant_id) if f.month else "UTC"
    where = filter_conditions(actor, f, zone, fulfillment=fulfillment)
    found = await paginate(Order, where, SORT_COLUMNS[sort], direction, page, plain=True,
                           plain_extras=[_LINES_WITH_ORDER] if with_lines else (),
                           ids_first=_narrowed(f, fulfillment=fulfillment))
    if with_lines:
        for row in found.rows:
            encoded = row.line_rows  # type: ignore[attr-defined]
            row.line_rows = _decode_lines(encoded) if encoded else []  # type: ignore[attr-defined]
    return found


_LINES_OF = "SELECT {} FROM sales_order_line WHERE sales_order IN ({{}}) ORDER BY position".format(
    ", ".join(f'"{c._meta.db_column_name}" AS "{c._meta.name}"' for c in OrderLine._meta.columns))


def _visible(actor: Actor, order_ids: list[UUID], *, fulfillment: bool = False):  # noqa: ANN202
    """The ids among `order_ids` the actor may read, as a subquery: the child rows are fetched in one query
    instead of loading the orders again first."""
    # = ANY(array): one parameter instead of one per id (Piccolo cleans every value of an IN list).
    query = Order.select(Order.id).where(WhereRaw('"sales_order"."id" = ANY({})', list(order_ids)))
    for condition in fulfillment_scope(actor) if fulfillment else order_scope(actor):
        query = query.where(condition)
    return query


async def lines_of(actor: Actor, order_ids: list[UUID], *, fulfillment: bool = False) -> dict[UUID, list[PlainRow]]:
    """The orders' lines; with `fulfillment`, of released orders the actor may ship."""
    found: dict[UUID, list[PlainRow]] = {oid: [] for oid in order_ids}
    if not order_ids or not (can_read_fulfillment(actor) if fulfillment else can_read_orders(actor)):
        return found
    # Plain rows in plain SQL: read-only here, a page of 50 orders has a hundred lines or more, and building
    # Piccolo's query and objects for them cost more than the database did.
    for line in await OrderLine.raw(_LINES_OF, _visible(actor, order_ids, fulfillment=fulfillment).querystrings[0]):
        found[line["sales_order"]].append(PlainRow(line))
    return found


async def history_of(actor: Actor, order_ids: list[UUID]) -> dict[UUID, list[OrderChange]]:
    found: dict[UUID, list[OrderChange]] = {oid: [] for oid in order_ids}
    if not order_ids or not can_read_orders(actor):
        return found
    for change in await OrderChange.objects().where(
            OrderChange.sales_order.is_in(_visible(actor, order_ids))).order_by(OrderChange.id):
        found[change.sales_order].append(change)
    return found


async def notes_of(actor: Actor, order_ids: list[UUID]) -> dict[UUID, list[OrderNote]]:
    found: dict[UUID, list[OrderNote]] = {oid: [] for oid in order_ids}
    if not order_ids or not can_read_orders(actor):
        return found
    for note in await OrderNote.objects().where(OrderNote.sales_order.is_in(_visible(actor, order_ids))).order_by(
            OrderNote.created_at):
        found[note.sales_order].append(note)
    return found


def day_start(zone: str, now: datetime) -> datetime:
    local = now.astimezone(ZoneInfo(zone))
    return datetime.combine(local.date(), time(), ZoneInfo(zone))


__all__ = ["orders_by_ids", "list_orders", "OrderFilter", "timedelta"]
