from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.events.types import Event, EventTopicType
from backend.api.permissions import requires
from backend.api.scalars import BigInt
from backend.core.authorization import Permission
from backend.core.ids import expect_global_id
from backend.events.stream import recent_events


@strawberry.type(description="The newest events, and where the live stream continues from.")
class EventLog:
    events: list[Event] = strawberry.field(description="Newest first.")
    head_seq: BigInt = strawberry.field(description="Pass as `afterSeq` to `events` to continue without a gap.")


@strawberry.type
class EventsQuery:
    @strawberry.field(permission_classes=[requires(Permission.EVENTS_READ)], description="What happened lately (at most 100).")
    async def recent_events(
        self, info: Info, first: int = 20, topics: list[EventTopicType] | None = None, merchant_id: strawberry.ID | None = None,
    ) -> EventLog:
        merchant = expect_global_id(merchant_id, "Merchant", field="merchantId") if merchant_id else None
        events, head = await recent_events(info.context.actor, first=first, topics=topics, merchant_id=merchant)
        return EventLog(events=[Event.from_stored(e) for e in events], head_seq=head)
