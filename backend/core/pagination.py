"""Keyset (cursor) pagination of Piccolo queries: stable under inserts, cheap on deep pages."""

from __future__ import annotations

import base64
import binascii
import enum
import json
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
    rows: list[tuple[str, T]]
    has_next_page: bool
    has_previous_page: bool
    count: Callable[[], Awaitable[int]]


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
) -> Page[T]:
    """One page of `table` rows matching `where`, ordered by `sort` then id."""
    request = request.validated()
    sort_name = sort._meta.db_column_name
    id_column = table._meta.primary_key
    id_name = id_column._meta.db_column_name
    ascending = direction is SortDirection.ASC
    if request.backwards:
        ascending = not ascending

    conditions = list(where)
    cursor, cursor_field = (request.before, "before") if request.backwards else (request.after, "after")
    if cursor is not None:
        value, row_id = _decode_cursor(cursor, cursor_field)
        op = ">" if ascending else "<"
        conditions.append(WhereRaw(f'("{sort_name}", "{id_name}") {op} ({{}}, {{}})', value, row_id))

    query = table.objects()
    for condition in conditions:
        query = query.where(condition)
    query = query.order_by(sort, ascending=ascending).order_by(id_column, ascending=ascending)
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

    return Page(
        rows=[(_encode_cursor(getattr(r, sort._meta.name), getattr(r, id_column._meta.name)), r) for r in rows],
        has_next_page=more if not request.backwards else request.before is not None,
        has_previous_page=more if request.backwards else request.after is not None,
        count=count,
    )
