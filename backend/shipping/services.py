"""Packing and shipping: picked units packed into parcels (a package type, a weight entered or worked out from the
products), parcels shipped with a carrier and a tracking number, carriers' tracking events up to delivery, and
click & collect (ready for pickup, collected). The warehouse board and the carriers' cut-off times are in
`board.py`.

The orders' lines and status move through the orders domain (`mark_packed`, `record_shipped`, `record_delivered`,
`record_ready_for_pickup`, `record_collected`); every act is one unit of work. Carriers: `MANUAL` (staff type the
tracking number of a label printed elsewhere); DHL Parcel DE, whose labels Packline buys (`carriers/`, `labels.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from backend.catalog.tables import Product, Warehouse
from backend.core.authorization import Actor, Permission
from backend.core.clock import utcnow
from backend.core.errors import Conflict, DomainError, FieldChecks, NotFound, ValidationFailed
from backend.events.outbox import UnitOfWork, unit_of_work
from backend.orders import services as orders
from backend.orders.model import OrderStatus, ShippingMethod
from backend.orders.tables import Order, OrderLine
from backend.settings import get_settings
from backend.shipping import carriers, labels
from backend.shipping.carriers.base import LabelSize
from backend.shipping.carriers.manual import MANUAL, typed_label
from backend.shipping.board import (  # noqa: F401 - the front door for the board and the cut-offs
    BoardSnapshot,
    CutoffFigures,
    board_cache,
    board_scope,
    carrier_cutoffs,
    next_cutoff,
    set_carrier_cutoff,
    warehouse_board,
)
from backend.shipping.events import parcel_number, record_parcel, record_tracking
from backend.shipping.tables import PackageType, Parcel, ParcelLine, TrackingEvent

TRACKING_STATUSES = ("INFO", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED", "FAILED_ATTEMPT", "RETURNED")


class InvalidState(DomainError):
    code = "INVALID_STATE"


@dataclass(frozen=True)
class TrackingUpdate:
    """One event a carrier reported for a tracking number."""

    carrier_event_id: str
    status: str
    occurred_at: datetime
    description: str = ""
    location: str = ""


# ---------------------------------------------------------------- package types


async def create_package_type(actor: Actor, *, warehouse_id: UUID, code: str, name: str, length_mm: int,
                              width_mm: int, height_mm: int, tare_grams: int) -> PackageType:
    actor.require(Permission.WAREHOUSES_WRITE)
    checks = FieldChecks()
    code = checks.check(_clean_code, code)
    if not name.strip() or len(name) > 100:
        checks.errors.append(ValidationFailed("1 to 100 characters", field="name"))
    for field_name, value in (("lengthMm", length_mm), ("widthMm", width_mm), ("heightMm", height_mm)):
        if not 1 <= value <= 5000:
            checks.errors.append(ValidationFailed("From 1 to 5000 mm", field=field_name))
    if not 0 <= tare_grams <= 100_000:
        checks.errors.append(ValidationFailed("From 0 to 100000 g", field="tareGrams"))
    checks.raise_if_any()
    if not await Warehouse.exists().where(Warehouse.id == warehouse_id):
        raise NotFound("No such warehouse", field="warehouseId")
    async with unit_of_work(actor):
        if await PackageType.exists().where((PackageType.warehouse == warehouse_id) & (PackageType.code == code)):
            raise Conflict(f"The code {code} is taken in this warehouse", field="code", code="DUPLICATE")
        package = PackageType(warehouse=warehouse_id, code=code, name=name.strip(), length_mm=length_mm,
                              width_mm=width_mm, height_mm=height_mm, tare_grams=tare_grams)
        await package.save()
    return package


def _clean_code(code: str) -> str:
    cleaned = code.strip().upper()
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9_-]{0,19}", cleaned):
        raise ValidationFailed("1 to 20 letters, digits, - or _", field="code")
    return cleaned


async def package_types(actor: Actor, warehouse_id: UUID) -> list[PackageType]:
    actor.require(Permission.PARCELS_READ)
    return await PackageType.objects().where(
        (PackageType.warehouse == warehouse_id) & (PackageType.is_active == True)).order_by(PackageType.code)  # noqa: E712


# ---------------------------------------------------------------- packing


async def _locked_order(order_id: UUID, field: str = "orderId") -> Order:
    order = await Order.objects().where(Order.id == order_id).lock_rows().first()
    if order is None:
        raise NotFound("No such order", field=field)
    return order


async def _packed_units(order_id: UUID) -> dict[UUID, int]:
    """Per order line, the units already in one of the order's parcels (shipped or not)."""
    rows = await ParcelLine.raw(
        "SELECT pl.order_line, sum(pl.quantity) AS units FROM parcel_line pl JOIN parcel p ON p.id = pl.parcel "
        "WHERE p.sales_order = {} GROUP BY pl.order_line", order_id)
    return {row["order_line"]: int(row["units"]) for row in rows}


async def pack(actor: Actor, order_id: UUID, *, lines: dict[UUID, int] | None = None,
               package_type_code: str | None = None, weight_grams: int | None = None) -> Parcel:
    """A parcel of an order being packed: the picked units given (by order line), or all picked units not yet in
    a parcel. Its weight is what is entered, or the products' weights and the package's own. When every picked unit
    is in a parcel and nothing is left to pick, the order is PACKED."""
    actor.require(Permission.PARCELS_WRITE)
    if weight_grams is not None and not 1 <= weight_grams <= 1_000_000:
        raise ValidationFailed("From 1 to 1000000 g", field="weightGrams")
    async with unit_of_work(actor) as uow:
        return await _pack_in(uow, await _locked_order(order_id), lines, package_type_code, weight_grams)


# Orders whose picked units may be packed: being picked or packed, or sent back to backorder with units picked.
_PACKABLE = (OrderStatus.PICKING.value, OrderStatus.PACKED.value, OrderStatus.BACKORDERED.value)


async def _pack_in(uow: UnitOfWork, order: Order, lines: dict[UUID, int] | None, package_type_code: str | None,
                   weight_grams: int | None) -> Parcel:
    if order.status not in _PACKABLE:
        raise InvalidState(f"Order {order.number} is {order.status.replace('_', ' ').lower()}: only picked orders "
                           "are packed", field="orderId")
    order_lines = {line.id: line for line in await OrderLine.objects().where(OrderLine.sales_order == order.id)}
    packed = await _packed_units(order.id)
    # Picked units still count as picked while their parcel waits: those in no parcel yet are open.
    open_units = {lid: line.picked - (packed.get(lid, 0) - line.shipped) for lid, line in order_lines.items()}
    wanted = _units_to_pack(lines, open_units, order_lines)
    package = await _package(order.warehouse, package_type_code)
    parcel = Parcel(sales_order=order.id, package_type=package.id if package else None, status="PACKED",
                    weight_grams=weight_grams or await _weight(order_lines, wanted, package),
                    created_by=uow.actor.as_event_actor())
    await parcel.save()
    parcel = await Parcel.objects().where(Parcel.id == parcel.id).first()
    await ParcelLine.insert(*[ParcelLine(parcel=parcel.id, order_line=lid, quantity=q) for lid, q in wanted.items()])
    record_parcel(uow, "parcel.packed", parcel, order, units={order_lines[lid].sku: q for lid, q in wanted.items()})
    if all(open_units[lid] - wanted.get(lid, 0) == 0 for lid in order_lines):
        await orders.mark_packed(uow, order.id, parcel_number(parcel))
    return parcel


def _units_to_pack(lines: dict[UUID, int] | None, open_units: dict[UUID, int],
                   order_lines: dict[UUID, OrderLine]) -> dict[UUID, int]:
    if lines is None:
        wanted = {lid: units for lid, units in open_units.items() if units > 0}
        if not wanted:
            raise InvalidState("Nothing picked is left to pack", field="lines")
        return wanted
    if not lines:
        raise ValidationFailed("Put at least one unit in the parcel", field="lines", code="REQUIRED")
    for index, (line_id, quantity) in enumerate(lines.items()):
        if line_id not in order_lines:
            raise NotFound("No such line of this order", field=f"lines.{index}.lineId")
        if not 1 <= quantity <= open_units[line_id]:
            raise ValidationFailed(f"{order_lines[line_id].sku}: {open_units[line_id]} picked and not yet packed",
                                   field=f"lines.{index}.quantity")
    return dict(lines)


async def _package(warehouse_id: UUID, code: str | None) -> PackageType | None:
    if not code:
        return None
    package = await PackageType.objects().where(
        (PackageType.warehouse == warehouse_id) & (PackageType.code == code.strip().upper())
        & (PackageType.is_active == True)).first()  # noqa: E712
    if package is None:
        raise NotFound(f"No package type {code} in this warehouse", field="packageTypeCode")
    return package


async def _weight(order_lines: dict[UUID, OrderLine], wanted: dict[UUID, int], package: PackageType | None) -> int | None:
    """The products' weights and the package's own; unknown when a product has no weight."""
    weights = {p.id: p.weight_grams for p in await Product.objects().where(
        Product.id.is_in([order_lines[lid].product for lid in wanted]))}
    if any(weights.get(order_lines[lid].product) is None for lid in wanted):
        return None
    return sum(weights[order_lines[lid].product] * q for lid, q in wanted.items()) + (package.tare_grams if package else 0)


# ---------------------------------------------------------------- changing a packed parcel


@dataclass(frozen=True)
class ParcelChange:
    """What to change of a packed parcel; None leaves it as it is. An empty package code: no box on record."""

    lines: dict[UUID, int] | None = None
    package_type_code: str | None = None
    weight_grams: int | None = None


async def update_parcel(actor: Actor, parcel_id: UUID, change: ParcelChange) -> Parcel:
    """A packed parcel repacked before it ships: another box, a weighed weight, or other units in it. Without a
    weight, a new box or new contents weigh what the products and the box weigh. A packed order keeps every picked
    unit in a parcel; the last open units going in make a picking order PACKED."""
    actor.require(Permission.PARCELS_WRITE)
    if change.weight_grams is not None and not 1 <= change.weight_grams <= 1_000_000:
        raise ValidationFailed("From 1 to 1000000 g", field="weightGrams")
    async with unit_of_work(actor) as uow:
        parcel = await _locked_parcel(parcel_id)
        if parcel.status != "PACKED":
            raise InvalidState(f"Parcel {parcel_number(parcel)} is {parcel.status.lower()}: only packed parcels change",
                               field="parcelId")
        order = await _locked_order(parcel.sales_order, "parcelId")
        if order.status not in _PACKABLE:
            raise InvalidState(f"Order {order.number} is {order.status.replace('_', ' ').lower()}", field="parcelId")
        return await _repack(uow, parcel, order, change)


async def _repack(uow: UnitOfWork, parcel: Parcel, order: Order, change: ParcelChange) -> Parcel:
    order_lines = {line.id: line for line in await OrderLine.objects().where(OrderLine.sales_order == order.id)}
    current = {row["order_line"]: row["quantity"] for row in await ParcelLine.select(
        ParcelLine.order_line, ParcelLine.quantity).where(ParcelLine.parcel == parcel.id)}
    packed = await _packed_units(order.id)
    # What this parcel may hold: the units in no parcel, and its own.
    open_units = {lid: line.picked - (packed.get(lid, 0) - line.shipped) + current.get(lid, 0)
                  for lid, line in order_lines.items()}
    wanted = current if change.lines is None else _units_to_pack(change.lines, open_units, order_lines)
    left_open = {lid: open_units[lid] - wanted.get(lid, 0) for lid in order_lines}
    if order.status == OrderStatus.PACKED.value and any(left_open.values()):
        raise InvalidState(f"Order {order.number} is packed: every picked unit stays in a parcel", field="lines")
    package = await _repacked_package(parcel, order, change.package_type_code)
    if change.lines is not None:
        await ParcelLine.delete().where(ParcelLine.parcel == parcel.id)
        await ParcelLine.insert(*[ParcelLine(parcel=parcel.id, order_line=lid, quantity=q) for lid, q in wanted.items()])
    if change.weight_grams is not None:
        parcel.weight_grams = change.weight_grams
    elif change.lines is not None or change.package_type_code is not None:
        parcel.weight_grams = await _weight(order_lines, wanted, package)
    await parcel.save()
    record_parcel(uow, "parcel.updated", parcel, order, units={order_lines[lid].sku: q for lid, q in wanted.items()})
    if not any(left_open.values()):
        await orders.mark_packed(uow, order.id, parcel_number(parcel))
    return parcel


async def _repacked_package(parcel: Parcel, order: Order, code: str | None) -> PackageType | None:
    """The parcel's box after the change (None: none on record), set on the parcel."""
    if code is None:
        return await PackageType.objects().where(PackageType.id == parcel.package_type).first() \
            if parcel.package_type else None
    package = await _package(order.warehouse, code)
    parcel.package_type = package.id if package else None
    return package


# ---------------------------------------------------------------- shipping


async def _locked_parcel(parcel_id: UUID) -> Parcel:
    parcel = await Parcel.objects().where(Parcel.id == parcel_id).lock_rows().first()
    if parcel is None:
        raise NotFound("No such parcel", field="parcelId")
    return parcel


async def ship(actor: Actor, parcel_id: UUID, *, carrier: str = MANUAL, service: str = "", tracking_number: str = "",
               tracking_url: str = "") -> Parcel:
    """A packed parcel leaves with a carrier: its units count as shipped, the order is SHIPPED (or PARTIALLY_SHIPPED
    while units of it are still to ship). With the manual carrier, staff type the tracking number of the label;
    with a carrier Packline has an adapter for, its label is bought (once: `labels.py`) and stored."""
    actor.require(Permission.PARCELS_WRITE)
    carrier = carrier.strip().upper() or MANUAL
    adapter = carriers.adapter(carrier)
    if adapter is None:
        label = _clean_label(carrier, tracking_number, tracking_url)
        async with unit_of_work(actor) as uow:
            parcel = await _locked_parcel(parcel_id)
            return await _ship_in(uow, parcel, await _locked_order(parcel.sales_order, "parcelId"), service, *label)
    return await _ship_with_label(actor, adapter, parcel_id, _carrier_service(adapter, service))


def _carrier_service(adapter: carriers.CarrierAdapter, service: str) -> str:
    service = service.strip().upper() or adapter.services[0]
    if service not in adapter.services:
        raise ValidationFailed(f"{adapter.name} services: {', '.join(adapter.services)}", field="service")
    return service


async def _ship_with_label(actor: Actor, adapter: carriers.CarrierAdapter, parcel_id: UUID, service: str) -> Parcel:
    async with unit_of_work(actor):
        parcel = await _locked_parcel(parcel_id)
        order = await _shippable(parcel)
        claim = await labels.claim(parcel, order, adapter.name, service, get_settings().dhl.timeout_seconds)
    label = await labels.buy(adapter, claim)
    try:
        async with unit_of_work(actor) as uow:
            parcel = await _locked_parcel(parcel_id)
            shipped = await _ship_in(uow, parcel, await _locked_order(parcel.sales_order, "parcelId"), label.service,
                                     adapter.name, label.shipment_number, label.tracking_url)
            await labels.finish(claim)
            return shipped
    except BaseException:
        await labels.release(claim, "not shipped")
        raise


def _clean_label(carrier: str, tracking_number: str, tracking_url: str) -> tuple[str, str, str]:
    carrier = carrier.strip().upper() or MANUAL
    if carrier != MANUAL:
        raise ValidationFailed(f"Carriers: {', '.join(carriers.CARRIERS)}", field="carrier")
    return (carrier, *typed_label(tracking_number, tracking_url))


async def ship_available(actor: Actor, order_id: UUID, *, carrier: str = MANUAL, service: str = "",
                         tracking_number: str = "", tracking_url: str = "") -> Parcel:
    """Ship what is picked of an order now, in one parcel, and leave the rest open: the order is PARTIALLY_SHIPPED
    (SHIPPED when nothing else was left). Only with the manual carrier: a bought label comes after packing, and a
    carrier's refusal must not leave half of this act done."""
    actor.require(Permission.PARCELS_WRITE)
    if carriers.adapter(carrier.strip().upper()) is not None:
        raise ValidationFailed(f"With {carrier.strip().upper()}, pack the parcel first (parcelCreate), then ship it "
                               "(shipmentCreate)", field="carrier")
    label = _clean_label(carrier, tracking_number, tracking_url)
    async with unit_of_work(actor) as uow:
        order = await _locked_order(order_id)
        parcel = await _pack_in(uow, order, None, None, None)
        return await _ship_in(uow, parcel, await _locked_order(order_id), service, *label)


async def _shippable(parcel: Parcel) -> Order:
    """The parcel's order (locked), if the parcel may leave with a carrier."""
    order = await _locked_order(parcel.sales_order, "parcelId")
    if parcel.status != "PACKED":
        raise InvalidState(f"Parcel {parcel_number(parcel)} is {parcel.status.lower()}", field="parcelId")
    if order.shipping_method == ShippingMethod.CLICK_AND_COLLECT.value:
        raise InvalidState(f"Order {order.number} is collected by the customer: no carrier", field="parcelId")
    return order


async def _ship_in(uow: UnitOfWork, parcel: Parcel, order: Order, service: str, carrier: str, tracking_number: str,
                   tracking_url: str) -> Parcel:
    await _shippable(parcel)
    parcel.carrier, parcel.service, parcel.tracking_number = carrier, service.strip()[:40], tracking_number
    parcel.tracking_url, parcel.status, parcel.shipped_at = tracking_url, "SHIPPED", utcnow()
    await parcel.save()
    units = {row["order_line"]: row["quantity"] for row in
             await ParcelLine.select(ParcelLine.order_line, ParcelLine.quantity).where(ParcelLine.parcel == parcel.id)}
    await orders.record_shipped(uow, order.id, units, parcel_number(parcel), carrier=carrier,
                                tracking_number=tracking_number, tracking_url=tracking_url)
    record_parcel(uow, "parcel.shipped", parcel, order, carrier=carrier, trackingNumber=tracking_number,
                  trackingUrl=tracking_url)
    return parcel


async def record_tracking_updates(actor: Actor, parcel_id: UUID, updates: list[TrackingUpdate]) -> list[TrackingEvent]:
    """What a carrier reported for a parcel, each event once (a carrier's event id is recorded once, so a poll or a
    webhook delivered twice changes nothing); a delivery marks the parcel, and the order once every parcel is."""
    actor.require(Permission.PARCELS_WRITE)
    for index, update in enumerate(updates):
        if update.status not in TRACKING_STATUSES:
            raise ValidationFailed(f"One of {', '.join(TRACKING_STATUSES)}", field=f"events.{index}.status")
        if not update.carrier_event_id.strip():
            raise ValidationFailed("The carrier's event id", field=f"events.{index}.carrierEventId", code="REQUIRED")
    recorded: list[TrackingEvent] = []
    async with unit_of_work(actor) as uow:
        parcel = await _locked_parcel(parcel_id)
        if parcel.status not in ("SHIPPED", "DELIVERED"):
            raise InvalidState(f"Parcel {parcel_number(parcel)} has not shipped", field="parcelId")
        order = await _locked_order(parcel.sales_order, "parcelId")
        for update in sorted(updates, key=lambda u: u.occurred_at):
            rows = await TrackingEvent.raw(
                "INSERT INTO tracking_event (id, parcel, carrier_event_id, status, description, location, occurred_at, "
                "recorded_at) VALUES (gen_random_uuid(), {}, {}, {}, {}, {}, {}, now()) "
                "ON CONFLICT (parcel, carrier_event_id) DO NOTHING RETURNING id",
                parcel.id, update.carrier_event_id.strip()[:120], update.status, update.description[:500],
                update.location[:200], update.occurred_at)
            if not rows:
                continue  # seen before
            event = await TrackingEvent.objects().where(TrackingEvent.id == rows[0]["id"]).first()
            recorded.append(event)
            record_tracking(uow, event, parcel, order)
            if update.status == "DELIVERED" and parcel.status == "SHIPPED":
                await _delivered(uow, parcel, order)
    return recorded


async def _delivered(uow: UnitOfWork, parcel: Parcel, order: Order) -> None:
    parcel.status, parcel.delivered_at = "DELIVERED", utcnow()
    await parcel.save()
    others = await Parcel.count().where((Parcel.sales_order == order.id) & (Parcel.id != parcel.id)
                                        & Parcel.status.is_in(["PACKED", "SHIPPED"]))
    await orders.record_delivered(uow, order.id, parcel_number(parcel), every_parcel=others == 0)
    record_parcel(uow, "parcel.delivered", parcel, order)


# ---------------------------------------------------------------- click & collect


async def _click_and_collect(order_id: UUID) -> Order:
    order = await _locked_order(order_id)
    if order.shipping_method != ShippingMethod.CLICK_AND_COLLECT.value:
        raise InvalidState(f"Order {order.number} is not click & collect", field="orderId")
    if order.status != OrderStatus.PACKED.value:
        raise InvalidState(f"Order {order.number} is {order.status.replace('_', ' ').lower()}: pack it first",
                           field="orderId")
    return order


async def ready_for_pickup(actor: Actor, order_id: UUID) -> Order:
    """A packed click & collect order waits at the counter (recorded once; the customer is told then)."""
    actor.require(Permission.PARCELS_WRITE)
    async with unit_of_work(actor) as uow:
        order = await _click_and_collect(order_id)
        return await orders.record_ready_for_pickup(uow, order.id)


async def picked_up(actor: Actor, order_id: UUID, collected_by: str) -> Order:
    """The customer, or who they sent, collected the order: it is done."""
    actor.require(Permission.PARCELS_WRITE)
    collected_by = " ".join(collected_by.split())
    if not 1 <= len(collected_by) <= 200:
        raise ValidationFailed("Who collected it (1 to 200 characters)", field="collectedBy", code="REQUIRED")
    async with unit_of_work(actor) as uow:
        order = await _click_and_collect(order_id)
        parcels = await Parcel.objects().where((Parcel.sales_order == order.id) & (Parcel.status == "PACKED"))
        units: dict[UUID, int] = {}
        for parcel in parcels:
            parcel.status, parcel.delivered_at = "COLLECTED", utcnow()
            await parcel.save()
            for row in await ParcelLine.select(ParcelLine.order_line, ParcelLine.quantity).where(
                    ParcelLine.parcel == parcel.id):
                units[row["order_line"]] = units.get(row["order_line"], 0) + row["quantity"]
        collected = await orders.record_collected(uow, order.id, units, collected_by)
        for parcel in parcels:
            record_parcel(uow, "parcel.collected", parcel, collected, collectedBy=collected_by)
        return collected


# ---------------------------------------------------------------- reading


async def parcels_of(actor: Actor, order_ids: list[UUID]) -> dict[UUID, list[Parcel]]:
    """The orders' parcels, for whoever may read the orders (merchants: their own)."""
    found: dict[UUID, list[Parcel]] = {oid: [] for oid in order_ids}
    if not order_ids or not actor.can(Permission.PARCELS_READ):
        return found
    query = Parcel.objects().where(Parcel.sales_order.is_in(list(order_ids)))
    if not actor.is_operator:
        query = query.where(Parcel.sales_order.is_in(Order.select(Order.id).where(Order.merchant == actor.merchant_id)))
    for parcel in await query.order_by(Parcel.sequence):
        found[parcel.sales_order].append(parcel)
    return found


async def tracking_of(actor: Actor, parcel_ids: list[UUID]) -> dict[UUID, list[TrackingEvent]]:
    found: dict[UUID, list[TrackingEvent]] = {pid: [] for pid in parcel_ids}
    if not parcel_ids or not actor.can(Permission.PARCELS_READ):
        return found
    query = TrackingEvent.objects().where(TrackingEvent.parcel.is_in(list(parcel_ids)))
    if not actor.is_operator:
        query = query.where(TrackingEvent.parcel.is_in(Parcel.select(Parcel.id).where(
            Parcel.sales_order.is_in(Order.select(Order.id).where(Order.merchant == actor.merchant_id)))))
    for event in await query.order_by(TrackingEvent.occurred_at):
        found[event.parcel].append(event)
    return found


@dataclass(frozen=True)
class ParcelContent:
    """Units of one order line in a parcel (no prices: the floor reads it too)."""

    order_line_id: UUID
    sku: str
    name: str
    quantity: int


async def contents_of(actor: Actor, parcel_ids: list[UUID]) -> dict[UUID, list[ParcelContent]]:
    """What is in the parcels, in the order's line order, for whoever may read them (merchants: their own)."""
    found: dict[UUID, list[ParcelContent]] = {pid: [] for pid in parcel_ids}
    if not parcel_ids or not actor.can(Permission.PARCELS_READ):
        return found
    tenant = "" if actor.is_operator else " AND o.merchant = {}"
    rows = await ParcelLine.raw(
        "SELECT pl.parcel, pl.order_line, pl.quantity, ol.sku, ol.name FROM parcel_line pl "
        "JOIN sales_order_line ol ON ol.id = pl.order_line JOIN sales_order o ON o.id = ol.sales_order "
        f"WHERE pl.parcel = ANY({{}}){tenant} ORDER BY ol.position, ol.sku",
        list(parcel_ids), *([] if actor.is_operator else [actor.merchant_id]))
    for row in rows:
        found[row["parcel"]].append(ParcelContent(order_line_id=row["order_line"], sku=row["sku"], name=row["name"],
                                                  quantity=row["quantity"]))
    return found



# ---------------------------------------------------------------- labels and tracking of carriers


async def label_pdf(parcel_id: UUID, size: LabelSize | str) -> bytes | None:
    """A parcel's carrier label (A6 thermal or A4) once bought, None otherwise; callers check who asks."""
    return await labels.label_pdf(parcel_id, size)


async def labelled(parcel_ids: list[UUID]) -> set[UUID]:
    """The parcels among these with a carrier label."""
    return await labels.labelled(parcel_ids)


async def poll_carrier_tracking(slot: datetime) -> int:
    """Ask the carriers about shipped, undelivered parcels and record what they report (see `tracking.py`)."""
    from backend.shipping.tracking import poll

    return await poll(slot)
