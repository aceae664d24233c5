"""GraphQL over HTTP as its specification asks, and the websocket handshake.

- `application/graphql-response+json` when the client accepts it: requests that fail before execution
  (unparsable, invalid, too deep or costly) answer 400 without `data`; executed ones answer 200.
- `application/json` for older clients, always 200 for GraphQL errors.
- 405 for a mutation over GET, 415 for a body that is not JSON, 406 for an Accept we cannot serve,
  429 with Retry-After when the rate limit refuses.
- Websockets speak `graphql-transport-ws` only and authenticate with the `connection_init` payload.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

from litestar import Request, Response
from litestar.background_tasks import BackgroundTasks
from litestar.di import Provide
from litestar.exceptions import HTTPException as LitestarHTTPException
from strawberry.schema.exceptions import InvalidOperationTypeError
from cross_web import HTTPException
from strawberry.litestar import make_graphql_controller
from strawberry.litestar.controller import _context_getter_http
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.execution import PreExecutionError
from strawberry.types.unset import UNSET

from backend.accounts.services import authenticate
from backend.api.context import Context, context_getter
from backend.api.engine.websocket import LiveTransportHandler
from backend.api.schema import build_schema
from backend.core import metrics
from backend.settings import get_settings

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def _empty_response() -> Response:
    return Response({}, background=BackgroundTasks([]))


# The controller's dependencies, chained so that Litestar resolves them one after another. Strawberry's are
# independent of each other, and Litestar resolves independent dependencies in a task group, a task each: some
# 50 µs on every request, for values that take no time to make.
async def _context_after_response(response: Response) -> Context:  # noqa: ARG001 - orders the chain
    return await context_getter()


async def _no_root_value(custom_context: Context) -> None:  # noqa: ARG001 - orders the chain
    return None


async def _http_context(custom_context: Context, response: Response, request: Request,
                        root_value: None) -> Context:  # noqa: ARG001 - orders the chain
    return await _context_getter_http(custom_context, response, request)


def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header, or None when we can serve none it accepts."""
    if not accept:
        return JSON
    ranges = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    if GRAPHQL_RESPONSE in ranges:
        return GRAPHQL_RESPONSE
    if JSON in ranges or "application/*" in ranges or "*/*" in ranges:
        return JSON
    return None


def bearer_token(value: str | None) -> str | None:
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _error_response(status: int, message: str, media_type: str, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps({"errors": [{"message": message}]}).encode()
    return Response(body, status_code=status, media_type=media_type, headers=headers or {})


def graphql_controller() -> type:
    settings = get_settings()
    base = make_graphql_controller(
        build_schema(),
        path="/graphql",
        graphql_ide=None if settings.app.is_production else "graphiql",
        context_getter=context_getter,
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        max_subscriptions_per_connection=settings.limits.max_subscriptions_per_connection,
        allowed_origins=settings.app.allowed_origins,
    )

    class GraphQLController(base):  # type: ignore[misc, valid-type]
        graphql_transport_ws_handler_class = LiveTransportHandler
        # Strawberry makes the empty response object in a worker thread (`sync_to_thread=True`): a thread hand-off
        # on every request, for a constructor call.
        dependencies = {
            **base.dependencies,
            "response": Provide(_empty_response, sync_to_thread=False),
            "custom_context": Provide(_context_after_response),
            "root_value": Provide(_no_root_value),
            "context": Provide(_http_context),
        }

        def encode_json(self, data: object) -> str:
            # Every live event is encoded once per subscriber; msgspec does it several times faster than json.
            return msgspec.json.encode(data).decode()

        async def execute_request(self, request: Request, context: Context, root_value: Any) -> Response:
            media_type = negotiate(request.headers.get("accept"))
            if media_type is None:
                return _error_response(406, f"Accept {GRAPHQL_RESPONSE} or {JSON}", JSON)
            token = bearer_token(request.headers.get("authorization"))
            if token:
                context.actor = await authenticate(token) or context.actor
            context.client_address = request.client.host if request.client else ""
            context.user_agent = request.headers.get("user-agent", "")
            request.state.graphql_context = context
            try:
                response = await self.run(request, context=context, root_value=root_value)
            except HTTPException as error:
                headers = {"Allow": "POST"} if error.status_code == 405 else None
                return _error_response(error.status_code, error.reason, media_type, headers)
            if response.media_type == "text/html":
                return response  # the GraphiQL page
            response.media_type = media_type
            if context.retry_after is not None:
                response.status_code = 429
                response.headers["Retry-After"] = str(context.retry_after)
            elif context.request_error and media_type == GRAPHQL_RESPONSE:
                response.status_code = 400
            return response

        async def process_result(self, request: Request, result: Any) -> dict:  # type: ignore[override]
            processed = await super().process_result(request, result)
            if isinstance(result, PreExecutionError) or (
                result.data is None and result.errors and all(e.path is None for e in result.errors)
            ):
                # Nothing executed (unparsable, invalid, bad variables, over a limit): a request error,
                # which carries no `data` entry. Field errors always have a path.
                processed.pop("data", None)
                request_context(request).request_error = True
            return processed

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
            try:
                return await super().parse_http_body(request_adapter)
            except (ValueError, LitestarHTTPException) as error:
                raise HTTPException(400, f"The request body is not valid JSON: {error}") from None

        async def on_ws_connect(self, context: Context) -> Any:
            params = context.connection_params or {}
            token = bearer_token(params.get("authorization") if isinstance(params, dict) else None)
            actor = await authenticate(token) if token else None
            if actor is None:
                raise ConnectionRejectionError({"message": "Sign in: send {authorization: 'Bearer <token>'}"})
            context.actor = actor
            return None

        async def run(self, request, context=UNSET, root_value=UNSET):  # type: ignore[no-untyped-def]  # noqa: ANN001
            if not self.is_websocket_request(request):
                return await super().run(request, context=context, root_value=root_value)
            metrics.OPEN_WEBSOCKETS.inc()
            try:
                return await super().run(request, context=context, root_value=root_value)
            finally:
                metrics.OPEN_WEBSOCKETS.dec()

    return GraphQLController


def request_context(request: Request) -> Context:
    # Strawberry keeps the context it built for this request; we reach it through the request state.
    return request.state.graphql_context


__all__ = ["graphql_controller", "negotiate", "bearer_token"]
