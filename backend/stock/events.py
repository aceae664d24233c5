"""The stock domain's events (topic STOCK): what they are called and what their payload holds.

`stock.changed` is built by the routine `stock_change` (stock.sql), in the same statement as the change it reports:
productId, sku, warehouseId, reason, delta {onHand, reserved, blocked, incoming}, the new onHand, reserved, blocked,
incoming and available, and for a count its `before` and `counted`. `stock.transferred` (a move between bins,
which leaves the warehouse's quantities as they are) is recorded here.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from backend.catalog.tables import Location, Product
from backend.events.outbox import UnitOfWork
from backend.events.topics import EventTopic

StockEvent = Literal["stock.changed", "stock.transferred"]


def record_transfer(uow: UnitOfWork, level_id: UUID, product: Product, warehouse_id: UUID, quantity: int,
                    source: Location, target: Location, quantities: dict[str, int]) -> None:
    uow.record(EventTopic.STOCK, "stock.transferred", entity_type="StockLevel", entity_id=level_id,
               merchant_id=product.merchant,
               payload={"productId": str(product.id), "sku": product.sku, "warehouseId": str(warehouse_id),
                        "quantity": quantity, "from": source.code, "to": target.code, **quantities})
