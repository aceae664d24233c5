"""A merchant's notification settings: which messages go out, their subjects and introductions, new orders one by
one or as a digest, the sender's name, the reply-to address and where the merchant's own messages go."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from backend.accounts.tables import Merchant, User
from backend.core.authorization import Role
from backend.core.errors import FieldChecks, ValidationFailed
from backend.notifications.model import (
    MAX_DIGEST_MINUTES,
    MAX_INTRO,
    MAX_SUBJECT,
    MIN_DIGEST_MINUTES,
    MessageKind,
    NewOrderMode,
)
from backend.notifications.tables import NotificationSettings
from backend.orders.model import clean_email


@dataclass(frozen=True)
class MessageSetting:
    kind: MessageKind
    enabled: bool = True
    subject: str = ""
    intro: str = ""


@dataclass(frozen=True)
class Preferences:
    merchant_id: UUID
    merchant_name: str
    language: str
    messages: dict[MessageKind, MessageSetting]
    new_order_mode: NewOrderMode = NewOrderMode.INSTANT
    digest_minutes: int = 60
    sender_name: str = ""
    reply_to: str = ""
    merchant_email: str = ""
    admin_emails: list[str] = field(default_factory=list)

    @property
    def sender(self) -> str:
        return self.sender_name or self.merchant_name

    @property
    def merchant_recipients(self) -> list[str]:
        return [self.merchant_email] if self.merchant_email else self.admin_emails

    def message(self, kind: MessageKind) -> MessageSetting:
        return self.messages[kind]


def _messages(stored: dict[str, Any]) -> dict[MessageKind, MessageSetting]:
    return {kind: MessageSetting(kind, **{k: v for k, v in (stored.get(kind.value) or {}).items()
                                          if k in ("enabled", "subject", "intro")})
            for kind in MessageKind}


async def preferences_of(merchant_ids: list[UUID]) -> dict[UUID, Preferences]:
    """Every listed merchant's settings (the defaults where it has none), in three queries."""
    if not merchant_ids:
        return {}
    merchants = await Merchant.select(Merchant.id, Merchant.name, Merchant.language).where(
        Merchant.id.is_in(merchant_ids))
    stored = {row["merchant"]: row for row in await NotificationSettings.select().where(
        NotificationSettings.merchant.is_in(merchant_ids)).output(load_json=True)}
    admins: dict[UUID, list[str]] = {}
    for row in await User.select(User.merchant, User.email).where(
            User.merchant.is_in(merchant_ids) & (User.role == Role.MERCHANT_ADMIN.value)
            & (User.is_active == True)).order_by(User.email):  # noqa: E712 - Piccolo builds SQL from ==
        admins.setdefault(row["merchant"], []).append(row["email"])
    result = {}
    for merchant in merchants:
        row = stored.get(merchant["id"]) or {}
        result[merchant["id"]] = Preferences(
            merchant_id=merchant["id"], merchant_name=merchant["name"], language=merchant["language"],
            messages=_messages(row.get("messages") or {}),
            new_order_mode=NewOrderMode(row.get("new_order_mode") or "INSTANT"),
            digest_minutes=row.get("digest_minutes") or 60, sender_name=row.get("sender_name") or "",
            reply_to=row.get("reply_to") or "", merchant_email=row.get("merchant_email") or "",
            admin_emails=admins.get(merchant["id"], []))
    return result


@dataclass(frozen=True)
class MessageChange:
    kind: MessageKind
    enabled: bool | None = None
    subject: str | None = None
    intro: str | None = None


@dataclass(frozen=True)
class PreferencesChange:
    """What an update changes; what is None stays as it is."""

    messages: list[MessageChange] = field(default_factory=list)
    new_order_mode: NewOrderMode | None = None
    digest_minutes: int | None = None
    sender_name: str | None = None
    reply_to: str | None = None
    merchant_email: str | None = None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def cleaned(change: PreferencesChange) -> PreferencesChange:
    """The change tidied, or every fault at once as input errors."""
    checks = FieldChecks()
    if change.digest_minutes is not None and not MIN_DIGEST_MINUTES <= change.digest_minutes <= MAX_DIGEST_MINUTES:
        checks.errors.append(ValidationFailed(f"Between {MIN_DIGEST_MINUTES} and {MAX_DIGEST_MINUTES} minutes",
                                    field="digestMinutes"))
    sender = _one_line(change.sender_name) if change.sender_name is not None else None
    if sender is not None and len(sender) > 100:
        checks.errors.append(ValidationFailed("At most 100 characters", field="senderName", code="TOO_LONG"))
    emails: dict[str, str | None] = {}
    for name, value in (("replyTo", change.reply_to), ("merchantEmail", change.merchant_email)):
        emails[name] = None
        if value is not None:
            try:
                emails[name] = clean_email(value, field=name) if value.strip() else ""
            except ValidationFailed as error:
                checks.errors.append(error)
    messages, seen = [], set()
    for index, message in enumerate(change.messages):
        if message.kind in seen:
            checks.errors.append(ValidationFailed("Each message once", field=f"messages.{index}.kind", code="DUPLICATE"))
        seen.add(message.kind)
        subject = _one_line(message.subject) if message.subject is not None else None
        intro = message.intro.strip() if message.intro is not None else None
        if subject is not None and len(subject) > MAX_SUBJECT:
            checks.errors.append(ValidationFailed(f"At most {MAX_SUBJECT} characters", field=f"messages.{index}.subject",
                                        code="TOO_LONG"))
        if intro is not None and len(intro) > MAX_INTRO:
            checks.errors.append(ValidationFailed(f"At most {MAX_INTRO} characters", field=f"messages.{index}.intro",
                                        code="TOO_LONG"))
        messages.append(MessageChange(message.kind, message.enabled, subject, intro))
    checks.raise_if_any()
    return PreferencesChange(messages=messages, new_order_mode=change.new_order_mode,
                             digest_minutes=change.digest_minutes, sender_name=sender, reply_to=emails["replyTo"],
                             merchant_email=emails["merchantEmail"])


async def apply(merchant_id: UUID, change: PreferencesChange) -> dict[str, Any]:
    """Write a cleaned change into the merchant's row (locked); returns what changed, before and after."""
    await NotificationSettings.raw(
        "INSERT INTO notification_settings (id, merchant) VALUES (gen_random_uuid(), {}) ON CONFLICT DO NOTHING",
        merchant_id)
    row = await NotificationSettings.objects().where(NotificationSettings.merchant == merchant_id).lock_rows().first()
    stored = json.loads(row.messages) if isinstance(row.messages, str) else dict(row.messages or {})
    changes: dict[str, Any] = {}
    for message in change.messages:
        before = dict(stored.get(message.kind.value) or {})
        after = {**before, **{k: v for k, v in (("enabled", message.enabled), ("subject", message.subject),
                                                 ("intro", message.intro)) if v is not None}}
        if after != before:
            stored[message.kind.value] = after
            changes[f"messages.{message.kind.value}"] = {"before": before, "after": after}
    for name, value in (("new_order_mode", change.new_order_mode.value if change.new_order_mode else None),
                        ("digest_minutes", change.digest_minutes), ("sender_name", change.sender_name),
                        ("reply_to", change.reply_to), ("merchant_email", change.merchant_email)):
        if value is not None and getattr(row, name) != value:
            changes[name] = {"before": getattr(row, name), "after": value}
            setattr(row, name, value)
    row.messages = stored
    await row.save()
    return changes


