from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry
from strawberry.types import Info

from backend.api.context import batch_loader
from backend.api.errors import mutation_payload
from backend.api.node import global_id
from backend.api.orders.types import FulfillmentOrder, Order, ShippingMethod
from backend.core.ids import expect_global_id
from backend.core.queries import json_value
from backend.shipping import services as shipping
from backend.shipping.events import parcel_number
from backend.shipping.tables import CarrierCutoff as CarrierCutoffRow
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


async def _labelled(actor, ids):  # noqa: ANN001, ANN202
    # Only parcels the actor was given (its own orders') reach here.
    found = await shipping.labelled(list(ids))
    return {pid: pid in found for pid in ids}


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

    @strawberry.field(description="Whether a carrier's label was bought for it (print it with parcelLabelLink).")
    async def has_label(self, info: Info) -> bool:
        return bool(await batch_loader(info, "parcel_labelled", _labelled).load(self._id))

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


# ---------------------------------------------------------------- the warehouse board


@strawberry.type(description="When a carrier collects a warehouse's parcels for the last time each day.")
class CarrierCutoff:
    carrier: str
    cutoff_local_time: str = strawberry.field(description="HH:MM in the warehouse's time zone.")
    shipping_methods: list[ShippingMethod] = strawberry.field(description="The orders that go with this carrier.")

    @classmethod
    def from_row(cls, row: CarrierCutoffRow) -> CarrierCutoff:
        return cls(carrier=row.carrier, cutoff_local_time=row.cutoff_local_time.strftime("%H:%M"),
                   shipping_methods=[ShippingMethod(m) for m in json_value(row.shipping_methods) or []])


@strawberry.type(description="A carrier's next cut-off and the orders that still have to make it.")
class CutoffCountdown:
    carrier: str
    cutoff_local_time: str = strawberry.field(description="HH:MM in the warehouse's time zone.")
    shipping_methods: list[ShippingMethod]
    next_cutoff_at: datetime = strawberry.field(description="Today's cut-off, or tomorrow's once today's has passed.")
    minutes_left: int = strawberry.field(description="Whole minutes until `nextCutoffAt`, as the board was computed.")
    ready: int = strawberry.field(description="Orders of its shipping methods waiting to be picked.")
    picking: int
    packed: int = strawberry.field(description="Packed, waiting for the carrier.")
    orders_left: int = strawberry.field(description="Ready, picking and packed: what still has to make it.")

    @classmethod
    def from_figures(cls, f: shipping.CutoffFigures) -> CutoffCountdown:
        return cls(carrier=f.carrier, cutoff_local_time=f.cutoff_local_time.strftime("%H:%M"),
                   shipping_methods=[ShippingMethod(m) for m in f.shipping_methods], next_cutoff_at=f.next_cutoff_at,
                   minutes_left=f.minutes_left, ready=f.ready, picking=f.picking, packed=f.packed,
                   orders_left=f.orders_left)


@strawberry.type(description="What the screen on the warehouse wall shows: the floor's figures, as of `computedAt`.")
class WarehouseBoard:
    warehouse_id: strawberry.ID
    timezone: str = strawberry.field(description="The warehouse's time zone: where its day starts.")
    day_starts_at: datetime
    ready: int = strawberry.field(description="Orders ready to pick (on a picklist not yet started, too).")
    picking: int = strawberry.field(description="Orders being picked (and picked, until they are packed).")
    units_to_pick: int = strawberry.field(description="Units still to pick on open picklists.")
    packed: int = strawberry.field(description="Orders packed and waiting for the carrier.")
    awaiting_pickup: int = strawberry.field(description="Click & collect orders packed and waiting at the counter.")
    backordered: int = strawberry.field(description="Orders waiting for stock.")
    shipped_today: int = strawberry.field(description="Orders with a parcel shipped since the day started.")
    parcels_shipped_today: int
    short_units_today: int = strawberry.field(description="Units found missing on picklists started today.")
    oldest_ready_since: datetime | None = strawberry.field(
        description="Since when the oldest READY order has waited (null: none waiting).")
    cutoffs: list[CutoffCountdown] = strawberry.field(description="Per carrier, earliest cut-off time first.")
    computed_at: datetime

    @classmethod
    def from_snapshot(cls, s: shipping.BoardSnapshot) -> WarehouseBoard:
        return cls(warehouse_id=global_id("Warehouse", s.warehouse_id), timezone=s.timezone,
                   day_starts_at=s.day_starts_at, ready=s.ready, picking=s.picking, units_to_pick=s.units_to_pick,
                   packed=s.packed,
                   awaiting_pickup=s.awaiting_pickup, backordered=s.backordered, shipped_today=s.shipped_today,
                   parcels_shipped_today=s.parcels_shipped_today, short_units_today=s.short_units_today,
                   oldest_ready_since=s.oldest_ready_since,
                   cutoffs=[CutoffCountdown.from_figures(f) for f in s.cutoffs], computed_at=s.computed_at)


__all__ = ["Order", "Parcel", "ParcelLine", "ParcelPayload", "PackageType", "TrackingEvent", "CarrierCutoff", "WarehouseBoard"]
