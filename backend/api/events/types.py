from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

import strawberry
from strawberry.types import Info

from backend.api.node import Node, global_id, resolve_nodes
from backend.api.scalars import JSON, BigInt
from backend.events.outbox import StoredEvent
from backend.events.topics import EventTopic

EventTopicType = strawberry.enum(EventTopic, name="EventTopic", description="What an event is about.")


@strawberry.type(description="Who caused an event.")
class EventActor:
    kind: str = strawberry.field(description="USER, API_KEY or SYSTEM.")
    label: str = strawberry.field(description="The user's e-mail, the API key's name, or the system.")


@strawberry.type(description="Something that happened, in commit order.")
class Event:
    seq: BigInt = strawberry.field(description="Position in the stream; pass the last one seen as `afterSeq`.")
    topic: EventTopicType
    type: str = strawberry.field(description="For example `user.created`.")
    occurred_at: datetime
    merchant_id: strawberry.ID | None
    entity_id: strawberry.ID = strawberry.field(description="The global id of the object it is about.")
    payload: JSON = strawberry.field(description="The object's state after the change, and what changed.")
    actor: EventActor

    @strawberry.field(description="The object it is about, as it is now (null if gone or not visible).")
    async def entity(self, info: Info) -> Node | None:
        return (await resolve_nodes(info.context.actor, [self.entity_id]))[0]

    @classmethod
    def from_stored(cls, event: StoredEvent) -> Event:
        # Every subscriber in this process that sees an event gets the same object; build it once.
        cached = _built.get(event.seq)
        if cached is not None and cached[0] is event:
            return cached[1]
        built = cls._build(event)
        _built[event.seq] = (event, built)
        if len(_built) > 256:
            _built.popitem(last=False)
        return built

    @classmethod
    def _build(cls, event: StoredEvent) -> Event:
        return cls(
            seq=event.seq,
            topic=event.topic,
            type=event.type,
            occurred_at=event.occurred_at,
            merchant_id=global_id("Merchant", event.merchant_id) if event.merchant_id else None,
            entity_id=global_id(event.entity_type, event.entity_id),
            payload=event.payload,
            actor=EventActor(kind=event.actor.get("kind", "SYSTEM"), label=event.actor.get("label", "")),
        )


@strawberry.type(description="The newest events, and where the live stream continues from.")
class EventLog:
    events: list[Event] = strawberry.field(description="Newest first.")
    head_seq: BigInt = strawberry.field(description="Pass as `afterSeq` to `events` to continue without a gap.")


_built: OrderedDict[int, tuple[StoredEvent, Event]] = OrderedDict()
