"""The shipping domain's events (topic SHIPMENT): parcels packed, shipped, delivered or collected, and carriers'
tracking events. They belong to the order's merchant: its dashboard and systems follow their own shipments live.
No payload carries prices or customer contacts."""

from __future__ import annotations

from typing import Any, Literal

from backend.events.outbox import UnitOfWork
from backend.events.topics import EventTopic
from backend.orders.tables import Order
from backend.shipping.tables import Parcel, TrackingEvent

ParcelEvent = Literal["parcel.packed", "parcel.updated", "parcel.shipped", "parcel.delivered", "parcel.collected"]


def parcel_number(parcel: Parcel) -> str:
    return f"P-{parcel.sequence}"


def record_parcel(uow: UnitOfWork, event: ParcelEvent, parcel: Parcel, order: Order, **extra: Any) -> None:
    uow.record(EventTopic.SHIPMENT, event, entity_type="Parcel", entity_id=parcel.id, merchant_id=order.merchant,
               payload={"number": parcel_number(parcel), "status": parcel.status, "orderNumber": order.number,
                        "orderId": str(order.id), "carrier": parcel.carrier, "trackingNumber": parcel.tracking_number,
                        **extra})


def record_tracking(uow: UnitOfWork, event: TrackingEvent, parcel: Parcel, order: Order) -> None:
    uow.record(EventTopic.SHIPMENT, "tracking.recorded", entity_type="Parcel", entity_id=parcel.id,
               merchant_id=order.merchant,
               payload={"number": parcel_number(parcel), "orderNumber": order.number, "status": event.status,
                        "description": event.description, "location": event.location,
                        "occurredAt": event.occurred_at.isoformat(), "trackingNumber": parcel.tracking_number})
