"""Opaque global ids: base64 of `TypeName:uuid`, so clients cannot guess or count another tenant's rows."""

from __future__ import annotations

import base64
import binascii
from uuid import UUID

from backend.core.errors import ValidationFailed


def to_global_id(type_name: str, local_id: UUID | str) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{local_id}".encode()).decode().rstrip("=")


def from_global_id(global_id: str, *, field: str = "id") -> tuple[str, UUID]:
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, local = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        return type_name, UUID(local)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValidationFailed(f"{global_id!r} is not a valid id", field=field, code="INVALID_ID") from None


def expect_global_id(global_id: str, type_name: str, *, field: str) -> UUID:
    kind, local = from_global_id(global_id, field=field)
    if kind != type_name:
        raise ValidationFailed(f"{field} must be the id of a {type_name}", field=field, code="INVALID_ID")
    return local


def optional_merchant_id(global_id: str | None) -> UUID | None:
    """The merchant an input or filter names, if it names one (operators name it; merchants may leave it out)."""
    return expect_global_id(global_id, "Merchant", field="merchantId") if global_id else None
