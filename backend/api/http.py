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
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from backend.accounts.services import authenticate
from backend.api.context import Context, context_getter
from backend.api.engine.http import MAX_JSON_DEPTH, RequestRefused, controller_base, json_deeper_than, nothing_executed
from backend.api.schema import build_schema
from backend.core import metrics
from backend.settings import get_settings
from backend.spa import graphiql_page

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


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
    # Strawberry's controller as the engine adapts it (backend/api/engine/http.py); below, only what Strawberry
    # documents for views (`encode_json`, `process_result`, `on_ws_connect`, `render_graphql_ide`) and the
    # engine's own hooks.
    base = controller_base(
        build_schema(),
        path="/graphql",
        graphql_ide=None if settings.app.is_production else "graphiql",
        context_getter=context_getter,
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        max_subscriptions_per_connection=settings.limits.max_subscriptions_per_connection,
        allowed_origins=settings.app.allowed_origins,
    )

    class GraphQLController(base):  # type: ignore[misc, valid-type]
        def decode_json(self, data: str | bytes) -> object:
            # Python's JSON parser recurses once per level: a websocket message nested 1,000 levels deep ended in
            # a RecursionError. Refused as invalid JSON, which closes the socket with 4400. (HTTP bodies, bytes,
            # were checked before Strawberry parsed them: engine/http.py.)
            if isinstance(data, str) and json_deeper_than(data, MAX_JSON_DEPTH):
                raise json.JSONDecodeError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels", data[:100], 0)
            return json.loads(data)

        def encode_json(self, data: object) -> str:
            # Every live event is encoded once per subscriber; msgspec does it several times faster than json.
            return msgspec.json.encode(data).decode()

        async def render_graphql_ide(self, request: Request) -> Response:  # noqa: ARG002 - Strawberry's signature
            # Packline's GraphiQL, built with the dashboard, instead of Strawberry's page, which loads React and
            # GraphiQL from a public CDN and stays on "Loading…" without internet (and under our CSP).
            return graphiql_page()

        async def respond(self, request: Request, context: Context, root_value: Any) -> Response:
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
                response = await self.execute(request, context, root_value)
            except RequestRefused as refused:
                return _error_response(refused.status_code, refused.message, media_type, refused.headers)
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
            if nothing_executed(result):
                # A request error, which carries no `data` entry.
                processed.pop("data", None)
                request_context(request).request_error = True
            return processed

        async def on_ws_connect(self, context: Context) -> Any:
            params = context.connection_params or {}
            token = bearer_token(params.get("authorization") if isinstance(params, dict) else None)
            actor = await authenticate(token) if token else None
            if actor is None:
                raise ConnectionRejectionError({"message": "Sign in: send {authorization: 'Bearer <token>'}"})
            context.actor = actor
            return None

        def websocket_opened(self) -> None:
            metrics.OPEN_WEBSOCKETS.inc()

        def websocket_closed(self) -> None:
            metrics.OPEN_WEBSOCKETS.dec()

    return GraphQLController


def request_context(request: Request) -> Context:
    # Strawberry keeps the context it built for this request; we reach it through the request state.
    return request.state.graphql_context


__all__ = ["graphql_controller", "negotiate", "bearer_token"]
