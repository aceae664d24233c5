"""Strawberry's Litestar controller, with what Packline changes inside it.

`backend/api/http.py` decides what the API answers (media types, status codes, authentication); this module is
where that meets Strawberry's controller (strawberry-graphql 0.341.2: `strawberry/litestar/controller.py` and
`strawberry/http/async_base_view.py`; cross-web 0.9.0; litestar 2.25.0). Strawberry documents a controller's
`context_getter` and `root_value_getter`, and a view's `process_result`, `encode_json` and `on_ws_connect`;
everything overridden here is not documented:

1. `dependencies` (the Litestar dependencies of `GraphQLController`): Strawberry's five are independent of
   each other, and Litestar resolves independent dependencies in a task group, one task each: about 50 µs on
   every request, for values that take no time to make. Here they depend on each other in a chain
   (custom_context -> root_value -> context), so Litestar resolves them in turn. The HTTP context is still made
   by Strawberry's own `_context_getter_http` (a private function of `strawberry.litestar.controller`). Why: a
   request that does nothing went from 0.89 to 0.74 ms of API CPU (median of three alternating runs, commit
   3312810).
2. The `response` dependency: Strawberry's `_response_getter` is declared `sync_to_thread=True`, a hand-off to
   a worker thread on every request for a constructor call; here it is made on the event loop (commit 7e9b65c,
   part of the intake and orders-page gains in the README).
3. `execute_single` (a method of `AsyncBaseHTTPView`): Strawberry answers a mutation sent with GET with 400;
   GraphQL over HTTP asks for 405 (with `Allow: POST`). The 400 Strawberry raises is recognised by its cause,
   `strawberry.schema.exceptions.InvalidOperationTypeError`.
4. `parse_http_body` (same class): Strawberry takes a body that is not JSON for a 400 "Unsupported content
   type"; GraphQL over HTTP asks for 415. Bodies that fail to parse get a 400 that says so. Strawberry reads the
   parsed body with `data.get(...)`, so JSON that is not an object (`"hello"`, `null`, `123`) failed with an
   AttributeError (500); and Python's JSON parser recurses once per nesting level, so a body nested 1,000 levels
   deep failed with a RecursionError (500). Both are refused with a 400 before Strawberry parses the body: its
   first character must open an object (or a list, which Strawberry refuses as a batch), and it (or the
   `variables` and `extensions` of a GET) may nest at most `MAX_JSON_DEPTH` levels, counted by a scan outside
   its strings.
5. `execute_request` (the controller's): Strawberry answers the errors it raises (`cross_web.HTTPException`) as
   plain text. Here the request goes to `respond()`, Packline's own method, and `execute()` turns those errors
   into `RequestRefused`, so `backend/api/http.py` answers them as GraphQL over HTTP asks, without knowing
   Strawberry's exception types.
6. `run`: open websockets are counted around Strawberry's own handling (`websocket_opened`/`websocket_closed`).
7. `graphql_transport_ws_handler_class`: the handler of `backend/api/engine/websocket.py`.

`backend.api.engine.selfcheck` checks every name and signature used here at start-up. Guard tests:
tests/integration/test_http_protocol.py (status codes, media types, GET mutations, malformed bodies) and every
integration test, which reaches the API through this controller.
"""

from __future__ import annotations

import re
from typing import Any

from cross_web import HTTPException
from litestar import Request, Response
from litestar.background_tasks import BackgroundTasks
from litestar.di import Provide
from litestar.exceptions import HTTPException as LitestarHTTPException
from strawberry.litestar import make_graphql_controller
from strawberry.litestar.controller import _context_getter_http
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types.execution import PreExecutionError
from strawberry.types.unset import UNSET

from backend.api.engine.websocket import LiveTransportHandler

JSON = "application/json"
# Far more than any GraphQL request nests (an order's input: input → lines → line → attributes, a few levels).
MAX_JSON_DEPTH = 64
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")
_FIRST_CHARACTER = re.compile(rb"[ \t\r\n]*(.)", re.S)


def json_deeper_than(text: bytes | str, limit: int) -> bool:
    """Whether JSON text nests objects and lists more than `limit` levels deep, found without parsing it."""
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    depth = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub(b"", raw)):
        if bracket in b"[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def json_shape_problem(body: bytes) -> str | None:
    """Why a JSON request body cannot be a GraphQL request, told before it is parsed; None when it may be."""
    first = _FIRST_CHARACTER.match(body)
    if first is None or first.group(1) not in b"{[":
        return 'The request body must be a JSON object: {"query": "…", "variables": {…}}'
    if json_deeper_than(body, MAX_JSON_DEPTH):
        return f"The request body nests deeper than {MAX_JSON_DEPTH} levels; a GraphQL request needs a few"
    return None


class RequestRefused(Exception):
    """A request Strawberry refused before executing it, with the HTTP status GraphQL over HTTP asks for."""

    def __init__(self, status_code: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status_code, self.message, self.headers = status_code, message, headers or {}


def nothing_executed(result: Any) -> bool:
    """Whether a result comes from a request that never executed (unparsable, invalid, bad variables, over a
    limit): Strawberry's `PreExecutionError`, or no data and only errors without a path (field errors always
    have one)."""
    return isinstance(result, PreExecutionError) or (
        result.data is None and bool(result.errors) and all(e.path is None for e in result.errors)
    )


def _empty_response() -> Response:
    return Response({}, background=BackgroundTasks([]))


def _chained_dependencies(context_getter: Any) -> dict[str, Provide]:
    # Each takes the one before as an argument only to be resolved after it.
    async def custom_context(response: Response) -> Any:  # noqa: ARG001 - orders the chain
        return await context_getter()

    async def root_value(custom_context: Any) -> None:  # noqa: ARG001 - orders the chain
        return None

    async def context(custom_context: Any, response: Response, request: Request,
                      root_value: None) -> Any:  # noqa: ARG001 - orders the chain
        return await _context_getter_http(custom_context, response, request)

    return {
        "response": Provide(_empty_response, sync_to_thread=False),
        "custom_context": Provide(custom_context),
        "root_value": Provide(root_value),
        "context": Provide(context),
    }


def controller_base(schema: Any, *, path: str, context_getter: Any, graphql_ide: str | None,
                    subscription_protocols: tuple[str, ...], max_subscriptions_per_connection: int,
                    allowed_origins: tuple[str, ...]) -> type:
    """Strawberry's controller for `schema` with the changes above; subclass it and define `respond()`."""
    base = make_graphql_controller(
        schema,
        path=path,
        graphql_ide=graphql_ide,
        context_getter=context_getter,
        subscription_protocols=subscription_protocols,
        max_subscriptions_per_connection=max_subscriptions_per_connection,
        allowed_origins=allowed_origins,
    )

    class EngineController(base):  # type: ignore[misc, valid-type]
        graphql_transport_ws_handler_class = LiveTransportHandler
        dependencies = {**base.dependencies, **_chained_dependencies(context_getter)}

        async def respond(self, request: Request, context: Any, root_value: Any) -> Response:
            """Packline's answer to an HTTP request (overridden by the API); by default Strawberry's."""
            return await self.execute(request, context, root_value)

        async def execute(self, request: Request, context: Any, root_value: Any) -> Response:
            """Strawberry's handling of the request; what it refuses raises `RequestRefused`."""
            try:
                return await self.run(request, context=context, root_value=root_value)
            except HTTPException as error:
                headers = {"Allow": "POST"} if error.status_code == 405 else None
                raise RequestRefused(error.status_code, error.reason, headers) from None

        def websocket_opened(self) -> None:
            """Called when a websocket is accepted for handling (overridden by the API)."""

        def websocket_closed(self) -> None:
            """Called when Strawberry is done with a websocket (overridden by the API)."""

        async def execute_request(self, request: Request, context: Any, root_value: Any) -> Response:
            return await self.respond(request, context, root_value)

        async def execute_single(self, request, request_adapter, sub_response, context, root_value, request_data):  # type: ignore[no-untyped-def]  # noqa: ANN001, PLR0917
            try:
                return await super().execute_single(
                    request, request_adapter, sub_response, context, root_value, request_data
                )
            except HTTPException as error:
                if request_adapter.method == "GET" and isinstance(error.__cause__, InvalidOperationTypeError):
                    raise HTTPException(405, "Only queries may be sent with GET; send mutations with POST") from None
                raise

        async def parse_http_body(self, request_adapter):  # type: ignore[no-untyped-def]  # noqa: ANN001
            if request_adapter.method == "POST":
                content_type = (request_adapter.content_type or "").split(";")[0].strip().lower()
                if content_type != JSON:
                    raise HTTPException(415, "Send the request body as application/json")
                problem = json_shape_problem(await request_adapter.get_body())  # Litestar keeps the body read
                if problem:
                    raise HTTPException(400, problem)
            else:
                params = request_adapter.query_params
                for name in ("variables", "extensions"):
                    if json_deeper_than(params.get(name) or "", MAX_JSON_DEPTH):
                        raise HTTPException(400, f"`{name}` nests deeper than {MAX_JSON_DEPTH} levels")
            try:
                return await super().parse_http_body(request_adapter)
            except (ValueError, LitestarHTTPException) as error:
                raise HTTPException(400, f"The request body is not valid JSON: {error}") from None

        async def run(self, request, context=UNSET, root_value=UNSET):  # type: ignore[no-untyped-def]  # noqa: ANN001
            if not self.is_websocket_request(request):
                return await super().run(request, context=context, root_value=root_value)
            self.websocket_opened()
            try:
                return await super().run(request, context=context, root_value=root_value)
            finally:
                self.websocket_closed()

    return EngineController
