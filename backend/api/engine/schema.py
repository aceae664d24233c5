"""What lies behind Strawberry's schema and resolve info: graphql-core's objects.

Strawberry keeps graphql-core's `GraphQLSchema` in the private attribute `Schema._schema`
(`strawberry/schema/schema.py`) and graphql-core's `GraphQLResolveInfo` in `Info._raw_info`
(`strawberry/types/info.py`), both strawberry-graphql 0.341.2, and offers no public accessor for either. The
query-cost limit reads the operation's document against graphql-core's schema (`backend/api/limits.py`), so
that the cost is known before execution; the orders list decides from the operation's syntax tree whether to
read a page's lines with it (`backend/api/orders/schema.py`), because converting the whole selection with Strawberry's
`selected_fields` cost more than the decision saved.

`backend.api.engine.selfcheck` checks that both attributes are there. Guard tests: tests/unit/test_api_helpers.py
(query costs; whether an orders page reads its lines) and tests/integration/test_limits.py.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo, GraphQLSchema


def graphql_core_schema(schema: Any) -> GraphQLSchema:
    """graphql-core's schema behind a Strawberry schema."""
    return schema._schema


def resolve_info(info: Any) -> GraphQLResolveInfo:
    """graphql-core's resolve info behind Strawberry's `Info`."""
    return info._raw_info
