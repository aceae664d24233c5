"""Relay connections over `backend.core.pagination` pages."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import strawberry

from backend.core.pagination import Page, PageRequest, SortDirection

NodeT = TypeVar("NodeT")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str = strawberry.field(resolver=lambda root: root._cursor_of(root._row))
    node: NodeT
    _row: strawberry.Private[Any]
    _cursor_of: strawberry.Private[Callable[[Any], str]]


@strawberry.type
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many objects match the filter, across all pages.")
    async def total_count(self) -> int:
        return await self._count()

    @classmethod
    def from_page(cls, page: Page, to_node: Callable[[Any], NodeT]) -> Connection[NodeT]:
        rows, cursor_of = page.rows, page.cursor_of
        return cls(
            edges=[Edge(node=to_node(row), _row=row, _cursor_of=cursor_of) for row in rows],
            page_info=PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=cursor_of(rows[0]) if rows else None,
                end_cursor=cursor_of(rows[-1]) if rows else None,
            ),
            _count=page.count,
        )


SortDirectionType = strawberry.enum(SortDirection, name="SortDirection")


def page_request(first: int | None, after: str | None, last: int | None, before: str | None) -> PageRequest:
    return PageRequest(first=first, after=after, last=last, before=before)


__all__ = ["Connection", "Edge", "PageInfo", "SortDirectionType", "page_request", "enum"]
