"""The picking domain's events (topic PICKLIST): what they are called and what their payload holds.

Picklists are the fulfillment center's own work and may mix merchants, so their events belong to no merchant:
they go to the operators' channel only (warehouse staff and operators), never to a merchant. What a merchant sees
of picking is its orders' own events (`order.picking`, `order.picked`, `order.short_picked`).
"""

from __future__ import annotations

from typing import Any, Literal

from backend.events.outbox import UnitOfWork
from backend.events.topics import EventTopic
from backend.picking.tables import Picklist

PicklistEvent = Literal["picklist.created", "picklist.started", "picklist.picked", "picklist.line_short",
                        "picklist.completed", "picklist.cancelled"]


def picklist_number(picklist: Picklist) -> str:
    return f"PL-{picklist.sequence}"


def picklist_payload(picklist: Picklist, **extra: Any) -> dict[str, Any]:
    return {"number": picklist_number(picklist), "status": picklist.status, "warehouseId": str(picklist.warehouse),
            **extra}


def record_picklist(uow: UnitOfWork, event: PicklistEvent, picklist: Picklist, **extra: Any) -> None:
    """`extra`: what the event adds (orders, the line and units picked or short, progress)."""
    uow.record(EventTopic.PICKLIST, event, entity_type="Picklist", entity_id=picklist.id, merchant_id=None,
               payload=picklist_payload(picklist, **extra))
