"""Query helpers every domain's services share."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TypeVar
from uuid import UUID

from piccolo.table import Table

T = TypeVar("T", bound=Table)


async def rows_by_ids(table: type[T], ids: Sequence[UUID], scope: Sequence[Any] = ()) -> dict[UUID, T]:
    """The rows among `ids` that also match `scope` (the caller's tenant conditions), by id."""
    if not ids:
        return {}
    query = table.objects().where(table._meta.primary_key.is_in(list(ids)))
    for condition in scope:
        query = query.where(condition)
    return {row.id: row for row in await query}


def json_value(value: Any) -> Any:
    """A JSON column's value: Piccolo's raw queries and plain selects give JSON as text, objects give it parsed."""
    return json.loads(value) if isinstance(value, str) else value
