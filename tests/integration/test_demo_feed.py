"""The demo feed (`packline demo-feed`): orders placed through intake by each demo merchant's own feed key, with
reservations, history and events; payments, cancellations and address corrections as follow-ups; restocks as
deliveries the merchant announces and a simulated receiver counts in (with discrepancies now and then) and closes,
also after a restart; tenancy; a revoked key is respected; and the feed outlives Redis and database hiccups."""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backend.accounts.services import create_api_key, revoke_api_key
from backend.accounts.tables import ApiKey, Merchant
from backend.catalog.tables import Product
from backend.core.authorization import SYSTEM, ApiKeyScope, Permission
from backend.core.errors import NotFound
from backend.core.queries import json_value
from backend.demo.feed import APPLICATION_NAME, FEED_KEY_NAME, DemoFeed, feed_actor
from backend.demo.receiving import FEED_NOTE
from backend.demo.seed import DEMO_PASSWORD
from backend.events.tables import Event
from backend.inbound.tables import Inbound, InboundLine
from backend.orders.editing import cancel_order
from backend.orders.model import LineRequest, OrderStatus, PaymentMethod, PaymentStatus, settled_status
from backend.orders.policy import prepaid_methods, settings_for
from backend.orders.tables import Order, OrderChange, OrderLine
from backend.stock import services as stock
from backend.stock.tables import StockMovement
from tests.support import gid, make_tenant

ROOT = Path(__file__).resolve().parents[2]
PLACED = re.compile(r"placed (M[12]-\d+) ")
INBOUND_QUERY = """query($id: ID!) { node(id: $id) { ... on Inbound {
  status note discrepancies { product { sku } difference damagedQuantity } } } }"""


@pytest.fixture(scope="module")
async def demo():
    """The demo data (`packline seed-demo`) in the test database."""
    from backend.demo.seed import seed

    await seed()
    merchants = {m.code: m for m in await Merchant.objects().where(Merchant.code.is_in(["M1", "M2"]))}
    products = {p.sku: p for p in await Product.objects().where(Product.merchant.is_in([m.id for m in merchants.values()]))}
    return {"merchants": merchants, "products": products}


class Clock:
    """The feed's clock, moved by hand so follow-ups come due without waiting minutes."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def feed_cli(*args: str, env: dict[str, str] | None = None, **popen) -> subprocess.Popen:  # noqa: ANN003
    return subprocess.Popen([sys.executable, "-m", "backend.cli", "demo-feed", *args], cwd=ROOT,
                            env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, **popen)


async def feed_key_ids() -> dict:
    rows = await ApiKey.select(ApiKey.id, ApiKey.merchant).where((ApiKey.name == FEED_KEY_NAME) & ApiKey.revoked_at.is_null())
    return {row["merchant"]: row["id"] for row in rows}


async def check_placed_through_intake(number: str, demo: dict) -> Order:
    """The order as intake leaves it: reservations booked in the ledger, a status that matches them and the
    payment, a `placed` history entry by the merchant's feed key, and an `order.placed` event in the outbox."""
    order = await Order.objects().where(Order.number == number).first()
    assert order is not None, number
    merchant_codes = {m.id: code for code, m in demo["merchants"].items()}
    assert order.merchant in merchant_codes and number.startswith(merchant_codes[order.merchant] + "-")
    lines = await OrderLine.objects().where(OrderLine.sales_order == order.id)
    assert 1 <= len(lines) <= 4
    for line in lines:
        assert 0 <= line.reserved <= line.quantity
        booked = await StockMovement.raw(
            "SELECT coalesce(sum(reserved_delta), 0) AS reserved FROM stock_movement WHERE reference = {} AND product = {}",
            f"order:{number}", line.product)
        assert booked[0]["reserved"] == line.reserved, (number, line.sku)
    fully = all(line.reserved == line.quantity for line in lines)
    if order.status == OrderStatus.ON_HOLD.value:
        assert order.hold_reason.startswith("Address check")
    else:
        settings = await settings_for(order.merchant)
        assert order.status == settled_status(fully_reserved=fully, payment_method=order.payment_method,
                                              payment_status=order.payment_status,
                                              prepaid_methods=prepaid_methods(settings)).value
    placed = await OrderChange.objects().where((OrderChange.sales_order == order.id) & (OrderChange.kind == "placed"))
    assert len(placed) == 1
    actor = json_value(placed[0].actor)
    assert actor["kind"] == "API_KEY" and actor["label"] == f"API key {FEED_KEY_NAME}"
    assert actor["id"] == str((await feed_key_ids())[order.merchant])
    assert await Event.exists().where((Event.entity_id == order.id) & (Event.type == "order.placed")
                                      & (Event.merchant_id == order.merchant))
    return order


async def test_once_places_orders_through_intake_for_the_demo_merchants(demo):
    process = feed_cli("--once", "8", "--seed", "11")
    output, _ = await asyncio.to_thread(process.communicate, timeout=120)
    assert process.returncode == 0, output
    numbers = PLACED.findall(output)
    assert len(numbers) == 8, output
    assert "demo feed stopped: 8 orders placed" in output
    # NL-OIL-BODY starts with no stock: the merchant announces a delivery for it (it arrives after the run).
    assert re.search(r"Nordlicht Naturkosmetik announced delivery PO-\d{6}-\d{4} \(.+\) to LEJ1: .*NL-OIL-BODY \d+", output), output
    orders = [await check_placed_through_intake(number, demo) for number in numbers]
    assert {o.source for o in orders} <= {"SHOP", "API"}
    assert all(o.customer_name and o.customer_email.endswith((".com", ".net", ".org")) for o in orders)
    # Every placement reached the outbox, the way live dashboards learn about it.
    assert await Event.count().where(Event.entity_id.is_in([o.id for o in orders]) & (Event.type == "order.placed")) == 8


async def test_bad_options_are_refused_and_change_nothing(demo):
    before = await Order.count()
    for args, message in ((["--once", "0"], "--once"), (["--interval", "3", "--rate", "10"], "either --interval or --rate"),
                          (["--interval", "-1"], "--interval")):
        process = feed_cli(*args)
        output, _ = await asyncio.to_thread(process.communicate, timeout=60)
        assert process.returncode == 2 and message in output, output
    assert await Order.count() == before


async def _planned(feed: DemoFeed, demo: dict, *, code: str, sku: str, method: PaymentMethod, payment: str,
                   paid: bool = False, **plan_fields):  # noqa: ANN003, ANN202
    """A plan from the feed, steered to one product and payment so the outcome is known."""
    while True:
        plan = feed.plan_order()
        if plan.shop.merchant.code == code:
            break
    product = demo["products"][sku]
    plan.request.lines = [LineRequest(product.id, 1, "9.90")]
    plan.request.payment_method = method.value
    plan.request.payment_status = (PaymentStatus.PAID if paid else PaymentStatus.PENDING).value
    plan.request.shipping_method = "STANDARD"
    plan.payment, plan.pay_after, plan.cancel_after, plan.corrected_address = payment, 10.0, None, None
    for name, value in plan_fields.items():
        setattr(plan, name, value)
    return plan


async def _history(order_id) -> list[dict]:  # noqa: ANN001
    changes = await OrderChange.objects().where(OrderChange.sales_order == order_id).order_by(OrderChange.id)
    return [{"kind": c.kind, "actor": json_value(c.actor)["label"], "message": c.message} for c in changes]


async def test_follow_ups_pay_cancel_and_correct_orders_later(demo):
    clock = Clock()
    feed = DemoFeed(rng=random.Random(5), clock=clock)
    await feed.prepare()
    lipbalm = demo["products"]["NL-LIPBALM"]
    reserved_before = (await stock.current_quantities(lipbalm.id, feed.warehouse.id)).reserved

    card = await feed.place(await _planned(feed, demo, code="M1", sku="NL-LIPBALM", method=PaymentMethod.CARD,
                                           payment="pays_later"))
    bank = await feed.place(await _planned(feed, demo, code="M1", sku="NL-LIPBALM", method=PaymentMethod.BANK_TRANSFER,
                                           payment="bank_pays", pay_after=300.0))
    failing = await feed.place(await _planned(feed, demo, code="M1", sku="NL-LIPBALM", method=PaymentMethod.PAYPAL,
                                              payment="payment_fails"))
    withdrawn = await feed.place(await _planned(feed, demo, code="M1", sku="NL-LIPBALM", method=PaymentMethod.INVOICE,
                                                payment="invoice", cancel_after=60.0, cancel_reason="Customer withdrew the order"))
    mistyped_plan = await _planned(feed, demo, code="M1", sku="NL-LIPBALM", method=PaymentMethod.INVOICE, payment="invoice")
    right = dict(mistyped_plan.request.shipping_address, country="DE", postalCode="80331", city="München")
    mistyped_plan.request.shipping_address = {**right, "postalCode": "8033"}
    mistyped_plan.corrected_address, mistyped_plan.correct_after = right, 90.0
    mistyped = await feed.place(mistyped_plan)

    assert [o.status for o in (card, bank, failing, withdrawn, mistyped)] == [
        "AWAITING_PAYMENT", "AWAITING_PAYMENT", "AWAITING_PAYMENT", "READY", "ON_HOLD"]
    assert (await stock.current_quantities(lipbalm.id, feed.warehouse.id)).reserved == reserved_before + 5
    assert await feed.run_due() == 0  # nothing is due yet

    clock.now += 100  # card confirmed, payment failed, order withdrawn, address corrected; the bank is slower
    assert await feed.run_due() == 4
    clock.now += 250
    assert await feed.run_due() == 2  # the bank transfer, and the cancellation after the failed payment

    rows = {o.id: o for o in await Order.objects().where(Order.id.is_in([card.id, bank.id, failing.id, withdrawn.id, mistyped.id]))}
    assert (rows[card.id].status, rows[card.id].payment_status) == ("READY", "PAID")
    assert rows[card.id].payment_reference.startswith("PSP-")
    assert (rows[bank.id].status, rows[bank.id].payment_status) == ("READY", "PAID")
    assert rows[bank.id].payment_reference.startswith("SEPA ")
    assert (rows[failing.id].status, rows[failing.id].payment_status) == ("CANCELLED", "FAILED")
    assert rows[failing.id].cancel_reason.startswith("Payment failed")
    assert (rows[withdrawn.id].status, rows[withdrawn.id].cancel_reason) == ("CANCELLED", "Customer withdrew the order")
    assert (rows[mistyped.id].status, rows[mistyped.id].hold_reason) == ("READY", "")
    assert json_value(rows[mistyped.id].shipping_address)["postalCode"] == "80331"
    # Cancelled orders gave their units back: three of the five are still reserved.
    assert (await stock.current_quantities(lipbalm.id, feed.warehouse.id)).reserved == reserved_before + 3
    for order_id in (failing.id, withdrawn.id):
        assert [line.reserved for line in await OrderLine.objects().where(OrderLine.sales_order == order_id)] == [0]
    # Every step is in the order's history, by the merchant's feed key.
    kinds = {order_id: [h["kind"] for h in await _history(order_id)] for order_id in rows}
    assert kinds[card.id] == ["placed", "payment_updated"]
    assert kinds[bank.id] == ["placed", "paid"]
    assert kinds[failing.id] == ["placed", "payment_updated", "cancelled"]
    assert kinds[withdrawn.id] == ["placed", "cancelled"]
    assert kinds[mistyped.id] == ["placed", "updated"]
    assert {h["actor"] for order_id in rows for h in await _history(order_id)} == {f"API key {FEED_KEY_NAME}"}


async def test_a_follow_up_someone_beat_to_it_is_skipped(demo):
    clock = Clock()
    feed = DemoFeed(rng=random.Random(8), clock=clock)
    await feed.prepare()
    order = await feed.place(await _planned(feed, demo, code="M2", sku="BW-SOCKS-42", method=PaymentMethod.CARD,
                                            payment="pays_later"))
    await cancel_order(SYSTEM, order.id, "Cancelled by support on the phone")
    clock.now += 60
    assert await feed.run_due() == 1
    row = await Order.objects().where(Order.id == order.id).first()
    assert (row.status, row.payment_status) == ("CANCELLED", "PENDING")
    assert feed.failures == 0


async def _finish_deliveries(feed: DemoFeed, clock: Clock, steps: int = 100) -> None:
    """Move the feed's clock from one due step to the next until it has no delivery left to receive."""
    for _ in range(steps):
        if not feed.deliveries:
            return
        clock.now = max(clock.now, feed.follow_ups[0].due)
        await feed.run_due()
    raise AssertionError(f"deliveries still open after {steps} steps: {list(feed.deliveries)}")


async def _feed_delivery_of(feed: DemoFeed, product_id) -> Inbound:  # noqa: ANN001
    """The one delivery the feed is receiving with this product in it."""
    found = [d for d in feed.deliveries.values() if product_id in d.skus]
    assert len(found) == 1, found
    return await Inbound.objects().where(Inbound.id == found[0].inbound_id).first()


async def _line(inbound: Inbound, product_id) -> InboundLine:  # noqa: ANN001
    return await InboundLine.objects().where(
        (InboundLine.inbound == inbound.id) & (InboundLine.product == product_id)).first()


async def test_sold_out_products_are_restocked_and_backorders_allocated(demo):
    """A product that sells out is announced by the merchant (ASN, `incoming` up), counted in by the receiver in
    several counts (`onHand` up, `incoming` down), closed, and the backorder gets the units. (Before issue 15 the
    feed booked restocks with `adjust_stock`: the assertions about that ADJUSTMENT entry by "Demo feed (restock)"
    now look for the receiver's INBOUND entries, and the delivery is announced when the product is noticed sold
    out instead of being booked then.)"""
    clock = Clock()
    feed = DemoFeed(rng=random.Random(13), clock=clock)
    await feed.prepare()
    oil = demo["products"]["NL-OIL-BODY"]
    available = (await stock.current_quantities(oil.id, feed.warehouse.id)).available
    plan = await _planned(feed, demo, code="M1", sku="NL-OIL-BODY", method=PaymentMethod.INVOICE, payment="invoice")
    plan.request.lines = [LineRequest(oil.id, available + 2, "17.90")]
    waiting = await feed.place(plan)
    assert waiting.status == "BACKORDERED"
    before = await stock.current_quantities(oil.id, feed.warehouse.id)

    assert await feed.restock() >= 1  # announced at once; the delivery arrives later
    inbound = await _feed_delivery_of(feed, oil.id)
    line = await _line(inbound, oil.id)
    assert (inbound.status, inbound.note, inbound.merchant) == ("ANNOUNCED", FEED_NOTE, demo["merchants"]["M1"].id)
    assert line.expected_quantity >= 2 + 30  # what the backorder waits for and a fresh batch
    announced = await stock.current_quantities(oil.id, feed.warehouse.id)
    assert (announced.on_hand, announced.incoming) == (before.on_hand, before.incoming + line.expected_quantity)
    # Announced by the merchant's feed key, through the inbound service (its event in the outbox).
    created = await Event.objects().where((Event.entity_id == inbound.id) & (Event.type == "inbound.created")).first()
    assert json_value(created.actor)["id"] == str((await feed_key_ids())[inbound.merchant])
    await feed.restock()  # still sold out, but a delivery is coming: not announced twice
    assert len([d for d in feed.deliveries.values() if oil.id in d.skus]) == 1
    assert await feed.run_due() == 0  # not there yet

    clock.now = next(f.due for f in feed.follow_ups if f.subject_id == inbound.id)
    assert await feed.run_due() >= 1  # the first count at the dock
    first = await stock.current_quantities(oil.id, feed.warehouse.id)
    assert first.on_hand > before.on_hand and before.incoming <= first.incoming < announced.incoming
    assert (await Inbound.objects().where(Inbound.id == inbound.id).first()).status == "RECEIVING"

    await _finish_deliveries(feed, clock)
    closed = await Inbound.objects().where(Inbound.id == inbound.id).first()
    assert closed.status == "CLOSED"
    assert await Event.count().where((Event.entity_id == inbound.id) & (Event.type == "inbound.received")) >= 2
    line = await _line(inbound, oil.id)
    quantities = await stock.current_quantities(oil.id, feed.warehouse.id)
    assert quantities.incoming == before.incoming  # what never came is no longer incoming either
    assert quantities.on_hand == before.on_hand + line.received_quantity + line.damaged_quantity
    assert quantities.blocked == before.blocked + line.damaged_quantity

    row = await Order.objects().where(Order.id == waiting.id).first()
    assert row.status == "READY"
    order_line = await OrderLine.objects().where(OrderLine.sales_order == waiting.id).first()
    assert order_line.reserved == order_line.quantity
    assert [h["kind"] for h in await _history(waiting.id)] == ["placed", "allocated"]
    deliveries = await StockMovement.objects().where(
        (StockMovement.product == oil.id) & (StockMovement.reason == "INBOUND")
        & (StockMovement.reference == f"inbound {inbound.reference}") & (StockMovement.note == "received")
    )
    assert len(deliveries) >= 2
    assert {json_value(d.actor)["label"] for d in deliveries} == {"Demo receiver"}
    assert sum(d.on_hand_delta for d in deliveries) == line.received_quantity > 2
    assert quantities.available > 0 and await stock.ledger_totals(oil.id, feed.warehouse.id) == quantities


async def test_a_delivery_that_is_not_as_announced_shows_its_discrepancies(api, demo):
    """Seeded so that the delivery arrives with two damaged units and five missing: the damaged ones are blocked,
    the missing ones stop being incoming when it is closed, and the merchant sees both in the inbound's
    discrepancies."""
    clock = Clock()
    feed = DemoFeed(rng=random.Random(2), clock=clock)
    await feed.prepare()
    shop = next(s for s in feed.shops if s.merchant.code == "M1")
    salt = demo["products"]["NL-BATH-SALT"]
    before = await stock.current_quantities(salt.id, feed.warehouse.id)
    delivery = await feed.announce(shop, [(salt, 40)])
    assert (await stock.current_quantities(salt.id, feed.warehouse.id)).incoming == before.incoming + 40
    feed.rng.seed(10)  # at the dock: four counts, 5 units short, 2 damaged
    await _finish_deliveries(feed, clock)

    inbound = await Inbound.objects().where(Inbound.id == delivery.inbound_id).first()
    line = await _line(inbound, salt.id)
    assert inbound.status == "CLOSED"
    assert (line.expected_quantity, line.received_quantity, line.damaged_quantity) == (40, 33, 2)
    assert await Event.count().where((Event.entity_id == inbound.id) & (Event.type == "inbound.received")) == 4
    closed = await Event.objects().where((Event.entity_id == inbound.id) & (Event.type == "inbound.closed")).first()
    assert json_value(closed.payload)["discrepancies"] == 1
    after = await stock.current_quantities(salt.id, feed.warehouse.id)
    assert (after.on_hand, after.blocked, after.incoming) == (before.on_hand + 35, before.blocked + 2, before.incoming)
    assert await stock.ledger_totals(salt.id, feed.warehouse.id) == after

    token = await api.login("anna@nordlicht.test", DEMO_PASSWORD)
    result = await api.gql(INBOUND_QUERY, {"id": gid("Inbound", inbound.id)}, token=token)
    assert result["data"]["node"] == {
        "status": "CLOSED", "note": FEED_NOTE,
        "discrepancies": [{"product": {"sku": "NL-BATH-SALT"}, "difference": -5, "damagedQuantity": 2}],
    }


async def test_a_restarted_feed_finishes_the_deliveries_left_open(demo):
    """One feed announces two deliveries and counts one of them once, then stops; the next feed (the real
    command) takes both over, counts what is still to come and closes them. The ledger still adds up."""
    clock = Clock()
    feed = DemoFeed(rng=random.Random(31), clock=clock)
    await feed.prepare()
    shops = {s.merchant.code: s for s in feed.shops}
    socks, lipbalm = demo["products"]["BW-SOCKS-46"], demo["products"]["NL-LIPBALM"]
    counted = await feed.announce(shops["M2"], [(socks, 50)])
    untouched = await feed.announce(shops["M1"], [(lipbalm, 25)])
    clock.now = next(f.due for f in feed.follow_ups if f.subject_id == counted.inbound_id)
    await feed.run_due()
    ours = [counted.inbound_id, untouched.inbound_id]
    states = {i.id: i.status for i in await Inbound.objects().where(Inbound.id.is_in(ours))}
    assert states == {counted.inbound_id: "RECEIVING", untouched.inbound_id: "ANNOUNCED"}
    left_open = await Inbound.objects().where(
        (Inbound.note == FEED_NOTE) & Inbound.status.is_in(["ANNOUNCED", "RECEIVING", "RECEIVED"]))
    assert set(ours) <= {i.id for i in left_open}
    warehouse_id = feed.warehouse.id
    del feed  # the feed stops: its plans are gone, the deliveries are in the database

    process = feed_cli("--interval", "0.2", "--seed", "6", bufsize=1)
    lines: list[str] = []

    def read() -> None:
        for line in process.stdout:
            lines.append(line)

    reader = asyncio.create_task(asyncio.to_thread(read))
    try:
        deadline = time.monotonic() + 60
        while await Inbound.count().where(Inbound.id.is_in([i.id for i in left_open]) & (Inbound.status != "CLOSED")):
            assert process.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "".join(lines)
            await asyncio.sleep(0.2)
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.to_thread(process.wait, 30)
        await reader
    output = "".join(lines)
    assert process.returncode == 0, output
    for inbound in left_open:
        assert f"taking over delivery {inbound.reference} " in output, output
        assert f"closed delivery {inbound.reference} " in output, output
        # Counted in full: the earlier feed's plan (how many counts, what goes wrong) went with it.
        for line in await InboundLine.objects().where(InboundLine.inbound == inbound.id):
            assert line.received_quantity + line.damaged_quantity == line.expected_quantity, inbound.reference
            quantities = await stock.current_quantities(line.product, warehouse_id)
            assert await stock.ledger_totals(line.product, warehouse_id) == quantities


async def test_a_feed_key_from_before_deliveries_is_replaced_by_one_that_may_announce_them():
    """A key made when the feed only placed orders (ORDERS_WRITE) cannot announce deliveries: the feed issues a new
    key with both scopes and revokes the old one, through the accounts service. Once is enough."""
    merchant = (await make_tenant()).merchant
    old = (await create_api_key(SYSTEM, name=FEED_KEY_NAME, scopes=[ApiKeyScope.ORDERS_WRITE],
                                merchant_id=merchant.id)).api_key
    actor = await feed_actor(merchant)
    assert actor.can(Permission.INBOUNDS_WRITE) and actor.can(Permission.ORDERS_WRITE) and actor.id != old.id
    keys = await ApiKey.objects().where(ApiKey.merchant == merchant.id).order_by(ApiKey.created_at)
    assert [(k.id == old.id, k.revoked_at is not None, sorted(k.scopes)) for k in keys] == [
        (True, True, ["ORDERS_WRITE"]), (False, False, ["INBOUNDS_WRITE", "ORDERS_WRITE"])]
    assert (await feed_actor(merchant)).id == actor.id
    assert await ApiKey.count().where(ApiKey.merchant == merchant.id) == 2


async def test_each_merchants_feed_key_reaches_only_its_own_orders(demo):
    m1, m2 = demo["merchants"]["M1"], demo["merchants"]["M2"]
    m1_actor, m2_actor = await feed_actor(m1), await feed_actor(m2)
    assert (m1_actor.merchant_id, m2_actor.merchant_id) == (m1.id, m2.id)
    feed = DemoFeed(rng=random.Random(21), clock=Clock())
    await feed.prepare()
    m2_order = await feed.place(await _planned(feed, demo, code="M2", sku="BW-BOTTLE-1L", method=PaymentMethod.INVOICE,
                                               payment="invoice"))
    with pytest.raises(NotFound):
        await cancel_order(m1_actor, m2_order.id, "not yours")
    row = await Order.objects().where(Order.id == m2_order.id).first()
    assert (row.status, row.version) == ("READY", m2_order.version)
    # The feed cannot place an order for one merchant with another merchant's product.
    plan = await _planned(feed, demo, code="M1", sku="NL-LIPBALM", method=PaymentMethod.INVOICE, payment="invoice")
    plan.request.lines = [LineRequest(demo["products"]["BW-BOTTLE-1L"].id, 1, "24.90")]
    before = await Order.count()
    with pytest.raises(NotFound):
        await feed.place(plan)
    assert await Order.count() == before


@pytest.mark.slow
async def test_feed_outlives_redis_and_database_outages(demo, database):
    """Redis unreachable: orders are still placed (the relay publishes later). Its database connections killed:
    it logs, reconnects and goes on. SIGTERM stops it cleanly."""
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    # Without the floor: the orders checked at the end must be as intake left them, not picked meanwhile.
    process = feed_cli("--interval", "0.3", "--seed", "4", "--no-floor",
                       env={"REDIS_URL": f"redis://127.0.0.1:{dead_port}/0"}, bufsize=1)
    lines: list[str] = []

    def read() -> None:
        for line in process.stdout:
            lines.append(line)

    reader = asyncio.create_task(asyncio.to_thread(read))

    async def placed_at_least(n: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while sum(1 for line in lines if PLACED.search(line)) < n:
            assert process.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "".join(lines)
            await asyncio.sleep(0.2)

    try:
        await placed_at_least(3)
        assert any("publishing" in line and "failed" in line for line in lines), "".join(lines)
        killed = await Order.raw(
            "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = {}", APPLICATION_NAME)
        assert killed[0]["n"] >= 1
        placed_before = sum(1 for line in lines if PLACED.search(line))
        await placed_at_least(placed_before + 3)
        assert process.poll() is None
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.to_thread(process.wait, 30)
        await reader
    assert process.returncode == 0, "".join(lines)
    assert any("demo feed stopped" in line for line in lines), "".join(lines)
    numbers = [m.group(1) for line in lines if (m := PLACED.search(line))]
    for number in numbers[-3:]:
        order = await check_placed_through_intake(number, demo)
        # Committed though Redis was down: the outbox keeps the event unpublished for the relay.
        event = await Event.objects().where((Event.entity_id == order.id) & (Event.type == "order.placed")).first()
        assert event.published_at is None


async def test_a_revoked_feed_key_is_respected(demo):
    """Runs last in this module: it revokes M2's key for good."""
    m2 = demo["merchants"]["M2"]
    key_id = (await feed_key_ids())[m2.id]
    await revoke_api_key(SYSTEM, key_id)
    assert await feed_actor(m2) is None  # not silently replaced by a new key
    feed = DemoFeed(rng=random.Random(1), clock=Clock())
    await feed.prepare()
    assert [shop.merchant.code for shop in feed.shops] == ["M1"]
    before = await Order.count().where(Order.merchant == m2.id)
    for _ in range(5):
        assert await feed.tick()
    assert await Order.count().where(Order.merchant == m2.id) == before
    assert json.dumps([s.merchant.code for s in feed.shops]) == '["M1"]'
