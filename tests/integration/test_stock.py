"""Stock: adjustments, transfers, counts and the reservations orders make keep the ledger equal to the quantities;
nothing goes below zero, not even under hundreds of concurrent orders from two processes."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.core.authorization import SYSTEM, Role
from backend.core.errors import DomainError
from backend.orders import services as orders
from backend.orders.model import Customer, LineRequest, OrderRequest
from backend.orders.tables import OrderLine
from backend.stock import services as stock
from backend.stock.services import InsufficientStock, MovementReason
from backend.stock.tables import BinStock, StockMovement
from tests.support import ROOT_DIR, gid, make_merchant, make_product, make_tenant, make_user, make_warehouse, put_stock

ADJUST = "mutation($i: StockAdjustInput!) { stockAdjust(input: $i) { product { stockTotal { onHand available } bins { locationCode onHand } } errors { field code message } } }"


async def assert_ledger_matches(product, warehouse) -> stock.Quantities:  # noqa: ANN001
    quantities = await stock.current_quantities(product.id, warehouse.id)
    assert await stock.ledger_totals(product.id, warehouse.id) == quantities
    assert quantities.available >= 0
    return quantities


@pytest.fixture(scope="module")
async def setting(api):
    tenant = await make_tenant()
    return {
        "tenant": tenant, "warehouse": await make_warehouse(),
        "warehouse_token": await api.login((await make_user(Role.WAREHOUSE)).email),
        "merchant_token": await api.login(tenant.admin.email),
    }


async def test_adjust_needs_a_reason_and_never_goes_negative(api, setting):
    product = await make_product(setting["tenant"].merchant)
    base = {"productId": gid("Product", product.id), "warehouseId": gid("Warehouse", setting["warehouse"].id)}
    ok = await api.gql(ADJUST, {"i": {**base, "quantity": 10, "reason": "ADJUSTMENT", "note": "found on shelf", "locationCode": "b-01"}}, token=setting["warehouse_token"])
    assert ok["data"]["stockAdjust"]["product"]["stockTotal"] == {"onHand": 10, "available": 10}
    assert ok["data"]["stockAdjust"]["product"]["bins"] == [{"locationCode": "B-01", "onHand": 10}]
    movements_before = await StockMovement.count()
    too_much = await api.gql(ADJUST, {"i": {**base, "quantity": -11, "reason": "DAMAGE", "note": "broken"}}, token=setting["warehouse_token"])
    error = too_much["data"]["stockAdjust"]["errors"][0]
    assert error["code"] == "INSUFFICIENT_STOCK" and "Only 10" in error["message"]
    no_note = await api.gql(ADJUST, {"i": {**base, "quantity": 0, "reason": "RESERVATION", "note": " "}}, token=setting["warehouse_token"])
    assert [(e["field"], e["code"]) for e in no_note["data"]["stockAdjust"]["errors"]] == [
        ("quantity", "INVALID"), ("note", "REQUIRED"), ("reason", "INVALID")
    ]
    unknown_bin = await api.gql(ADJUST, {"i": {**base, "quantity": 1, "reason": "ADJUSTMENT", "note": "x", "locationCode": "Z-99"}}, token=setting["warehouse_token"])
    assert unknown_bin["data"]["stockAdjust"]["errors"][0]["field"] == "locationCode"
    assert await StockMovement.count() == movements_before
    merchant = await api.gql(ADJUST, {"i": {**base, "quantity": 1, "reason": "ADJUSTMENT", "note": "x"}}, token=setting["merchant_token"])
    assert merchant["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await assert_ledger_matches(product, setting["warehouse"])


async def test_transfer_and_count(api, setting):
    product = await make_product(setting["tenant"].merchant)
    warehouse = setting["warehouse"]
    await put_stock(product, warehouse, 8, "B-01")
    base = {"productId": gid("Product", product.id), "warehouseId": gid("Warehouse", warehouse.id)}
    transfer = await api.gql(
        "mutation($i: StockTransferInput!) { stockTransfer(input: $i) { product { bins { locationCode onHand } stockTotal { onHand } } errors { field code } } }",
        {"i": {**base, "fromLocationCode": "B-01", "toLocationCode": "B-02", "quantity": 3}}, token=setting["warehouse_token"],
    )
    assert transfer["data"]["stockTransfer"]["product"] == {
        "bins": [{"locationCode": "B-01", "onHand": 5}, {"locationCode": "B-02", "onHand": 3}], "stockTotal": {"onHand": 8}
    }
    too_many = await api.gql(
        "mutation($i: StockTransferInput!) { stockTransfer(input: $i) { errors { field code } } }",
        {"i": {**base, "fromLocationCode": "B-02", "toLocationCode": "B-03", "quantity": 4}}, token=setting["warehouse_token"],
    )
    assert too_many["data"]["stockTransfer"]["errors"] == [{"field": "locationCode", "code": "INSUFFICIENT_STOCK"}]
    count = await api.gql(
        "mutation($i: StockCountInput!) { stockCount(input: $i) { product { stockTotal { onHand } bins { locationCode onHand } } errors { code } } }",
        {"i": {**base, "locationCode": "B-01", "counted": 2, "note": "cycle count"}}, token=setting["warehouse_token"],
    )
    assert count["data"]["stockCount"]["product"]["stockTotal"] == {"onHand": 5}
    movements = await api.gql(
        "query($id: ID!) { node(id: $id) { ... on Product { movements(first: 10) { totalCount edges { node { reason onHandDelta locationCode reference actorLabel } } } } } }",
        {"id": gid("Product", product.id)}, token=setting["merchant_token"],
    )
    ledger = [e["node"] for e in movements["data"]["node"]["movements"]["edges"]]
    assert [m["reason"] for m in ledger] == ["COUNT", "TRANSFER", "TRANSFER", "ADJUSTMENT"]
    assert ledger[0]["onHandDelta"] == -3 and ledger[0]["locationCode"] == "B-01"
    await assert_ledger_matches(product, warehouse)


def order_for(product, warehouse, quantity: int) -> OrderRequest:  # noqa: ANN001
    """A one-line order, as a shop would send it (orders reserve stock through the stock domain's routines)."""
    return OrderRequest(merchant_id=product.merchant, lines=[LineRequest(product.id, quantity, "1.00")],
                        payment_method="INVOICE", customer=Customer("Erika Mustermann"),
                        shipping_address={"name": "Erika Mustermann", "line1": "Hauptstr. 5", "postalCode": "10115",
                                          "city": "Berlin", "country": "DE"},
                        warehouse_id=warehouse.id)


async def reserved_by(order_id) -> int:  # noqa: ANN001
    rows = await OrderLine.select(OrderLine.reserved).where(OrderLine.sales_order == order_id)
    return sum(row["reserved"] for row in rows)


async def test_an_order_reserves_what_is_available_and_a_removal_says_how_much_was():
    merchant = await make_merchant()
    warehouse = await make_warehouse()
    product = await make_product(merchant)
    await put_stock(product, warehouse, 5)
    first, _ = await orders.create_order(SYSTEM, order_for(product, warehouse, 3))
    second, _ = await orders.create_order(SYSTEM, order_for(product, warehouse, 3))
    assert (await reserved_by(first.id), await reserved_by(second.id)) == (3, 2)
    assert (first.status, second.status) == ("READY", "BACKORDERED")
    with pytest.raises(InsufficientStock) as refused:
        await stock.adjust_stock(SYSTEM, product_id=product.id, warehouse_id=warehouse.id, quantity=-1,
                                 reason=MovementReason.DAMAGE, note="broken")
    assert refused.value.available == 0
    await orders.cancel_order(SYSTEM, first.id, "customer withdrew")  # frees 3: the backorder takes the 1 it lacks
    assert await reserved_by(second.id) == 3
    await orders.cancel_order(SYSTEM, second.id, "customer withdrew")
    quantities = await assert_ledger_matches(product, warehouse)
    assert (quantities.on_hand, quantities.reserved) == (5, 0)


async def test_a_reservation_commits_its_ledger_entry_and_event_with_the_order():
    from backend.events.tables import Event

    merchant = await make_merchant()
    warehouse = await make_warehouse()
    product = await make_product(merchant)
    await put_stock(product, warehouse, 5)
    order, _ = await orders.create_order(SYSTEM, order_for(product, warehouse, 2))
    events = await Event.select().where(Event.merchant_id == merchant.id).order_by(Event.seq)
    assert [e["type"] for e in events][-2:] == ["stock.changed", "order.placed"]
    reservation, before = events[-2], events[-3]
    payload = json.loads(reservation["payload"]) if isinstance(reservation["payload"], str) else reservation["payload"]
    assert payload["reason"] == "RESERVATION" and payload["delta"]["reserved"] == 2
    assert (payload["reserved"], payload["available"], payload["sku"]) == (2, 3, product.sku)
    assert reservation["merchant_prev_seq"] == before["seq"]
    assert events[-1]["merchant_prev_seq"] == reservation["seq"]
    movements = await StockMovement.select().where(StockMovement.product == product.id).order_by(StockMovement.id)
    assert (movements[-1]["reason"], movements[-1]["reserved_delta"], movements[-1]["reference"]) == (
        "RESERVATION", 2, f"order:{order.number}")
    await assert_ledger_matches(product, warehouse)


async def test_the_ledger_is_immutable():
    merchant = await make_merchant()
    product = await make_product(merchant)
    await put_stock(product, await make_warehouse(), 1)
    for statement in ("UPDATE stock_movement SET on_hand_delta = 1000 WHERE product = {}", "DELETE FROM stock_movement WHERE product = {}"):
        with pytest.raises(Exception, match="immutable"):
            await StockMovement.raw(statement, product.id)


RESERVERS = textwrap.dedent(
    """
    import asyncio, json, sys, uuid
    from backend.core.authorization import SYSTEM
    from backend.core.db import open_pool
    from backend.orders.model import Customer, LineRequest, OrderRequest
    from backend.orders.services import create_order

    ADDRESS = {"name": "Erika", "line1": "Hauptstr. 5", "postalCode": "10115", "city": "Berlin", "country": "DE"}

    async def main():
        await open_pool()
        merchant, product, warehouse = (uuid.UUID(arg) for arg in sys.argv[1:4])
        attempts = int(sys.argv[4])
        outcome = {"reserved": 0, "refused": 0}

        async def one(i):
            order, _ = await create_order(SYSTEM, OrderRequest(
                merchant_id=merchant, lines=[LineRequest(product, 1, "1.00")], payment_method="INVOICE",
                customer=Customer(f"race {i}"), shipping_address=ADDRESS, warehouse_id=warehouse))
            outcome["reserved" if order.status == "READY" else "refused"] += 1

        await asyncio.gather(*(one(i) for i in range(attempts)))
        print(json.dumps(outcome))

    asyncio.run(main())
    """
)


async def test_concurrent_reservations_from_two_processes_never_oversell():
    merchant = await make_merchant()
    warehouse = await make_warehouse()
    product = await make_product(merchant)
    await put_stock(product, warehouse, 60)
    env = {**os.environ, "DATABASE_POOL_MAX": "20"}
    args = [sys.executable, "-c", RESERVERS, str(merchant.id), str(product.id), str(warehouse.id), "150"]
    processes = [await asyncio.create_subprocess_exec(*args, cwd=ROOT_DIR, env=env, stdout=subprocess.PIPE) for _ in range(2)]
    outputs = [json.loads((await p.communicate())[0].decode().strip().splitlines()[-1]) for p in processes]
    assert sum(o["reserved"] for o in outputs) == 60
    assert sum(o["refused"] for o in outputs) == 240
    quantities = await assert_ledger_matches(product, warehouse)
    assert (quantities.on_hand, quantities.reserved, quantities.available) == (60, 60, 0)
    assert await StockMovement.count().where((StockMovement.product == product.id) & (StockMovement.reason == "RESERVATION")) == 60


operation = st.one_of(
    st.tuples(st.just("adjust"), st.integers(-20, 30), st.sampled_from(["B-01", "B-02", None])),
    st.tuples(st.just("order"), st.integers(1, 15), st.none()),
    st.tuples(st.just("cancel"), st.integers(0, 3), st.none()),
    st.tuples(st.just("transfer"), st.integers(1, 10), st.sampled_from(["B-01", "B-02"])),
    st.tuples(st.just("count"), st.integers(0, 25), st.sampled_from(["B-01", "B-02"])),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, min_size=1, max_size=12))
def test_any_sequence_of_operations_keeps_ledger_and_quantities_equal(operations):
    asyncio.get_event_loop().run_until_complete(_run_sequence(operations))


async def _run_sequence(operations) -> None:  # noqa: ANN001
    merchant = await make_merchant()
    warehouse = await make_warehouse(bins=2)
    product = await make_product(merchant)
    placed = []
    for kind, quantity, bin_code in operations:
        try:
            if kind == "adjust" and quantity:
                await stock.adjust_stock(SYSTEM, product_id=product.id, warehouse_id=warehouse.id, quantity=quantity,
                                         reason=MovementReason.ADJUSTMENT, note="property", location_code=bin_code)
            elif kind == "order":  # reserves as much as there is
                placed.append((await orders.create_order(SYSTEM, order_for(product, warehouse, quantity)))[0].id)
            elif kind == "cancel" and placed:  # releases what the order held; backorders may take it
                await orders.cancel_order(SYSTEM, placed.pop(quantity % len(placed)), "property")
            elif kind == "transfer":
                other = "B-02" if bin_code == "B-01" else "B-01"
                await stock.transfer_stock(SYSTEM, product_id=product.id, warehouse_id=warehouse.id,
                                           from_location_code=bin_code, to_location_code=other, quantity=quantity)
            elif kind == "count":
                await stock.count_stock(SYSTEM, product_id=product.id, warehouse_id=warehouse.id, location_code=bin_code, counted=quantity)
        except DomainError:
            pass  # a refused operation must leave everything as it was
        quantities = await assert_ledger_matches(product, warehouse)
        bins = await BinStock.select(BinStock.on_hand).where(BinStock.product == product.id)
        assert all(b["on_hand"] >= 0 for b in bins)
        assert quantities.reserved <= quantities.on_hand
