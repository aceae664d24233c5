from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry
from strawberry.types import Info

from backend.api.context import batch_loader
from backend.api.errors import mutation_payload
from backend.api.node import global_id
from backend.api.orders.types import FulfillmentOrder, Order
from backend.core.ids import expect_global_id
from backend.shipping import services as shipping
from backend.shipping.events import parcel_number
from backend.shipping.tables import PackageType as PackageTypeRow
from backend.shipping.tables import Parcel as ParcelRow
from backend.shipping.tables import TrackingEvent as TrackingEventRow


@strawberry.type(description="A box or envelope a warehouse packs into.")
class PackageType:
    id: strawberry.ID
    code: str
    name: str
    length_mm: int
    width_mm: int
    height_mm: int
    tare_grams: int = strawberry.field(description="The package's own weight.")

    @classmethod
    def from_row(cls, row: PackageTypeRow) -> PackageType:
        return cls(id=global_id("PackageType", row.id), code=row.code, name=row.name, length_mm=row.length_mm,
                   width_mm=row.width_mm, height_mm=row.height_mm, tare_grams=row.tare_grams)


@strawberry.type(description="What a carrier reported about a parcel.")
class TrackingEvent:
    status: str = strawberry.field(description="IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, FAILED_ATTEMPT, RETURNED, INFO.")
    description: str
    location: str
    occurred_at: datetime

    @classmethod
    def from_row(cls, row: TrackingEventRow) -> TrackingEvent:
        return cls(status=row.status, description=row.description, location=row.location, occurred_at=row.occurred_at)


async def _tracking(actor, ids):  # noqa: ANN001, ANN202
    return await shipping.tracking_of(actor, ids)


async def _contents(actor, ids):  # noqa: ANN001, ANN202
    return await shipping.contents_of(actor, ids)


@strawberry.type(description="Units of one order line in a parcel.")
class ParcelLine:
    line_id: strawberry.ID = strawberry.field(description="The order line's id.")
    sku: str
    name: str
    quantity: int

    @classmethod
    def from_content(cls, content: shipping.ParcelContent) -> ParcelLine:
        return cls(line_id=global_id("OrderLine", content.order_line_id), sku=content.sku, name=content.name,
                   quantity=content.quantity)


@strawberry.type(description="One box of an order, and once shipped its carrier and tracking number.")
class Parcel:
    id: strawberry.ID
    number: str
    status: str = strawberry.field(description="PACKED, SHIPPED, DELIVERED or COLLECTED (click & collect).")
    carrier: str
    service: str
    tracking_number: str
    tracking_url: str
    weight_grams: int | None
    created_at: datetime
    shipped_at: datetime | None
    delivered_at: datetime | None
    _id: strawberry.Private[UUID]

    @strawberry.field(description="Oldest first.")
    async def tracking(self, info: Info) -> list[TrackingEvent]:
        rows = await batch_loader(info, "parcel_tracking", _tracking).load(self._id)
        return [TrackingEvent.from_row(r) for r in rows or []]

    @strawberry.field(description="What is in it, in the order's line order.")
    async def lines(self, info: Info) -> list[ParcelLine]:
        rows = await batch_loader(info, "parcel_contents", _contents).load(self._id)
        return [ParcelLine.from_content(r) for r in rows or []]

    @classmethod
    def from_row(cls, row: ParcelRow) -> Parcel:
        return cls(id=global_id("Parcel", row.id), number=parcel_number(row), status=row.status, carrier=row.carrier,
                   service=row.service, tracking_number=row.tracking_number, tracking_url=row.tracking_url,
                   weight_grams=row.weight_grams, created_at=row.created_at, shipped_at=row.shipped_at,
                   delivered_at=row.delivered_at, _id=row.id)


def parcel_id(value: strawberry.ID) -> UUID:
    return expect_global_id(value, "Parcel", field="parcelId")


def released_order_id(value: strawberry.ID, field: str = "orderId") -> UUID:
    """An order by its FulfillmentOrder id (the warehouse's) or its Order id."""
    from backend.core.errors import ValidationFailed
    from backend.core.ids import from_global_id

    kind, local = from_global_id(value, field=field)
    if kind not in ("FulfillmentOrder", "Order"):
        raise ValidationFailed("Not an order id", field=field, code="INVALID_ID")
    return local


async def fulfillment_view(info: Info, order_uuid: UUID) -> FulfillmentOrder | None:
    from backend.orders import services as orders

    rows = await orders.fulfillment_orders_by_ids(info.context.actor, [order_uuid])
    return FulfillmentOrder.from_row(rows[order_uuid]) if order_uuid in rows else None


ParcelPayload = mutation_payload("ParcelPayload", parcel=Parcel, order=FulfillmentOrder)
__all__ = ["Order", "Parcel", "ParcelLine", "ParcelPayload", "PackageType", "TrackingEvent"]
