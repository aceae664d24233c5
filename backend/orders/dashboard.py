"""The live order dashboard's figures for one merchant (or, for operators, all of them).

Cheap at any order volume: status counts read only open orders through a partial index; today's orders and
revenue come from the hourly figures intake keeps (`sales_order_hour_stats`), never from scanning a day of
orders. Each API process computes a scope's snapshot at most once per short window, however many dashboards
watch it (`dashboard_cache`, a `core.snapshots.SnapshotCache`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

from backend.core.authorization import Actor, Permission
from backend.core.snapshots import SnapshotCache
from backend.orders.policy import merchant_timezone
from backend.orders.queries import day_start
from backend.orders.tables import Order

OPEN_STATUSES = ("DRAFT", "AWAITING_PAYMENT", "BACKORDERED", "READY", "ON_HOLD", "PICKING", "PACKED", "PARTIALLY_SHIPPED")


@dataclass(frozen=True)
class Amount:
    currency: str
    minor: int


@dataclass(frozen=True)
class HourFigures:
    hour: datetime
    placed: int
    cancelled: int


@dataclass(frozen=True)
class DashboardSnapshot:
    merchant_id: UUID | None
    status_counts: dict[str, int]
    orders_today: int
    cancelled_today: int
    revenue_today: tuple[Amount, ...]
    awaiting_payment_count: int
    awaiting_payment_value: tuple[Amount, ...]
    backordered: int
    on_hold: int
    oldest_ready_since: datetime | None
    orders_per_hour: tuple[HourFigures, ...]
    day_starts_at: datetime
    computed_at: datetime = field(compare=False)


async def compute_snapshot(merchant_id: UUID | None, now: datetime | None = None) -> DashboardSnapshot:
    now = now or datetime.now(UTC)
    start = day_start(await merchant_timezone(merchant_id), now)
    scope, args = ("AND merchant = {} ", [merchant_id]) if merchant_id else ("", [])
    open_rows = await Order.raw(
        "SELECT status, currency, count(*) AS n, coalesce(sum(total), 0) AS value FROM sales_order "
        f"WHERE status IN {OPEN_STATUSES} {scope}GROUP BY status, currency",
        *args,
    )
    ready = await Order.raw(f"SELECT min(status_changed_at) AS since FROM sales_order WHERE status = 'READY' {scope}", *args)
    hours = await Order.raw(
        "SELECT hour, currency, sum(placed) AS placed, sum(revenue) AS revenue, sum(cancelled) AS cancelled "
        f"FROM sales_order_hour_stats WHERE hour >= {{}} {scope}GROUP BY hour, currency ORDER BY hour",
        start, *args,
    )
    counts = {status: 0 for status in OPEN_STATUSES}
    awaiting: dict[str, int] = {}
    for row in open_rows:
        counts[row["status"]] += row["n"]
        if row["status"] == "AWAITING_PAYMENT":
            awaiting[row["currency"]] = awaiting.get(row["currency"], 0) + int(row["value"])
    revenue: dict[str, int] = {}
    per_hour: dict[datetime, list[int]] = {}
    for row in hours:
        revenue[row["currency"]] = revenue.get(row["currency"], 0) + int(row["revenue"])
        figures = per_hour.setdefault(row["hour"], [0, 0])
        figures[0] += int(row["placed"])
        figures[1] += int(row["cancelled"])
    return DashboardSnapshot(
        merchant_id=merchant_id,
        status_counts=counts,
        orders_today=sum(f[0] for f in per_hour.values()),
        cancelled_today=sum(f[1] for f in per_hour.values()),
        revenue_today=tuple(Amount(c, v) for c, v in sorted(revenue.items())),
        awaiting_payment_count=counts["AWAITING_PAYMENT"],
        awaiting_payment_value=tuple(Amount(c, v) for c, v in sorted(awaiting.items())),
        backordered=counts["BACKORDERED"],
        on_hold=counts["ON_HOLD"],
        oldest_ready_since=ready[0]["since"] if ready else None,
        orders_per_hour=tuple(HourFigures(h, f[0], f[1]) for h, f in sorted(per_hour.items())),
        day_starts_at=start,
        computed_at=now,
    )


def dashboard_scope(actor: Actor, merchant_id: UUID | None) -> UUID | None:
    """The merchant whose dashboard `actor` gets: its own, or for operators the one asked for (None: all)."""
    actor.require(Permission.ORDERS_READ)
    if actor.is_operator:
        return merchant_id
    return actor.merchant_id


async def dashboard(actor: Actor, merchant_id: UUID | None = None) -> DashboardSnapshot:
    scope = dashboard_scope(actor, merchant_id)
    if not actor.is_operator and merchant_id is not None and merchant_id != actor.merchant_id:
        from backend.core.errors import NotFound

        raise NotFound("No such merchant", field="merchantId")
    return await compute_snapshot(scope)


# One computation per scope and window in this process, shared by every dashboard watching the scope.
dashboard_cache: SnapshotCache[DashboardSnapshot] = SnapshotCache(compute_snapshot)
