"""Request ids and HTTP metrics for every request, as one ASGI middleware."""

from __future__ import annotations

import re
import time
import uuid

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from backend.core import metrics
from backend.core.logging import request_id

_KNOWN_PATHS = {"/graphql", "/health/live", "/health/ready", "/metrics"}
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def _path_label(path: str) -> str:
    # Bounded label values: documents by kind; anything else is the dashboard's static files or client routes.
    if path in _KNOWN_PATHS:
        return path
    if path.startswith("/documents/"):
        return "/documents/" + path.split("/")[2] + "/*"
    return "/*"


def request_observer(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await app(scope, receive, send_with_id)
        finally:
            path = _path_label(scope["path"])
            metrics.HTTP_REQUESTS.labels(scope["method"], path, str(status)).inc()
            metrics.HTTP_LATENCY.labels(scope["method"], path).observe(time.perf_counter() - started)
            request_id.reset(token)

    return middleware
