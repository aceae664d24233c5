"""The orders' side of the warehouse floor: released orders move into picking, their lines record what was
picked, and a short pick that no other stock can cover sends an order back to the backorder queue. The picking
domain (`backend/picking/`) calls these inside its own units of work; the stock moves are its and the stock
domain's."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from backend.core.errors import NotFound
from backend.events.outbox import UnitOfWork
from backend.orders.history import history_entry, move_to, record_change, record_on_unchanged_orders, save_order
from backend.orders.lines import line_products, order_lines, save_lines
from backend.orders.model import OrderStatus
from backend.orders.policy import settings_for, status_after_placement
from backend.orders.reservations import sync_reservations
from backend.orders.tables import Order, OrderLine


async def _locked(order_id: UUID) -> Order:
    order = await Order.objects().where(Order.id == order_id).lock_rows().first()
    if order is None:
        raise NotFound("No such order", field="orderId")
    return order


async def start_picking(uow: UnitOfWork, order_ids: list[UUID], picklist_number: str) -> list[UUID]:
    """Move the orders that are still released into PICKING (locked in id order); returns those moved. An order
    changed meanwhile (held, cancelled, edited back to backorder) is left where it is."""
    moved = []
    for order_id in sorted(order_ids, key=str):
        order = await _locked(order_id)
        if not await pickable(order):
            continue
        diff: dict[str, Any] = {}
        move_to(order, OrderStatus.PICKING, diff)
        await save_order(order)
        await record_change(uow, order, history_entry("picking", picklist=picklist_number),
                            {**diff, "picklist": picklist_number}, event="order.picking")
        moved.append(order.id)
    return moved


async def pickable(order: Order) -> bool:
    """Whether the warehouse may pick the order now: READY, or partly shipped with the rest all reserved."""
    if order.status == OrderStatus.READY.value:
        return True
    if order.status != OrderStatus.PARTIALLY_SHIPPED.value:
        return False
    lines = await order_lines(order.id)
    return any(line.reserved for line in lines) and all(
        line.reserved + line.picked + line.shipped >= line.quantity for line in lines)


async def record_picked(order_line_id: UUID, quantity: int) -> None:
    """Units of a line taken from stock into the order's tote: reserved in stock before, picked now."""
    await OrderLine.raw(
        "UPDATE sales_order_line SET reserved = reserved - {}, picked = picked + {} WHERE id = {} AND reserved >= {}",
        quantity, quantity, order_line_id, quantity,
    )


async def pick_fell_short(uow: UnitOfWork, order_id: UUID, order_line_id: UUID, quantity: int, why: str) -> int:
    """A picker did not find `quantity` reserved units of a line (the stock domain wrote them off): the line's
    reservation shrinks, and stock elsewhere in the warehouse is reserved for it if there is any. Returns the units
    reserved again; when fewer than were short, the order goes back to BACKORDERED, with the reason in its history."""
    order = await _locked(order_id)
    lines = await order_lines(order.id)
    short_line = next(line for line in lines if line.id == order_line_id)
    short_line.reserved -= quantity
    before = short_line.reserved
    fully = await sync_reservations(uow, order, lines, await line_products(lines), keep=True)
    await save_lines(lines)
    regained = short_line.reserved - before
    if fully:
        return regained
    diff: dict[str, Any] = {}
    move_to(order, OrderStatus.BACKORDERED, diff)
    await save_order(order)
    await record_change(uow, order, history_entry("short_picked", sku=short_line.sku, units=quantity, why=why),
                        {**diff, "short": {short_line.sku: quantity}}, event="order.short_picked")
    return regained


async def finish_picking(uow: UnitOfWork, order_ids: list[UUID], picklist_number: str) -> None:
    """Record on each order that its picklist is done (orders still PICKING wait for packing)."""
    # A picklist's orders are read and recorded in a few statements, not five per order: the scan that completes a
    # picklist of many orders does this while its picker waits.
    orders = await Order.objects().where(Order.id.is_in(list(order_ids) or [None])).order_by(Order.id).lock_rows()
    picking = [order for order in orders if order.status == OrderStatus.PICKING.value]
    picked_by_order: dict[UUID, dict[str, int]] = {order.id: {} for order in picking}
    for line in await OrderLine.objects().where(OrderLine.sales_order.is_in(list(picked_by_order) or [None])).order_by(
            OrderLine.position):
        if line.picked:
            picked_by_order[line.sales_order][line.sku] = line.picked
    await record_on_unchanged_orders(uow, [
        (order, history_entry("picked", picklist=picklist_number),
         {"picked": picked_by_order[order.id], "picklist": picklist_number}) for order in picking], event="order.picked")


async def release_from_picking(uow: UnitOfWork, order_id: UUID, picklist_number: str) -> None:
    """An order left a picklist before it was picked whole (its picklist was cancelled): it is READY again, or
    wherever its stock and payment put it."""
    order = await _locked(order_id)
    if order.status != OrderStatus.PICKING.value:
        return
    lines = await order_lines(order.id)
    fully = await sync_reservations(uow, order, lines, await line_products(lines), keep=True)
    await save_lines(lines)
    diff: dict[str, Any] = {}
    move_to(order, status_after_placement(order, fully, await settings_for(order.merchant)), diff)
    await save_order(order)
    await record_change(uow, order, history_entry("picking_stopped", picklist=picklist_number),
                        {**diff, "picklist": picklist_number}, event="order.picking_stopped")


# ---------------------------------------------------------------- packing and shipping (the shipping domain's)


def _unshipped(lines: list[OrderLine]) -> int:
    return sum(line.quantity - line.shipped for line in lines)


async def mark_packed(uow: UnitOfWork, order_id: UUID, parcel_number: str) -> None:
    """Every picked unit is in a parcel and nothing is left to pick: the order is PACKED."""
    order = await _locked(order_id)
    if order.status != OrderStatus.PICKING.value:
        return
    if any(line.reserved for line in await order_lines(order.id)):
        return  # units are still to be picked on a picklist
    diff: dict[str, Any] = {}
    move_to(order, OrderStatus.PACKED, diff)
    await save_order(order)
    await record_change(uow, order, history_entry("packed", parcel=parcel_number), {**diff, "parcel": parcel_number},
                        event="order.packed")


async def record_shipped(uow: UnitOfWork, order_id: UUID, units: dict[UUID, int], parcel_number: str, *,
                         carrier: str, tracking_number: str, tracking_url: str) -> str:
    """Units of a parcel left the building: picked before, shipped now. The order is SHIPPED once every unit is,
    PARTIALLY_SHIPPED before; returns its status."""
    order = await _locked(order_id)
    for line_id, quantity in units.items():
        await OrderLine.raw("UPDATE sales_order_line SET picked = picked - {}, shipped = shipped + {} "
                            "WHERE id = {} AND picked >= {}", quantity, quantity, line_id, quantity)
    lines = await order_lines(order.id)
    target = OrderStatus.SHIPPED if _unshipped(lines) == 0 else OrderStatus.PARTIALLY_SHIPPED
    diff: dict[str, Any] = {}
    move_to(order, target, diff)
    await save_order(order)
    shipped = {line.sku: quantity for line in lines for line_id, quantity in units.items() if line.id == line_id}
    await record_change(uow, order, history_entry("shipped", parcel=parcel_number, carrier=carrier,
                                                  trackingNumber=tracking_number),
                        {**diff, "shipped": shipped, "parcel": parcel_number, "carrier": carrier,
                         "trackingNumber": tracking_number}, event="order.shipped", trackingUrl=tracking_url)
    return order.status


async def record_delivered(uow: UnitOfWork, order_id: UUID, parcel_number: str, *, every_parcel: bool) -> None:
    """A carrier delivered a parcel; the order is DELIVERED when it shipped whole and every parcel arrived."""
    order = await _locked(order_id)
    diff: dict[str, Any] = {}
    if every_parcel and order.status == OrderStatus.SHIPPED.value:
        move_to(order, OrderStatus.DELIVERED, diff)
    await save_order(order)
    await record_change(uow, order, history_entry("delivered", parcel=parcel_number), {**diff, "parcel": parcel_number},
                        event="order.delivered")


async def record_ready_for_pickup(uow: UnitOfWork, order_id: UUID) -> Order:
    """A click & collect order waits, packed, at the counter (the customer is told once notifications exist)."""
    order = await _locked(order_id)
    await save_order(order)
    await record_change(uow, order, history_entry("ready_for_pickup"), {}, event="order.ready_for_pickup")
    return order


async def record_collected(uow: UnitOfWork, order_id: UUID, units: dict[UUID, int], collected_by: str) -> Order:
    """The customer (or who they sent) fetched a click & collect order: every packed unit left, and it is done."""
    order = await _locked(order_id)
    for line_id, quantity in units.items():
        await OrderLine.raw("UPDATE sales_order_line SET picked = picked - {}, shipped = shipped + {} "
                            "WHERE id = {} AND picked >= {}", quantity, quantity, line_id, quantity)
    diff: dict[str, Any] = {}
    move_to(order, OrderStatus.DELIVERED, diff)
    await save_order(order)
    await record_change(uow, order, history_entry("collected", collectedBy=collected_by),
                        {**diff, "collectedBy": collected_by},
                        event="order.collected")
    return order


async def record_returned(order_line_id: UUID, quantity: int) -> None:
    """Units of a shipped line came back to the warehouse (the returns domain counts what may still come back)."""
    await OrderLine.raw("UPDATE sales_order_line SET returned = returned + {} WHERE id = {}", quantity, order_line_id)
