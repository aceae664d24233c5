"""Backorders get stock as soon as it is there: oldest order first, as much as there is (partial delivery is
possible), each order in its own short transaction. Triggered after every commit that frees units of a product
(inbound, adjustment, return, a released reservation), and swept every minute in case a process died between."""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from backend.catalog.tables import Product
from backend.core.authorization import SYSTEM
from backend.events.outbox import unit_of_work
from backend.orders.history import history_entry, move_to, record_change, save_order
from backend.orders.lines import order_lines, save_lines
from backend.orders.model import OrderStatus, units_to_reserve
from backend.orders.policy import settings_for, status_after_placement
from backend.orders.reservations import sync_reservations
from backend.orders.tables import Order
from backend.stock import services as stock

log = logging.getLogger(__name__)

BATCH = 200


async def _available(product_id: UUID, warehouse_id: UUID) -> int:
    return (await stock.current_quantities(product_id, warehouse_id)).available


async def allocate_backorders(product_id: UUID, warehouse_id: UUID) -> int:
    """Give freed units of one product to its backorders, oldest first; returns how many orders got stock."""
    served = 0
    after: tuple[Any, Any] | None = None
    while await _available(product_id, warehouse_id) > 0:
        rows = await Order.raw(
            "SELECT DISTINCT o.id, o.placed_at FROM sales_order o JOIN sales_order_line l ON l.sales_order = o.id "
            "WHERE o.status IN ('BACKORDERED', 'PARTIALLY_SHIPPED') AND o.warehouse = {} AND l.product = {} "
            "AND l.reserved + l.picked + l.shipped < l.quantity "
            + ("AND (o.placed_at, o.id) > ({}, {}) " if after else "")
            + "ORDER BY o.placed_at, o.id LIMIT " + str(BATCH),
            warehouse_id, product_id, *(after or ()),
        )
        if not rows:
            break
        for row in rows:
            if await _allocate_order(row["id"], product_id):
                served += 1
            if await _available(product_id, warehouse_id) <= 0:
                break
        after = (rows[-1]["placed_at"], rows[-1]["id"])
        if len(rows) < BATCH:
            break
    return served


async def _allocate_order(order_id: UUID, product_id: UUID) -> bool:
    """Give one backorder what it lacks of `product_id`. Only that product: the order's other short lines wait
    for their own product's allocation, where older backorders may come first."""
    async with unit_of_work(SYSTEM) as uow:
        order = await Order.objects().where(Order.id == order_id).lock_rows().first()
        # A partly shipped order waits for the rest as a backorder does (and stays partly shipped).
        if order is None or order.status not in (OrderStatus.BACKORDERED.value, OrderStatus.PARTIALLY_SHIPPED.value):
            return False
        lines = await order_lines(order.id)
        serving = [line for line in lines if line.product == product_id]
        before = {line.id: line.reserved for line in serving}
        products = {p.id: p for p in await Product.objects().where(Product.id == product_id)}
        await sync_reservations(uow, order, serving, products, keep=True)
        gained = {line.sku: line.reserved - before[line.id] for line in serving if line.reserved != before[line.id]}
        if not gained:
            return False
        await save_lines(serving)
        diff: dict[str, Any] = {"allocated": gained}
        fully = all(line.reserved >= units_to_reserve(line.quantity, line.picked, line.shipped) for line in lines)
        if fully and order.status == OrderStatus.BACKORDERED.value:
            settings = await settings_for(order.merchant)
            move_to(order, status_after_placement(order, True, settings), diff)
        await save_order(order)
        await record_change(uow, order, history_entry("allocated", units=gained), diff, event="order.allocated")
    return True


async def sweep_backorders(slot: object = None) -> int:
    """Allocate every product that has both backorders and available stock (the periodic safety net)."""
    pairs = await Order.raw(
        "SELECT DISTINCT l.product, o.warehouse FROM sales_order o JOIN sales_order_line l ON l.sales_order = o.id "
        "JOIN stock_level s ON s.product = l.product AND s.warehouse = o.warehouse "
        "WHERE o.status IN ('BACKORDERED', 'PARTIALLY_SHIPPED') AND l.reserved + l.picked + l.shipped < l.quantity "
        "AND s.on_hand - s.reserved - s.blocked > 0"
    )
    served = 0
    for pair in pairs:
        served += await allocate_backorders(pair["product"], pair["warehouse"])
    return served

