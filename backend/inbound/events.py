"""The inbound domain's events (topic INBOUND): what they are called and what their payload holds."""

from __future__ import annotations

from typing import Any, Literal

from backend.events.outbox import UnitOfWork
from backend.events.topics import EventTopic
from backend.inbound.tables import Inbound, InboundLine

InboundEvent = Literal["inbound.created", "inbound.received", "inbound.closed", "inbound.cancelled"]


def inbound_payload(inbound: Inbound, lines: list[InboundLine] | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {"reference": inbound.reference, "status": inbound.status,
                               "warehouseId": str(inbound.warehouse)}
    if lines is not None:
        payload["expected"] = sum(line.expected_quantity for line in lines)
        payload["received"] = sum(line.received_quantity for line in lines)
        payload["damaged"] = sum(line.damaged_quantity for line in lines)
    return payload


def record_inbound(uow: UnitOfWork, event: InboundEvent, inbound: Inbound, lines: list[InboundLine], **extra: Any) -> None:
    uow.record(EventTopic.INBOUND, event, entity_type="Inbound", entity_id=inbound.id, merchant_id=inbound.merchant,
               payload={**inbound_payload(inbound, lines), **extra})
