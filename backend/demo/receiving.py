"""The demo feed's deliveries: when products sell out, the merchant announces a delivery (an ASN) for them, and a
simulated receiver at the warehouse counts it in over a few minutes and closes it.

Every act goes through the inbound domain's services, as the dashboard and the API do:

- the merchant announces with `create_inbound`, as its "Demo shop feed" API key (scope INBOUNDS_WRITE): the
  products' `incoming` rises;
- the receiver (`RECEIVER`, a system actor named "Demo receiver" that holds the warehouse role's permissions and no
  more) counts the delivery with `receive_inbound` in a few counts, into the product's bin (RECEIVING when it has
  none): `onHand` rises, `incoming` falls, and the backorder allocation (a reaction) hands the units to waiting
  orders, oldest first;
- now and then a delivery is not what was announced: a few units arrive damaged (they are blocked) or some never
  come (short); `close_inbound` clears what did not come from `incoming`, and the inbound's discrepancies show it.

Each count starts from what the database says is still to come, so a count that is tried again after a failure
never books units twice, and a restarted feed can finish a delivery an earlier run left open. The feed
(`backend/demo/feed.py`) decides when each step happens and writes the log lines.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

from backend.accounts.tables import Merchant
from backend.catalog.tables import Product, Warehouse
from backend.core.authorization import Actor, ActorKind, Role, permissions_for_role
from backend.inbound.services import AnnouncedLine, Receipt, close_inbound, create_inbound, lines_of, receive_inbound
from backend.inbound.tables import Inbound, InboundLine
from backend.orders.tables import Order

# The warehouse's side of the demo: it may do what a warehouse worker may, nothing more, and says who it is.
RECEIVER = Actor(kind=ActorKind.SYSTEM, label="Demo receiver", permissions=permissions_for_role(Role.WAREHOUSE))
# Marks the deliveries the feed announced, so that a restarted feed finds the ones it has to finish.
FEED_NOTE = "Restock announced by the demo feed (packline demo-feed)"
OPEN_STATES = ("ANNOUNCED", "RECEIVING", "RECEIVED")
RECEIVING_BIN = "RECEIVING"
CARRIERS = ["DHL Freight", "DB Schenker", "DACHSER", "GLS", "Rhenus Logistics"]

# Timing in seconds at the feed's default pace (an order every 3 s); the feed scales them with --interval.
ARRIVES_AFTER = (20.0, 120.0)  # from the announcement to the first count at the dock
COUNT_EVERY = (3.0, 8.0)  # between counts, and from the last count to closing
RESUME_AFTER = (3.0, 8.0)  # a delivery an earlier run left open
RETRY_AFTER = 15.0  # a step that failed (the database was away)

# How often a delivery is not what was announced.
DAMAGED_CHANCE = 0.15
SHORT_CHANCE = 0.10


@dataclass
class Delivery:
    """A delivery the feed announced (or took over from an earlier run) and is receiving. The database holds what
    was announced and counted; this holds the plan: how many counts, where the units go, what goes wrong."""

    inbound_id: UUID
    reference: str
    merchant_name: str
    warehouse_id: UUID
    skus: dict[UUID, str]
    # Set when the delivery arrives at the dock (the first count).
    counts: int = 0
    counted: int = 0
    bins: dict[UUID, str] = field(default_factory=dict)
    damaged: dict[UUID, int] = field(default_factory=dict)
    short: dict[UUID, int] = field(default_factory=dict)
    # Taken over from an earlier run: its plan is lost, so it is counted in full.
    resumed: bool = False

    @property
    def arrived(self) -> bool:
        return self.counts > 0


def _units(count: int) -> str:
    return f"{count} unit" if count == 1 else f"{count} units"


async def waiting_in_backorders(warehouse_id: UUID, product_ids: list[UUID]) -> dict[UUID, int]:
    """Units of these products that backorders still wait for (read through the backorder index)."""
    if not product_ids:
        return {}
    rows = await Order.raw(
        "SELECT l.product, sum(l.quantity - l.reserved - l.picked - l.shipped) AS waiting FROM sales_order o "
        "JOIN sales_order_line l ON l.sales_order = o.id WHERE o.status = 'BACKORDERED' AND o.warehouse = {} "
        "AND l.product = ANY({}) AND l.reserved + l.picked + l.shipped < l.quantity GROUP BY l.product",
        warehouse_id, product_ids,
    )
    return {row["product"]: int(row["waiting"]) for row in rows}


# ---------------------------------------------------------------- announcing


async def announce_delivery(actor: Actor, merchant: Merchant, warehouse: Warehouse, wanted: list[tuple[Product, int]],
                            rng: random.Random) -> tuple[Delivery, str]:
    """The merchant announces one delivery of these products and quantities; returns it and its log line."""
    today = datetime.now(UTC).date()
    carrier = rng.choice(CARRIERS)
    inbound = await create_inbound(
        actor, merchant_id=merchant.id, warehouse_id=warehouse.id,
        reference=f"PO-{today:%y%m%d}-{rng.randint(1000, 9999)}",
        lines=[AnnouncedLine(product.id, quantity) for product, quantity in wanted],
        expected_on=today, carrier=carrier, tracking_number=str(rng.randint(10**11, 10**12 - 1)), note=FEED_NOTE,
    )
    delivery = Delivery(inbound.id, inbound.reference, merchant.name, warehouse.id,
                        {product.id: product.sku for product, _ in wanted})
    lines = ", ".join(f"{product.sku} {quantity}" for product, quantity in wanted)
    return delivery, f"{merchant.name} announced delivery {inbound.reference} ({carrier}) to {warehouse.code}: {lines}"


async def open_deliveries(merchant_names: dict[UUID, str], warehouse_id: UUID) -> list[Delivery]:
    """The deliveries the feed announced for these merchants that are not closed yet (left by an earlier run)."""
    if not merchant_names:
        return []
    rows = await Inbound.objects().where(
        (Inbound.note == FEED_NOTE) & Inbound.status.is_in(list(OPEN_STATES)) & (Inbound.warehouse == warehouse_id)
        & Inbound.merchant.is_in(list(merchant_names))
    ).order_by(Inbound.created_at)
    if not rows:
        return []
    lines = await lines_of([row.id for row in rows])
    products = {p["id"]: p["sku"] for p in await Product.select(Product.id, Product.sku).where(
        Product.id.is_in([line.product for found in lines.values() for line in found]))}
    return [Delivery(row.id, row.reference, merchant_names[row.merchant], row.warehouse,
                     {line.product: products[line.product] for line in lines[row.id]}, resumed=True) for row in rows]


# ---------------------------------------------------------------- at the dock


async def _bins(delivery: Delivery) -> dict[UUID, str]:
    """Each product goes to the bin that holds most of it already (RECEIVING for a product without one)."""
    rows = await Order.raw(
        "SELECT DISTINCT ON (b.product) b.product, l.code FROM bin_stock b JOIN location l ON l.id = b.location "
        "WHERE b.product = ANY({}) AND l.warehouse = {} AND l.is_active ORDER BY b.product, b.on_hand DESC, l.code",
        list(delivery.skus), delivery.warehouse_id,
    )
    found = {row["product"]: row["code"] for row in rows}
    return {product_id: found.get(product_id, RECEIVING_BIN) for product_id in delivery.skus}


def _to_come(line: InboundLine, delivery: Delivery) -> int:
    counted = line.received_quantity + line.damaged_quantity
    return max(line.expected_quantity - counted - delivery.short.get(line.product, 0), 0)


def plan_arrival(delivery: Delivery, lines: list[InboundLine], rng: random.Random) -> None:
    """The delivery is at the dock: how many counts it takes and, now and then, what is not as announced (a few
    damaged units of one product, a few missing of another). The draws come in a fixed order."""
    announced = [line for line in lines if not line.unexpected]
    to_come = sum(_to_come(line, delivery) for line in announced)
    delivery.counts = max(1, min(rng.randint(1, 2) if delivery.resumed else rng.randint(2, 4), to_come))
    if delivery.resumed:
        return
    if rng.random() < SHORT_CHANCE:
        line = rng.choice(announced)
        if line.expected_quantity >= 2:
            delivery.short[line.product] = rng.randint(1, max(1, min(line.expected_quantity // 5, 6)))
    if rng.random() < DAMAGED_CHANCE:
        line = rng.choice(announced)
        room = _to_come(line, delivery)
        if room >= 1:
            delivery.damaged[line.product] = rng.randint(1, min(3, room))


def _receipts(delivery: Delivery, lines: list[InboundLine], rng: random.Random) -> list[Receipt]:
    """This count: a share of what is still to come of each product, all of it in the last count; the damaged units
    of the plan in the first count that has room for them."""
    left = delivery.counts - delivery.counted
    receipts = []
    for line in lines:
        to_come = _to_come(line, delivery)
        if line.unexpected or to_come == 0:
            continue
        units = to_come if left <= 1 else max(1, min(to_come, round(to_come / left * rng.uniform(0.6, 1.4))))
        damaged = min(units, max(delivery.damaged.get(line.product, 0) - line.damaged_quantity, 0))
        receipts.append(Receipt(product_id=line.product, received=units - damaged, damaged=damaged,
                                location_code=delivery.bins.get(line.product, RECEIVING_BIN)))
    return receipts


async def count_delivery(delivery: Delivery, rng: random.Random) -> tuple[bool, str]:
    """One count at the dock, booked with `receive_inbound` by the receiver. Returns whether the delivery is all
    counted (it is closed next) and the log line."""
    lines = (await lines_of([delivery.inbound_id]))[delivery.inbound_id]
    if not delivery.arrived:
        delivery.bins = await _bins(delivery)
        plan_arrival(delivery, lines, rng)
    receipts = _receipts(delivery, lines, rng)
    if not receipts:  # all counted already (by an earlier run, or by someone in the dashboard)
        delivery.counted = delivery.counts
        return True, f"nothing left to count in delivery {delivery.reference}"
    waiting_before = await waiting_in_backorders(delivery.warehouse_id, [r.product_id for r in receipts])
    inbound = await receive_inbound(RECEIVER, delivery.inbound_id, receipts)
    delivery.counted += 1
    done = inbound.status == "RECEIVED" or delivery.counted >= delivery.counts
    waiting_now = await waiting_in_backorders(delivery.warehouse_id, list(waiting_before))
    parts = []
    for receipt in receipts:
        assert receipt.product_id is not None
        part = f"{delivery.skus.get(receipt.product_id, '?')} {receipt.received}"
        if receipt.damaged:
            part += f" + {receipt.damaged} damaged"
        parts.append(f"{part} → {receipt.location_code}")
    allocated = [f"{delivery.skus.get(product_id, '?')} {_units(before)} before, "
                 f"{_units(waiting_now.get(product_id, 0))} now" for product_id, before in waiting_before.items()]
    text = (f"counted delivery {delivery.reference} ({delivery.counted}/{max(delivery.counts, delivery.counted)}): "
            f"{', '.join(parts)} · {inbound.status}")
    if allocated:
        text += f" · waiting in backorders: {'; '.join(allocated)}"
    return done, text


async def close_delivery(delivery: Delivery) -> str:
    """Close the delivery (`close_inbound`): what did not come stops being incoming. Returns the log line, which
    names the discrepancies."""
    await close_inbound(RECEIVER, delivery.inbound_id)
    found = []
    for line in (await lines_of([delivery.inbound_id]))[delivery.inbound_id]:
        sku = delivery.skus.get(line.product, "?")
        difference = line.received_quantity + line.damaged_quantity - line.expected_quantity
        if difference < 0:
            found.append(f"{sku} {-difference} short")
        elif difference > 0:
            found.append(f"{sku} {difference} {'unexpected' if line.unexpected else 'extra'}")
        if line.damaged_quantity:
            found.append(f"{sku} {line.damaged_quantity} damaged")
    report = f"discrepancies: {', '.join(found)}" if found else "everything arrived as announced"
    return f"closed delivery {delivery.reference} ({delivery.merchant_name}): {report}"
