from __future__ import annotations

import enum
from datetime import date, datetime
from uuid import UUID

import strawberry
from strawberry.types import Info

from backend.api.accounts.types import Merchant, load_merchant
from backend.api.catalog.types import Product, Warehouse, load_product, load_warehouse
from backend.api.context import batch_loader
from backend.api.errors import mutation_payload
from backend.api.node import Node, global_id, register_node
from backend.inbound import services as inbound_services
from backend.inbound.tables import Inbound as InboundRow
from backend.inbound.tables import InboundLine as InboundLineRow


@strawberry.enum(description="Where an inbound delivery stands.")
class InboundStatus(enum.Enum):
    ANNOUNCED = "ANNOUNCED"
    RECEIVING = "RECEIVING"
    RECEIVED = "RECEIVED"
    CLOSED = "CLOSED"
    CANCELLED = "CANCELLED"


@strawberry.type(description="One product of an inbound delivery: announced, counted, damaged.")
class InboundLine:
    expected_quantity: int
    received_quantity: int
    damaged_quantity: int
    unexpected: bool = strawberry.field(description="Arrived without being announced.")
    _product_id: strawberry.Private[UUID]

    @strawberry.field(description="received + damaged − expected: below zero is missing, above is extra.")
    def difference(self) -> int:
        return self.received_quantity + self.damaged_quantity - self.expected_quantity

    @strawberry.field
    async def product(self, info: Info) -> Product | None:
        return await load_product(info, self._product_id)

    @classmethod
    def from_row(cls, row: InboundLineRow) -> InboundLine:
        return cls(expected_quantity=row.expected_quantity, received_quantity=row.received_quantity,
                   damaged_quantity=row.damaged_quantity, unexpected=row.unexpected, _product_id=row.product)


async def _lines(actor, ids):  # noqa: ANN001, ANN202
    return await inbound_services.lines_of(ids)


@strawberry.type(description="A delivery a merchant announced (ASN) and the warehouse receives.")
class Inbound(Node):
    reference: str
    status: InboundStatus
    expected_on: date | None
    carrier: str
    tracking_number: str
    note: str
    created_at: datetime
    received_at: datetime | None
    closed_at: datetime | None
    cancelled_at: datetime | None
    _id: strawberry.Private[UUID]
    _merchant_id: strawberry.Private[UUID]
    _warehouse_id: strawberry.Private[UUID]

    @strawberry.field
    async def merchant(self, info: Info) -> Merchant | None:
        return await load_merchant(info, self._merchant_id)

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await load_warehouse(info, self._warehouse_id)

    @strawberry.field
    async def lines(self, info: Info) -> list[InboundLine]:
        rows = await batch_loader(info, "inbound_lines", _lines).load(self._id)
        return [InboundLine.from_row(r) for r in rows or []]

    @strawberry.field(description="Lines where what arrived differs from what was announced, or arrived damaged.")
    async def discrepancies(self, info: Info) -> list[InboundLine]:
        return [line for line in await self.lines(info) if line.difference() != 0 or line.damaged_quantity]

    @classmethod
    def from_row(cls, row: InboundRow) -> Inbound:
        return cls(
            id=global_id("Inbound", row.id), reference=row.reference, status=InboundStatus(row.status),
            expected_on=row.expected_on, carrier=row.carrier, tracking_number=row.tracking_number, note=row.note,
            created_at=row.created_at, received_at=row.received_at, closed_at=row.closed_at,
            cancelled_at=row.cancelled_at, _id=row.id, _merchant_id=row.merchant, _warehouse_id=row.warehouse,
        )


InboundPayload = mutation_payload("InboundPayload", inbound=Inbound)


register_node("Inbound", inbound_services.inbounds_by_ids, Inbound.from_row)
