"""`Node` objects with opaque global ids, and `node(id:)` / `nodes(ids:)`, authorized like every other field."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import strawberry

from backend.core.authorization import Actor
from backend.core.errors import ValidationFailed
from backend.core.ids import from_global_id, to_global_id


@strawberry.interface(description="An object with a global id.")
class Node:
    id: strawberry.ID


@dataclass(frozen=True)
class NodeKind:
    # The rows among `ids` that `actor` may see, by id.
    load: Callable[[Actor, list[UUID]], Awaitable[dict[UUID, Any]]]
    # The GraphQL object for one row.
    to_type: Callable[[Any], Node]


NODE_KINDS: dict[str, NodeKind] = {}


def register_node(type_name: str, load, to_type) -> None:  # noqa: ANN001
    NODE_KINDS[type_name] = NodeKind(load, to_type)


def global_id(type_name: str, local_id: UUID) -> strawberry.ID:
    return strawberry.ID(to_global_id(type_name, local_id))


async def resolve_nodes(actor: Actor, ids: list[str]) -> list[Node | None]:
    """Objects for global ids; null for unknown ids and for ids the actor may not see (the same answer)."""
    if len(ids) > 100:
        raise ValidationFailed("At most 100 ids at once", field="ids")
    wanted: dict[str, list[UUID]] = {}
    parsed: list[tuple[str, UUID] | None] = []
    for raw in ids:
        try:
            kind, local = from_global_id(raw)
        except ValidationFailed:
            parsed.append(None)
            continue
        if kind not in NODE_KINDS:
            parsed.append(None)
            continue
        parsed.append((kind, local))
        wanted.setdefault(kind, []).append(local)
    found: dict[tuple[str, UUID], Node] = {}
    for kind, locals_ in wanted.items():
        rows = await NODE_KINDS[kind].load(actor, locals_)
        for local, row in rows.items():
            found[(kind, local)] = NODE_KINDS[kind].to_type(row)
    return [found.get(p) if p else None for p in parsed]
