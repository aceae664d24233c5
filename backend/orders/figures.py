"""The dashboard's hourly figures, kept with every placement, cancellation and change of a total (routine
`order_hour_stats_add` in placement.sql, which placing an order calls too)."""

from __future__ import annotations

from backend.core.clock import utcnow
from backend.orders.tables import Order, OrderHourStats


async def add_to_hourly_figures(order: Order, *, placed: int = 0, revenue: int = 0, cancelled: int = 0) -> None:
    """Add to the figures of the hour the order was placed in (an edit that changes its total adds the difference)."""
    await OrderHourStats.raw("SELECT order_hour_stats_add({}, {}, {}, {}, {}, {})", order.merchant,
                             order.placed_at or utcnow(), order.currency, placed, revenue, cancelled)


async def count_cancellation(order: Order) -> None:
    """A cancelled order leaves the day's revenue and counts as cancelled."""
    await add_to_hourly_figures(order, revenue=-order.total, cancelled=1)
