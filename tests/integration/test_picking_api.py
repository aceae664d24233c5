"""Picking over the API: who may do what, a picklist picked by scanning as the warehouse would, user errors for
wrong scans, and what merchants and the warehouse see of it live."""

from __future__ import annotations

import pytest

from backend.core.authorization import SYSTEM
from backend.orders.model import Customer, LineRequest, OrderRequest
from backend.orders.services import create_order
from tests.integration.orders_support import ADDRESS
from tests.support import (
    CALLER_ROLES,
    EVENT_FIELDS,
    Subscription,
    gid,
    make_product,
    make_tenant,
    make_warehouse,
    put_stock,
    tokens_of_every_role,
)

FLOOR = {"OPERATOR_ADMIN", "OPERATOR_STAFF", "WAREHOUSE"}
PICKLIST_FIELDS = """id number status orders { tote active orderNumber order { number status } }
  lines { id position binCode sku quantity picked short remaining picks { tote orderNumber quantity picked } }"""
CREATE = f"""mutation($i: PicklistCreateInput!) {{ picklistCreate(input: $i) {{ picklist {{ {PICKLIST_FIELDS} }}
  errors {{ field code message }} }} }}"""
SCAN = f"""mutation($i: PicklistScanInput!) {{ picklistScan(input: $i) {{ picked message line {{ sku binCode remaining }}
  picklist {{ status }} errors {{ field code message }} }} }}"""
SHORT = """mutation($i: PicklistLineShortInput!) { picklistLineShort(input: $i) { picklist { status lines { short } }
  errors { field code message } } }"""
START = "mutation($i: PicklistStartInput!) { picklistStart(input: $i) { picklist { status } errors { code } } }"
CANCEL = "mutation($i: PicklistCancelInput!) { picklistCancel(input: $i) { picklist { status } errors { code } } }"
PICKLISTS = "{ picklists(first: 5) { totalCount edges { node { number } } } }"
ORDER = "query($id: ID!) { node(id: $id) { ... on Order { status lines { reserved picked } history { kind } } } }"


@pytest.fixture(scope="module")
async def floor(api):
    home, other = await make_tenant(), await make_tenant()
    warehouse = await make_warehouse()
    soap = await make_product(home.merchant, name="Soap", barcode="4006381333931")
    await put_stock(soap, warehouse, 40, "B-02")
    tokens = await tokens_of_every_role(api, home)
    return {"home": home, "other": other, "warehouse": warehouse, "soap": soap, "tokens": tokens}


async def _order(floor: dict, units: int = 1):
    order, _ = await create_order(SYSTEM, OrderRequest(
        merchant_id=floor["home"].merchant.id, lines=[LineRequest(floor["soap"].id, units, "9.90")],
        payment_method="INVOICE", customer=Customer("Erika"), shipping_address=ADDRESS,
        warehouse_id=floor["warehouse"].id))
    return order


async def _picklist(api, floor: dict, *orders) -> dict:  # noqa: ANN001, ANN002
    result = await api.gql(CREATE, {"i": {"warehouseId": gid("Warehouse", floor["warehouse"].id),
                                          "orderIds": [gid("FulfillmentOrder", o.id) for o in orders]}},
                           token=floor["tokens"]["WAREHOUSE"])
    assert result["data"]["picklistCreate"]["errors"] == [], result
    return result["data"]["picklistCreate"]["picklist"]


@pytest.mark.parametrize("role", CALLER_ROLES)
async def test_only_the_fulfillment_center_picks(api, floor, role):
    token = floor["tokens"][role]
    picklist = await _picklist(api, floor, await _order(floor))
    attempts = {
        "picklists": (PICKLISTS, {}),
        "picklistCreate": (CREATE, {"i": {"warehouseId": gid("Warehouse", floor["warehouse"].id),
                                          "orderIds": [gid("FulfillmentOrder", (await _order(floor)).id)]}}),
        "picklistStart": (START, {"i": {"picklistId": picklist["id"]}}),
        "picklistScan": (SCAN, {"i": {"picklistId": picklist["id"], "code": "B-02"}}),
        "picklistLineShort": (SHORT, {"i": {"lineId": picklist["lines"][0]["id"], "quantity": 1}}),
    }
    for name, (query, variables) in attempts.items():
        result = await api.gql(query, variables, token=token)
        if role in FLOOR:
            assert "errors" not in result, (name, role, result)
            payload = result["data"][name]
            assert not isinstance(payload, dict) or payload.get("errors", []) == [], (name, role, payload)
        else:
            expected = "UNAUTHENTICATED" if role == "ANONYMOUS" else "FORBIDDEN"
            assert result["data"] is None and result["errors"][0]["extensions"]["code"] == expected, (name, role)
    node = await api.gql('query($id: ID!) { node(id: $id) { ... on Picklist { number } } }', {"id": picklist["id"]},
                         token=token)
    assert (node.get("data") or {}).get("node") is None if role not in FLOOR else node["data"]["node"] is not None


async def test_a_picker_scans_a_picklist_through_and_the_merchant_follows_live(api, floor):
    warehouse_token, merchant_token = floor["tokens"]["WAREHOUSE"], floor["tokens"]["MERCHANT_ADMIN"]
    order = await _order(floor, 2)
    picklist = await _picklist(api, floor, order)
    assert [(line["binCode"], line["sku"], line["quantity"]) for line in picklist["lines"]] == [
        ("B-02", floor["soap"].sku, 2)]
    assert picklist["orders"][0]["order"] == {"number": order.number, "status": "READY"}
    merchant_events = Subscription(api, merchant_token, f"subscription {{ events {{ {EVENT_FIELDS} }} }}")
    floor_events = Subscription(api, warehouse_token, f"subscription {{ events(topics: [PICKLIST]) {{ {EVENT_FIELDS} }} }}")
    async with merchant_events as merchant, floor_events as warehouse:
        wrong = (await api.gql(SCAN, {"i": {"picklistId": picklist["id"], "code": "B-01"}}, token=warehouse_token))
        assert wrong["data"]["picklistScan"]["errors"] == [
            {"field": "code", "code": "WRONG_SCAN", "message": f"This is B-01: go to B-02 for 2 × {floor['soap'].sku}"}]
        at_bin = (await api.gql(SCAN, {"i": {"picklistId": picklist["id"], "code": "B-02"}}, token=warehouse_token))
        assert at_bin["data"]["picklistScan"]["message"] == f"At B-02: pick 2 × {floor['soap'].sku}"
        too_many = await api.gql(SCAN, {"i": {"picklistId": picklist["id"], "code": "4006381333931", "quantity": 3}},
                                 token=warehouse_token)
        assert too_many["data"]["picklistScan"]["errors"][0]["message"] == f"Only 2 more of {floor['soap'].sku} on this line"
        done = await api.gql(SCAN, {"i": {"picklistId": picklist["id"], "code": "4006381333931", "quantity": 2}},
                             token=warehouse_token)
        assert (done["data"]["picklistScan"]["picked"], done["data"]["picklistScan"]["picklist"]["status"]) == (2, "PICKED")
        # The picklist was made before the subscriptions began.
        assert [e["type"] for e in await warehouse.collect(3)] == ["picklist.started", "picklist.picked",
                                                                  "picklist.completed"]
        # The merchant follows its order (picking started, the stock it took, picked), never the picklist.
        assert [e["type"] for e in await merchant.collect(3)] == ["order.picking", "stock.changed", "order.picked"]
        await merchant.expect_silence(0.5)
    seen_order = (await api.gql(ORDER, {"id": gid("Order", order.id)}, token=merchant_token))["data"]["node"]
    assert seen_order["status"] == "PICKING" and seen_order["lines"] == [{"reserved": 0, "picked": 2}]
    assert [h["kind"] for h in seen_order["history"]] == ["placed", "picking", "picked"]


async def test_bad_picking_input_is_a_user_error_and_changes_nothing(api, floor):
    token = floor["tokens"]["WAREHOUSE"]
    warehouse = gid("Warehouse", floor["warehouse"].id)
    order = await _order(floor)
    cases = [
        ({"warehouseId": warehouse}, "orderIds", "REQUIRED"),
        ({"warehouseId": warehouse, "orderIds": [gid("FulfillmentOrder", order.id)], "rule": {"maxOrders": 2}},
         "orderIds", "REQUIRED"),
        ({"warehouseId": warehouse, "orderIds": ["not-an-id"]}, "orderIds.0", "INVALID_ID"),
        ({"warehouseId": warehouse, "orderIds": [gid("Product", floor["soap"].id)]}, "orderIds.0", "INVALID_ID"),
        ({"warehouseId": warehouse, "rule": {"maxOrders": 0}}, "rule.maxOrders", "INVALID"),
        ({"warehouseId": gid("Warehouse", floor["soap"].id), "orderIds": [gid("FulfillmentOrder", order.id)]},
         "warehouseId", "NOT_FOUND"),
    ]
    for variables, field, code in cases:
        result = await api.gql(CREATE, {"i": variables}, token=token)
        errors = result["data"]["picklistCreate"]["errors"]
        assert (errors[0]["field"], errors[0]["code"]) == (field, code), (variables, errors)
    picklist = await _picklist(api, floor, order)
    for variables, field, code in (
        ({"picklistId": picklist["id"], "code": "  "}, "code", "REQUIRED"),
        ({"picklistId": picklist["id"], "code": "B-02", "quantity": 0}, "quantity", "INVALID"),
        ({"picklistId": gid("Picklist", floor["soap"].id), "code": "B-02"}, "picklistId", "NOT_FOUND"),
    ):
        errors = (await api.gql(SCAN, {"i": variables}, token=token))["data"]["picklistScan"]["errors"]
        assert (errors[0]["field"], errors[0]["code"]) == (field, code), (variables, errors)
    short = await api.gql(SHORT, {"i": {"lineId": picklist["lines"][0]["id"], "quantity": 5}}, token=token)
    assert short["data"]["picklistLineShort"]["errors"][0]["code"] == "INVALID_STATE"  # not started yet
    cancelled = await api.gql(CANCEL, {"i": {"picklistId": picklist["id"]}}, token=token)
    assert cancelled["data"]["picklistCancel"]["picklist"]["status"] == "CANCELLED"
    again = await api.gql(SCAN, {"i": {"picklistId": picklist["id"], "code": "B-02"}}, token=token)
    assert again["data"]["picklistScan"]["errors"][0]["code"] == "INVALID_STATE"
    seen = (await api.gql(ORDER, {"id": gid("Order", order.id)}, token=floor["tokens"]["OPERATOR_ADMIN"]))["data"]["node"]
    assert seen["status"] == "READY" and seen["lines"] == [{"reserved": 1, "picked": 0}]
