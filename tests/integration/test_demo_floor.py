"""The demo feed's floor: orders the feed placed walk READY → PICKING → PACKED → SHIPPED → DELIVERED (click & collect:
collected) through the floor's own services, as the demo's warehouse user; a restarted floor carries on with the
picklist an earlier one left open instead of making another; and the stock ledger still adds up."""

from __future__ import annotations

import asyncio
import random
import time

import pytest

from backend.catalog.tables import Product
from backend.core.queries import json_value
from backend.demo.feed import DemoFeed
from backend.demo.floor import PICKER_EMAIL
from backend.orders.model import LineRequest, PaymentMethod, PaymentStatus
from backend.orders.tables import Order, OrderChange
from backend.picking.tables import Picklist
from backend.shipping.tables import Parcel, TrackingEvent
from backend.stock import services as stock

# A fast pace: the floor's seconds become hundredths (the feed's default interval is 3 s).
INTERVAL = 0.03


@pytest.fixture(scope="module")
async def demo():
    from backend.demo.seed import seed

    await seed()
    return True


async def _in_stock(feed: DemoFeed, least: int) -> list[Product]:
    found = []
    for shop in feed.shops:
        for item in shop.products:
            quantities = await stock.current_quantities(item.product.id, feed.warehouse.id)
            if quantities.available >= least:
                found.append(item.product)
    return found


async def _place(feed: DemoFeed, products: list[Product], rng: random.Random, shipping_method: str = "STANDARD"):  # noqa: ANN202
    """A feed order for in-stock products, paid on invoice, so that it is READY at once (one the address check holds,
    as the feed's mistyped addresses are, is left on hold and another placed)."""
    while True:
        plan = feed.plan_order()
        mine = [p for p in products if p.merchant == plan.shop.merchant.id]
        if not mine:
            continue
        plan.request.lines = [LineRequest(p.id, rng.randint(1, 2), "9.90") for p in rng.sample(mine, min(2, len(mine)))]
        plan.request.payment_method = PaymentMethod.INVOICE.value
        plan.request.payment_status = PaymentStatus.PENDING.value
        plan.request.shipping_method = shipping_method
        plan.payment, plan.cancel_after, plan.corrected_address = "invoice", None, None
        order = await feed.place(plan)
        if order.status == "READY":
            return order


async def _statuses(order_ids) -> dict:  # noqa: ANN001
    return {o["id"]: o["status"] for o in await Order.select(Order.id, Order.status).where(Order.id.is_in(order_ids))}


async def _short_picked(order_id) -> bool:  # noqa: ANN001
    return await OrderChange.exists().where((OrderChange.sales_order == order_id) & (OrderChange.kind == "short_picked"))


async def _settled(order_ids, done: tuple[str, ...]) -> bool:  # noqa: ANN001
    """Every order has reached one of `done`, or went back to backorder by a short pick."""
    for order_id, status in (await _statuses(order_ids)).items():
        if status not in done and not (status == "BACKORDERED" and await _short_picked(order_id)):
            return False
    return True


async def _work_until(feed: DemoFeed, done, seconds: float = 90) -> None:  # noqa: ANN001
    """The floor works (as the feed's ticks make it) until `done()` says so."""
    deadline = time.monotonic() + seconds
    while not await done():
        assert time.monotonic() < deadline, "the floor did not get there in time"
        await feed.floor.work()
        await asyncio.sleep(0.02)


async def test_the_floor_takes_orders_from_ready_to_delivered(demo):
    rng = random.Random(4)
    feed = DemoFeed(rng=random.Random(3), interval=INTERVAL, floor_rng=random.Random(9))
    await feed.prepare()
    products = await _in_stock(feed, 20)
    assert products
    orders = [await _place(feed, products, rng) for _ in range(4)]
    orders.append(await _place(feed, products, rng, shipping_method="CLICK_AND_COLLECT"))
    ids = [o.id for o in orders]

    await _work_until(feed, lambda: _settled(ids, ("DELIVERED",)))
    statuses = await _statuses(ids)
    delivered = [i for i in ids if statuses[i] == "DELIVERED"]
    assert len(delivered) >= 3, statuses

    picker_label = PICKER_EMAIL
    for order in orders:
        if statuses[order.id] != "DELIVERED":
            continue
        history = await OrderChange.objects().where(OrderChange.sales_order == order.id).order_by(OrderChange.id)
        kinds = [c.kind for c in history]
        assert kinds[0] == "placed" and "picking" in kinds and "packed" in kinds, kinds
        assert {json_value(c.actor)["label"] for c in history if c.kind in ("picking", "packed")} == {picker_label}
        parcels = await Parcel.objects().where(Parcel.sales_order == order.id)
        assert parcels
        if order.shipping_method == "CLICK_AND_COLLECT":
            assert kinds[-2:] == ["ready_for_pickup", "collected"], kinds
            assert {p.status for p in parcels} == {"COLLECTED"}
            continue
        assert "shipped" in kinds and kinds[-1] == "delivered", kinds
        for parcel in parcels:
            assert parcel.carrier == "MANUAL" and len(parcel.tracking_number) == 20
            assert parcel.tracking_url.endswith(parcel.tracking_number)
            events = await TrackingEvent.objects().where(TrackingEvent.parcel == parcel.id).order_by(
                TrackingEvent.occurred_at)
            assert [e.status for e in events] == ["IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"]

    # The carrier reporting again changes nothing: each of its events is recorded once.
    before = await TrackingEvent.count()
    await feed.floor.carry()
    assert await TrackingEvent.count() == before

    for product in products:
        assert await stock.ledger_totals(product.id, feed.warehouse.id) == await stock.current_quantities(
            product.id, feed.warehouse.id)


async def test_a_restarted_floor_finishes_the_picklist_left_open(demo):
    rng = random.Random(8)
    feed = DemoFeed(rng=random.Random(5), interval=INTERVAL, floor_rng=random.Random(1))
    await feed.prepare()
    products = await _in_stock(feed, 20)
    orders = [await _place(feed, products, rng) for _ in range(3)]
    ids = [o.id for o in orders]

    async def picking_started() -> bool:
        return "PICKING" in (await _statuses(ids)).values()

    await _work_until(feed, picking_started)
    ours = await Picklist.objects().where(Picklist.status.is_in(["OPEN", "PICKING"]))
    open_ids = {p.id for p in ours if json_value(p.created_by).get("label") == PICKER_EMAIL}
    assert open_ids
    del feed  # stops mid-picklist: its memory is gone, the picklist is in the database

    again = DemoFeed(rng=random.Random(6), interval=INTERVAL, floor_rng=random.Random(2))
    await again.prepare()
    made_before = await Picklist.count()

    async def left_open_is_done() -> bool:
        rows = await Picklist.select(Picklist.status).where(Picklist.id.is_in(list(open_ids)))
        return all(r["status"] in ("PICKED", "CANCELLED") for r in rows)

    await _work_until(again, left_open_is_done)
    # The open picklist was finished before another was made.
    assert await Picklist.count() - made_before <= 1

    await _work_until(again, lambda: _settled(ids, ("SHIPPED", "DELIVERED")))
    for product in products:
        assert await stock.ledger_totals(product.id, again.warehouse.id) == await stock.current_quantities(
            product.id, again.warehouse.id)
