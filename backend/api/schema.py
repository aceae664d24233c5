"""The GraphQL schema: every domain's queries, mutations and subscriptions, with the abuse limits."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.tools import merge_types
from strawberry.types import Info

from backend.api.accounts.schema import AccountsMutation, AccountsQuery
from backend.api.accounts.types import ApiKey, Merchant, User
from backend.api.catalog.schema import CatalogMutation, CatalogQuery
from backend.api.catalog.types import Location, Product, ProductFamily, Warehouse
from backend.api.context import fresh_loaders
from backend.api.errors import is_expected
from backend.api.events.schema import EventsQuery, EventsSubscription
from backend.api.inbound.schema import InboundMutation, InboundQuery
from backend.api.inbound.types import Inbound
from backend.api.limits import CostAndRateLimit
from backend.api.node import Node, resolve_nodes
from backend.api.orders.schema import OrdersMutation, OrdersQuery, OrdersSubscription
from backend.api.orders.types import Order
from backend.api.permissions import Public, unguarded_root_fields
from backend.api.engine.masking import MaskUnexpectedErrors
from backend.api.scalars import schema_config
from backend.api.stock.schema import StockMutation
from backend.api.stock.types import StockLevel
from backend.core import metrics
from backend.settings import get_settings


@strawberry.type
class NodeQuery:
    @strawberry.field(permission_classes=[Public], description="An object by global id; null if unknown or not yours.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return (await resolve_nodes(info.context.actor, [id]))[0]

    @strawberry.field(permission_classes=[Public], description="Objects by global id, in order; null where unknown or not yours.")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        return await resolve_nodes(info.context.actor, ids)


Query = merge_types("Query", (NodeQuery, AccountsQuery, CatalogQuery, InboundQuery, OrdersQuery, EventsQuery))
Mutation = merge_types("Mutation", (AccountsMutation, CatalogMutation, StockMutation, InboundMutation, OrdersMutation))
NODE_TYPES = [Merchant, User, ApiKey, Warehouse, Location, ProductFamily, Product, StockLevel, Inbound, Order]
Subscription = merge_types("Subscription", (EventsSubscription, OrdersSubscription))


class OperationBookkeeping(SchemaExtension):
    """Fresh DataLoaders for every operation, and the operation metrics."""

    def on_operation(self) -> Iterator[None]:
        fresh_loaders()
        yield
        ctx = self.execution_context
        result = ctx.result
        errors = getattr(result, "errors", None) if result is not None else ctx.pre_execution_errors
        try:
            kind = ctx.operation_type.value
        except RuntimeError:
            kind = "unknown"
        metrics.GRAPHQL_OPERATIONS.labels(ctx.operation_name or "anonymous", kind, "error" if errors else "ok").inc()


# Distinct query documents kept parsed and validated per process (a dashboard sends a few dozen).
DOCUMENT_CACHE_SIZE = 512


def build_schema(inline_completion: bool | None = None) -> strawberry.Schema:
    """The API's schema; plain fields are completed inline unless `inline_completion` (by default the
    GRAPHQL_INLINE_COMPLETION setting) is off, when graphql-core's regular executor runs every field."""
    settings = get_settings()
    if inline_completion is None:
        inline_completion = settings.graphql.inline_completion
    limits = settings.limits
    # The depth and alias limits are validation rules. Made once, they are the same classes on every request,
    # so a document validated once (with them) is served from the validation cache afterwards: validating a
    # page query anew cost more than executing it. Parsing is cached the same way; both caches are bounded.
    limit_rules = [*QueryDepthLimiter(max_depth=limits.max_depth).validation_rules,
                   *MaxAliasesLimiter(max_alias_count=limits.max_aliases).validation_rules]
    extensions: list = [
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: AddValidationRules(limit_rules),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
        CostAndRateLimit,
        OperationBookkeeping,
    ]
    if settings.app.is_production:
        extensions.append(DisableIntrospection)
        extensions.append(lambda: MaskUnexpectedErrors(should_mask_error=lambda e: not is_expected(e)))
    else:
        # Unexpected exceptions are masked everywhere except a developer's own machine.
        extensions.append(lambda: MaskUnexpectedErrors(should_mask_error=lambda e: False))
    executor = None
    if inline_completion:  # imported only then: off, the API runs even where the executor's internals are gone
        from backend.api.engine.executor import PlainFieldExecutor

        executor = PlainFieldExecutor
    schema = strawberry.Schema(
        query=Query, mutation=Mutation, subscription=Subscription, types=NODE_TYPES,
        extensions=extensions, config=schema_config(), execution_context_class=executor,
    )
    missing = unguarded_root_fields(schema)
    if missing:
        raise RuntimeError(f"Root fields without an authorization guard: {', '.join(missing)}")
    return schema


def schema_sdl() -> str:
    """The schema in SDL, as committed in schema.graphql (the production switches do not change it)."""
    return strawberry.Schema(
        query=Query, mutation=Mutation, subscription=Subscription, types=NODE_TYPES,
        config=schema_config(),
    ).as_str() + "\n"


__all__ = ["build_schema", "schema_sdl", "AsyncIterator"]
