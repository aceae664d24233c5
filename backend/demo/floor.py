"""The demo feed's warehouse floor: orders walk READY → PICKING → PACKED → SHIPPED → DELIVERED at a watchable pace.

Three simulated workers, each acting through the floor's own services as the dashboard and the picker app do:

- the picker makes a picklist by rule from the oldest READY orders (`picking.create_picklist`), starts it and
  scans bin and product for every line (`picking.scan`, the one write path of picking), now and then reporting a
  unit damaged (`picking.report_short`: the order is re-planned from another bin, or goes back to backorder);
- the packer packs each order whose picklist is done (`shipping.pack`) and ships it with the MANUAL carrier with a
  plausible tracking number and link (`shipping.ship`); a click & collect order is marked ready for pickup
  (`shipping.ready_for_pickup`) and, a little later, collected (`shipping.picked_up`);
- the carrier reports each parcel IN_TRANSIT, OUT_FOR_DELIVERY and DELIVERED (`shipping.record_tracking_updates`).

Picker and packer act as the demo seed's warehouse user (warehouse@packline.test, role WAREHOUSE), so histories
and events say who did it; the carrier is a system actor with the warehouse role's permissions.

Every step starts from what the database says (the picker's open picklists and the line it is on, the orders
whose picking is done, the parcels' last tracking event), never from memory: a restarted feed carries on where
the last one stopped, and a step tried twice does nothing twice (the carrier's event ids are recorded once).
The picker and packer only touch picklists the demo picker made, so someone using the picker app or the packing
station in the demo is not overtaken.
"""

from __future__ import annotations

import hashlib
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from backend.accounts.tables import User
from backend.catalog.tables import Location, Warehouse
from backend.core.authorization import Actor, ActorKind, Role, permissions_for_role
from backend.core.errors import DomainError
from backend.orders.tables import Order
from backend.picking import services as picking
from backend.picking.tables import PicklistLine
from backend.shipping import services as shipping
from backend.shipping.services import TrackingUpdate

log = logging.getLogger("packline.demo_feed")

PICKER_EMAIL = "warehouse@packline.test"
# The carrier's side of the demo: a system actor that may do what the floor may, and says who it is.
CARRIER = Actor(kind=ActorKind.SYSTEM, label="Demo carrier", permissions=permissions_for_role(Role.WAREHOUSE))
PICKLIST_ORDERS = (3, 8)

# Timing in seconds at the feed's default pace (an order every 3 s); the feed scales them with --interval.
SCAN_EVERY = (0.5, 1.5)  # between two scans of the picker
PACK_EVERY = (1.0, 3.0)  # between two acts of the packer (each order takes two: pack, then ship)
NEW_PICKLIST_AFTER = (3.0, 8.0)  # a break before the next picklist
SHIP_AFTER = 8.0  # from packing to the carrier's pick-up
COLLECTED_AFTER = 40.0  # from "ready for pickup" to the customer at the counter
# From shipping (or the last event) to the next tracking event: in transit, out for delivery, delivered.
TRACKING_STEPS = (("IN_TRANSIT", 15.0, "Parcel center Leipzig"), ("OUT_FOR_DELIVERY", 25.0, "Delivery base"),
                  ("DELIVERED", 20.0, "Delivered to the recipient"))
# Per tick, at most this many acts of each worker, and no more than this much time caught up (a feed that was
# paused does not flood the log).
MOST_PER_TICK = 8
CATCH_UP_SECONDS = 6.0
DAMAGED_CHANCE = 0.03
COLLECTORS = ["the customer", "the customer (ID checked)", "a neighbour with the pickup code", "a family member"]


async def demo_picker() -> Actor | None:
    """The demo seed's warehouse user as an actor; None when it is missing or deactivated."""
    user = await User.objects().where((User.email == PICKER_EMAIL) & (User.is_active == True)).first()  # noqa: E712
    if user is None or user.role != Role.WAREHOUSE.value:
        return None
    return Actor(kind=ActorKind.USER, id=user.id, label=user.email, role=Role.WAREHOUSE, merchant_id=None,
                 permissions=permissions_for_role(Role.WAREHOUSE))


def tracking_number(order_number: str, parcel_sequence: int) -> str:
    """A plausible 20-digit parcel number (the kind DHL prints), stable for a parcel."""
    digest = int(hashlib.sha256(f"{order_number}:{parcel_sequence}".encode()).hexdigest()[:15], 16)
    return f"00340434{digest % 10**12:012d}"


def tracking_url(number: str) -> str:
    return f"https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode={number}"


@dataclass
class Worker:
    """When a simulated worker acts next (on the feed's clock)."""

    name: str
    every: tuple[float, float]
    due: float = float("-inf")


class DemoFloor:
    """The picker, the packer and the carrier; `work()` lets each do what has come due."""

    def __init__(self, warehouse: Warehouse, *, rng: random.Random, clock: Callable[[], float], pace: float) -> None:
        self.warehouse, self.rng, self.clock, self.pace = warehouse, rng, clock, pace
        self.picker: Actor | None = None
        self.workers = {"picker": Worker("picker", SCAN_EVERY), "packer": Worker("packer", PACK_EVERY)}
        self.scans = self.shipped = self.delivered = 0

    def _seconds(self, base: float) -> timedelta:
        return timedelta(seconds=base * self.pace)

    async def prepare(self) -> bool:
        self.picker = await demo_picker()
        return self.picker is not None

    async def work(self) -> int:
        """Every act that has come due, for each worker; returns how many were done."""
        if self.picker is None and not await self.prepare():
            return 0
        done = 0
        for name, act in (("picker", self.pick_step), ("packer", self.pack_step)):
            worker = self.workers[name]
            # What fell due while the feed waited is caught up, but not an outage's worth of it.
            worker.due = max(worker.due, self.clock() - CATCH_UP_SECONDS * self.pace)
            for _ in range(MOST_PER_TICK):
                if worker.due > self.clock():
                    break
                pause = await act()
                worker.due += pause if pause is not None else self.rng.uniform(*worker.every) * self.pace
                done += 1
        done += await self.carry()
        return done

    # ------------------------------------------------------------ the picker

    async def pick_step(self) -> float | None:
        """One scan on the picker's open picklist, or a new picklist when it has none. Returns a longer pause
        after the picklist is done or when nothing waits (None: the usual pause)."""
        assert self.picker is not None
        open_list = await self._my_open_picklist()
        if open_list is None:
            return await self._new_picklist()
        picklist_id, number = open_list
        line = await self._my_line(picklist_id)
        if line is None:  # the picklist is done, or the rest is someone else's
            return self.rng.uniform(*NEW_PICKLIST_AFTER) * self.pace
        location = await Location.objects().where(Location.id == line.location).first() if line.location else None
        if location is not None and not line.at_bin:
            await picking.scan(self.picker, picklist_id, location.code)
            self.scans += 1
            return None
        left = line.quantity - line.picked - line.short
        if self.rng.random() < DAMAGED_CHANCE:
            await picking.report_short(self.picker, line.id, 1, picking.ShortReason.DAMAGED)
            log.info("picker: 1 × %s damaged at %s (%s): reported short", line.sku,
                     location.code if location else "no bin", number)
            return None
        outcome = await picking.scan(self.picker, picklist_id, line.sku, left)
        self.scans += 1
        where = f" from {location.code}" if location else ""
        done = " · picklist done" if outcome.picklist.status == "PICKED" else ""
        log.info("picker: %d × %s%s (%s)%s", left, line.sku, where, number, done)
        return None

    async def _my_open_picklist(self) -> tuple[UUID, str] | None:
        rows = await Order.raw(
            "SELECT id, sequence FROM picklist WHERE warehouse = {} AND status IN ('OPEN', 'PICKING') "
            "AND created_by->>'id' = {} ORDER BY sequence LIMIT 1", self.warehouse.id, str(self.picker.id))
        return (rows[0]["id"], f"PL-{rows[0]['sequence']}") if rows else None

    async def _my_line(self, picklist_id: UUID) -> PicklistLine | None:
        """The line the scan service will put the picker on: its own, or the next nobody has taken."""
        lines = (await picking.lines_of(self.picker, [picklist_id]))[picklist_id]
        open_lines = [line for line in lines if line.picked + line.short < line.quantity
                      and line.picker in (None, self.picker.id)]
        open_lines.sort(key=lambda line: (line.picker is None, line.position))
        return open_lines[0] if open_lines else None

    async def _new_picklist(self) -> float | None:
        rule = picking.PicklistRule(max_orders=self.rng.randint(*PICKLIST_ORDERS))
        try:
            picklist = await picking.create_picklist(self.picker, warehouse_id=self.warehouse.id, rule=rule)
        except DomainError:  # no released order waits
            return self.rng.uniform(*NEW_PICKLIST_AFTER) * self.pace
        orders = (await picking.orders_of(self.picker, [picklist.id]))[picklist.id]
        await picking.start_picklist(self.picker, picklist.id)
        log.info("picker: started PL-%s for %d orders (%s)", picklist.sequence, len(orders),
                 ", ".join(o["number"] for o in orders))
        return None

    # ------------------------------------------------------------ the packer

    async def pack_step(self) -> float | None:
        """Ship a parcel the carrier can take, else pack an order whose picking is done, else the counter's click
        & collect orders. None when something was done; a pause otherwise."""
        assert self.picker is not None
        for act in (self._ship_one, self._pack_one, self._counter_one):
            if await act():
                return None
        return self.rng.uniform(*PACK_EVERY) * self.pace

    async def _ship_one(self) -> bool:
        before = datetime.now(UTC) - self._seconds(SHIP_AFTER)
        rows = await Order.raw(
            "SELECT p.id, p.sequence, o.number FROM parcel p JOIN sales_order o ON o.id = p.sales_order "
            "WHERE o.warehouse = {} AND p.status = 'PACKED' AND o.shipping_method <> 'CLICK_AND_COLLECT' "
            "AND p.created_by->>'id' = {} AND p.created_at <= {} ORDER BY p.sequence LIMIT 1",
            self.warehouse.id, str(self.picker.id), before)
        if not rows:
            return False
        number = tracking_number(rows[0]["number"], rows[0]["sequence"])
        parcel = await shipping.ship(self.picker, rows[0]["id"], carrier=shipping.MANUAL, tracking_number=number,
                                     tracking_url=tracking_url(number))
        self.shipped += 1
        log.info("packer: %s P-%s handed to the carrier (MANUAL, %s) → %s", rows[0]["number"], rows[0]["sequence"],
                 number, parcel.status)
        return True

    async def _pack_one(self) -> bool:
        """The oldest order of the demo picker's picklists that is picked and not packed yet."""
        rows = await Order.raw(
            "SELECT o.id, o.number FROM sales_order o WHERE o.warehouse = {} AND o.status = 'PICKING' "
            "AND NOT EXISTS (SELECT 1 FROM picklist_order a WHERE a.sales_order = o.id AND a.active) "
            "AND EXISTS (SELECT 1 FROM picklist_order po JOIN picklist p ON p.id = po.picklist "
            "WHERE po.sales_order = o.id AND p.created_by->>'id' = {}) "
            "ORDER BY o.status_changed_at LIMIT 1", self.warehouse.id, str(self.picker.id))
        if not rows:
            return False
        parcel = await shipping.pack(self.picker, rows[0]["id"])
        log.info("packer: %s packed into P-%s (%s g)", rows[0]["number"], parcel.sequence, parcel.weight_grams or "?")
        return True

    async def _counter_one(self) -> bool:
        """A packed click & collect order is put on the counter shelf; one waiting there long enough is collected."""
        rows = await Order.raw(
            "SELECT o.id, o.number, (SELECT max(c.created_at) FROM sales_order_change c WHERE c.sales_order = o.id "
            "AND c.kind = 'ready_for_pickup') AS ready_at FROM sales_order o WHERE o.warehouse = {} "
            "AND o.status = 'PACKED' AND o.shipping_method = 'CLICK_AND_COLLECT' "
            "AND EXISTS (SELECT 1 FROM parcel p WHERE p.sales_order = o.id AND p.created_by->>'id' = {}) "
            "ORDER BY o.status_changed_at LIMIT 5", self.warehouse.id, str(self.picker.id))
        collect_before = datetime.now(UTC) - self._seconds(COLLECTED_AFTER)
        for row in rows:
            if row["ready_at"] is None:
                await shipping.ready_for_pickup(self.picker, row["id"])
                log.info("packer: %s is ready for pickup at the counter", row["number"])
                return True
            if row["ready_at"] <= collect_before:
                who = self.rng.choice(COLLECTORS)
                await shipping.picked_up(self.picker, row["id"], who)
                self.delivered += 1
                log.info("packer: %s collected by %s → DELIVERED", row["number"], who)
                return True
        return False

    # ------------------------------------------------------------ the carrier

    async def carry(self) -> int:
        """The next tracking event of each shipped parcel whose time has come."""
        rows = await Order.raw(
            "SELECT p.id, p.sequence, p.tracking_number, p.shipped_at, o.number, "
            "(SELECT count(*) FROM tracking_event t WHERE t.parcel = p.id) AS seen, "
            "(SELECT max(t.occurred_at) FROM tracking_event t WHERE t.parcel = p.id) AS last_at "
            "FROM parcel p JOIN sales_order o ON o.id = p.sales_order WHERE o.warehouse = {} "
            "AND p.status = 'SHIPPED' AND p.carrier = 'MANUAL' ORDER BY p.shipped_at LIMIT 50", self.warehouse.id)
        now, done = datetime.now(UTC), 0
        for row in rows:
            if done >= MOST_PER_TICK or row["seen"] >= len(TRACKING_STEPS):
                continue
            status, after, where = TRACKING_STEPS[row["seen"]]
            if (row["last_at"] or row["shipped_at"]) + self._seconds(after) > now:
                continue
            update = TrackingUpdate(f"{row['tracking_number']}:{status}", status, now, _description(status), where)
            await shipping.record_tracking_updates(CARRIER, row["id"], [update])
            done += 1
            if status == "DELIVERED":
                self.delivered += 1
            log.info("carrier: P-%s of %s %s", row["sequence"], row["number"], status.replace("_", " ").lower())
        return done


def _description(status: str) -> str:
    return {"IN_TRANSIT": "The parcel is on its way", "OUT_FOR_DELIVERY": "The parcel is out for delivery",
            "DELIVERED": "The parcel was delivered"}[status]
