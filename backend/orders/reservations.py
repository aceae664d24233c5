"""An order's lines hold stock while the order is placed: reserving what they still need, releasing what they no
longer need (through the stock domain's routines, the same that order placement uses)."""

from __future__ import annotations

from uuid import UUID

from backend.catalog.tables import Product
from backend.events.outbox import UnitOfWork
from backend.orders.model import units_to_reserve
from backend.orders.tables import Order, OrderLine
from backend.stock.services import release_in, reserve_up_to_in


async def sync_reservations(uow: UnitOfWork, order: Order, lines: list[OrderLine], products: dict[UUID, Product],
                            *, keep: bool) -> bool:
    """Reserve what each line still needs (as much as there is) or release what it no longer needs.

    `keep` says whether the order holds stock at all (false for drafts and cancelled orders). Lines with
    quantity 0 are being removed. Returns whether every line is fully reserved. Stock rows are taken one product
    after another in product order, as everywhere.
    """
    reference = f"order:{order.number}"
    for line in sorted(lines, key=lambda item: str(item.product)):
        target = units_to_reserve(line.quantity, line.picked, line.shipped) if keep else 0
        if line.reserved > target:
            await release_in(uow, products[line.product], order.warehouse, line.reserved - target, reference=reference)
            line.reserved = target
        elif line.reserved < target:
            granted = await reserve_up_to_in(uow, order.warehouse, {line.product: target - line.reserved},
                                             reference=reference)
            line.reserved += granted.get(line.product, 0)
    return not keep or all(line.reserved >= units_to_reserve(line.quantity, line.picked, line.shipped) for line in lines)
