from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_payload, user_errors
from backend.api.shipping.types import TrackingEvent, parcel_id
from backend.shipping import services as shipping


@strawberry.input(description="What the carrier reported, as its tracking page or feed says it.")
class TrackingEventInput:
    carrier_event_id: str = strawberry.field(description="The carrier's id of the event: each is recorded once.")
    status: str = strawberry.field(description="IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, FAILED_ATTEMPT, RETURNED, INFO.")
    occurred_at: datetime
    description: str = ""
    location: str = ""


@strawberry.input
class TrackingEventsRecordInput:
    parcel_id: strawberry.ID
    events: list[TrackingEventInput]


TrackingEventsRecordPayload = mutation_payload("TrackingEventsRecordPayload", recorded=list[TrackingEvent])


@user_errors
async def tracking_events_record(info: Info, input: TrackingEventsRecordInput) -> TrackingEventsRecordPayload:  # noqa: A002
    recorded = await shipping.record_tracking_updates(info.context.actor, parcel_id(input.parcel_id), [
        shipping.TrackingUpdate(e.carrier_event_id, e.status, e.occurred_at, e.description, e.location)
        for e in input.events])
    return {"recorded": [TrackingEvent.from_row(r) for r in recorded]}
