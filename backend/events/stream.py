"""The live event stream one subscriber reads: a replay from the outbox, then Redis fan-out, merged so that
every visible event arrives exactly once and in `seq` order.

Redis pub/sub may deliver out of order (two processes publish concurrently), twice (the relay and the
committing process) or not at all (a dropped listener connection, a full subscriber backlog). Each event
carries the previous seq of its stream, so a subscriber notices a hole and reads it from the outbox; because
seqs are given out in commit order, everything below a seq it has seen is already readable there.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Protocol
from uuid import UUID

from backend.core import metrics
from backend.core.authorization import Actor, Permission
from backend.core.errors import Forbidden, NotFound, ValidationFailed
from backend.events.outbox import StoredEvent, merchant_channel, operator_channel
from backend.events.tables import Event
from backend.events.topics import EventTopic, topics_visible_to


class LiveMessages(Protocol):
    """Raw messages of the subscribed channels, as this process's Redis listener received them."""

    def iter_events(self) -> AsyncIterator[bytes]: ...

    @property
    def qsize(self) -> int:
        """Messages waiting to be read."""
        ...


# Subscribe to Redis channels for as long as the context lasts.
Subscribe = Callable[[list[str]], AbstractAsyncContextManager[LiveMessages]]

REPLAY_PAGE = 500
# Quiet streams re-check the outbox now and then, in case a pub/sub message was lost.
SETTLE_AFTER_SECONDS = 1.0
IDLE_CHECK_SECONDS = 15.0
# How long an event that arrived ahead of its predecessor waits for it before the hole is read from the outbox.
REORDER_WAIT_SECONDS = 0.2


class EventScope:
    """One merchant's events, or every merchant's (operators only)."""

    def __init__(self, merchant_id: UUID | None) -> None:
        self.merchant_id = merchant_id

    @property
    def channel(self) -> str:
        return merchant_channel(self.merchant_id) if self.merchant_id else operator_channel()

    def previous_seq(self, event: StoredEvent) -> int:
        if self.merchant_id is None:
            return event.seq - 1
        return event.merchant_prev_seq or 0

    async def read(self, after: int, up_to: int | None = None, limit: int = REPLAY_PAGE) -> list[StoredEvent]:
        query = "SELECT * FROM event WHERE seq > {}"
        args: list[object] = [after]
        if up_to is not None:
            query += " AND seq <= {}"
            args.append(up_to)
        if self.merchant_id is not None:
            query += " AND merchant_id = {}"
            args.append(self.merchant_id)
        query += " ORDER BY seq LIMIT {}"
        args.append(limit)
        return [StoredEvent.from_row(r) for r in await Event.raw(query, *args)]


class _DecodedMessages:
    """Every subscriber of a channel in this process gets the same message bytes: decode them once."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._events: OrderedDict[bytes, StoredEvent] = OrderedDict()

    def decode(self, raw: bytes) -> StoredEvent:
        event = self._events.get(raw)
        if event is None:
            event = StoredEvent.from_message(raw)
            self._events[raw] = event
            if len(self._events) > self._size:
                self._events.popitem(last=False)
        return event


_decoded = _DecodedMessages()


def resolve_scope(actor: Actor, merchant_id: UUID | None) -> EventScope:
    actor.require(Permission.EVENTS_READ)
    if actor.is_operator:
        return EventScope(merchant_id)
    if merchant_id is not None and merchant_id != actor.merchant_id:
        raise NotFound("No such merchant", field="merchantId")
    return EventScope(actor.merchant_id)


def resolve_topics(actor: Actor, requested: list[EventTopic] | None) -> frozenset[EventTopic]:
    visible = topics_visible_to(actor)
    if requested is None:
        return visible
    hidden = [t.value for t in requested if t not in visible]
    if hidden:
        raise Forbidden(f"You may not follow these topics: {', '.join(hidden)}", field="topics")
    return frozenset(requested)


async def head_seq() -> int:
    rows = await Event.raw("SELECT coalesce(max(seq), 0) AS head FROM event")
    return rows[0]["head"]


def event_stream(
    actor: Actor,
    subscribe: Subscribe,
    *,
    topics: list[EventTopic] | None = None,
    after_seq: int | None = None,
    merchant_id: UUID | None = None,
) -> AsyncGenerator[StoredEvent, None]:
    """Check what the actor may follow (raising at once), then return the stream."""
    if after_seq is not None and after_seq < 0:
        raise ValidationFailed("afterSeq cannot be negative", field="afterSeq")
    scope = resolve_scope(actor, merchant_id)
    wanted = resolve_topics(actor, topics)
    return _stream(scope, wanted, subscribe, after_seq)


async def _stream(
    scope: EventScope, wanted: frozenset[EventTopic], subscribe: Subscribe, after_seq: int | None
) -> AsyncGenerator[StoredEvent, None]:
    async with subscribe([scope.channel]) as live:
        follower = _Follower(scope, wanted, live)
        if after_seq is None:
            follower.last = await head_seq()
        else:
            follower.last = after_seq
            done = False
            while not done:
                events, done = await follower.replay_page()
                for event in events:
                    yield event
        try:
            while True:
                for event in await follower.next_events():
                    yield event
        finally:
            follower.close()


class _Follower:
    """A subscriber's place in its scope's stream: the last seq delivered, the live messages that arrived ahead of
    one still missing, and the outbox reads that fill holes and catch up after quiet spells."""

    def __init__(self, scope: EventScope, wanted: frozenset[EventTopic], live: LiveMessages) -> None:
        self.scope, self.wanted, self.live = scope, wanted, live
        self.messages = live.iter_events().__aiter__()
        self.loop = asyncio.get_running_loop()
        self.last = 0
        self.wait = SETTLE_AFTER_SECONDS
        self.next_message: asyncio.Future[bytes] | None = None
        # Events that arrived ahead of one still missing, by seq, and until when to wait for the missing one.
        self.ahead: dict[int, StoredEvent] = {}
        self.hold_until = 0.0

    def close(self) -> None:
        if self.next_message is not None:
            self.next_message.cancel()

    def _deliver(self, events: list[StoredEvent]) -> list[StoredEvent]:
        """Move past `events` (in seq order); returns those the subscriber asked for."""
        delivered = []
        for event in events:
            self.last = event.seq
            if event.topic in self.wanted:
                delivered.append(event)
        return delivered

    async def replay_page(self) -> tuple[list[StoredEvent], bool]:
        """The next page of the outbox after `last`, and whether it was the last page."""
        page = await self.scope.read(self.last)
        return self._deliver(page), len(page) < REPLAY_PAGE

    async def next_events(self) -> list[StoredEvent]:
        """What to deliver next (possibly nothing): a hole read from the outbox, a live message with whatever
        waited for it, or what a quiet spell's check found."""
        if self.ahead and self.loop.time() >= self.hold_until:
            return await self._fill_hole()
        if self.next_message is None and self.live.qsize:
            # Busy: read straight from the backlog, without a task and a timer for every message.
            return self._accept(_decoded.decode(await self.messages.__anext__()))
        if self.next_message is None:
            self.next_message = asyncio.ensure_future(self.messages.__anext__())
        timeout = max(self.hold_until - self.loop.time(), 0.0) if self.ahead else self.wait
        done, _ = await asyncio.wait({self.next_message}, timeout=timeout)
        if not done:
            return [] if self.ahead else await self._catch_up()  # a hole is read on the next call
        raw = self.next_message.result()
        self.next_message = None
        return self._accept(_decoded.decode(raw))

    async def _fill_hole(self) -> list[StoredEvent]:
        """The missing event's message did not come: read the hole from the outbox."""
        metrics.EVENTS_GAP_FILLS.inc()
        up_to = max(self.ahead)
        self.ahead.clear()
        return self._deliver(await self.scope.read(self.last, up_to=up_to, limit=up_to - self.last))

    async def _catch_up(self) -> list[StoredEvent]:
        """Quiet: anything committed that we have not seen must have lost its message."""
        self.wait = IDLE_CHECK_SECONDS
        missed = await self.scope.read(self.last)
        if missed:
            metrics.EVENTS_GAP_FILLS.inc()
        return self._deliver(missed)

    def _accept(self, event: StoredEvent) -> list[StoredEvent]:
        """A live message: delivered with the ones that waited for it, held when it came early, or dropped when
        it was seen already."""
        if event.seq <= self.last or event.seq in self.ahead:
            return []  # already delivered or waiting (replayed, gap-filled or published twice)
        if self.scope.previous_seq(event) > self.last:
            # Usually two commits published in the opposite order: the earlier one follows at once.
            if not self.ahead:
                self.hold_until = self.loop.time() + REORDER_WAIT_SECONDS
            self.ahead[event.seq] = event
            return []
        delivered = self._deliver([event])
        while self.ahead:
            following = self.ahead[min(self.ahead)]
            if self.scope.previous_seq(following) > self.last:
                break
            del self.ahead[following.seq]
            delivered += self._deliver([following])
        return delivered


async def recent_events(
    actor: Actor, *, first: int = 20, topics: list[EventTopic] | None = None, merchant_id: UUID | None = None
) -> tuple[list[StoredEvent], int]:
    """The newest visible events (newest first) and the seq to follow the live stream from without a gap.

    For a merchant that seq is its own latest event's, so it reveals nothing of other merchants' activity.
    """
    if not 1 <= first <= 100:
        raise ValidationFailed("first must be between 1 and 100", field="first", code="INVALID_PAGE")
    scope = resolve_scope(actor, merchant_id)
    wanted = sorted(t.value for t in resolve_topics(actor, topics))
    if scope.merchant_id is None:
        head_rows = await Event.raw("SELECT coalesce(max(seq), 0) AS head FROM event")
        rows = await Event.raw("SELECT * FROM event WHERE topic = ANY({}) ORDER BY seq DESC LIMIT {}", wanted, first)
    else:
        head_rows = await Event.raw("SELECT coalesce(max(seq), 0) AS head FROM event WHERE merchant_id = {}", scope.merchant_id)
        rows = await Event.raw(
            "SELECT * FROM event WHERE merchant_id = {} AND topic = ANY({}) ORDER BY seq DESC LIMIT {}",
            scope.merchant_id, wanted, first,
        )
    return [StoredEvent.from_row(r) for r in rows], head_rows[0]["head"]
