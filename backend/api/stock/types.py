from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import Product, Warehouse, load_warehouse
from backend.api.context import batch_loader
from backend.api.node import Node, global_id, register_node
from backend.catalog import services as catalog
from backend.stock import services as stock
from backend.stock.services import MovementReason
from backend.stock.tables import StockLevel as StockLevelRow
from backend.stock.tables import StockMovement as StockMovementRow

MovementReasonType = strawberry.enum(MovementReason, name="MovementReason", description="Why stock changed.")


@strawberry.type(description="Quantities of a product; available = on hand − reserved − blocked.")
class StockQuantities:
    on_hand: int
    reserved: int
    blocked: int
    incoming: int

    @strawberry.field
    def available(self) -> int:
        return self.on_hand - self.reserved - self.blocked


@strawberry.type(description="A product's stock in one warehouse.")
class StockLevel(Node, StockQuantities):
    updated_at: datetime
    _warehouse_id: strawberry.Private[UUID]

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await load_warehouse(info, self._warehouse_id)

    @classmethod
    def from_row(cls, row: StockLevelRow) -> StockLevel:
        return cls(id=global_id("StockLevel", row.id), on_hand=row.on_hand, reserved=row.reserved, blocked=row.blocked,
                   incoming=row.incoming, updated_at=row.updated_at, _warehouse_id=row.warehouse)


@strawberry.type(description="Units of a product in one bin.")
class BinQuantity:
    location_code: str
    on_hand: int
    warehouse_id: strawberry.ID


@strawberry.type(description="One entry of the immutable stock ledger.")
class StockMovement:
    reason: MovementReasonType
    on_hand_delta: int
    reserved_delta: int
    blocked_delta: int
    incoming_delta: int
    reference: str
    note: str
    actor_label: str
    created_at: datetime
    _warehouse_id: strawberry.Private[UUID]
    _location_id: strawberry.Private[UUID | None]

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await load_warehouse(info, self._warehouse_id)

    @strawberry.field
    async def location_code(self, info: Info) -> str | None:
        if self._location_id is None:
            return None
        row = await batch_loader(info, "location", catalog.locations_by_ids).load(self._location_id)
        return row.code if row else None

    @classmethod
    def from_row(cls, row: StockMovementRow) -> StockMovement:
        actor = row.actor if isinstance(row.actor, dict) else __import__("json").loads(row.actor or "{}")
        return cls(reason=MovementReason(row.reason), on_hand_delta=row.on_hand_delta, reserved_delta=row.reserved_delta,
                   blocked_delta=row.blocked_delta, incoming_delta=row.incoming_delta, reference=row.reference,
                   note=row.note, actor_label=actor.get("label", ""), created_at=row.created_at,
                   _warehouse_id=row.warehouse, _location_id=row.location)


async def changed_product(info: Info, product_id: UUID) -> Product:
    """The product a stock mutation changed, read anew for its payload."""
    return Product.from_row((await catalog.products_by_ids(info.context.actor, [product_id]))[product_id])


register_node("StockLevel", stock.stock_levels_by_ids, StockLevel.from_row)
