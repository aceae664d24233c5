"""Sending one notification, exactly once, with retries.

A notification is claimed before it is sent: PENDING → SENDING with a lease (`claimed_until`) and one more attempt
counted, by a single conditional UPDATE, so two workers (or a job queued twice) never both send it. Just before the
message itself goes to the SMTP server (DATA), `handed_over_at` is written and committed — only while the claim is
still this worker's (a worker stuck past its lease finds another's claim and sends nothing). Then it is sent, then
marked SENT. A worker that dies in between leaves the claim to expire, and `recover_expired_claims` decides:

- never handed over: the server never had the message; it is PENDING again and sent by the next job;
- handed over: the server had the whole message, or got the final dot and had only to answer (a server drops an
  incomplete DATA when the connection goes); sending again would make the second mail this design exists to
  avoid, so it counts as SENT, with a note. At most once wins over at least once here: a missing mail can be
  resent by hand (`notificationResend`), a duplicate cannot be taken back.

The Message-ID is derived from the unique key (event, template, channel, recipient) and the resend generation, so a
message sent twice in that narrow window carries the same Message-ID, which mail stores use to drop duplicates.

Temporary failures (no connection, a 4xx answer) are retried after base × 2^(attempt−1) seconds; after
`max_attempts`, or at a permanent refusal (5xx), the notification is FAILED.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from backend.accounts.branding import logo_of
from backend.accounts.tables import Merchant
from backend.core import metrics
from backend.notifications.mail import (
    MerchantFace,
    PermanentFailure,
    TemporaryFailure,
    compose,
    render,
    transmit,
)
from backend.notifications.model import State, Template
from backend.notifications.preferences import Preferences, preferences_of
from backend.notifications.tables import Notification
from backend.settings import MailSettings, get_settings

log = logging.getLogger(__name__)

# Enqueue is told the notification's id and how long to wait before the job runs.
Enqueue = Callable[[UUID, str, float], Awaitable[None]]


def message_id(row: dict[str, Any]) -> str:
    key = f"{row['event_seq']}:{row['template']}:{row['channel']}:{row['recipient']}:{row['generation']}"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@packline.notifications>"


def job_id(row: dict[str, Any], *, requeue: bool = False) -> str:
    """A retry's job is one per attempt (arq refuses an id it still holds). A notification queued again by
    `queue_due` gets a new id: arq keeps a finished job's id for an hour, and a job that ran while the notification
    was claimed elsewhere finished without sending it. Two jobs for one notification are harmless: one claims it."""
    suffix = f":{uuid.uuid4().hex[:8]}" if requeue else ""
    return f"notification:{row['id']}:{row['generation']}:{row['attempts']}{suffix}"


def backoff_seconds(attempts: int, settings: MailSettings) -> float:
    return settings.retry_base_seconds * 2 ** max(attempts - 1, 0)


async def claim(notification_id: UUID, settings: MailSettings) -> dict[str, Any] | None:
    rows = await Notification.raw(
        "UPDATE notification SET state = 'SENDING', attempts = attempts + 1, handed_over_at = NULL, "
        "claimed_until = clock_timestamp() + make_interval(secs => {}) "
        "WHERE id = {} AND state = 'PENDING' AND next_attempt_at <= clock_timestamp() RETURNING *",
        settings.claim_seconds, notification_id)
    if not rows:
        return None
    row = rows[0]
    if isinstance(row["payload"], str):
        row["payload"] = json.loads(row["payload"])
    return row


class ClaimLost(Exception):
    """This worker's claim ran out and another took the notification over: it must not send it too."""


# A claim is this worker's while the notification is SENDING in the same generation and attempt (every claim counts
# an attempt, so a later claim by another worker has another number).
_STILL_MINE = "id = {} AND state = 'SENDING' AND generation = {} AND attempts = {}"


async def _mark_handed_over(row: dict[str, Any]) -> None:
    updated = await Notification.raw(
        f"UPDATE notification SET handed_over_at = clock_timestamp() WHERE {_STILL_MINE} RETURNING id",
        row["id"], row["generation"], row["attempts"])
    if not updated:
        raise ClaimLost(f"notification {row['id']}: the claim ran out before the message was handed over")


async def _finish(row: dict[str, Any], state: State, *, error: str = "", retry_in: float | None = None) -> bool:
    rows = await Notification.raw(
        "UPDATE notification SET state = {}, last_error = {}, claimed_until = NULL, "
        "sent_at = CASE WHEN {} = 'SENT' THEN clock_timestamp() ELSE sent_at END, "
        "next_attempt_at = clock_timestamp() + make_interval(secs => {}), "
        # A retry's job is queued with its delay: `queue_due` leaves it be until a minute after it is due.
        "queued_at = clock_timestamp() + make_interval(secs => {}) "
        f"WHERE {_STILL_MINE} RETURNING id",
        state.value, error[:500], state.value, retry_in or 0, retry_in or 0, row["id"], row["generation"],
        row["attempts"])
    return bool(rows)


async def merchant_face(prefs: Preferences, language: str) -> MerchantFace:
    merchant = await Merchant.select(Merchant.address).where(Merchant.id == prefs.merchant_id).first()
    lines = [line for line in (merchant["address"] if merchant else "").split("\n") if line]
    return MerchantFace(name=prefs.merchant_name, address_lines=lines, language=language,
                        logo=await logo_of(prefs.merchant_id))


async def build_message(row: dict[str, Any], prefs: Preferences, settings: MailSettings):  # noqa: ANN201
    """The notification as the e-mail it is: in the language it was planned in (the merchant's when the event
    happened), with the merchant's current name, logo, subject and introduction."""
    template = Template(row["template"])
    face = await merchant_face(prefs, row["language"])
    setting = prefs.message(template.setting)
    mail = render(template, row["payload"], face, subject_override=setting.subject, intro_override=setting.intro)
    message = compose(mail, to=row["recipient"], sender_name=prefs.sender, reply_to=prefs.reply_to,
                      message_id=message_id(row), language=face.language, logo=face.logo, settings=settings)
    return mail, message


async def deliver(notification_id: UUID, enqueue: Enqueue) -> State | None:
    """Send one notification if it is due and nobody else has it; returns its state after (None: not claimed)."""
    settings = get_settings().mail
    row = await claim(notification_id, settings)
    if row is None:
        return None
    prefs = (await preferences_of([row["merchant"]]))[row["merchant"]]
    try:
        mail, message = await build_message(row, prefs, settings)
        await Notification.update({Notification.subject: mail.subject[:300]}).where(Notification.id == row["id"])
        await transmit(message, settings, handing_over=lambda: _mark_handed_over(row))
    except ClaimLost:
        log.warning("notification %s was taken over by another worker; not sent here", row["id"])
        return None
    except TemporaryFailure as failure:
        return await _failed_for_now(row, str(failure), settings, enqueue)
    except PermanentFailure as failure:
        return await _failed(row, str(failure))
    except Exception as error:  # noqa: BLE001 - a template or data fault: retrying the same cannot help
        log.exception("notification %s could not be built", row["id"])
        return await _failed(row, f"{type(error).__name__}: {error}")
    await _finish(row, State.SENT)
    metrics.NOTIFICATIONS.labels(row["template"], "sent").inc()
    return State.SENT


async def _failed_for_now(row: dict[str, Any], error: str, settings: MailSettings, enqueue: Enqueue) -> State:
    if row["attempts"] >= settings.max_attempts:
        return await _failed(row, f"Gave up after {row['attempts']} attempts: {error}")
    delay = backoff_seconds(row["attempts"], settings)
    if await _finish(row, State.PENDING, error=error, retry_in=delay):
        metrics.NOTIFICATIONS.labels(row["template"], "retried").inc()
        await enqueue(row["id"], job_id(row), delay)
    return State.PENDING


async def _failed(row: dict[str, Any], error: str) -> State:
    await _finish(row, State.FAILED, error=error)
    metrics.NOTIFICATIONS.labels(row["template"], "failed").inc()
    log.warning("notification %s failed: %s", row["id"], error)
    return State.FAILED


async def recover_expired_claims() -> int:
    """Settle the notifications whose worker died while sending them (see the module's docstring)."""
    rows = await Notification.raw(
        "UPDATE notification SET "
        "state = CASE WHEN handed_over_at IS NULL THEN 'PENDING' ELSE 'SENT' END, "
        "sent_at = CASE WHEN handed_over_at IS NULL THEN sent_at ELSE handed_over_at END, "
        "last_error = CASE WHEN handed_over_at IS NULL THEN 'The worker stopped before sending; sent again' "
        "ELSE 'The worker stopped after handing the message to the mail server; counted as sent, not sent again' "
        "END, claimed_until = NULL, next_attempt_at = clock_timestamp() "
        "WHERE state = 'SENDING' AND claimed_until < clock_timestamp() RETURNING id")
    if rows:
        log.warning("settled %d notifications whose worker stopped while sending", len(rows))
    return len(rows)


async def queue_due(enqueue: Enqueue, limit: int = 500) -> int:
    """Queue a job for every due PENDING notification not queued in the last minute (new ones, resends, and
    retries whose job was lost with a Redis that restarted)."""
    rows = await Notification.raw(
        "UPDATE notification SET queued_at = clock_timestamp() WHERE id IN ("
        "SELECT id FROM notification WHERE state = 'PENDING' AND next_attempt_at <= clock_timestamp() "
        "AND (queued_at IS NULL OR queued_at < clock_timestamp() - interval '1 minute') "
        "ORDER BY next_attempt_at LIMIT {} FOR UPDATE SKIP LOCKED) RETURNING id, generation, attempts", limit)
    for row in rows:
        await enqueue(row["id"], job_id(row, requeue=True), 0)
    return len(rows)
