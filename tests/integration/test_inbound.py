"""Inbound deliveries: announce, receive in several counts (by scanning codes), damaged and unexpected units,
close with the discrepancy report, cancel; forbidden transitions change nothing; merchants see stock rise live."""

from __future__ import annotations

import asyncio

import pytest

from backend.core.authorization import Role
from backend.stock import services as stock
from backend.stock.tables import StockMovement
from tests.support import (
    EVENT_FIELDS, Subscription, gid, make_product, make_tenant, make_user, make_warehouse, random_ean,
)

CREATE = "mutation($i: InboundCreateInput!) { inboundCreate(input: $i) { inbound { id status reference } errors { field code message } } }"
RECEIVE = """mutation($i: InboundReceiveInput!) { inboundReceive(input: $i) { inbound { status
  lines { expectedQuantity receivedQuantity damagedQuantity unexpected difference product { sku } } } errors { field code message } } }"""
CLOSE = "mutation($i: InboundCloseInput!) { inboundClose(input: $i) { inbound { status discrepancies { product { sku } difference damagedQuantity } } errors { field code } } }"
CANCEL = "mutation($i: InboundCancelInput!) { inboundCancel(input: $i) { inbound { status } errors { field code } } }"


@pytest.fixture(scope="module")
async def dock(api):
    tenant, other = await make_tenant(), await make_tenant()
    warehouse = await make_warehouse()
    return {
        "tenant": tenant, "other": other, "warehouse": warehouse,
        "merchant": await api.login(tenant.admin.email), "other_merchant": await api.login(other.admin.email),
        "receiver": await api.login((await make_user(Role.WAREHOUSE)).email),
    }


async def announce(api, dock, lines, token_key="merchant"):  # noqa: ANN001, ANN201
    result = await api.gql(CREATE, {"i": {"warehouseId": gid("Warehouse", dock["warehouse"].id), "reference": "PO-4711",
                                         "carrier": "DHL", "lines": lines}}, token=dock[token_key])
    return result["data"]["inboundCreate"]


async def test_full_delivery_flow(api, dock):
    merchant, warehouse = dock["tenant"].merchant, dock["warehouse"]
    soap = await make_product(merchant, barcode=random_ean())
    cream = await make_product(merchant)
    stray = await make_product(merchant, barcode=random_ean())
    created = await announce(api, dock, [{"productId": gid("Product", soap.id), "expectedQuantity": 10},
                                         {"productId": gid("Product", cream.id), "expectedQuantity": 5}])
    assert created["errors"] == [] and created["inbound"]["status"] == "ANNOUNCED"
    inbound_id = created["inbound"]["id"]
    assert (await stock.current_quantities(soap.id, warehouse.id)).incoming == 10

    # First count: scanning the barcode 6 times into bin B-01, one damaged.
    first = await api.gql(RECEIVE, {"i": {"inboundId": inbound_id, "lines": [
        {"code": soap.barcode, "received": 6, "damaged": 1, "locationCode": "B-01"}]}}, token=dock["receiver"])
    assert first["data"]["inboundReceive"]["errors"] == []
    assert first["data"]["inboundReceive"]["inbound"]["status"] == "RECEIVING"
    soap_now = await stock.current_quantities(soap.id, warehouse.id)
    assert (soap_now.on_hand, soap_now.blocked, soap_now.incoming, soap_now.available) == (7, 1, 3, 6)

    # Second count: the rest of the soap, the cream by SKU, and a product nobody announced.
    second = await api.gql(RECEIVE, {"i": {"inboundId": inbound_id, "lines": [
        {"productId": gid("Product", soap.id), "received": 3},
        {"code": cream.sku, "received": 4},
        {"code": stray.barcode, "received": 2}]}}, token=dock["receiver"])
    lines = {line["product"]["sku"]: line for line in second["data"]["inboundReceive"]["inbound"]["lines"]}
    assert lines[stray.sku]["unexpected"] is True and lines[stray.sku]["difference"] == 2
    assert lines[cream.sku]["difference"] == -1
    assert second["data"]["inboundReceive"]["inbound"]["status"] == "RECEIVING"  # one cream still missing

    closed = await api.gql(CLOSE, {"i": {"inboundId": inbound_id}}, token=dock["receiver"])
    report = {d["product"]["sku"]: d for d in closed["data"]["inboundClose"]["inbound"]["discrepancies"]}
    assert closed["data"]["inboundClose"]["inbound"]["status"] == "CLOSED"
    assert report[soap.sku] == {"product": {"sku": soap.sku}, "difference": 0, "damagedQuantity": 1}
    assert report[cream.sku]["difference"] == -1 and report[stray.sku]["difference"] == 2
    cream_now = await stock.current_quantities(cream.id, warehouse.id)
    assert (cream_now.on_hand, cream_now.incoming) == (4, 0)
    for product in (soap, cream, stray):
        assert await stock.ledger_totals(product.id, warehouse.id) == await stock.current_quantities(product.id, warehouse.id)

    # Closed is closed.
    movements = await StockMovement.count()
    again = await api.gql(RECEIVE, {"i": {"inboundId": inbound_id, "lines": [{"code": soap.barcode, "received": 1}]}}, token=dock["receiver"])
    assert again["data"]["inboundReceive"]["errors"][0]["code"] == "INVALID_STATE"
    twice = await api.gql(CLOSE, {"i": {"inboundId": inbound_id}}, token=dock["receiver"])
    assert twice["data"]["inboundClose"]["errors"][0]["code"] == "INVALID_STATE"
    cancel = await api.gql(CANCEL, {"i": {"inboundId": inbound_id}}, token=dock["merchant"])
    assert cancel["data"]["inboundCancel"]["errors"][0]["code"] == "INVALID_STATE"
    assert await StockMovement.count() == movements


async def test_cancel_clears_incoming(api, dock):
    product = await make_product(dock["tenant"].merchant)
    created = await announce(api, dock, [{"productId": gid("Product", product.id), "expectedQuantity": 7}])
    result = await api.gql(CANCEL, {"i": {"inboundId": created["inbound"]["id"], "reason": "supplier late"}}, token=dock["merchant"])
    assert result["data"]["inboundCancel"]["inbound"]["status"] == "CANCELLED"
    assert (await stock.current_quantities(product.id, dock["warehouse"].id)).incoming == 0


async def test_bad_inbound_input_changes_nothing(api, dock):
    mine = await make_product(dock["tenant"].merchant)
    theirs = await make_product(dock["other"].merchant)
    movements = await StockMovement.count()
    bad = await announce(api, dock, [{"productId": gid("Product", mine.id), "expectedQuantity": 0},
                                     {"productId": gid("Product", mine.id), "expectedQuantity": -2}])
    assert {(e["field"], e["code"]) for e in bad["errors"]} == {
        ("lines.0.expectedQuantity", "INVALID"), ("lines.1.expectedQuantity", "INVALID"), ("lines", "DUPLICATE")
    }
    foreign = await announce(api, dock, [{"productId": gid("Product", theirs.id), "expectedQuantity": 1}])
    assert foreign["errors"] == [{"field": "lines.0.productId", "code": "NOT_FOUND", "message": "No such product"}]
    empty = await announce(api, dock, [])
    assert empty["errors"][0]["field"] == "lines"
    created = await announce(api, dock, [{"productId": gid("Product", mine.id), "expectedQuantity": 3}])
    inbound_id = created["inbound"]["id"]
    movements = await StockMovement.count()
    for lines, code in (
        ([{"code": "0000000000000", "received": 1}], "UNKNOWN_PRODUCT"),
        ([{"productId": gid("Product", theirs.id), "received": 1}], "UNKNOWN_PRODUCT"),
        ([{"code": mine.sku, "received": 0}], "INVALID"),
        ([{"code": mine.sku, "received": -1}], "INVALID"),
        ([{"code": mine.sku, "received": 1, "locationCode": "NOPE"}], "NOT_FOUND"),
    ):
        result = await api.gql(RECEIVE, {"i": {"inboundId": inbound_id, "lines": lines}}, token=dock["receiver"])
        assert result["data"]["inboundReceive"]["errors"][0]["code"] == code, (lines, result)
    early_close = await api.gql(CLOSE, {"i": {"inboundId": inbound_id}}, token=dock["receiver"])
    assert early_close["data"]["inboundClose"]["errors"][0]["code"] == "INVALID_STATE"
    assert await StockMovement.count() == movements
    # Another merchant sees nothing of it; merchants cannot receive.
    foreign_cancel = await api.gql(CANCEL, {"i": {"inboundId": inbound_id}}, token=dock["other_merchant"])
    assert foreign_cancel["data"]["inboundCancel"]["errors"] == [{"field": "inboundId", "code": "NOT_FOUND"}]
    listed = await api.gql("{ inbounds { totalCount } }", token=dock["other_merchant"])
    assert listed["data"]["inbounds"]["totalCount"] == 0
    merchant_receives = await api.gql(RECEIVE, {"i": {"inboundId": inbound_id, "lines": [{"code": mine.sku, "received": 1}]}}, token=dock["merchant"])
    assert merchant_receives["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_merchant_sees_its_stock_rise_live_and_others_do_not(api, dock):
    product = await make_product(dock["tenant"].merchant, barcode=random_ean())
    created = await announce(api, dock, [{"productId": gid("Product", product.id), "expectedQuantity": 2}])
    events = f"subscription {{ events(topics: [STOCK, INBOUND]) {{ {EVENT_FIELDS} }} }}"
    async with Subscription(api, dock["merchant"], events) as mine, Subscription(api, dock["other_merchant"], events) as theirs:
        await asyncio.sleep(0.3)
        await api.gql(RECEIVE, {"i": {"inboundId": created["inbound"]["id"], "lines": [{"code": product.barcode, "received": 2}]}}, token=dock["receiver"])
        stock_event, inbound_event = await mine.collect(2)
        assert stock_event["type"] == "stock.changed"
        assert stock_event["payload"]["onHand"] == 2 and stock_event["payload"]["available"] == 2 and stock_event["payload"]["incoming"] == 0
        assert inbound_event["type"] == "inbound.received" and inbound_event["payload"]["status"] == "RECEIVED"
        await theirs.expect_silence(0.5)
