"""The start-up self-check: every internal of Strawberry, graphql-core, Litestar, cross-web and Piccolo that an
override relies on is still there, with the shape it was written against; otherwise the process refuses to start.

`check_internals()` is called by the app factory (`backend.app.create_app`) before anything that subclasses an
upstream class is imported, and by `packline check-internals`; the worker checks Piccolo's (the only library
whose internals it uses) through `backend.core.db.check_internals`. A missing or changed internal raises
`backend.core.internals.InternalsChanged` with the library, the version found, the range tested and what needs
it. With `GRAPHQL_INLINE_COMPLETION=0` the executor's assumptions are not checked (it is not used then), so a
library upgrade that breaks only inline completion can still run, slower.

The checks are cheap: names, signatures and the attributes a method's own code uses, read from the classes;
plus one probe that builds a tiny schema and runs it through the plain-field executor, which must complete a
plain field inline and must not complete a guarded field, a field with arguments or any field under a schema
extension with a `resolve` hook inline. This module imports no other engine module at import time, so that it
can report what broke even when one of them could no longer be imported.
"""

# No `from __future__ import annotations`: the probe's Strawberry types are local to a function, and Strawberry
# must resolve their annotations as they are evaluated.
from typing import Any

from backend.core.internals import (
    Assumption,
    expect_attributes,
    expect_coroutine,
    expect_parameters,
    expect_uses,
    lookup,
    verify,
)

STRAWBERRY = "strawberry-graphql"
GRAPHQL_CORE = "graphql-core"
LITESTAR = "litestar"
CROSS_WEB = "cross-web"
INLINE_OFF = ("Or set GRAPHQL_INLINE_COMPLETION=0 to run graphql-core's regular executor instead of the "
              "plain-field executor (slower, the same answers).")


def _executor_assumptions() -> list[Assumption]:
    used_by = "backend/api/engine/executor.py: plain fields completed inline"

    def executor_class() -> None:
        base = lookup("graphql.execution:Executor")
        strawberry_executor = lookup("strawberry.schema.schema:StrawberryGraphQLCoreExecutionContext")
        if not issubclass(strawberry_executor, base):
            raise TypeError("StrawberryGraphQLCoreExecutionContext is no longer a graphql-core Executor")
        expect_parameters(lookup("strawberry:Schema.__init__"), "execution_context_class", exact=False)

    def executor_methods() -> None:
        executor = lookup("graphql.execution:Executor")
        expect_parameters(executor.execute_fields, "parent_type", "source_value", "path", "grouped_field_set",
                          "position_context")
        expect_parameters(executor.execute_field, "parent_type", "source", "field_details_list", "path",
                          "position_context")
        expect_parameters(executor.collect_subfields, "return_type", "field_details_list")
        expect_parameters(executor.handle_field_error, "raw_error", "return_type", "field_details_list", "path")
        expect_parameters(executor.settle_in_background, "awaitables")
        expect_uses(executor.__init__, "is_awaitable", "middleware_manager")
        expect_uses(executor.execute_fields, "execute_field")  # execute_fields is what completes a selection
        if "middlewares" not in lookup("graphql.execution.middleware:MiddlewareManager").__slots__:
            raise AttributeError("MiddlewareManager no longer keeps its middlewares in `middlewares`")

    def executor_values() -> None:
        fields = lookup("graphql.execution.collect_fields:CollectedFields")._fields
        if len(fields) != 3 or fields[0] != "grouped_field_set":
            raise TypeError(f"CollectedFields is now ({', '.join(fields)})")
        if lookup("graphql.execution.collect_fields:FieldDetails")._fields[0] != "node":
            raise TypeError("FieldDetails no longer starts with its field node")
        if lookup("graphql.pyutils:Path")._fields != ("prev", "key", "typename"):
            raise TypeError("Path is no longer (prev, key, typename)")
        lookup("graphql.pyutils:Undefined")
        expect_coroutine(lookup("graphql.pyutils:gather_with_cancel"))
        schema = lookup("graphql:GraphQLSchema")()
        schema.__dict__["_packline_probe"] = True  # plans and completers are kept on the schema object

    def strawberry_definitions() -> None:
        converter = lookup("strawberry.schema.schema_converter:GraphQLCoreConverter")
        if not isinstance(converter.DEFINITION_BACKREF, str):
            raise TypeError("GraphQLCoreConverter.DEFINITION_BACKREF is no longer a key")
        expect_uses(lookup("strawberry.schema.schema_converter:CustomGraphQLEnumType.__init__"), "wrapped_cls")
        import strawberry
        from strawberry.permission import BasePermission, PermissionExtension

        class Nobody(BasePermission):
            def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
                return False

        field = strawberry.field(permission_classes=[Nobody], metadata={"probe": 1})
        expect_attributes(field, "python_name", "base_resolver", "default_resolver", "arguments")
        if field.permission_classes != [Nobody] or field.metadata.get("probe") != 1:
            raise AttributeError("StrawberryField no longer keeps permission_classes and metadata as given")
        if not any(isinstance(extension, PermissionExtension) for extension in field.extensions):
            raise AttributeError("permission classes no longer become a PermissionExtension in the field's extensions")
        expect_uses(lookup("strawberry.schema.schema_converter:GraphQLCoreConverter.from_resolver"),
                    "default_resolver")
        expect_attributes(lookup("strawberry.types.fields.resolver:StrawberryResolver"), "is_async",
                          "info_parameter", "parent_parameter", "signature", "self_parameter", "root_parameter")
        expect_uses(lookup("strawberry.types.fields.resolver:StrawberryResolver.__init__"), "wrapped_func")

    return [
        Assumption(STRAWBERRY, "strawberry.schema.schema.StrawberryGraphQLCoreExecutionContext, a graphql-core "
                   "Executor, and Schema(execution_context_class=...)", used_by, executor_class, INLINE_OFF),
        Assumption(GRAPHQL_CORE, "Executor.execute_fields/execute_field/collect_subfields/handle_field_error/"
                   "settle_in_background and its is_awaitable, middleware_manager", used_by, executor_methods,
                   INLINE_OFF),
        Assumption(GRAPHQL_CORE, "CollectedFields, FieldDetails, Path, Undefined, gather_with_cancel, "
                   "attributes on GraphQLSchema", used_by, executor_values, INLINE_OFF),
        Assumption(STRAWBERRY, "GraphQLCoreConverter.DEFINITION_BACKREF, StrawberryField (arguments, extensions, "
                   "permission_classes, metadata, resolvers), StrawberryResolver's parameters, "
                   "CustomGraphQLEnumType.wrapped_cls", used_by, strawberry_definitions, INLINE_OFF),
        Assumption(STRAWBERRY, "the plain-field executor on a probe schema: plain fields inline; guarded fields, "
                   "fields with arguments and schema extensions' resolve hooks the regular way", used_by,
                   probe_executor, INLINE_OFF),
    ]


def probe_executor() -> None:
    """Runs a tiny schema through the plain-field executor and checks what it completes inline."""
    import strawberry
    from strawberry.extensions import SchemaExtension
    from strawberry.permission import BasePermission

    from backend.api.engine.executor import PlainFieldExecutor, plan_field

    calls: list[str] = []

    class Counted(BasePermission):
        def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
            calls.append("guard")
            return True

    @strawberry.type
    class Leaf:
        name: str
        guarded: str = strawberry.field(permission_classes=[Counted])

        @strawberry.field
        def scaled(self, by: int = 1) -> int:
            calls.append("arguments")
            return len(self.name) * by

    @strawberry.type
    class ProbeQuery:
        @strawberry.field
        def leaves(self) -> list[Leaf]:
            return [Leaf(name="a", guarded="x"), Leaf(name="bb", guarded="y")]

    class Watch(SchemaExtension):
        def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
            calls.append("resolve")
            return _next(root, info, *args, **kwargs)

    schema = strawberry.Schema(query=ProbeQuery, execution_context_class=PlainFieldExecutor)
    core = schema._schema
    leaf = core.get_type("Leaf")
    if plan_field(core, leaf, "name") is None:
        raise AssertionError("a plain field is no longer completed inline")
    inline = [name for name in ("guarded", "scaled") if plan_field(core, leaf, name) is not None]
    if inline:
        raise AssertionError(f"would complete {', '.join(inline)} inline (a guarded field, a field with arguments)")
    result = schema.execute_sync("{ leaves { name guarded scaled(by: 2) } }")
    expected = {"leaves": [{"name": "a", "guarded": "x", "scaled": 2}, {"name": "bb", "guarded": "y", "scaled": 4}]}
    if result.errors or result.data != expected:
        raise AssertionError(f"answered {result.data} {result.errors}, expected {expected}")
    if calls.count("guard") != 2 or calls.count("arguments") != 2:
        raise AssertionError(f"guard and resolver ran {calls.count('guard')} and {calls.count('arguments')} times "
                             "for two objects")
    calls.clear()
    watched = strawberry.Schema(query=ProbeQuery, execution_context_class=PlainFieldExecutor, extensions=[Watch])
    result = watched.execute_sync("{ leaves { name } }")
    if result.errors or calls.count("resolve") != 3:
        raise AssertionError(f"a schema extension's resolve hook ran {calls.count('resolve')} times for 3 fields")


def _http_assumptions() -> list[Assumption]:
    used_by = "backend/api/engine/http.py: Strawberry's Litestar controller as Packline adapts it"

    def context_getter() -> None:
        getter = lookup("strawberry.litestar.controller:_context_getter_http")
        expect_coroutine(getter)
        expect_parameters(getter, "custom_context", "response", "request")

    def dependencies() -> None:
        controller = lookup("strawberry.litestar.controller:GraphQLController")
        names = set(controller.dependencies)
        if names != {"custom_context", "context", "context_ws", "root_value", "response"}:
            raise KeyError(f"the controller's dependencies are now {', '.join(sorted(names))}")
        for handler in (controller.handle_http_get, controller.handle_http_post):
            expect_parameters(handler.fn, "request", "context", "root_value", "response")

    def controller_methods() -> None:
        controller = lookup("strawberry.litestar.controller:GraphQLController")
        view = lookup("strawberry.http.async_base_view:AsyncBaseHTTPView")
        expect_parameters(controller.execute_request, "request", "context", "root_value")
        expect_parameters(view.execute_single, "request", "request_adapter", "sub_response", "context", "root_value",
                          "request_data")
        expect_parameters(view.parse_http_body, "request")
        expect_parameters(view.run, "request", "context", "root_value")
        expect_parameters(view.process_result, "request", "result")
        expect_parameters(controller.is_websocket_request, "request")
        expect_parameters(controller.render_graphql_ide, "request")  # overridden by backend/api/http.py
        expect_uses(view.run, "render_graphql_ide", "should_render_graphql_ide")
        expect_uses(view.run, "graphql_transport_ws_handler_class", "is_websocket_request")
        expect_uses(controller.execute_request, "run")
        for method in (controller.execute_request, view.execute_single, view.parse_http_body, view.run,
                       view.process_result, controller.render_graphql_ide):
            expect_coroutine(method)

    def refusals() -> None:
        expect_parameters(lookup("cross_web:HTTPException.__init__"), "status_code", "reason")
        expect_uses(lookup("strawberry.http.async_base_view:AsyncBaseHTTPView.execute_single"), "HTTPException",
                    "InvalidOperationTypeError")
        if not issubclass(lookup("strawberry.schema.exceptions:InvalidOperationTypeError"), Exception):
            raise TypeError("InvalidOperationTypeError is no longer an exception")
        lookup("strawberry.types.execution:PreExecutionError")
        lookup("strawberry.types.unset:UNSET")
        expect_attributes(lookup("cross_web:LitestarRequestAdapter"), "method", "content_type", "get_body",
                          "query_params")

    return [
        Assumption(STRAWBERRY, "strawberry.litestar.controller._context_getter_http(custom_context, response, "
                   "request)", used_by + " (the HTTP context in the chained dependencies)", context_getter),
        Assumption(STRAWBERRY, "GraphQLController.dependencies and the parameters of its GET and POST handlers",
                   used_by + " (the chained dependencies)", dependencies),
        Assumption(STRAWBERRY, "GraphQLController.execute_request, AsyncBaseHTTPView.execute_single/parse_http_body/"
                   "run/process_result, graphql_transport_ws_handler_class", used_by, controller_methods),
        Assumption(CROSS_WEB, "cross_web.HTTPException(status_code, reason) as Strawberry's refusal, caused by "
                   "InvalidOperationTypeError for GET mutations; LitestarRequestAdapter.method/content_type",
                   used_by + " (405, 415 and 400 answers)", refusals),
    ]


def _websocket_assumptions() -> list[Assumption]:
    used_by = "backend/api/engine/websocket.py: live events sent pre-rendered"

    def handler() -> None:
        base = lookup("strawberry.subscriptions.protocols.graphql_transport_ws.handlers:BaseGraphQLTransportWSHandler")
        expect_parameters(base.__init__, "view", "websocket", "context", "root_value", "schema",
                          "connection_init_wait_timeout", "max_subscriptions_per_connection")
        expect_uses(base.__init__, "context", "websocket", "operations")
        operation = lookup("strawberry.subscriptions.protocols.graphql_transport_ws.handlers:Operation")
        if "task" not in operation.__slots__:
            raise AttributeError("Operation no longer keeps its task")
        expect_uses(lookup("strawberry.litestar.controller:LitestarWebSocketAdapter.__init__"), "ws")
        expect_coroutine(lookup("litestar:WebSocket.send_data"))

    return [Assumption(STRAWBERRY, "BaseGraphQLTransportWSHandler(view, websocket, context, ...) with its context, "
                       "websocket and operations (each Operation with its task); LitestarWebSocketAdapter.ws",
                       used_by, handler)]


def _masking_assumptions() -> list[Assumption]:
    def masking() -> None:
        mask_errors = lookup("strawberry.extensions:MaskErrors")
        expect_parameters(mask_errors._process_result, "result")
        expect_parameters(mask_errors._process_errors, "errors")
        expect_uses(mask_errors.on_operation, "_process_result")
        expect_uses(mask_errors._process_stream_result, "_process_result")

    def suggestions() -> None:
        text = lookup("graphql.pyutils:did_you_mean")(["orders"])
        if not text.startswith(" Did you mean ") or not text.endswith("?"):
            raise ValueError(f"did_you_mean now says {text!r}, not ' Did you mean …?'")

    return [Assumption(STRAWBERRY, "MaskErrors._process_result(result), reached by on_operation and streamed "
                       "results, and MaskErrors._process_errors(errors)",
                       "backend/api/engine/masking.py: error masking in production", masking),
            Assumption(GRAPHQL_CORE, "graphql.pyutils.did_you_mean appends ' Did you mean …?' to a message",
                       "backend/api/engine/masking.py: suggestions cut from production errors", suggestions)]


def _schema_assumptions() -> list[Assumption]:
    def private_attributes() -> None:
        expect_uses(lookup("strawberry:Schema.__init__"), "_schema")
        if "_raw_info" not in lookup("strawberry.types.info:Info").__dataclass_fields__:
            raise AttributeError("Info no longer keeps graphql-core's resolve info in _raw_info")

    return [Assumption(STRAWBERRY, "Schema._schema (graphql-core's schema), Info._raw_info (graphql-core's resolve "
                       "info)", "backend/api/engine/schema.py: the cost limit reads graphql-core's schema; "
                       "backend/api/orders/queries.py reads the resolve info", private_attributes)]


def _channels_assumptions() -> list[Assumption]:
    def subscribe() -> None:
        backend = lookup("litestar.channels.backends.redis:RedisChannelsPubSubBackend")
        if getattr(backend.subscribe, "__isabstractmethod__", False):
            raise AttributeError("RedisChannelsPubSubBackend no longer implements subscribe itself")
        expect_coroutine(backend.subscribe)
        expect_parameters(backend.subscribe, "channels")
        expect_parameters(backend.__init__, "redis", exact=False)

    return [Assumption(LITESTAR, "RedisChannelsPubSubBackend(redis=...).subscribe(channels), a coroutine",
                       "backend/api/engine/channels.py: first subscriptions one at a time", subscribe)]


def assumptions(inline_completion: bool) -> list[Assumption]:
    """Everything the API process assumes of library internals (Piccolo's included)."""
    from backend.core.db import piccolo_assumptions

    found = [*_http_assumptions(), *_websocket_assumptions(), *_masking_assumptions(), *_schema_assumptions(),
             *_channels_assumptions(), *piccolo_assumptions()]
    if inline_completion:
        found[:0] = _executor_assumptions()
    return found


def check_internals(inline_completion: bool | None = None) -> list[str]:
    """Refuses to run (`InternalsChanged`) when an internal relied on is missing or changed; returns a line per
    library checked (its version and the range tested). `inline_completion` defaults to the setting."""
    if inline_completion is None:
        from backend.settings import get_settings

        inline_completion = get_settings().graphql.inline_completion
    return verify(assumptions(inline_completion))
