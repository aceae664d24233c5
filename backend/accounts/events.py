"""The accounts domain's events (topics MERCHANT, USER, API_KEY): what they are called and what their payload holds.
Secrets and password hashes never go into a payload."""

from __future__ import annotations

from typing import Any, Literal

from backend.accounts.tables import ApiKey, Merchant, User
from backend.events.outbox import UnitOfWork
from backend.events.topics import EventTopic

MerchantEvent = Literal["merchant.created", "merchant.updated"]
UserEvent = Literal["user.created", "user.deactivated"]
ApiKeyEvent = Literal["api_key.created", "api_key.revoked"]


def merchant_payload(merchant: Merchant) -> dict[str, Any]:
    return {"code": merchant.code, "name": merchant.name, "isActive": merchant.is_active}


def user_payload(user: User) -> dict[str, Any]:
    return {"email": user.email, "name": user.name, "role": user.role,
            "merchantId": str(user.merchant) if user.merchant else None, "isActive": user.is_active}


def api_key_payload(key: ApiKey) -> dict[str, Any]:
    return {"name": key.name, "prefix": key.prefix, "scopes": list(key.scopes), "revoked": key.revoked_at is not None}


def record_merchant(uow: UnitOfWork, event: MerchantEvent, merchant: Merchant, **extra: Any) -> None:
    """`extra`: `changes` (field → before and after) for an update."""
    uow.record(EventTopic.MERCHANT, event, entity_type="Merchant", entity_id=merchant.id, merchant_id=merchant.id,
               payload={**merchant_payload(merchant), **extra})


def record_user(uow: UnitOfWork, event: UserEvent, user: User) -> None:
    uow.record(EventTopic.USER, event, entity_type="User", entity_id=user.id, merchant_id=user.merchant,
               payload=user_payload(user))


def record_api_key(uow: UnitOfWork, event: ApiKeyEvent, key: ApiKey) -> None:
    uow.record(EventTopic.API_KEY, event, entity_type="ApiKey", entity_id=key.id, merchant_id=key.merchant,
               payload=api_key_payload(key))
