"""Keyset (cursor) pagination of Piccolo queries: stable under inserts, cheap on deep pages."""

from __future__ import annotations

import base64
import binascii
import enum
import functools
import json
import operator
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

from piccolo.columns import Column
from piccolo.columns.combination import WhereRaw
from piccolo.table import Table

from backend.core.errors import ValidationFailed

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

T = TypeVar("T", bound=Table)


class SortDirection(str, enum.Enum):
    ASC = "ASC"
    DESC = "DESC"


@dataclass(frozen=True)
class PageRequest:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    def validated(self) -> PageRequest:
        if self.first is not None and self.last is not None:
            raise ValidationFailed("Give either first or last, not both", field="first", code="INVALID_PAGE")
        for name in ("first", "last"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
                raise ValidationFailed(
                    f"{name} must be between 0 and {MAX_PAGE_SIZE}", field=name, code="INVALID_PAGE"
                )
        return self

    @property
    def size(self) -> int:
        if self.last is not None:
            return self.last
        return self.first if self.first is not None else DEFAULT_PAGE_SIZE

    @property
    def backwards(self) -> bool:
        return self.last is not None or (self.before is not None and self.first is None)


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    has_next_page: bool
    has_previous_page: bool
    count: Callable[[], Awaitable[int]]
    # A row's cursor, encoded only when asked for: lists mostly read only the page's last one.
    cursor_of: Callable[[T], str]


class PlainRow:
    """A row read with `select()`, its columns as attributes (what code written for table objects reads)."""

    __slots__ = ("__dict__",)

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__ = values


@functools.cache
def _plain_columns(table: type[Table], extras: tuple[str, ...]) -> str:
    return ", ".join([*(f'"{c._meta.db_column_name}" AS "{c._meta.name}"' for c in table._meta.columns), *extras])


def _encode_cursor(value: Any, row_id: UUID | int) -> str:
    if isinstance(value, datetime):
        value = {"dt": value.isoformat()}
    raw = json.dumps([value, row_id if isinstance(row_id, int) else str(row_id)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, field: str) -> tuple[Any, UUID | int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, row_id = json.loads(raw)
        if isinstance(value, dict) and "dt" in value:
            value = datetime.fromisoformat(value["dt"])
        if isinstance(row_id, bool) or not isinstance(row_id, (int, str)):
            raise ValueError("bad id")
        return value, row_id if isinstance(row_id, int) else UUID(row_id)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise ValidationFailed("The cursor is not valid", field=field, code="INVALID_CURSOR") from None


async def paginate(
    table: type[T],
    where: Sequence[Any],
    sort: Column,
    direction: SortDirection,
    request: PageRequest,
    *,
    plain: bool = False,
    plain_extras: Sequence[str] = (),
    ids_first: bool = True,
) -> Page[T]:
    """One page of `table` rows matching `where`, ordered by `sort` then id.

    `plain` reads the rows as plain attribute records (`PlainRow`) instead of Piccolo table objects: for
    read-only pages that is several times cheaper (building a table object per row dominated large pages).
    It also finds the page's ids first and reads the rows after: when an index covers the filter, the
    ids come from the index alone and only the page's own rows are read from the table. `plain_extras` are
    more SQL expressions (`… AS name`) read with each plain row, such as its child rows aggregated.
    `ids_first=False` reads plain rows in one step: when `where` holds only what the sort's index is keyed by,
    every row the index hands over is on the page, and looking the ids up again cost PostgreSQL more (a
    merchant's newest page: 0.45 ms instead of 0.25).
    """
    request = request.validated()
    ascending = (direction is SortDirection.ASC) != request.backwards
    conditions = [*where, *_after_cursor(table, sort, request, ascending)]
    if plain:
        rows: list = await _plain_rows(table, conditions, sort, ascending, request.size + 1,
                                       extras=tuple(plain_extras), ids_first=ids_first)
    else:
        query = table.objects()
        for condition in conditions:
            query = query.where(condition)
        query = query.order_by(sort, ascending=ascending).order_by(table._meta.primary_key, ascending=ascending)
        rows = await query.limit(request.size + 1)
    more = len(rows) > request.size
    rows = rows[: request.size]
    if request.backwards:
        rows.reverse()

    async def count() -> int:
        counting = table.count()
        for condition in where:
            counting = counting.where(condition)
        return await counting

    sort_attribute, id_attribute = sort._meta.name, table._meta.primary_key._meta.name
    return Page(
        rows=rows,
        has_next_page=more if not request.backwards else request.before is not None,
        has_previous_page=more if request.backwards else request.after is not None,
        count=count,
        cursor_of=lambda row: _encode_cursor(getattr(row, sort_attribute), getattr(row, id_attribute)),
    )


def _after_cursor(table: type[Table], sort: Column, request: PageRequest, ascending: bool) -> list[Any]:
    """The condition that starts the page past its cursor (none on a first page)."""
    cursor, cursor_field = (request.before, "before") if request.backwards else (request.after, "after")
    if cursor is None:
        return []
    value, row_id = _decode_cursor(cursor, cursor_field)
    sort_name, id_name = sort._meta.db_column_name, table._meta.primary_key._meta.db_column_name
    return [WhereRaw(f'("{sort_name}", "{id_name}") {">" if ascending else "<"} ({{}}, {{}})', value, row_id)]


async def _plain_rows(table: type[Table], conditions: list[Any], sort: Column, ascending: bool, limit: int, *,
                      extras: tuple[str, ...], ids_first: bool) -> list[PlainRow]:
    columns = _plain_columns(table, extras)
    order = "ASC" if ascending else "DESC"
    sort_name, id_name = sort._meta.db_column_name, table._meta.primary_key._meta.db_column_name
    ordering = f'ORDER BY "{sort_name}" {order}, "{id_name}" {order}'
    tablename = table._meta.tablename
    # Written out rather than built with `select()`, whose query building took a fifth of a search page's read.
    where_sql, where_args = ("WHERE {}", [functools.reduce(operator.and_, conditions).querystring]) \
        if conditions else ("", [])
    if ids_first:
        sql = (f'SELECT {columns} FROM "{tablename}" WHERE "{id_name}" IN (SELECT "{id_name}" FROM "{tablename}" '
               f'{where_sql} {ordering} LIMIT {limit}) {ordering}')
    else:
        sql = f'SELECT {columns} FROM "{tablename}" {where_sql} {ordering} LIMIT {limit}'
    return [PlainRow(row) for row in await table.raw(sql, *where_args)]
