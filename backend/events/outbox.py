"""The one write path's tail: domain events go into the outbox in the change's own transaction and are
published to Redis only after it committed.

Sequence numbers are handed out under a transaction-scoped advisory lock taken just before commit, so the
transaction holding seq N has committed (or rolled back) before any transaction can take N+1. A subscriber
that has seen N therefore never later meets an event below N, and `max(seq) + 1` keeps the sequence gapless.
The append itself is the routine `outbox_append` (events/outbox.sql), one round trip; events are outbox items, the
jsonb objects that file describes, whether a service records them here or a routine builds them in SQL.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from backend.core import metrics
from backend.core.authorization import Actor
from backend.core.db import engine
from backend.core.redis import execute_batched, key
from backend.events.tables import Event
from backend.events.topics import EventTopic

log = logging.getLogger(__name__)

# Arbitrary but fixed: the advisory lock that orders outbox appends.
OUTBOX_LOCK_ID = 0x5041434B  # "PACK"


def operator_channel() -> str:
    return key("events", "all")


def merchant_channel(merchant_id: UUID | str) -> str:
    return key("events", "merchant", merchant_id)


@dataclass(frozen=True)
class StoredEvent:
    seq: int
    merchant_prev_seq: int | None
    merchant_id: UUID | None
    topic: EventTopic
    type: str
    entity_type: str
    entity_id: UUID
    payload: dict[str, Any]
    actor: dict[str, Any]
    occurred_at: datetime

    def to_message(self) -> bytes:
        return json.dumps(
            {
                "seq": self.seq,
                "merchantPrevSeq": self.merchant_prev_seq,
                "merchantId": str(self.merchant_id) if self.merchant_id else None,
                "topic": self.topic.value,
                "type": self.type,
                "entityType": self.entity_type,
                "entityId": str(self.entity_id),
                "payload": self.payload,
                "actor": self.actor,
                "occurredAt": self.occurred_at.isoformat(),
            },
            separators=(",", ":"),
        ).encode()

    @classmethod
    def from_message(cls, raw: bytes) -> StoredEvent:
        d = json.loads(raw)
        return cls(
            seq=d["seq"],
            merchant_prev_seq=d["merchantPrevSeq"],
            merchant_id=UUID(d["merchantId"]) if d["merchantId"] else None,
            topic=EventTopic(d["topic"]),
            type=d["type"],
            entity_type=d["entityType"],
            entity_id=UUID(d["entityId"]),
            payload=d["payload"],
            actor=d["actor"],
            occurred_at=datetime.fromisoformat(d["occurredAt"]),
        )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StoredEvent:
        payload, actor = row["payload"], row["actor"]
        return cls(
            seq=row["seq"],
            merchant_prev_seq=row["merchant_prev_seq"],
            merchant_id=row["merchant_id"],
            topic=EventTopic(row["topic"]),
            type=row["type"],
            entity_type=row["entity_type"],
            entity_id=row["entity_id"],
            payload=json.loads(payload) if isinstance(payload, str) else payload,
            actor=json.loads(actor) if isinstance(actor, str) else actor,
            occurred_at=row["occurred_at"],
        )

    @classmethod
    def from_outbox_item(cls, seq: int, merchant_prev_seq: int | None, item: dict[str, Any]) -> StoredEvent:
        """An event `outbox_append` stored from `item` (shaped like the items `UnitOfWork` appends), for a
        statement that appends its own events."""
        return cls.from_row({
            **item, "seq": seq, "merchant_prev_seq": merchant_prev_seq,
            "merchant_id": UUID(item["merchant_id"]) if item["merchant_id"] else None,
            "entity_id": UUID(item["entity_id"]), "occurred_at": datetime.fromisoformat(item["occurred_at"]),
        })

    def channels(self) -> list[str]:
        channels = [operator_channel()]
        if self.merchant_id is not None:
            channels.append(merchant_channel(self.merchant_id))
        return channels


@dataclass
class UnitOfWork:
    """The events of one use case, written with its transaction."""

    actor: Actor
    # Outbox items (events/outbox.sql says their shape), recorded here or built by a routine in SQL.
    _pending: list[dict[str, Any]] = field(default_factory=list)
    committed: list[StoredEvent] = field(default_factory=list)
    # Follow-up work that must only see committed data (allocating freed stock to backorders), by key.
    _after_commit: dict[Any, Callable[[], Awaitable[None]]] = field(default_factory=dict)

    def after_commit(self, key: Any, action: Callable[[], Awaitable[None]]) -> None:
        """Run `action` once after this unit commits (not if it rolls back); failures are logged, not raised."""
        self._after_commit.setdefault(key, action)

    def record(
        self,
        topic: EventTopic,
        type: str,
        *,
        entity_type: str,
        entity_id: UUID,
        merchant_id: UUID | None,
        payload: dict[str, Any],
    ) -> None:
        self._pending.append({
            "merchant_id": merchant_id, "topic": topic.value, "type": type, "entity_type": entity_type,
            "entity_id": entity_id, "payload": payload,
        })

    def record_item(self, item: dict[str, Any]) -> None:
        """An event a routine built as an outbox item (`outbox_item` in events/outbox.sql)."""
        self._pending.append(item)

    async def _append_to_outbox(self) -> list[StoredEvent]:
        if not self._pending:
            return []
        occurred_at = datetime.now(UTC).isoformat()
        actor = self.actor.as_event_actor()
        # Every event of the unit carries the unit's actor and the time of its append.
        text = json.dumps([{**item, "actor": actor, "occurred_at": occurred_at} for item in self._pending], default=str)
        rows = await Event.raw("SELECT out_seq, out_prev FROM outbox_append({}, {}::jsonb)", OUTBOX_LOCK_ID, text)
        return [StoredEvent.from_outbox_item(row["out_seq"], row["out_prev"], item)
                for row, item in zip(rows, json.loads(text), strict=True)]


@asynccontextmanager
async def unit_of_work(actor: Actor) -> AsyncIterator[UnitOfWork]:
    """One database transaction; its recorded events are appended last and published after commit."""
    uow = UnitOfWork(actor)
    async with engine().transaction():
        yield uow
        uow.committed = await uow._append_to_outbox()
    if uow.committed:
        await publish(uow.committed, source="api")
    for action in uow._after_commit.values():
        try:
            await action()
        except Exception:  # noqa: BLE001 - the change stands; periodic sweeps redo what follow-ups missed
            log.exception("a follow-up after commit failed")


async def publish(events: list[StoredEvent], *, source: str, mark_now: bool = False) -> None:
    """Publish committed events and mark them published. A failure leaves them to the relay.

    Marks are written in batches a moment later (`mark_now` writes them at once, inside the caller's
    transaction): a process that dies first only makes the relay publish those events again, which
    subscribers ignore by seq.
    """
    try:
        commands = []
        for event in events:
            message = event.to_message()
            commands.extend(("PUBLISH", channel, message) for channel in event.channels())
        # With other requests' Redis commands: under load one pipeline carries many requests' events.
        failed = [reply for reply in await execute_batched(*commands) if isinstance(reply, Exception)]
        if failed:
            raise failed[0]
        metrics.EVENTS_PUBLISHED.labels(source).inc(len(events))
    except Exception:  # noqa: BLE001 - the commit stands; the relay publishes what we could not
        log.exception("publishing %d committed events failed; the relay will retry", len(events))
        return
    seqs = [e.seq for e in events]
    if mark_now:
        await _mark_published(seqs)
    else:
        _marks.add(seqs)


async def _mark_published(seqs: list[int]) -> None:
    await Event.update({Event.published_at: datetime.now(UTC)}).where(Event.seq.is_in(seqs))


class _PublishedMarks:
    """Seqs published but not yet marked, written by one background task per process every 100 ms."""

    INTERVAL = 0.1

    def __init__(self) -> None:
        self._pending: list[int] = []
        self._task: asyncio.Task[None] | None = None

    def add(self, seqs: list[int]) -> None:
        self._pending.extend(seqs)
        if self._task is None or self._task.done() or self._task.get_loop() is not asyncio.get_running_loop():
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while self._pending:
            await asyncio.sleep(self.INTERVAL)
            await self.flush()

    async def flush(self) -> None:
        batch, self._pending = self._pending, []
        if not batch:
            return
        try:
            await _mark_published(batch)
        except Exception:  # noqa: BLE001 - unmarked events are only published once more by the relay
            log.exception("marking %d events published failed; the relay will publish them again", len(batch))


_marks = _PublishedMarks()


async def flush_published_marks() -> None:
    """Write outstanding marks (on shutdown)."""
    await _marks.flush()
