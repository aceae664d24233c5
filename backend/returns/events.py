"""The returns domain's events (topic RETURN): returns announced, received, resolved, inspected item by item,
photographed, completed or cancelled, and return batches shipped back. They belong to the return's merchant (an
unidentified parcel's only to the operators until it is resolved). No payload carries prices or customer contacts."""

from __future__ import annotations

from typing import Any, Literal

from backend.events.outbox import UnitOfWork
from backend.events.topics import EventTopic
from backend.returns.model import batch_number, return_number
from backend.returns.tables import Return, ReturnBatch, ReturnItem, ReturnPhoto

ReturnEvent = Literal["return.created", "return.received", "return.resolved", "return.inspected", "return.completed",
                      "return.cancelled"]


def return_payload(sales_return: Return, order_number: str | None) -> dict[str, Any]:
    return {"number": return_number(sales_return.sequence), "status": sales_return.status,
            "orderNumber": order_number, "source": sales_return.source,
            "trackingNumber": sales_return.tracking_number}


def record_return(uow: UnitOfWork, event: ReturnEvent, sales_return: Return, order_number: str | None,
                  **extra: Any) -> None:
    uow.record(EventTopic.RETURN, event, entity_type="Return", entity_id=sales_return.id,
               merchant_id=sales_return.merchant, payload={**return_payload(sales_return, order_number), **extra})


def record_item_inspected(uow: UnitOfWork, sales_return: Return, item: ReturnItem, sku: str) -> None:
    uow.record(EventTopic.RETURN, "return.item_inspected", entity_type="Return", entity_id=sales_return.id,
               merchant_id=sales_return.merchant,
               payload={"number": return_number(sales_return.sequence), "itemId": str(item.id), "sku": sku,
                        "grade": item.grade, "disposition": item.disposition, "feedback": item.feedback})


def record_photo(uow: UnitOfWork, event: Literal["return.photo_added", "return.photo_thumbnail_ready"],
                 sales_return: Return, photo: ReturnPhoto) -> None:
    uow.record(EventTopic.RETURN, event, entity_type="Return", entity_id=sales_return.id,
               merchant_id=sales_return.merchant,
               payload={"number": return_number(sales_return.sequence), "itemId": str(photo.return_item),
                        "photoId": str(photo.id), "width": photo.width, "height": photo.height})


def record_batch(uow: UnitOfWork, event: Literal["return_batch.opened", "return_batch.shipped"], batch: ReturnBatch,
                 items: int) -> None:
    uow.record(EventTopic.RETURN, event, entity_type="ReturnBatch", entity_id=batch.id, merchant_id=batch.merchant,
               payload={"number": batch_number(batch.sequence), "status": batch.status, "items": items,
                        "carrier": batch.carrier, "trackingNumber": batch.tracking_number})
