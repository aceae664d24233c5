"""The security headers of every HTTP response: the dashboard's Content-Security-Policy (as a header, so that
it also forbids framing, which a `<meta>` policy cannot), `nosniff`, no referrer, and HSTS in production.

`CONTENT_SECURITY_POLICY` is the policy the dashboard's build writes into its pages' `<meta>` tag
(`frontend/vite.config.ts`, `CSP`); `tests/unit/test_input_scalars.py` fails when the two differ. The header adds
`frame-ancestors 'none'`, which browsers ignore (with a console warning) in a `<meta>` tag.
"""

from __future__ import annotations

from litestar.types import ASGIApp, Message, Receive, Scope, Send

# 'wasm-unsafe-eval': the picker app's barcode reader is WebAssembly (from our origin); it allows no JavaScript eval.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
])
FRAME_ANCESTORS = "frame-ancestors 'none'"
# Not includeSubDomains: other hosts of the operator's domain may not speak HTTPS; that is theirs to decide.
HSTS = "max-age=31536000"
# Signed label PDFs open in the browser's PDF viewer, which a page policy (object-src 'none') would block.
_WITHOUT_POLICY = ("/documents/",)


def security_headers(*, production: bool) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"content-security-policy", f"{CONTENT_SECURITY_POLICY}; {FRAME_ANCESTORS}".encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
    ]
    if production:
        headers.append((b"strict-transport-security", HSTS.encode()))
    return headers


def security_headers_middleware(*, production: bool):  # noqa: ANN201 - Litestar middleware factory
    every = security_headers(production=production)
    without_policy = [header for header in every if header[0] != b"content-security-policy"]

    def middleware(app: ASGIApp) -> ASGIApp:
        async def add_headers(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            extra = without_policy if scope["path"].startswith(_WITHOUT_POLICY) else every

            async def send_with_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message["headers"] = [*message.get("headers", []), *extra]
                await send(message)

            await app(scope, receive, send_with_headers)

        return add_headers

    return middleware
