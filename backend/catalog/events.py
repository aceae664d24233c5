"""The catalog's events (topic PRODUCT): what they are called and what their payload holds.

A product's events carry its SKU, name, barcode, archived flag, size, colour and family (`familyId`, the family's
id as stored, as `stock.changed` names its product); a family's carry its code and name. Updates add `changes`
(field → before and after); a product moved to another family has `familyId` among them.
"""

from __future__ import annotations

from typing import Any, Literal

from backend.catalog.tables import Product, ProductFamily
from backend.events.outbox import UnitOfWork
from backend.events.topics import EventTopic

ProductEvent = Literal["product.created", "product.updated", "product.archived", "product.restored"]
# A family of one made with its product is announced by `product.created`; a family is deleted when its last
# variant moved to another family.
FamilyEvent = Literal["product_family.created", "product_family.updated", "product_family.deleted"]


def product_payload(product: Product) -> dict[str, Any]:
    return {"sku": product.sku, "name": product.name, "barcode": product.barcode, "isArchived": product.is_archived,
            "size": product.size, "colour": product.colour, "familyId": str(product.family)}


def record_product(uow: UnitOfWork, event: ProductEvent, product: Product, **extra: Any) -> None:
    """`extra`: `changes` (field → before and after) for an update."""
    uow.record(EventTopic.PRODUCT, event, entity_type="Product", entity_id=product.id, merchant_id=product.merchant,
               payload={**product_payload(product), **extra})


def family_payload(family: ProductFamily) -> dict[str, Any]:
    return {"code": family.code, "name": family.name}


def record_family(uow: UnitOfWork, event: FamilyEvent, family: ProductFamily, **extra: Any) -> None:
    """`extra`: `changes` (field → before and after) for an update."""
    uow.record(EventTopic.PRODUCT, event, entity_type="ProductFamily", entity_id=family.id,
               merchant_id=family.merchant, payload={**family_payload(family), **extra})
