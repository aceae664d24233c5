"""The GraphQL schema: every domain's queries, mutations and subscriptions, with the abuse limits."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError
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
from strawberry.types import ExecutionContext, Info

from backend.api.accounts.schema import AccountsMutation, AccountsQuery
from backend.api.accounts.types import ApiKey, Merchant, User
from backend.api.catalog.schema import CatalogMutation, CatalogQuery
from backend.api.catalog.types import Location, Product, ProductFamily, Warehouse
from backend.api.context import fresh_loaders
from backend.api.documents.schema import DocumentsMutation
from backend.api.engine.masking import MaskUnexpectedErrors
from backend.api.errors import is_expected
from backend.api.events.schema import EventsQuery, EventsSubscription
from backend.api.inbound.schema import InboundMutation, InboundQuery
from backend.api.inbound.types import Inbound
from backend.api.limits import CostAndRateLimit
from backend.api.node import Node, resolve_nodes
from backend.api.notifications.schema import NotificationsMutation, NotificationsQuery
from backend.api.notifications.types import Notification
from backend.api.orders.schema import OrdersMutation, OrdersQuery, OrdersSubscription
from backend.api.orders.types import FulfillmentOrder, Order
from backend.api.permissions import Public, unguarded_root_fields
from backend.api.picking.schema import PickingMutation, PickingQuery
from backend.api.picking.types import Picklist
from backend.api.presence.schema import PresenceMutation, PresenceSubscription
from backend.api.returns.schema import ReturnMutation, ReturnQuery
from backend.api.returns.types import Return, ReturnBatch, ReturnItem
from backend.api.scalars import schema_config
from backend.api.shipping.schema import ShippingMutation, ShippingQuery, ShippingSubscription
from backend.api.shops.schema import ShopsMutation, ShopsQuery
from backend.api.shops.types import ImportRun, Shop
from backend.api.stock.schema import StockMutation
from backend.api.stock.types import StockLevel
from backend.api.text_input import TextLiterals, TextVariables
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


Query = merge_types("Query", (NodeQuery, AccountsQuery, CatalogQuery, InboundQuery, OrdersQuery, PickingQuery,
                              ShippingQuery, ReturnQuery, ShopsQuery, NotificationsQuery, EventsQuery))
Mutation = merge_types("Mutation", (AccountsMutation, CatalogMutation, StockMutation, InboundMutation, OrdersMutation,
                                    PickingMutation, ShippingMutation, NotificationsMutation, DocumentsMutation,
                                    ReturnMutation, ShopsMutation, PresenceMutation))
NODE_TYPES = [Merchant, User, ApiKey, Warehouse, Location, ProductFamily, Product, StockLevel, Inbound, Order,
              FulfillmentOrder, Picklist, Return, ReturnItem, ReturnBatch, Shop, ImportRun, Notification]
Subscription = merge_types("Subscription", (EventsSubscription, OrdersSubscription, ShippingSubscription,
                                            PresenceSubscription))


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


# Strawberry's own logger for execution errors; refused requests go to it at INFO, unexpected errors at ERROR.
log = logging.getLogger("strawberry.execution")


def error_code(error: GraphQLError) -> str:
    """The code a refused request is logged with: the error's own `extensions.code` (FORBIDDEN, RATE_LIMITED,
    BAD_USER_INPUT …), else what graphql-core refused it for."""
    code = (error.extensions or {}).get("code")
    if code:
        return str(code)
    return "GRAPHQL_PARSE_FAILED" if isinstance(error, GraphQLSyntaxError) else "GRAPHQL_VALIDATION_FAILED"


def operation_label(context: ExecutionContext | None) -> str:
    if context is None:
        return "operation"
    try:
        kind = context.operation_type.value
    except RuntimeError:  # a document that did not parse, or names no operation it has
        kind = "operation"
    return f"{kind} {context.operation_name or 'anonymous'}"


class PacklineSchema(strawberry.Schema):
    """Strawberry's schema with its documented `process_errors` hook: a refused or invalid request (FORBIDDEN, a
    validation error, a domain error) is one INFO line with its code and the operation's name; only unexpected
    exceptions are logged as errors, with their traceback. Strawberry calls the hook before masking."""

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        expected = [error for error in errors if is_expected(error)]
        if expected:
            log.info("GraphQL %s refused: %s", operation_label(execution_context), "; ".join(
                f"{error_code(error)}{' at ' + '.'.join(map(str, error.path)) if error.path else ''}: {error.message}"
                for error in expected
            ))
        for error in errors:
            if not is_expected(error):
                path = ".".join(map(str, error.path)) if error.path else "-"
                log.error("GraphQL %s failed at %s: %s", operation_label(execution_context), path, error.message,
                          exc_info=error.original_error)


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
    # TextLiterals refuses NUL characters in the document's strings (backend/api/text_input.py).
    limit_rules = [*QueryDepthLimiter(max_depth=limits.max_depth).validation_rules,
                   *MaxAliasesLimiter(max_alias_count=limits.max_aliases).validation_rules, TextLiterals]
    extensions: list = [
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: AddValidationRules(limit_rules),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
        TextVariables,
        CostAndRateLimit,
        OperationBookkeeping,
    ]
    if settings.app.is_production:
        extensions.append(DisableIntrospection)
        # Suggestions ("Did you mean 'orders'?") would reveal the schema that introspection hides.
        extensions.append(lambda: MaskUnexpectedErrors(should_mask_error=lambda e: not is_expected(e),
                                                       hide_suggestions=True))
    else:
        # Unexpected exceptions are masked everywhere except a developer's own machine.
        extensions.append(lambda: MaskUnexpectedErrors(should_mask_error=lambda e: False))
    executor = None
    if inline_completion:  # imported only then: off, the API runs even where the executor's internals are gone
        from backend.api.engine.executor import PlainFieldExecutor

        executor = PlainFieldExecutor
    schema = PacklineSchema(
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
