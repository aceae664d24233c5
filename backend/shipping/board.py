"""The warehouse board: what the operator's screen on the warehouse wall shows of one warehouse, and the carriers'
daily cut-off times it counts down to.

Figures: orders ready to pick, being picked, packed and waiting for the carrier (click & collect ones waiting at the
counter apart), units left to pick on open picklists, orders and parcels shipped today, units found short on today's picklists, backorders; and per
carrier its next cut-off, the minutes left and the orders that still have to make it. A board mixes merchants, so
only the floor reads it (PICKLISTS_READ) and never a merchant.

Cheap at any volume: statuses are counted over open orders only (the partial index the dashboard uses), today's
shipments over the parcels shipped since the day started (an index on `shipped_at`), units to pick over open
picklists only (a partial index). Each process computes a warehouse's board at
most once per short window, however many screens watch it (`board_cache`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from backend.catalog.tables import Warehouse
from backend.core.authorization import Actor, Permission
from backend.core.errors import Forbidden, NotFound, ValidationFailed
from backend.core.queries import json_value
from backend.core.snapshots import SnapshotCache
from backend.events.outbox import unit_of_work
from backend.orders.model import ShippingMethod
from backend.orders.queries import day_start
from backend.orders.tables import Order
from backend.shipping.tables import CarrierCutoff

CARRIER = re.compile(r"^[A-Z0-9][A-Z0-9_]{0,39}$")
CUTOFF_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
# The statuses a board counts; READY, PICKING and PACKED orders still have to make a cut-off.
_COUNTED = ("BACKORDERED", "READY", "PICKING", "PACKED")
_TO_MAKE_IT = ("READY", "PICKING", "PACKED")
CARRIER_METHODS = tuple(m.value for m in ShippingMethod if m is not ShippingMethod.CLICK_AND_COLLECT)


@dataclass(frozen=True)
class CutoffFigures:
    carrier: str
    cutoff_local_time: time
    shipping_methods: tuple[str, ...]
    # The next cut-off: today's, or tomorrow's once today's has passed.
    next_cutoff_at: datetime
    minutes_left: int
    ready: int
    picking: int
    packed: int

    @property
    def orders_left(self) -> int:
        return self.ready + self.picking + self.packed


@dataclass(frozen=True)
class BoardSnapshot:
    warehouse_id: UUID
    timezone: str
    day_starts_at: datetime
    ready: int
    picking: int
    units_to_pick: int
    packed: int
    awaiting_pickup: int
    backordered: int
    shipped_today: int
    parcels_shipped_today: int
    short_units_today: int
    oldest_ready_since: datetime | None
    cutoffs: tuple[CutoffFigures, ...]
    computed_at: datetime = field(compare=False)


# ---------------------------------------------------------------- cut-off times


def next_cutoff(now: datetime, local_time: time, zone: str) -> datetime:
    """The next moment the carrier's cut-off comes at the warehouse: today at `local_time` in its zone, or tomorrow
    when that has passed (a day of 23 or 25 hours keeps the wall-clock time)."""
    tz = ZoneInfo(zone)
    local_now = now.astimezone(tz)
    today = datetime.combine(local_now.date(), local_time, tz)
    if today > local_now:
        return today.astimezone(UTC)
    return datetime.combine(local_now.date() + timedelta(days=1), local_time, tz).astimezone(UTC)


def minutes_until(now: datetime, moment: datetime) -> int:
    """Whole minutes left (a cut-off 90 seconds away has 1 minute left)."""
    return max(int((moment - now).total_seconds() // 60), 0)


def _clean_cutoff(carrier: str, cutoff_local_time: str, shipping_methods: list[str] | None) -> tuple[str, time, list[str]]:
    carrier = carrier.strip().upper()
    if not CARRIER.match(carrier):
        raise ValidationFailed("The carrier's code: 1 to 40 letters, digits or _ (e.g. DHL)", field="carrier")
    found = CUTOFF_TIME.match(cutoff_local_time.strip())
    if not found:
        raise ValidationFailed("A time of day like 16:30", field="cutoffLocalTime")
    methods = list(dict.fromkeys(shipping_methods)) if shipping_methods is not None else list(CARRIER_METHODS)
    if not methods:
        raise ValidationFailed("At least one shipping method", field="shippingMethods", code="REQUIRED")
    for index, method in enumerate(methods):
        if method not in CARRIER_METHODS:
            raise ValidationFailed(f"One of {', '.join(CARRIER_METHODS)} (click & collect needs no carrier)",
                                   field=f"shippingMethods.{index}")
    return carrier, time(int(found.group(1)), int(found.group(2))), methods


async def set_carrier_cutoff(actor: Actor, *, warehouse_id: UUID, carrier: str, cutoff_local_time: str,
                             shipping_methods: list[str] | None = None) -> CarrierCutoff:
    """When `carrier` collects at the warehouse for the last time each day (its local time, "HH:MM"), and which
    orders go with it; set again, it replaces the earlier time."""
    actor.require(Permission.WAREHOUSES_WRITE)
    carrier, local_time, methods = _clean_cutoff(carrier, cutoff_local_time, shipping_methods)
    if not await Warehouse.exists().where(Warehouse.id == warehouse_id):
        raise NotFound("No such warehouse", field="warehouseId")
    async with unit_of_work(actor):
        rows = await CarrierCutoff.raw(
            "INSERT INTO carrier_cutoff (id, warehouse, carrier, cutoff_local_time, shipping_methods, updated_by, "
            "updated_at) VALUES (gen_random_uuid(), {}, {}, {}, {}::jsonb, {}::jsonb, now()) "
            "ON CONFLICT (warehouse, carrier) DO UPDATE SET cutoff_local_time = EXCLUDED.cutoff_local_time, "
            "shipping_methods = EXCLUDED.shipping_methods, updated_by = EXCLUDED.updated_by, updated_at = now() "
            "RETURNING id", warehouse_id, carrier, local_time, _json(methods), _json(actor.as_event_actor()))
    found = await CarrierCutoff.objects().where(CarrierCutoff.id == rows[0]["id"]).first()
    assert found is not None
    return found


def _json(value: object) -> str:
    return json.dumps(value)


async def carrier_cutoffs(warehouse_id: UUID) -> list[CarrierCutoff]:
    return await CarrierCutoff.objects().where(CarrierCutoff.warehouse == warehouse_id).order_by(
        CarrierCutoff.cutoff_local_time).order_by(CarrierCutoff.carrier)


# ---------------------------------------------------------------- the board


async def compute_board(warehouse_id: UUID, now: datetime | None = None) -> BoardSnapshot:
    now = now or datetime.now(UTC)
    warehouse = await Warehouse.objects().where(Warehouse.id == warehouse_id).first()
    if warehouse is None:
        raise NotFound("No such warehouse", field="warehouseId")
    start = day_start(warehouse.timezone, now)
    counts = await _open_counts(warehouse_id)
    shipped = await Order.raw(
        "SELECT count(DISTINCT p.sales_order) AS orders, count(*) AS parcels FROM parcel p "
        "JOIN sales_order o ON o.id = p.sales_order WHERE o.warehouse = {} AND p.shipped_at >= {}",
        warehouse_id, start)
    short = await Order.raw(
        "SELECT coalesce(sum(l.short), 0) AS units FROM picklist_line l JOIN picklist p ON p.id = l.picklist "
        "WHERE p.warehouse = {} AND p.started_at >= {} AND l.short > 0", warehouse_id, start)
    to_pick = await Order.raw(
        "SELECT coalesce(sum(l.quantity - l.picked - l.short), 0) AS units FROM picklist_line l "
        "JOIN picklist p ON p.id = l.picklist WHERE p.warehouse = {} AND p.status IN ('OPEN', 'PICKING')",
        warehouse_id)
    oldest = await Order.raw("SELECT min(status_changed_at) AS since FROM sales_order WHERE status = 'READY' "
                             "AND warehouse = {}", warehouse_id)

    def count(statuses: tuple[str, ...], methods: tuple[str, ...] = tuple(m.value for m in ShippingMethod)) -> int:
        return sum(n for (status, method), n in counts.items() if status in statuses and method in methods)

    cutoffs = []
    for row in await carrier_cutoffs(warehouse_id):
        methods = tuple(json_value(row.shipping_methods) or ())
        at = next_cutoff(now, row.cutoff_local_time, warehouse.timezone)
        cutoffs.append(CutoffFigures(row.carrier, row.cutoff_local_time, methods, at, minutes_until(now, at),
                                     count(("READY",), methods), count(("PICKING",), methods),
                                     count(("PACKED",), methods)))
    return BoardSnapshot(
        warehouse_id=warehouse_id, timezone=warehouse.timezone, day_starts_at=start,
        ready=count(("READY",)), picking=count(("PICKING",)), units_to_pick=int(to_pick[0]["units"]), packed=count(("PACKED",), CARRIER_METHODS),
        awaiting_pickup=count(("PACKED",), (ShippingMethod.CLICK_AND_COLLECT.value,)),
        backordered=count(("BACKORDERED",)), shipped_today=int(shipped[0]["orders"]),
        parcels_shipped_today=int(shipped[0]["parcels"]), short_units_today=int(short[0]["units"]),
        oldest_ready_since=oldest[0]["since"] if oldest else None, cutoffs=tuple(cutoffs), computed_at=now,
    )


async def _open_counts(warehouse_id: UUID) -> dict[tuple[str, str], int]:
    rows = await Order.raw(
        f"SELECT status, shipping_method, count(*) AS n FROM sales_order WHERE status IN {_COUNTED} "
        "AND warehouse = {} GROUP BY status, shipping_method", warehouse_id)
    return {(row["status"], row["shipping_method"]): int(row["n"]) for row in rows}


async def board_scope(actor: Actor, warehouse_id: UUID) -> UUID:
    """The warehouse whose board `actor` may watch: the floor's people only, never a merchant (a board mixes
    merchants)."""
    actor.require(Permission.PICKLISTS_READ)
    if not actor.is_operator:
        raise Forbidden("The warehouse board is for the fulfillment center's staff")
    if not await Warehouse.exists().where(Warehouse.id == warehouse_id):
        raise NotFound("No such warehouse", field="warehouseId")
    return warehouse_id


async def warehouse_board(actor: Actor, warehouse_id: UUID) -> BoardSnapshot:
    return await compute_board(await board_scope(actor, warehouse_id))


# One computation per warehouse and window in this process, shared by every board watching it.
board_cache: SnapshotCache[BoardSnapshot] = SnapshotCache(compute_board)
