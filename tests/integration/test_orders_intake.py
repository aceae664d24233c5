"""Order intake: reservation at placement, statuses by stock and payment policy, idempotency, totals."""

from __future__ import annotations

import asyncio

import pytest

from backend.core.ids import from_global_id
from backend.events.tables import Event
from backend.core.queries import json_value
from backend.stock import services as stock
from tests.integration.orders_support import CREATE, NODE, add_products, order_input, order_shop, place
from tests.support import gid, make_product


@pytest.fixture(scope="module")
async def shop(api):
    return await order_shop(api)


async def test_fully_reserved_invoice_order_is_ready_with_totals(api, shop):
    result = await place(api, shop, [("soap", 2, "4.95"), ("cream", 1, "12.00")], shippingPrice="4.90")
    assert result["errors"] == [] and result["created"] is True
    order = result["order"]
    assert order["status"] == "READY"
    assert order["number"].startswith(shop["tenant"].merchant.code + "-")
    assert order["subtotal"]["amount"] == "21.90" and order["total"] == {"amount": "26.80", "currency": "EUR"}
    # 19 % included in 26.80 gross: 4.28
    assert order["tax"]["amount"] == "4.28"
    assert [(l["sku"], l["reserved"], l["backordered"]) for l in order["lines"]] == [
        (shop["products"]["soap"].sku, 2, 0), (shop["products"]["cream"].sku, 1, 0)]
    soap = await stock.current_quantities(shop["products"]["soap"].id, shop["warehouse"].id)
    assert soap.reserved >= 2
    assert await stock.ledger_totals(shop["products"]["soap"].id, shop["warehouse"].id) == soap


async def test_bank_transfer_waits_for_payment_and_short_stock_is_backordered(api, shop):
    waiting = await place(api, shop, [("soap", 1, "4.95")], paymentMethod="BANK_TRANSFER")
    assert waiting["order"]["status"] == "AWAITING_PAYMENT"
    short = await place(api, shop, [("brush", 3, "2.00"), ("soap", 1, "4.95")])
    assert short["order"]["status"] == "BACKORDERED"
    brush = next(l for l in short["order"]["lines"] if l["sku"] == shop["products"]["brush"].sku)
    assert (brush["reserved"], brush["backordered"]) == (0, 3)


async def test_same_shop_order_twice_is_one_order(api, shop):
    extra = {"source": "SHOP", "shop": "webshop", "externalId": "ext-1001", "externalNumber": "#1001"}
    first = await place(api, shop, [("soap", 1, "4.95")], **extra)
    again = await place(api, shop, [("soap", 1, "4.95")], **extra)
    assert again["created"] is False and again["order"]["id"] == first["order"]["id"]


async def test_idempotency_key_same_payload_same_order_other_payload_error(api, shop):
    first = await place(api, shop, [("soap", 1, "4.95")], idempotencyKey="key-1")
    again = await place(api, shop, [("soap", 1, "4.95")], idempotencyKey="key-1")
    assert again["order"]["id"] == first["order"]["id"] and again["created"] is False
    other = await place(api, shop, [("soap", 2, "4.95")], idempotencyKey="key-1")
    assert other["order"] is None and other["errors"][0]["field"] == "idempotencyKey"


async def test_replays_and_refused_orders_take_no_order_number(api, shop):
    def sequence(result) -> int:  # noqa: ANN001
        return int(result["order"]["number"].rsplit("-", 1)[1])

    extra = {"source": "SHOP", "shop": "webshop", "externalId": "ext-numbers-1"}
    first = await place(api, shop, [("soap", 1, "4.95")], **extra)
    assert (await place(api, shop, [("soap", 1, "4.95")], **extra))["created"] is False
    keyed = await place(api, shop, [("soap", 1, "4.95")], idempotencyKey="numbers-key")
    assert (await place(api, shop, [("soap", 1, "4.95")], idempotencyKey="numbers-key"))["created"] is False
    foreign = await make_product(shop["other"].merchant, name="Foreign soap")
    other_merchants = {**order_input(shop, [("soap", 1, "4.95")]), "lines": [
        {"productId": gid("Product", foreign.id), "quantity": 1}]}
    refused = (await api.gql(CREATE, {"i": other_merchants}, token=shop["admin"]))["data"]["orderCreate"]
    assert refused["order"] is None and refused["errors"][0]["field"] == "lines.0.productId"
    last = await place(api, shop, [("soap", 1, "4.95")])
    # Consecutive numbers: neither the replays nor the refused order used one up.
    assert [sequence(first), sequence(keyed), sequence(last)] == [sequence(first), sequence(first) + 1,
                                                                   sequence(first) + 2]


async def test_concurrent_duplicate_intake_creates_one_order(api_servers, shop):
    before = await stock.current_quantities(shop["products"]["cream"].id, shop["warehouse"].id)
    variables = {"i": order_input(shop, [("cream", 1, "12.00")], source="SHOP", shop="webshop", externalId="race-1")}
    results = await asyncio.gather(*[
        api_servers[i % 2].gql(CREATE, variables, token=shop["admin"]) for i in range(8)
    ])
    ids = {r["data"]["orderCreate"]["order"]["id"] for r in results}
    assert len(ids) == 1
    assert sum(r["data"]["orderCreate"]["created"] for r in results) == 1
    after = await stock.current_quantities(shop["products"]["cream"].id, shop["warehouse"].id)
    assert after.reserved == before.reserved + 1


async def test_concurrent_orders_share_scarce_stock_without_deadlock_or_oversell(api_servers, shop):
    """Orders racing for the same two scarce products, listed in either order: each gets what was left when its
    turn came, none fails, nothing is oversold, and every order's status, lines and events agree."""
    await add_products(shop, lamp=7, vase=5)
    lamp, vase = shop["products"]["lamp"], shop["products"]["vase"]
    wanted = [[("lamp", 1 + i % 2, "30.00"), ("vase", 1, "20.00")] for i in range(12)]
    results = await asyncio.gather(*[
        api_servers[i % 2].gql(CREATE, {"i": order_input(shop, lines if i % 2 else lines[::-1])}, token=shop["admin"])
        for i, lines in enumerate(wanted)
    ])
    assert all("errors" not in r and r["data"]["orderCreate"]["errors"] == [] for r in results), results
    orders = [r["data"]["orderCreate"]["order"] for r in results]
    for product, units in ((lamp, 7), (vase, 5)):
        now = await stock.current_quantities(product.id, shop["warehouse"].id)
        lines = [line for order in orders for line in order["lines"] if line["sku"] == product.sku]
        assert now.reserved == sum(line["reserved"] for line in lines) == units  # all of it, not more
        assert await stock.ledger_totals(product.id, shop["warehouse"].id) == now
    for order in orders:
        short = {line["sku"]: line["backordered"] for line in order["lines"] if line["backordered"]}
        assert order["status"] == ("BACKORDERED" if short else "READY"), order
        placed = await Event.objects().where(
            (Event.entity_id == from_global_id(order["id"])[1]) & (Event.type == "order.placed")).first()
        assert json_value(placed.payload)["backordered"] == short
        assert json_value(placed.payload)["status"] == order["status"]
        # Its reservations' stock events come right before it, in one append.
        holding = {line["sku"]: line["reserved"] for line in order["lines"] if line["reserved"]}
        before = await Event.objects().where(
            (Event.seq >= placed.seq - len(holding)) & (Event.seq < placed.seq)).order_by(Event.seq)
        assert [e.type for e in before] == ["stock.changed"] * len(holding)
        assert {json_value(e.payload)["sku"]: json_value(e.payload)["delta"]["reserved"] for e in before} == holding


async def test_bad_input_changes_nothing(api, shop):
    before = await stock.current_quantities(shop["products"]["soap"].id, shop["warehouse"].id)
    cases = [
        ({"lines": []}, "lines"),
        ({"currency": "XXX"}, "currency"),
        ({"shippingPrice": "1.999"}, "shippingPrice"),
        ({"customer": {"name": "", "email": "not-an-email"}}, "customer.email"),
    ]
    for override, field in cases:
        result = await api.gql(CREATE, {"i": {**order_input(shop, [("soap", 1, "4.95")]), **override}}, token=shop["admin"])
        payload = result["data"]["orderCreate"]
        assert payload["order"] is None and field in [e["field"] for e in payload["errors"]], (override, payload)
    other_product = await api.gql(CREATE, {"i": {**order_input(shop, [("soap", 1, "1")]), "lines": [
        {"productId": gid("Product", shop["products"]["soap"].id), "quantity": 0}]}}, token=shop["admin"])
    assert other_product["data"]["orderCreate"]["errors"][0]["field"] == "lines.0.quantity"
    assert await stock.current_quantities(shop["products"]["soap"].id, shop["warehouse"].id) == before


async def test_bad_address_holds_the_order_with_the_reason(api, shop):
    result = await place(api, shop, [("soap", 1, "4.95")], shippingAddress={**{"name": "X", "line1": "Y", "city": "Z"},
                                                                              "postalCode": "1234", "country": "DE"})
    assert result["order"]["status"] == "ON_HOLD"
    assert "Postal code 1234 is not valid for DE" in result["order"]["holdReason"]


async def test_other_merchants_cannot_see_or_order_for_them(api, shop):
    placed = await place(api, shop, [("soap", 1, "4.95")])
    seen = await api.gql(NODE, {"id": placed["order"]["id"]}, token=shop["other_admin"])
    assert seen["data"]["node"] is None
    foreign = await api.gql(CREATE, {"i": order_input(shop, [("soap", 1, "4.95")])}, token=shop["other_admin"])
    assert foreign["data"]["orderCreate"]["errors"][0]["code"] == "NOT_FOUND"


async def test_an_order_says_which_warehouse_it_ships_from(api, shop):
    placed = await place(api, shop, [("soap", 1, "4.95")])
    query = "query($id: ID!) { node(id: $id) { ... on Order { warehouse { id code } } } }"
    expected = {"id": gid("Warehouse", shop["warehouse"].id), "code": shop["warehouse"].code}
    for token in ("admin", "staff", "operator"):
        seen = await api.gql(query, {"id": placed["order"]["id"]}, token=shop[token])
        assert seen["data"]["node"]["warehouse"] == expected, token
    # Another merchant sees neither the order nor, through it, where it ships from.
    foreign = await api.gql(query, {"id": placed["order"]["id"]}, token=shop["other_admin"])
    assert foreign["data"]["node"] is None
