"""The catalog's events (topic PRODUCT): what they are called and what their payload holds."""

from __future__ import annotations

from typing import Any, Literal

from backend.catalog.tables import Product
from backend.events.outbox import UnitOfWork
from backend.events.topics import EventTopic

ProductEvent = Literal["product.created", "product.updated", "product.archived", "product.restored"]


def product_payload(product: Product) -> dict[str, Any]:
    return {"sku": product.sku, "name": product.name, "barcode": product.barcode, "isArchived": product.is_archived}


def record_product(uow: UnitOfWork, event: ProductEvent, product: Product, **extra: Any) -> None:
    """`extra`: `changes` (field → before and after) for an update."""
    uow.record(EventTopic.PRODUCT, event, entity_type="Product", entity_id=product.id, merchant_id=product.merchant,
               payload={**product_payload(product), **extra})
