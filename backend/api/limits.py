"""Abuse limits: the cost of a query computed before it runs, a per-token rate limit in cost points per
second kept in Redis, and the figures reported in the response's `extensions`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_composite_type,
)
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from backend.api.engine.schema import graphql_core_schema
from backend.core import ratelimit
from backend.settings import get_settings


def _int_argument(node: FieldNode, name: str, variables: dict[str, Any]) -> int | None:
    for argument in node.arguments or ():
        if argument.name.value != name:
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            raw = variables.get(value.name.value)
            return raw if isinstance(raw, int) else None
    return None


def _list_length(node: FieldNode, name: str, variables: dict[str, Any]) -> int | None:
    for argument in node.arguments or ():
        if argument.name.value != name:
            continue
        value = argument.value
        if isinstance(value, ListValueNode):
            return len(value.values)
        if isinstance(value, VariableNode):
            raw = variables.get(value.name.value)
            return len(raw) if isinstance(raw, list) else None
    return None


class CostCalculator:
    """Objects selected, multiplied by the page sizes asked for above them.

    A field that returns an object costs 1 plus its selection; a connection's `edges` count once per item
    asked for (`first`/`last`, or the default page size); `nodes(ids:)` once per id. Scalars are free.
    """

    def __init__(self, schema: GraphQLSchema, document, variables: dict[str, Any] | None) -> None:  # noqa: ANN001
        self.schema = schema
        self.variables = variables or {}
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.default_page = get_settings().limits.default_page_size

    def operation_cost(self, document, operation_name: str | None) -> int:  # noqa: ANN001
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            return 0
        root = self.schema.get_root_type(operation.operation)
        return self._selection_cost(operation.selection_set, root, frozenset()) if root else 0

    def _page_size(self, node: FieldNode) -> int:
        size = _int_argument(node, "first", self.variables) or _int_argument(node, "last", self.variables)
        return max(size if size is not None else self.default_page, 1)

    def _selection_cost(self, selection_set: SelectionSetNode, parent, seen: frozenset[str], page: int | None = None) -> int:  # noqa: ANN001
        """Cost of a selection; `page` is set when it is a connection's, whose `edges` repeat per item."""
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                fields = getattr(parent, "fields", {})
                definition = fields.get(selection.name.value)
                if definition is None or selection.selection_set is None:
                    continue
                named = get_named_type(definition.type)
                if not is_composite_type(named):
                    continue
                if named.name.endswith("Connection"):
                    child = self._selection_cost(selection.selection_set, named, seen, self._page_size(selection))
                    total += 1 + child
                    continue
                child = self._selection_cost(selection.selection_set, named, seen)
                times = 1
                if page is not None and selection.name.value in ("edges", "nodes"):
                    times = page
                else:
                    ids = _list_length(selection, "ids", self.variables)
                    times = max(ids, 1) if ids is not None else 1
                total += times * (1 + child)
            elif isinstance(selection, InlineFragmentNode):
                target = self.schema.get_type(selection.type_condition.name.value) if selection.type_condition else parent
                total += self._selection_cost(selection.selection_set, target or parent, seen, page)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:
                    continue
                target = self.schema.get_type(fragment.type_condition.name.value) or parent
                total += self._selection_cost(fragment.selection_set, target, seen | {name}, page)
        return total


class CostAndRateLimit(SchemaExtension):
    """Refuses queries above the cost maximum, and takes their cost from the caller's rate-limit bucket."""

    cost: int | None = None
    points_left: float | None = None

    async def on_execute(self) -> AsyncIterator[None]:
        limits = get_settings().limits
        ctx = self.execution_context
        calculator = CostCalculator(graphql_core_schema(ctx.schema), ctx.graphql_document, ctx.variables)
        self.cost = calculator.operation_cost(ctx.graphql_document, ctx.operation_name)
        if self.cost > limits.max_cost:
            raise GraphQLError(
                f"This query would cost {self.cost} points; the maximum is {limits.max_cost}. "
                "Ask for smaller pages or fewer nested objects.",
                extensions={"code": "QUERY_TOO_COSTLY", "cost": self.cost, "maximumCost": limits.max_cost},
            )
        context = ctx.context
        actor = context.actor
        bucket = f"token:{actor.credential_id}" if actor.credential_id else f"address:{context.client_address}"
        allowed, self.points_left, wait = await ratelimit.take_points(
            bucket, max(self.cost, 1), rate=limits.rate_points_per_second, burst=limits.rate_burst_points
        )
        if not allowed:
            retry_after = ratelimit.retry_after_seconds(wait)
            context.retry_after = retry_after
            raise GraphQLError(
                f"Rate limit reached: {limits.rate_points_per_second} points a second. Retry in {retry_after} s.",
                extensions={"code": "RATE_LIMITED", "retryAfter": retry_after},
            )
        yield

    def get_results(self) -> dict[str, Any]:
        if self.cost is None or self._is_subscription():
            # A subscription's cost is checked once, when it starts; repeating it on every event is noise.
            return {}
        limits = get_settings().limits
        cost: dict[str, Any] = {"requestedQueryCost": self.cost, "maximumAvailable": limits.max_cost}
        if self.points_left is not None:
            cost["throttleStatus"] = {
                "currentlyAvailable": int(self.points_left),
                "restoreRate": limits.rate_points_per_second,
                "maximumAvailable": limits.rate_burst_points,
            }
        return {"cost": cost}

    def _is_subscription(self) -> bool:
        try:
            return self.execution_context.operation_type is OperationType.SUBSCRIPTION
        except RuntimeError:
            return False
