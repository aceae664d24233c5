"""Finding orders (filters, search, keyset pages, sorting, what the warehouse may see), the dashboard's figures,
the live dashboard subscription and order events, each for the right people only."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import pytest

from backend.core.ids import from_global_id
from backend.orders.tables import Order
from tests.integration.orders_support import (
    CANCEL,
    DRAFT_CREATE,
    HOLD,
    NODE,
    ORDER_FIELDS,
    UPDATE,
    force_status,
    order_shop,
    place,
)
from tests.support import EVENT_FIELDS, Subscription, gid

ORDERS = f"""query($f: OrderFilter, $first: Int, $after: String, $last: Int, $before: String, $sort: OrderSort) {{
  orders(filter: $f, first: $first, after: $after, last: $last, before: $before, sort: $sort) {{
    totalCount pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
    edges {{ cursor node {{ {ORDER_FIELDS} createdAt externalNumber }} }} }} }}"""
# Just what the filter and search tests compare: cheap under the API's per-token cost limit.
NUMBERS = """query($f: OrderFilter, $first: Int) { orders(filter: $f, first: $first) {
  edges { node { number customer { name } } } } }"""
DASHBOARD_FIELDS = """merchantId statusCounts { status count } ordersToday cancelledToday revenueToday { amount currency }
  awaitingPaymentCount awaitingPaymentValue { amount currency } backordered onHold oldestReadySince
  ordersPerHour { hour placed cancelled } dayStartsAt computedAt"""
DASHBOARD = f"query($m: ID) {{ dashboard(merchantId: $m) {{ {DASHBOARD_FIELDS} }} }}"
DASHBOARD_LIVE = f"subscription($m: ID) {{ dashboard(merchantId: $m) {{ {DASHBOARD_FIELDS} }} }}"
EVENTS = f"subscription($topics: [EventTopic!], $m: ID) {{ events(topics: $topics, merchantId: $m) {{ {EVENT_FIELDS} }} }}"


async def orders(api, token: str, **variables) -> dict:  # noqa: ANN001, ANN003
    result = await api.gql(ORDERS, variables, token=token)
    assert "errors" not in result, result
    return result["data"]["orders"]


async def numbers(api, token: str, **variables) -> list[str]:  # noqa: ANN001, ANN003
    result = await api.gql(NUMBERS, {"first": 100, **variables}, token=token)
    assert "errors" not in result, result
    return [e["node"]["number"] for e in result["data"]["orders"]["edges"]]


def local_id(order_gid: str):  # noqa: ANN201
    return from_global_id(order_gid)[1]


async def backdate(order: dict, when: datetime) -> None:
    await Order.update({Order.created_at: when}).where(Order.id == local_id(order["id"]))


@pytest.fixture(scope="module")
async def catalog(api):
    """One merchant with a varied set of orders, and a competitor with an order of its own."""
    shop = await order_shop(api, {"soap": 500, "cream": 100, "brush": 0})
    made = {}

    async def make(name: str, lines, **extra):  # noqa: ANN001, ANN003, ANN202
        made[name] = (await place(api, shop, lines, **extra))["order"]

    await make("invoice", [("soap", 1, "10.00")], customer={"name": "Anna Łukasiewicz", "email": "Anna.L@Example.test"},
               source="SHOP", shop="webshop-de", externalId="WS-1", externalNumber="#DE-50017", tags=["vip"])
    await make("transfer", [("soap", 2, "10.00")], paymentMethod="BANK_TRANSFER",
               customer={"name": "Bert Bauer", "email": "bert@bauer.example"}, source="SHOP", shop="webshop-at",
               externalId="WS-2", externalNumber="#AT-777")
    await make("card", [("cream", 1, "30.00")], paymentMethod="CARD", paymentStatus="PAID",
               customer={"name": "Carla Cruz", "email": "anna.l@example.test"}, tags=["vip", "gift"])
    await make("backorder", [("brush", 1, "5.00")], customer={"name": "Dora_Dietz", "email": "dora@example.test"})
    await make("held", [("soap", 1, "10.00")], customer={"name": "Emil Ernst", "email": "emil@example.test"},
               tags=["gift"])
    await api.gql(HOLD, {"i": {"orderId": made["held"]["id"], "reason": "Fraud check"}}, token=shop["admin"])
    await make("cancelled", [("soap", 1, "10.00")], customer={"name": "Fritz Fink", "email": "fritz@example.test"})
    await api.gql(CANCEL, {"i": {"orderId": made["cancelled"]["id"], "reason": "Changed mind"}}, token=shop["admin"])
    await make("picking", [("soap", 1, "10.00")], customer={"name": "Gina Gold", "email": "gina@example.test"})
    await force_status(made["picking"]["id"], "PICKING")
    draft = await api.gql(DRAFT_CREATE, {"i": {"customer": {"name": "Harald Draft"}}}, token=shop["staff"])
    made["draft"] = draft["data"]["draftOrderCreate"]["order"]
    # Older orders: in March 2025, and in the last second of March and the first of April in the merchant's time
    # zone (Europe/Berlin, the default; summer time there, UTC+2), which are both March 31 in UTC.
    await backdate(made["transfer"], datetime(2025, 3, 14, 12, 0, tzinfo=UTC))
    await backdate(made["held"], datetime(2025, 3, 31, 21, 59, 59, tzinfo=UTC))
    await backdate(made["backorder"], datetime(2025, 3, 31, 22, 0, tzinfo=UTC))
    return {"shop": shop, "orders": made}


def nums(catalog, *names: str) -> set[str]:  # noqa: ANN001
    return {catalog["orders"][n]["number"] for n in names}


# ---------------------------------------------------------------- filters


async def test_filters(api, catalog):
    token = catalog["shop"]["admin"]
    every = await numbers(api, token)
    assert set(every) == nums(catalog, *catalog["orders"])

    async def found(**f) -> set[str]:  # noqa: ANN003
        return set(await numbers(api, token, f=f))

    assert await found(status=["READY"]) == nums(catalog, "invoice", "card")
    assert await found(status=["AWAITING_PAYMENT", "ON_HOLD"]) == nums(catalog, "transfer", "held")
    assert await found(status=["CANCELLED"]) == nums(catalog, "cancelled")
    assert await found(status=["DRAFT"]) == nums(catalog, "draft")
    assert await found(paymentStatus=["PAID"]) == nums(catalog, "card")
    assert await found(paymentMethod=["BANK_TRANSFER", "CARD"]) == nums(catalog, "transfer", "card")
    assert await found(shop="webshop-de") == nums(catalog, "invoice")
    assert await found(source="PHONE") == nums(catalog, "draft")
    assert await found(tag="VIP") == nums(catalog, "invoice", "card")
    assert await found(tag="gift", status=["READY"]) == nums(catalog, "card")
    # A month is the merchant's: it starts and ends at its midnight.
    assert await found(month="2025-03") == nums(catalog, "transfer", "held")
    assert await found(month="2025-04") == nums(catalog, "backorder")
    operator = catalog["shop"]["operator"]
    merchant = catalog["shop"]["tenant"].merchant_gid
    assert set(await numbers(api, operator, f={"merchantId": merchant, "month": "2025-04"})) == nums(catalog, "backorder")
    assert await found(createdFrom="2025-03-31T21:59:59Z", createdTo="2025-03-31T22:00:00Z") == nums(catalog, "held")
    assert await found(createdFrom="2025-01-01T00:00:00Z", createdTo="2025-12-31T00:00:00Z") == nums(
        catalog, "transfer", "held", "backorder")
    # A customer's order history: the e-mail in any case, exactly (not a substring).
    assert await found(customerEmail=" ANNA.L@example.TEST ") == nums(catalog, "invoice", "card")
    assert await found(customerEmail="anna") == set()


async def test_bad_filters_are_errors(api, catalog):
    token = catalog["shop"]["admin"]
    for f, field in (({"month": "2025-13"}, "month"), ({"month": "March"}, "month"),
                     ({"createdFrom": "2025-05-01T00:00:00Z", "createdTo": "2025-04-01T00:00:00Z"}, "createdTo"),
                     ({"search": "x" * 101}, "search")):
        result = await api.gql(ORDERS, {"f": f}, token=token)
        assert result["data"] is None, (f, result)
        assert result["errors"][0]["extensions"]["code"] == "INVALID" and result["errors"][0]["extensions"]["field"] == field


async def test_merchants_see_only_their_orders_and_operators_choose(api, catalog):
    shop = catalog["shop"]
    other_order = await other_merchant_order(api, shop)

    mine = await numbers(api, shop["admin"])
    assert other_order["number"] not in mine
    # Asking for another merchant's orders by id shows nothing rather than their orders.
    assert await orders(api, shop["admin"], f={"merchantId": shop["other"].merchant_gid}) == {
        "totalCount": 0, "pageInfo": {"hasNextPage": False, "hasPreviousPage": False, "startCursor": None, "endCursor": None},
        "edges": []}
    assert await numbers(api, shop["other_admin"]) == [other_order["number"]]
    # Operators see every merchant, or the one they filter for.
    operator = shop["operator"]
    assert set(await numbers(api, operator, f={"merchantId": shop["tenant"].merchant_gid})) == set(mine)
    assert await numbers(api, operator, f={"merchantId": shop["other"].merchant_gid}) == [other_order["number"]]
    everything = await orders(api, operator, first=1)
    assert everything["totalCount"] >= len(mine) + 1
    bad = await api.gql(ORDERS, {"f": {"merchantId": "garbage"}}, token=operator)
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_ID"


async def other_merchant_order(api, shop) -> dict:  # noqa: ANN001
    from tests.support import make_product, put_stock

    product = await make_product(shop["other"].merchant)
    await put_stock(product, shop["warehouse"], 3)
    result = await api.gql(
        "mutation($i: OrderCreateInput!) { orderCreate(input: $i) { order { id number } errors { code } } }",
        {"i": {"lines": [{"productId": gid("Product", product.id), "quantity": 1, "unitPrice": "3.00"}],
               "paymentMethod": "INVOICE", "customer": {"name": "Anna Other", "email": "anna.l@example.test"},
               "shippingAddress": {"name": "Anna Other", "line1": "Weg 1", "postalCode": "20095", "city": "Hamburg",
                                   "country": "DE"},
               "warehouseId": gid("Warehouse", shop["warehouse"].id)}}, token=shop["other_admin"])
    return result["data"]["orderCreate"]["order"]


# ---------------------------------------------------------------- search


async def test_search_by_number_external_number_name_and_email(api, catalog):
    token = catalog["shop"]["admin"]
    invoice = catalog["orders"]["invoice"]

    async def search(term: str) -> set[str]:
        return set(await numbers(api, token, f={"search": term}))

    assert await search(invoice["number"]) == nums(catalog, "invoice")
    assert await search(invoice["number"].lower()) == nums(catalog, "invoice")
    assert await search("de-500") == nums(catalog, "invoice")  # the shop's number, any case, a substring
    assert await search("#AT-777") == nums(catalog, "transfer")
    assert await search("łukasiewicz") == nums(catalog, "invoice")
    assert await search("  bert   BAUER ") == nums(catalog, "transfer")
    assert await search("ANNA.L@EXAMPLE") == nums(catalog, "invoice", "card")  # Carla uses Anna's address
    assert await search("bauer.example") == nums(catalog, "transfer")
    assert await search("anna") == nums(catalog, "invoice", "card")
    # LIKE wildcards are taken literally.
    assert await search("a_d") == nums(catalog, "backorder")
    assert await search("%") == set()
    assert await search("nobody-has-this") == set()
    # A term with digits is looked up by its digits and then matched whole: another prefix finds nothing.
    assert await search("#de-50017") == nums(catalog, "invoice")
    assert await search("#at-50017") == set()
    assert await search("zz" + invoice["number"][invoice["number"].index("-"):]) == set()
    # Search combines with filters.
    assert await search("") == nums(catalog, *catalog["orders"])
    assert set(await numbers(api, token, f={"search": "anna", "status": ["READY"], "paymentStatus": ["PAID"]})) == nums(
        catalog, "card")
    # Another merchant's customer of the same name stays invisible.
    found = await api.gql(NUMBERS, {"first": 100, "f": {"search": "anna"}}, token=token)
    assert "Anna Other" not in {e["node"]["customer"]["name"] for e in found["data"]["orders"]["edges"]}


# ---------------------------------------------------------------- pages and sorting


@pytest.fixture(scope="module")
async def paged(api):
    """A merchant with eleven orders whose totals repeat, so sorting needs its tie-breaker."""
    shop = await order_shop(api, {"soap": 500})
    totals = ["5.00", "5.00", "5.00", "10.00", "10.00", "20.00", "1.00", "5.00", "7.50", "10.00", "3.00"]
    placed = [(await place(api, shop, [("soap", 1, price)]))["order"] for price in totals]
    return {"shop": shop, "orders": placed}


def sort_key(field: str):  # noqa: ANN201
    return {
        "CREATED_AT": lambda n: n["createdAt"],
        "NUMBER": lambda n: n["number"],
        "TOTAL": lambda n: float(n["total"]["amount"]),
    }[field]


@pytest.mark.parametrize("field", ["CREATED_AT", "NUMBER", "TOTAL"])
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_keyset_pages_have_no_duplicates_or_gaps(api, paged, field, direction):
    token = paged["shop"]["admin"]
    sort = {"field": field, "direction": direction}
    seen, after, pages = [], None, 0
    while True:
        page = await orders(api, token, first=3, after=after, sort=sort)
        assert page["totalCount"] == 11
        seen.extend(e["node"] for e in page["edges"])
        pages += 1
        assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        assert len(page["edges"]) == 3 and page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        after = page["pageInfo"]["endCursor"]
    assert pages == 4
    ids = [n["id"] for n in seen]
    assert len(ids) == len(set(ids)) == 11 and set(ids) == {o["id"] for o in paged["orders"]}
    keys = [sort_key(field)(n) for n in seen]
    assert keys == sorted(keys, reverse=direction == "DESC")

    # Paging backwards from the end yields the same sequence.
    backwards, before = [], None
    while True:
        page = await orders(api, token, last=4, before=before, sort=sort)
        backwards = [e["node"]["id"] for e in page["edges"]] + backwards
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert backwards == ids


async def test_new_orders_do_not_shift_a_page_in_progress(api, paged):
    shop = paged["shop"]
    first = await orders(api, shop["admin"], first=5, sort={"field": "CREATED_AT", "direction": "ASC"})
    await place(api, shop, [("soap", 1, "2.00")])  # arrives at the end while the user reads page one
    rest = await orders(api, shop["admin"], first=100, after=first["pageInfo"]["endCursor"],
                        sort={"field": "CREATED_AT", "direction": "ASC"})
    older = [e["node"]["id"] for e in first["edges"]] + [e["node"]["id"] for e in rest["edges"]]
    assert len(older) == len(set(older)) == 12 and older[:11] == [o["id"] for o in paged["orders"]]


async def test_bad_page_requests_are_errors(api, paged):
    token = paged["shop"]["admin"]
    for variables, code in (({"first": 101}, "INVALID_PAGE"), ({"first": 2, "last": 2}, "INVALID_PAGE"),
                            ({"after": "not-a-cursor"}, "INVALID_CURSOR")):
        result = await api.gql(ORDERS, variables, token=token)
        assert result["errors"][0]["extensions"]["code"] == code, (variables, result)


# ---------------------------------------------------------------- the warehouse


FULFILLMENT = """query($f: FulfillmentOrderFilter) { fulfillmentOrders(filter: $f, first: 100) { edges { node {
  id number status shippingMethod shipTo { name postalCode city country } lines { sku quantity reserved } } } } }"""
FULFILLMENT_NODE = "query($id: ID!) { node(id: $id) { ... on FulfillmentOrder { number shipTo { name } } } }"


async def test_the_warehouse_sees_released_orders_as_fulfillment_orders(api, catalog):

    shop = catalog["shop"]
    worker = shop["warehouse_worker"]
    merchant = shop["tenant"].merchant_gid

    async def fulfillment_numbers(**f) -> list[str]:  # noqa: ANN003
        result = await api.gql(FULFILLMENT, {"f": {"merchantId": merchant, **f}}, token=worker)
        assert "errors" not in result, result
        return [e["node"]["number"] for e in result["data"]["fulfillmentOrders"]["edges"]]

    assert set(await fulfillment_numbers()) == nums(catalog, "invoice", "card", "picking")
    assert await fulfillment_numbers(status=["AWAITING_PAYMENT", "DRAFT", "ON_HOLD"]) == []
    picking = catalog["orders"]["picking"]
    assert await fulfillment_numbers(number=picking["number"]) == [picking["number"]]
    for name, order in catalog["orders"].items():
        # The whole order (prices, customer contacts, history) is not the warehouse's to read …
        assert (await api.gql(NODE, {"id": order["id"]}, token=worker))["data"]["node"] is None, name
        # … its fulfillment view is, once released.
        local = from_global_id(order["id"])[1]
        node = (await api.gql(FULFILLMENT_NODE, {"id": gid("FulfillmentOrder", local)}, token=worker))["data"]["node"]
        assert (node is not None) == (name in ("invoice", "card", "picking")), name
    for query in (ORDERS, DASHBOARD):
        refused = await api.gql(query, {"m": merchant} if query == DASHBOARD else {}, token=worker)
        assert refused["data"] is None and refused["errors"][0]["extensions"]["code"] == "FORBIDDEN", query


# ---------------------------------------------------------------- the dashboard


def counts(dashboard: dict) -> dict[str, int]:
    return {c["status"]: c["count"] for c in dashboard["statusCounts"]}


async def fresh_dashboard_shop(api) -> dict:  # noqa: ANN001
    return await order_shop(api, {"soap": 100, "cream": 10, "brush": 0})


async def test_dashboard_figures_are_exact(api):
    shop = await fresh_dashboard_shop(api)
    token = shop["admin"]
    empty = (await api.gql(DASHBOARD, {}, token=token))["data"]["dashboard"]
    assert (empty["ordersToday"], empty["revenueToday"], empty["awaitingPaymentValue"], empty["oldestReadySince"]) == (
        0, [], [], None)
    assert set(counts(empty).values()) == {0}

    ready = (await place(api, shop, [("soap", 1, "10.00")]))["order"]
    await place(api, shop, [("soap", 2, "10.00")], paymentMethod="BANK_TRANSFER")
    await place(api, shop, [("cream", 1, "5.50")], paymentMethod="CHEQUE")
    await place(api, shop, [("brush", 1, "3.00")])
    await place(api, shop, [("soap", 1, "7.00")], shippingAddress={"name": "X", "line1": "Y", "city": "Z",
                                                                    "postalCode": "1", "country": "DE"})
    gone = (await place(api, shop, [("cream", 4, "25.00")]))["order"]
    await api.gql(CANCEL, {"i": {"orderId": gone["id"], "reason": "test"}}, token=token)
    await api.gql(DRAFT_CREATE, {"i": {"customer": {"name": "Phone"}}}, token=token)
    # An edit that changes a placed order's value moves today's revenue with it.
    edited = await api.gql(UPDATE, {"i": {"orderId": ready["id"], "expectedVersion": ready["version"], "changes": {
        "lines": [{"productId": gid("Product", shop["products"]["soap"].id), "quantity": 2, "unitPrice": "10.00"}]}}},
        token=token)
    assert edited["data"]["orderUpdate"]["errors"] == []

    board = (await api.gql(DASHBOARD, {}, token=token))["data"]["dashboard"]
    assert board["merchantId"] == shop["tenant"].merchant_gid
    assert counts(board) == {"DRAFT": 1, "AWAITING_PAYMENT": 2, "BACKORDERED": 1, "READY": 1, "ON_HOLD": 1,
                             "PICKING": 0, "PACKED": 0, "PARTIALLY_SHIPPED": 0}
    assert (board["ordersToday"], board["cancelledToday"]) == (6, 1)
    # 20 + 20 + 5.50 + 3 + 7 + 100 placed, less the cancelled 100.
    assert board["revenueToday"] == [{"amount": "55.50", "currency": "EUR"}]
    assert board["awaitingPaymentCount"] == 2
    assert board["awaitingPaymentValue"] == [{"amount": "25.50", "currency": "EUR"}]
    assert (board["backordered"], board["onHold"]) == (1, 1)
    ready_since = (await Order.select(Order.status_changed_at).where(Order.id == local_id(ready["id"])).first())["status_changed_at"]
    assert datetime.fromisoformat(board["oldestReadySince"]) == ready_since
    assert sum(h["placed"] for h in board["ordersPerHour"]) == 6 and sum(h["cancelled"] for h in board["ordersPerHour"]) == 1
    assert datetime.fromisoformat(board["dayStartsAt"]) <= datetime.now(UTC) < datetime.fromisoformat(board["dayStartsAt"]) + timedelta(days=1)

    # Operators see the same figures for this merchant; a merchant may not look at another's.
    operator = (await api.gql(DASHBOARD, {"m": shop["tenant"].merchant_gid}, token=shop["operator"]))["data"]["dashboard"]
    assert {k: v for k, v in operator.items() if k != "computedAt"} == {k: v for k, v in board.items() if k != "computedAt"}
    peek = await api.gql(DASHBOARD, {"m": shop["other"].merchant_gid}, token=token)
    assert peek["data"] is None and peek["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    theirs = (await api.gql(DASHBOARD, {}, token=shop["other_admin"]))["data"]["dashboard"]
    assert theirs["ordersToday"] == 0


async def next_dashboard(feed: Subscription, timeout: float) -> dict:
    message = await feed.next_message(timeout)
    assert message["type"] == "next" and "errors" not in message["payload"], message
    return message["payload"]["data"]["dashboard"]


# The subscription promises an update within a second of a change (it coalesces changes for 0.3 s); the
# bound, counted from the mutation's answer, leaves room for a loaded test machine.
PUSH_WITHIN = 1.5


async def test_dashboard_subscription_pushes_changes_of_its_merchant_only(api_servers):
    api, other_api = api_servers
    shop = await fresh_dashboard_shop(api)
    async with Subscription(other_api, shop["admin"], DASHBOARD_LIVE) as feed:
        first = await next_dashboard(feed, 5)
        assert first["ordersToday"] == 0 and counts(first)["READY"] == 0

        # Another merchant's order changes nothing on this dashboard.
        competitor = await other_merchant_order(api, shop)
        assert competitor is not None
        await feed.expect_silence(1.5)

        placed = (await place(api, shop, [("soap", 3, "10.00")]))["order"]
        started = time.monotonic()
        after_place = await next_dashboard(feed, PUSH_WITHIN)
        assert time.monotonic() - started < PUSH_WITHIN
        assert (after_place["ordersToday"], counts(after_place)["READY"]) == (1, 1)
        assert after_place["revenueToday"] == [{"amount": "30.00", "currency": "EUR"}]

        await api.gql(CANCEL, {"i": {"orderId": placed["id"], "reason": "test"}}, token=shop["admin"])
        started = time.monotonic()
        after_cancel = await next_dashboard(feed, PUSH_WITHIN)
        assert time.monotonic() - started < PUSH_WITHIN
        assert (after_cancel["cancelledToday"], counts(after_cancel)["READY"], after_cancel["revenueToday"]) == (
            1, 0, [{"amount": "0.00", "currency": "EUR"}])


async def test_dashboard_subscription_tenancy(api):
    shop = await fresh_dashboard_shop(api)
    async with Subscription(api, shop["admin"], DASHBOARD_LIVE, {"m": shop["other"].merchant_gid}) as peek:
        message = await peek.next_message(5)
        assert message["type"] == "error" and message["payload"][0]["extensions"]["code"] == "NOT_FOUND", message
    async with Subscription(api, shop["warehouse_worker"], DASHBOARD_LIVE) as warehouse:
        message = await warehouse.next_message(5)
        assert message["type"] in ("error", "next"), message
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert errors[0]["extensions"]["code"] == "FORBIDDEN", message


# ---------------------------------------------------------------- order events


async def drain(feed: Subscription, seconds: float) -> list[dict]:
    """Everything the feed delivers within `seconds`."""
    events, deadline = [], time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            events.append(await feed.next_event(left))
        except TimeoutError:
            break
    return events


async def test_order_events_reach_the_merchant_and_operators_only(api):
    shop = await fresh_dashboard_shop(api)
    merchant = shop["tenant"].merchant_gid
    async with (
        Subscription(api, shop["admin"], EVENTS, {"topics": ["ORDER"]}) as own,
        Subscription(api, shop["operator"], EVENTS, {"topics": ["ORDER"], "m": merchant}) as operator,
        Subscription(api, shop["other_admin"], EVENTS) as other,
        Subscription(api, shop["warehouse_worker"], EVENTS, {"m": merchant}) as warehouse,
    ):
        await asyncio.sleep(0.3)
        placed = (await place(api, shop, [("soap", 1, "10.00")]))["order"]
        await api.gql(HOLD, {"i": {"orderId": placed["id"], "reason": "Check"}}, token=shop["admin"])
        for feed in (own, operator):
            received = await feed.collect(2)
            assert [(e["topic"], e["type"]) for e in received] == [("ORDER", "order.placed"), ("ORDER", "order.held")]
            assert received[0]["entityId"] == placed["id"] and received[0]["merchantId"] == merchant
            assert received[0]["payload"]["number"] == placed["number"] and received[1]["payload"]["status"] == "ON_HOLD"
            assert received[1]["actor"]["label"] == shop["tenant"].admin.email
        await other.expect_silence(1.0)
        # The warehouse follows stock, not orders.
        assert [e for e in await drain(warehouse, 1.0) if e["topic"] == "ORDER"] == []

    async with Subscription(api, shop["warehouse_worker"], EVENTS, {"topics": ["ORDER"]}) as refused:
        message = await refused.next_message(5)
        assert message["type"] == "error" and message["payload"][0]["extensions"]["code"] == "FORBIDDEN", message

