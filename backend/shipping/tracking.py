"""Polling carriers for the parcels they carry: every shipped, undelivered parcel with a bought label is asked
about, longest-unasked first, and what the carrier reports is recorded through `record_tracking_updates` (each
carrier event once, so a poll repeated or run twice at once records nothing twice). A carrier that fails for one
parcel does not stop the others; the next run asks again."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from backend.core.authorization import SYSTEM
from backend.core.clock import utcnow
from backend.core.errors import DomainError
from backend.shipping import carriers
from backend.shipping.tables import CarrierLabel

log = logging.getLogger("shipping.tracking")

# Per run; the rest waits for the next (ordered by when each was last asked about).
BATCH = 500
# A parcel not delivered after this long is not asked about any more (lost, or returned without a scan).
GIVE_UP_AFTER = timedelta(days=60)


async def poll(slot: datetime) -> int:
    """Returns how many tracking events were new."""
    from backend.shipping.services import TrackingUpdate, record_tracking_updates

    due = await CarrierLabel.raw(
        "SELECT l.id, l.parcel, l.carrier, l.shipment_number FROM carrier_label l JOIN parcel p ON p.id = l.parcel "
        "WHERE p.status = 'SHIPPED' AND l.shipment_number <> '' AND p.shipped_at > {} "
        "ORDER BY l.tracked_at NULLS FIRST, p.shipped_at LIMIT {}", slot - GIVE_UP_AFTER, BATCH)
    recorded = 0
    for row in due:
        adapter = carriers.adapter(row["carrier"])
        if adapter is None:
            continue
        try:
            events = await adapter.fetch_tracking(row["shipment_number"])
            updates = [TrackingUpdate(carrier_event_id=e.event_id, status=e.status, occurred_at=e.occurred_at,
                                      description=e.description, location=e.location) for e in events]
            if updates:
                recorded += len(await record_tracking_updates(SYSTEM, row["parcel"], updates))
        except DomainError as error:
            log.warning("tracking of parcel %s at %s failed: %s", row["parcel"], row["carrier"], error.message)
        await CarrierLabel.update({CarrierLabel.tracked_at: utcnow()}).where(CarrierLabel.id == row["id"])
    return recorded


__all__ = ["poll"]
