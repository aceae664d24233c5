"""Who may do what with returns, and that a merchant never sees or touches another merchant's: every new
mutation for every role, every new query field and `node`, `Order.returns`, and the RETURN topic of the events
stream."""

from __future__ import annotations

import pytest

from tests.integration.returns_support import (
    CANCEL,
    COMPLETE,
    INSPECT,
    NODE,
    RECEIVE,
    RESOLVE,
    RULES_SET,
    SHIP_BATCH,
    announce,
    inspect,
    line_input,
    order_lines,
    receive,
    returns_world,
    shipped_order,
)
from tests.support import CALLER_ROLES, EVENT_FIELDS, Subscription, gid, unique

FLOOR = {"OPERATOR_ADMIN", "OPERATOR_STAFF", "WAREHOUSE"}
ANNOUNCERS = {"OPERATOR_ADMIN", "OPERATOR_STAFF", "MERCHANT_ADMIN", "MERCHANT_STAFF", "API_KEY"}
RULE_SETTERS = {"OPERATOR_ADMIN", "OPERATOR_STAFF", "MERCHANT_ADMIN"}
READERS = {"OPERATOR_ADMIN", "OPERATOR_STAFF", "WAREHOUSE", "MERCHANT_ADMIN", "MERCHANT_STAFF", "API_KEY"}


@pytest.fixture(scope="module")
async def world(api):
    return await returns_world(api)


async def _received_return(api, world, tenant: str = "home", units: int = 1) -> dict:  # noqa: ANN001
    product = world["shirt" if tenant == "home" else "other_shirt"]
    order, tracking = await shipped_order(world, [(product, units)], tenant=tenant)
    line = (await order_lines(order))[product.sku]
    token = "OPERATOR_STAFF"
    created = await announce(api, world, order, [line_input(line, units)], token=token)
    await receive(api, world, tracking)
    return {"order": order, "return": created["return"]}


def _refusal(result: dict, role: str) -> None:
    assert result["data"] is None, (role, result)
    expected = "UNAUTHENTICATED" if role == "ANONYMOUS" else "FORBIDDEN"
    assert result["errors"][0]["extensions"]["code"] == expected, (role, result)


@pytest.mark.parametrize("role", CALLER_ROLES)
async def test_who_may_announce_complete_and_cancel(api, world, role):
    order, _ = await shipped_order(world, [(world["shirt"], 1)])
    line = (await order_lines(order))[world["shirt"].sku]
    query = "mutation($i: ReturnCreateInput!) { returnCreate(input: $i) { return { id } errors { code } } }"
    result = await api.gql(query, {"i": {"orderId": gid("Order", order.id), "lines": [line_input(line, 1)]}},
                           token=world["tokens"][role])
    if role not in ANNOUNCERS:
        _refusal(result, role)
        return
    assert result["data"]["returnCreate"]["errors"] == [], (role, result)
    return_id = result["data"]["returnCreate"]["return"]["id"]
    cancelled = await api.gql(CANCEL, {"i": {"returnId": return_id}}, token=world["tokens"][role])
    assert cancelled["data"]["returnCancel"]["return"]["status"] == "CANCELLED", (role, cancelled)


@pytest.mark.parametrize("role", CALLER_ROLES)
async def test_only_the_floor_receives_inspects_and_ships_batches(api, world, role):
    token = world["tokens"][role]
    order, tracking = await shipped_order(world, [(world["mug"], 1)])
    created = await announce(api, world, order, [line_input((await order_lines(order))[world["mug"].sku], 1)])
    received = await api.gql(RECEIVE, {"i": {"warehouseId": world["warehouse_gid"], "code": tracking}}, token=token)
    if role not in FLOOR:
        _refusal(received, role)
        for query, variables in (
            (INSPECT, {"itemId": created["return"]["items"][0]["id"], "grade": "USED"}),
            (RESOLVE, {"returnId": created["return"]["id"], "orderNumber": order.number, "lines": [{"code": "x"}]}),
            (SHIP_BATCH, {"batchId": gid("ReturnBatch", order.id)}),
        ):
            _refusal(await api.gql(query, {"i": variables}, token=token), role)
        return
    assert received["data"]["returnReceive"]["errors"] == [], (role, received)
    graded = await api.gql(INSPECT, {"i": {"itemId": created["return"]["items"][0]["id"], "grade": "USED"}}, token=token)
    batch = graded["data"]["returnInspect"]["item"]["batch"]
    shipped = await api.gql(SHIP_BATCH, {"i": {"batchId": batch["id"]}}, token=token)
    assert shipped["data"]["returnBatchShip"]["errors"] == [], (role, shipped)


@pytest.mark.parametrize("role", CALLER_ROLES)
async def test_who_may_set_disposition_rules(api, world, role):
    variables = {"rules": [{"grade": "USED", "disposition": "RETURN_TO_MERCHANT"}]}
    if role.startswith("OPERATOR"):
        variables["merchantId"] = world["home"].merchant_gid
    result = await api.gql(RULES_SET, {"i": variables}, token=world["tokens"][role])
    if role in RULE_SETTERS:
        assert result["data"]["returnDispositionRulesSet"]["errors"] == [], (role, result)
    else:
        _refusal(result, role)


@pytest.mark.parametrize("role", CALLER_ROLES)
async def test_who_may_read_returns(api, world, role):
    for query in ("{ returns { totalCount } }", "{ returnBatches { totalCount } }",
                  "{ returnDispositionRules { grade } }"):
        result = await api.gql(query, token=world["tokens"][role])
        if role in READERS:
            assert "errors" not in result, (role, query, result)
        else:
            _refusal(result, role)


async def test_a_merchant_sees_and_touches_only_its_own_returns(api, world):
    mine = await _received_return(api, world, "home")
    theirs = await _received_return(api, world, "other", units=2)
    their_id = theirs["return"]["id"]
    admin = world["tokens"]["MERCHANT_ADMIN"]
    key = world["tokens"]["API_KEY"]
    for token in (admin, world["tokens"]["MERCHANT_STAFF"], key):
        assert (await api.gql(NODE, {"id": their_id}, token=token))["data"]["node"] is None
        listed = await api.gql("{ returns(first: 100) { edges { node { id merchant { id } } } } }", token=token)
        merchants = {e["node"]["merchant"]["id"] for e in listed["data"]["returns"]["edges"]}
        assert merchants == {world["home"].merchant_gid}, listed
        item = await api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": theirs["return"]["items"][0]["id"]},
                             token=token)
        assert item["data"]["node"] is None
    # Filtering by the other merchant shows nothing either.
    filtered = await api.gql("query($m: ID!) { returns(filter: {merchantId: $m}) { totalCount } }",
                             {"m": world["other"].merchant_gid}, token=admin)
    assert filtered["data"]["returns"]["totalCount"] == 0
    # Their order's returns are not reachable, nor can one announce a return of their order.
    order = await api.gql("query($id: ID!) { node(id: $id) { ... on Order { returns { id } } } }",
                          {"id": gid("Order", theirs["order"].id)}, token=admin)
    assert order["data"]["node"] is None
    own = await api.gql("query($id: ID!) { node(id: $id) { ... on Order { returns { id } } } }",
                        {"id": gid("Order", mine["order"].id)}, token=admin)
    assert own["data"]["node"]["returns"] == [{"id": mine["return"]["id"]}]
    their_line = (await order_lines(theirs["order"]))[world["other_shirt"].sku]
    stolen = await announce(api, world, theirs["order"], [line_input(their_line, 1)])
    assert (stolen["return"], stolen["errors"][0]["code"]) == (None, "NOT_FOUND")
    for query, name in ((COMPLETE, "returnComplete"), (CANCEL, "returnCancel")):
        result = await api.gql(query, {"i": {"returnId": their_id}}, token=admin)
        assert result["data"][name] == {"return": None, "errors": [
            {"field": "returnId", "code": "NOT_FOUND", "message": "No such return"}]}
    # Their rules are neither readable nor writable.
    read = await api.gql("query($m: ID) { returnDispositionRules(merchantId: $m) { grade } }",
                         {"m": world["other"].merchant_gid}, token=admin)
    assert read["data"] is None and read["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    written = await api.gql(RULES_SET, {"i": {"merchantId": world["other"].merchant_gid,
                                              "rules": [{"grade": "NEW", "disposition": "DISPOSE"}]}}, token=admin)
    assert written["data"]["returnDispositionRulesSet"]["errors"][0]["code"] == "NOT_FOUND"
    # Their return batch neither.
    held = await inspect(api, world, theirs["return"]["items"][0]["id"], "USED")
    batch_id = held["item"]["batch"]["id"]
    assert (await api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": batch_id}, token=admin))["data"]["node"] is None
    batches = await api.gql("{ returnBatches(first: 100) { edges { node { merchant { id } } } } }", token=admin)
    assert {e["node"]["merchant"]["id"] for e in batches["data"]["returnBatches"]["edges"]} <= {world["home"].merchant_gid}
    # The other merchant itself sees its own.
    assert (await api.gql(NODE, {"id": their_id}, token=world["other_token"]))["data"]["node"]["id"] == their_id


async def test_return_events_reach_only_their_merchant(api, world):
    events = f"subscription {{ events(topics: [RETURN]) {{ {EVENT_FIELDS} }} }}"
    async with Subscription(api, world["tokens"]["MERCHANT_ADMIN"], events) as merchant, \
            Subscription(api, world["other_token"], events) as other, \
            Subscription(api, world["tokens"]["OPERATOR_STAFF"], events) as operator:
        shirt = world["shirt"]
        order, tracking = await shipped_order(world, [(shirt, 1)])
        created = await announce(api, world, order, [line_input((await order_lines(order))[shirt.sku], 1)])
        await receive(api, world, tracking)
        await inspect(api, world, created["return"]["items"][0]["id"], "NEW", locationCode="B-02")
        await receive(api, world, unique("UNKNOWN-"))
        seen = [(e["type"], e["payload"].get("number"), e["merchantId"]) for e in await merchant.collect(4)]
        number = created["return"]["number"]
        merchant_id = world["home"].merchant_gid
        assert seen == [("return.created", number, merchant_id), ("return.received", number, merchant_id),
                        ("return.item_inspected", number, merchant_id), ("return.inspected", number, merchant_id)]
        # The unidentified parcel reaches the operators only; the other merchant hears nothing.
        operator_seen = [e["type"] for e in await operator.collect(5)]
        assert operator_seen[-1] == "return.received"
        await merchant.expect_silence(0.5)
        await other.expect_silence(0.2)
    # Without RETURNS_READ the topic is refused, and following every visible topic brings no return events.
    from backend.core.authorization import ApiKeyScope
    from tests.support import make_api_key

    events_only = await make_api_key(world["home"].merchant, [ApiKeyScope.EVENTS_READ])
    async with Subscription(api, events_only, events) as refused:
        message = await refused.next_message()
        assert message["type"] == "error" and "RETURN" in str(message["payload"]), message
    everything = f"subscription {{ events {{ {EVENT_FIELDS} }} }}"
    async with Subscription(api, events_only, everything) as keyed:
        order, tracking = await shipped_order(world, [(shirt, 1)])
        await announce(api, world, order, [line_input((await order_lines(order))[shirt.sku], 1)])
        await keyed.expect_silence(0.7)
