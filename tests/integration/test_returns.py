"""Returns over the API: announced by the merchant, taken in at the dock, inspected item by item, and what becomes
of each item — restocked into a bin (and given to backorders), held for the merchant and shipped back in a batch,
or disposed — with the stock ledger agreeing with the stock after every path."""

from __future__ import annotations

import asyncio

import pytest

from backend.core.authorization import SYSTEM
from backend.orders.model import Customer, LineRequest, OrderRequest
from backend.orders.services import create_order
from backend.orders.tables import Order
from backend.returns.tables import ReturnBatch
from backend.stock.services import current_quantities
from tests.integration.orders_support import ADDRESS
from tests.integration.returns_support import (
    CANCEL,
    COMPLETE,
    NODE,
    RESOLVE,
    RULES_SET,
    SHIP_BATCH,
    announce,
    assert_ledger_agrees,
    inspect,
    line_input,
    movements,
    order_lines,
    receive,
    returns_world,
    shipped_order,
)
from tests.support import gid


@pytest.fixture(scope="module")
async def world(api):
    return await returns_world(api)


async def test_restock_path(api, world):
    shirt = world["shirt"]
    order, tracking = await shipped_order(world, [(shirt, 2), (world["mug"], 1)])
    lines = await order_lines(order)
    created = await announce(api, world, order, [line_input(lines[shirt.sku], 2, "TOO_SMALL", "Fits like a glove, a small one")])
    assert created["errors"] == []
    announced = created["return"]
    assert (announced["status"], announced["source"], announced["orderNumber"]) == ("ANNOUNCED", "MERCHANT", order.number)
    assert [(i["reason"], i["product"]["sku"]) for i in announced["items"]] == [("TOO_SMALL", shirt.sku)] * 2

    received = await receive(api, world, tracking)
    assert received["errors"] == [] and received["return"]["id"] == announced["id"]
    assert received["return"]["status"] == "RECEIVED"
    assert (await order_lines(order))[shirt.sku].returned == 2

    before = await current_quantities(shirt.id, world["warehouse"].id)
    first, second = (item["id"] for item in announced["items"])
    graded = await inspect(api, world, first, "NEW", feedback="Tags on", locationCode="B-03")
    assert graded["errors"] == [] and graded["item"] == {"id": first, "grade": "NEW", "disposition": "RESTOCK",
                                                         "location": {"code": "B-03"}, "batch": None}
    assert graded["return"]["status"] == "RECEIVED"
    # LIKE_NEW is restocked by the house's default rule.
    graded = await inspect(api, world, second, "LIKE_NEW", locationCode="B-03")
    assert graded["item"]["disposition"] == "RESTOCK" and graded["return"]["status"] == "INSPECTED"

    after = await current_quantities(shirt.id, world["warehouse"].id)
    assert (after.on_hand - before.on_hand, after.available - before.available, after.blocked) == (2, 2, before.blocked)
    number = announced["number"]
    assert await movements(shirt, f"return {number}") == [("RETURN", 1, 0, "restocked (NEW)"),
                                                          ("RETURN", 1, 0, "restocked (LIKE_NEW)")]
    await assert_ledger_agrees(world, shirt, world["mug"])

    done = await api.gql(COMPLETE, {"i": {"returnId": announced["id"]}}, token=world["tokens"]["MERCHANT_STAFF"])
    assert done["data"]["returnComplete"] == {"return": {"id": announced["id"], "status": "COMPLETED"}, "errors": []}
    seen = await api.gql("query($id: ID!) { node(id: $id) { ... on Order { lines { sku shipped returned } "
                         "returns { number status } } } }", {"id": gid("Order", order.id)},
                         token=world["tokens"]["MERCHANT_ADMIN"])
    assert seen["data"]["node"]["returns"] == [{"number": number, "status": "COMPLETED"}]
    assert {line["sku"]: line["returned"] for line in seen["data"]["node"]["lines"]} == {shirt.sku: 2, world["mug"].sku: 0}


async def test_restocked_units_go_to_a_waiting_backorder(api, world):
    scarce = await _product_with_stock(world, "Scarce lamp", 1)
    order, tracking = await shipped_order(world, [(scarce, 1)])
    waiting, _ = await create_order(SYSTEM, OrderRequest(
        merchant_id=world["home"].merchant.id, lines=[LineRequest(scarce.id, 1, "5.00")], payment_method="INVOICE",
        customer=Customer("Max"), shipping_address=ADDRESS, warehouse_id=world["warehouse"].id))
    assert waiting.status == "BACKORDERED"
    created = await announce(api, world, order, [line_input((await order_lines(order))[scarce.sku], 1)])
    await receive(api, world, tracking)
    await inspect(api, world, created["return"]["items"][0]["id"], "NEW", locationCode="B-02")
    for _ in range(50):
        if (await Order.select(Order.status).where(Order.id == waiting.id).first())["status"] == "READY":
            break
        await asyncio.sleep(0.1)
    assert (await Order.select(Order.status).where(Order.id == waiting.id).first())["status"] == "READY"
    quantities = await current_quantities(scarce.id, world["warehouse"].id)
    assert (quantities.on_hand, quantities.reserved, quantities.available) == (1, 1, 0)
    await assert_ledger_agrees(world, scarce)


async def _product_with_stock(world, name: str, units: int):  # noqa: ANN001, ANN202
    from tests.support import make_product, put_stock

    product = await make_product(world["home"].merchant, name=name, weight_grams=500)
    await put_stock(product, world["warehouse"], units, "B-01")
    return product


async def test_return_to_merchant_path_and_the_batch_shipped_back(api, world):
    mug = world["mug"]
    order, tracking = await shipped_order(world, [(mug, 3)])
    created = await announce(api, world, order, [line_input((await order_lines(order))[mug.sku], 3, "DEFECTIVE")])
    await receive(api, world, tracking)
    before = await current_quantities(mug.id, world["warehouse"].id)
    first, second, third = (item["id"] for item in created["return"]["items"])
    # USED goes back to the merchant by the house's rule; DAMAGED because the inspector says so.
    held = await inspect(api, world, first, "USED", feedback="Scratched base")
    assert held["item"]["disposition"] == "RETURN_TO_MERCHANT" and held["item"]["location"] is None
    batch = held["item"]["batch"]
    also = await inspect(api, world, second, "DAMAGED", disposition="RETURN_TO_MERCHANT")
    assert also["item"]["batch"] == batch
    restocked = await inspect(api, world, third, "NEW", locationCode="B-04")
    assert restocked["return"]["status"] == "INSPECTED"

    now = await current_quantities(mug.id, world["warehouse"].id)
    assert (now.on_hand - before.on_hand, now.blocked - before.blocked, now.available - before.available) == (3, 2, 1)
    await assert_ledger_agrees(world, mug)

    floor = world["tokens"]["WAREHOUSE"]
    batches = await api.gql("{ returnBatches(filter: {status: [OPEN]}) { edges { node { id number items { id } } } } }",
                            token=world["tokens"]["MERCHANT_ADMIN"])
    mine = [e["node"] for e in batches["data"]["returnBatches"]["edges"] if e["node"]["id"] == batch["id"]]
    assert mine and {i["id"] for i in mine[0]["items"]} == {first, second}
    shipped = await api.gql(SHIP_BATCH, {"i": {"batchId": batch["id"], "carrier": "DHL", "trackingNumber": "RB-TRACK-1"}},
                            token=floor)
    assert shipped["data"]["returnBatchShip"]["errors"] == []
    assert shipped["data"]["returnBatchShip"]["batch"]["status"] == "SHIPPED"
    after = await current_quantities(mug.id, world["warehouse"].id)
    assert (after.on_hand - before.on_hand, after.blocked - before.blocked) == (1, 0)
    assert await movements(mug, f"return batch {batch['number']}") == [("RETURN", -2, -2, "sent back to the merchant")]
    await assert_ledger_agrees(world, mug)

    again = await api.gql(SHIP_BATCH, {"i": {"batchId": batch["id"]}}, token=floor)
    assert again["data"]["returnBatchShip"]["errors"][0]["code"] == "INVALID_STATE"
    # The next item held for the merchant opens a new batch.
    order, tracking = await shipped_order(world, [(mug, 1)])
    created = await announce(api, world, order, [line_input((await order_lines(order))[mug.sku], 1)])
    await receive(api, world, tracking)
    held = await inspect(api, world, created["return"]["items"][0]["id"], "USED")
    assert held["item"]["batch"]["id"] != batch["id"]
    assert await ReturnBatch.count().where((ReturnBatch.merchant == world["home"].merchant.id)
                                           & (ReturnBatch.status == "OPEN")) == 1


async def test_dispose_path_and_the_merchants_own_rules(api, world):
    shirt = world["shirt"]
    ruled = await api.gql(RULES_SET, {"i": {"rules": [{"grade": "DAMAGED", "disposition": "DISPOSE"}]}},
                          token=world["tokens"]["MERCHANT_ADMIN"])
    rules = ruled["data"]["returnDispositionRulesSet"]["rules"]
    assert {r["grade"]: r["disposition"] for r in rules} == {
        "NEW": "RESTOCK", "LIKE_NEW": "RESTOCK", "USED": "RETURN_TO_MERCHANT", "DAMAGED": "DISPOSE",
        "UNUSABLE": "DISPOSE"}
    order, tracking = await shipped_order(world, [(shirt, 2)])
    created = await announce(api, world, order, [line_input((await order_lines(order))[shirt.sku], 2, "DAMAGED_IN_TRANSIT")])
    await receive(api, world, tracking)
    before = await current_quantities(shirt.id, world["warehouse"].id)
    first, second = (item["id"] for item in created["return"]["items"])
    graded = await inspect(api, world, first, "DAMAGED", feedback="Torn seam")
    assert graded["item"]["disposition"] == "DISPOSE"
    graded = await inspect(api, world, second, "UNUSABLE", feedback="Soaked")
    assert graded["item"]["disposition"] == "DISPOSE" and graded["return"]["status"] == "INSPECTED"
    after = await current_quantities(shirt.id, world["warehouse"].id)
    assert after == before
    assert await movements(shirt, f"return {created['return']['number']}") == [
        ("RETURN", 1, 1, "received for disposal (DAMAGED)"), ("DAMAGE", -1, -1, "disposed (DAMAGED): Torn seam"),
        ("RETURN", 1, 1, "received for disposal (UNUSABLE)"), ("DAMAGE", -1, -1, "disposed (UNUSABLE): Soaked")]
    await assert_ledger_agrees(world, shirt)
    # Another merchant's rules are its own.
    theirs = await api.gql("{ returnDispositionRules { grade disposition } }", token=world["other_token"])
    assert {"grade": "DAMAGED", "disposition": "RETURN_TO_MERCHANT"} in theirs["data"]["returnDispositionRules"]


async def test_a_line_never_returns_more_than_was_shipped(api, world):
    shirt = world["shirt"]
    order, _ = await shipped_order(world, [(shirt, 2)])
    line = (await order_lines(order))[shirt.sku]
    too_many = await announce(api, world, order, [line_input(line, 3)])
    assert too_many["return"] is None
    assert (too_many["errors"][0]["field"], too_many["errors"][0]["code"]) == ("lines.0.quantity", "OVER_RETURN")
    first = await announce(api, world, order, [line_input(line, 2)])
    assert first["errors"] == []
    refused = await announce(api, world, order, [line_input(line, 1)], token="OPERATOR_STAFF")
    assert refused["errors"][0]["code"] == "OVER_RETURN"
    cancelled = await api.gql(CANCEL, {"i": {"returnId": first["return"]["id"], "reason": "Customer kept it"}},
                              token=world["tokens"]["MERCHANT_ADMIN"])
    assert cancelled["data"]["returnCancel"]["return"]["status"] == "CANCELLED"
    by_support = await announce(api, world, order, [line_input(line, 1)], token="OPERATOR_STAFF")
    assert by_support["errors"] == [] and by_support["return"]["source"] == "SUPPORT"
    # A line that was never shipped has nothing to return.
    unshipped, _ = await create_order(SYSTEM, OrderRequest(
        merchant_id=world["home"].merchant.id, lines=[LineRequest(shirt.id, 1, "5.00")], payment_method="INVOICE",
        customer=Customer("Max"), shipping_address=ADDRESS, warehouse_id=world["warehouse"].id))
    nothing = await announce(api, world, unshipped, [line_input((await order_lines(unshipped))[shirt.sku], 1)])
    assert nothing["errors"][0]["code"] == "OVER_RETURN"


async def test_concurrent_announcements_of_one_order_never_over_return(api, world):
    shirt = world["shirt"]
    order, _ = await shipped_order(world, [(shirt, 3)])
    line = (await order_lines(order))[shirt.sku]
    results = await asyncio.gather(*(announce(api, world, order, [line_input(line, 2)]) for _ in range(4)))
    succeeded = [r for r in results if r["errors"] == []]
    assert len(succeeded) == 1
    assert all(r["errors"][0]["code"] == "OVER_RETURN" for r in results if r["errors"])
    results = await asyncio.gather(*(announce(api, world, order, [line_input(line, 1)]) for _ in range(3)))
    assert sum(r["errors"] == [] for r in results) == 1


async def test_concurrent_inspections_of_one_return(api, world, api_servers):
    shirt = world["shirt"]
    order, tracking = await shipped_order(world, [(shirt, 4)])
    created = await announce(api, world, order, [line_input((await order_lines(order))[shirt.sku], 4)])
    await receive(api, world, tracking)
    before = await current_quantities(shirt.id, world["warehouse"].id)
    items = [item["id"] for item in created["return"]["items"]]
    # Every item at once, through both API processes, and the first item twice.
    attempts = [(api_servers[i % 2], item) for i, item in enumerate([*items, items[0]])]
    results = await asyncio.gather(*(server.gql(
        "mutation($i: ReturnInspectInput!) { returnInspect(input: $i) { item { id } return { status } "
        "errors { field code } } }", {"i": {"itemId": item, "grade": "NEW", "locationCode": "B-05"}},
        token=world["tokens"]["WAREHOUSE"]) for server, item in attempts))
    payloads = [r["data"]["returnInspect"] for r in results]
    assert sum(p["errors"] == [] for p in payloads) == 4
    assert [p["errors"] for p in payloads if p["errors"]] == [[{"field": "itemId", "code": "INVALID_STATE"}]]
    assert sum(p["return"] is not None and p["return"]["status"] == "INSPECTED" for p in payloads) == 1
    after = await current_quantities(shirt.id, world["warehouse"].id)
    assert after.on_hand - before.on_hand == 4
    await assert_ledger_agrees(world, shirt)
    final = await api.gql(NODE, {"id": created["return"]["id"]}, token=world["tokens"]["MERCHANT_ADMIN"])
    assert final["data"]["node"]["status"] == "INSPECTED"


async def test_an_unidentified_parcel_is_resolved_to_its_order_later(api, world):
    shirt = world["shirt"]
    order, _ = await shipped_order(world, [(shirt, 2)])
    unknown = await receive(api, world, "NO-LABEL-4711")
    parcel = unknown["return"]
    assert unknown["errors"] == [] and (parcel["status"], parcel["unidentified"], parcel["merchant"],
                                        parcel["orderNumber"], parcel["scannedCode"]) == (
        "RECEIVED", True, None, None, "NO-LABEL-4711")
    # Whose it is, nobody knows yet: no merchant sees it.
    hidden = await api.gql(NODE, {"id": parcel["id"]}, token=world["tokens"]["MERCHANT_ADMIN"])
    assert hidden["data"]["node"] is None
    listed = await api.gql("{ returns(filter: {unidentified: true}) { edges { node { id } } } }",
                           token=world["tokens"]["OPERATOR_STAFF"])
    assert parcel["id"] in [e["node"]["id"] for e in listed["data"]["returns"]["edges"]]
    wrong = await api.gql(RESOLVE, {"i": {"returnId": parcel["id"], "orderNumber": order.number,
                                          "lines": [{"code": shirt.sku, "quantity": 3}]}}, token=world["tokens"]["WAREHOUSE"])
    assert wrong["data"]["returnResolve"]["errors"][0]["code"] == "OVER_RETURN"
    resolved = await api.gql(RESOLVE, {"i": {"returnId": parcel["id"], "orderNumber": order.number,
                                             "lines": [{"code": shirt.barcode or shirt.sku, "quantity": 2}]}},
                             token=world["tokens"]["WAREHOUSE"])
    payload = resolved["data"]["returnResolve"]
    assert payload["errors"] == [] and payload["return"]["orderNumber"] == order.number
    assert [i["reason"] for i in payload["return"]["items"]] == ["NOT_STATED", "NOT_STATED"]
    seen = await api.gql(NODE, {"id": parcel["id"]}, token=world["tokens"]["MERCHANT_ADMIN"])
    assert seen["data"]["node"]["unidentified"] is False
    assert (await order_lines(order))[shirt.sku].returned == 2
    twice = await api.gql(RESOLVE, {"i": {"returnId": parcel["id"], "orderNumber": order.number,
                                          "lines": [{"code": shirt.sku, "quantity": 1}]}}, token=world["tokens"]["WAREHOUSE"])
    assert twice["data"]["returnResolve"]["errors"][0]["code"] == "INVALID_STATE"


async def test_an_unannounced_parcel_of_a_known_order_is_counted_at_the_dock(api, world):
    mug = world["mug"]
    order, tracking = await shipped_order(world, [(mug, 2)])
    uncounted = await receive(api, world, order.number.lower())
    assert (uncounted["errors"][0]["field"], uncounted["errors"][0]["code"]) == ("lines", "REQUIRED")
    counted = await receive(api, world, order.number, [{"code": mug.sku, "quantity": 1}])
    assert counted["errors"] == []
    assert (counted["return"]["source"], counted["return"]["status"], len(counted["return"]["items"])) == (
        "WAREHOUSE", "RECEIVED", 1)
    # The parcel's own tracking number finds the order too.
    more = await receive(api, world, tracking, [{"code": mug.sku, "quantity": 2}])
    assert more["errors"][0]["code"] == "OVER_RETURN"


async def test_bad_input_is_a_user_error_and_changes_nothing(api, world):
    shirt = world["shirt"]
    order, tracking = await shipped_order(world, [(shirt, 1)])
    line = (await order_lines(order))[shirt.sku]
    cases = [
        ({"orderId": gid("Order", order.id), "lines": []}, "lines", "REQUIRED"),
        ({"orderId": gid("Order", order.id), "lines": [line_input(line, 0)]}, "lines.0.quantity", "INVALID"),
        ({"orderId": "nonsense", "lines": [line_input(line, 1)]}, "orderId", "INVALID_ID"),
        ({"orderId": gid("Order", order.id), "lines": [line_input(line, 1, comment="x" * 501)]}, "lines.0.comment",
         "TOO_LONG"),
        ({"orderId": gid("Order", order.id), "lines": [{"orderLineId": gid("OrderLine", order.id), "quantity": 1}]},
         "lines.0.orderLineId", "NOT_FOUND"),
    ]
    for variables, field, code in cases:
        result = await api.gql("mutation($i: ReturnCreateInput!) { returnCreate(input: $i) { return { id } "
                               "errors { field code } } }", {"i": variables}, token=world["tokens"]["MERCHANT_ADMIN"])
        assert result["data"]["returnCreate"] == {"return": None, "errors": [{"field": field, "code": code}]}, variables
    blank = await receive(api, world, "   ")
    assert (blank["errors"][0]["field"], blank["errors"][0]["code"]) == ("code", "REQUIRED")
    created = await announce(api, world, order, [line_input(line, 1)])
    item = created["return"]["items"][0]["id"]
    early = await inspect(api, world, item, "NEW", locationCode="B-02")
    assert early["errors"][0]["code"] == "INVALID_STATE"
    await receive(api, world, tracking)
    no_bin = await inspect(api, world, item, "NEW")
    assert (no_bin["errors"][0]["field"], no_bin["errors"][0]["code"]) == ("locationCode", "REQUIRED")
    no_such_bin = await inspect(api, world, item, "NEW", locationCode="Z-99")
    assert (no_such_bin["errors"][0]["field"], no_such_bin["errors"][0]["code"]) == ("locationCode", "NOT_FOUND")
    bin_for_waste = await inspect(api, world, item, "UNUSABLE", locationCode="B-02")
    assert bin_for_waste["errors"][0]["field"] == "locationCode"
    not_yet = await api.gql(COMPLETE, {"i": {"returnId": created["return"]["id"]}}, token=world["tokens"]["MERCHANT_ADMIN"])
    assert not_yet["data"]["returnComplete"]["errors"][0]["code"] == "INVALID_STATE"
    arrived = await api.gql(CANCEL, {"i": {"returnId": created["return"]["id"]}}, token=world["tokens"]["MERCHANT_ADMIN"])
    assert arrived["data"]["returnCancel"]["errors"][0]["code"] == "INVALID_STATE"
    duplicate = await api.gql(RULES_SET, {"i": {"rules": [{"grade": "NEW", "disposition": "DISPOSE"},
                                                          {"grade": "NEW", "disposition": "RESTOCK"}]}},
                              token=world["tokens"]["MERCHANT_ADMIN"])
    assert duplicate["data"]["returnDispositionRulesSet"]["errors"][0]["code"] == "DUPLICATE"
    # Nothing of it changed the item or the stock.
    node = await api.gql(NODE, {"id": created["return"]["id"]}, token=world["tokens"]["MERCHANT_ADMIN"])
    assert node["data"]["node"]["items"][0]["grade"] is None
    await assert_ledger_agrees(world, shirt)


async def test_the_returns_list_filters(api, world):
    from backend.core.authorization import Role
    from tests.support import make_product, make_tenant, make_user, put_stock

    # A merchant of its own, so the counts are this test's alone.
    tenant = await make_tenant()
    local = {**world, "home": tenant}
    hat = await make_product(tenant.merchant, name="Hat", weight_grams=100)
    await put_stock(hat, world["warehouse"], 20, "B-01")
    token = await api.login(tenant.admin.email)
    operator = await api.login((await make_user(Role.OPERATOR_STAFF)).email)
    made = []
    for reason, grade in (("TOO_SMALL", "NEW"), ("DEFECTIVE", "UNUSABLE"), ("TOO_SMALL", None)):
        order, tracking = await shipped_order(local, [(hat, 1)])
        line = (await order_lines(order))[hat.sku]
        result = await api.gql("mutation($i: ReturnCreateInput!) { returnCreate(input: $i) { return { id number "
                               "items { id } } errors { code } } }",
                               {"i": {"orderId": gid("Order", order.id), "lines": [line_input(line, 1, reason)]}},
                               token=token)
        created = result["data"]["returnCreate"]["return"]
        made.append(created["id"])
        if grade:
            await receive(api, world, tracking)
            await inspect(api, world, created["items"][0]["id"], grade, **({"locationCode": "B-06"} if grade == "NEW" else {}))

    async def ids(filter_: dict, as_token: str = token) -> list[str]:
        result = await api.gql("query($f: ReturnFilter) { returns(first: 50, filter: $f) { totalCount edges { node { id } } } }",
                               {"f": filter_}, token=as_token)
        assert "errors" not in result, result
        found = [e["node"]["id"] for e in result["data"]["returns"]["edges"]]
        assert result["data"]["returns"]["totalCount"] == len(found)
        return found

    assert await ids({}) == made[::-1]
    assert await ids({"status": ["ANNOUNCED"]}) == [made[2]]
    assert await ids({"status": ["INSPECTED"]}) == made[1::-1]
    assert await ids({"reason": ["TOO_SMALL"]}) == [made[2], made[0]]
    assert await ids({"grade": ["UNUSABLE", "DAMAGED"]}) == [made[1]]
    assert await ids({"disposition": ["RESTOCK"]}) == [made[0]]
    assert await ids({"reason": ["TOO_SMALL"], "disposition": ["RESTOCK"]}) == [made[0]]
    assert await ids({"createdFrom": "2000-01-01T00:00:00Z", "createdUntil": "2001-01-01T00:00:00Z"}) == []
    assert await ids({"createdFrom": "2000-01-01T00:00:00Z"}) == made[::-1]
    # An operator narrows to this merchant; paging walks the same list.
    assert await ids({"merchantId": tenant.merchant_gid}, operator) == made[::-1]
    page = await api.gql("query($m: ID) { returns(first: 2, filter: {merchantId: $m}) { pageInfo { hasNextPage endCursor } "
                         "edges { node { id } } } }", {"m": tenant.merchant_gid}, token=operator)
    cursor = page["data"]["returns"]["pageInfo"]["endCursor"]
    rest = await api.gql("query($m: ID, $c: String) { returns(first: 2, after: $c, filter: {merchantId: $m}) { "
                         "edges { node { id } } } }", {"m": tenant.merchant_gid, "c": cursor}, token=operator)
    assert [e["node"]["id"] for e in page["data"]["returns"]["edges"] + rest["data"]["returns"]["edges"]] == made[::-1]
