"""Signed, short-lived tokens for links that carry their own authorization (document downloads).

A token is `<payload>.<signature>`, both URL-safe base64 without padding. The payload is a JSON object,
deflated, with an `exp` (Unix seconds) added; the signature is HMAC-SHA256 over the purpose and the payload,
with a key derived from SECRET_KEY. The purpose ("labels", "delivery-note", ...) is signed too, so a token
issued for one kind of document never opens another.

The signature is checked (in constant time) before anything in the payload is decoded or trusted.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
import zlib
from typing import Any

from backend.settings import get_settings

# Longer tokens are refused before any work; label tokens for 500 products stay well below it.
MAX_TOKEN_LENGTH = 32_000
# Decompressing a (validly signed) payload never yields more than this.
MAX_PAYLOAD_BYTES = 256_000


class InvalidToken(Exception):
    """Malformed, tampered with, or signed for another purpose: answer as if nothing were there."""


class ExpiredToken(Exception):
    """Genuine, but past its expiry."""


def _key() -> bytes:
    secret = get_settings().app.secret_key.encode()
    return hmac.new(secret, b"packline/signed-links/v1", hashlib.sha256).digest()


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _b64decode(text: str) -> bytes:
    if not text or not text.isascii() or not all(c.isalnum() or c in "-_" for c in text):
        raise InvalidToken("not URL-safe base64")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise InvalidToken("not URL-safe base64") from None


def _mac(purpose: str, payload: str) -> bytes:
    return hmac.new(_key(), f"{purpose}\x00{payload}".encode("ascii"), hashlib.sha256).digest()


def sign(purpose: str, claims: dict[str, Any], *, ttl_seconds: int, now: float | None = None) -> tuple[str, int]:
    """A token for `claims` (JSON-serialisable), valid for `ttl_seconds`; returns it and its expiry (Unix seconds).

    `now` exists for tests that need a token from the past.
    """
    if "exp" in claims:
        raise ValueError("'exp' is set by sign()")
    expires = int(time.time() if now is None else now) + ttl_seconds
    body = json.dumps({**claims, "exp": expires}, separators=(",", ":"), sort_keys=True).encode()
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = _b64encode(deflate.compress(body) + deflate.flush())
    return f"{payload}.{_b64encode(_mac(purpose, payload))}", expires


def verify(purpose: str, token: str, *, now: float | None = None) -> dict[str, Any]:
    """The claims of a genuine, unexpired token for `purpose` (without `exp`).

    Raises `InvalidToken` for anything malformed or not signed by us for this purpose, `ExpiredToken` when
    the signature is good but the time is up.
    """
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH or token.count(".") != 1:
        raise InvalidToken("malformed")
    payload, signature = token.split(".")
    if not token.isascii():
        raise InvalidToken("malformed")
    # Compared as text, so that no second spelling of the same signature is accepted.
    if not hmac.compare_digest(signature, _b64encode(_mac(purpose, payload))):
        raise InvalidToken("bad signature")
    try:
        inflate = zlib.decompressobj(-15)
        body = inflate.decompress(_b64decode(payload), MAX_PAYLOAD_BYTES)
        if inflate.unconsumed_tail:
            raise InvalidToken("payload too large")
        claims = json.loads(body)
    except (zlib.error, ValueError):
        raise InvalidToken("unreadable payload") from None
    if not isinstance(claims, dict) or not isinstance(claims.get("exp"), int):
        raise InvalidToken("no expiry")
    expires = claims.pop("exp")
    if (time.time() if now is None else now) >= expires:
        raise ExpiredToken("expired")
    return claims


__all__ = ["ExpiredToken", "InvalidToken", "sign", "verify"]
