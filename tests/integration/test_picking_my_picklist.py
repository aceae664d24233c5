"""The picker app's start over the API: `myPicklist` finds the picklist a picker is on, and each line says whether
the signed-in picker took it, who did, and whether its bin was scanned. Merchants never reach any of it."""

from __future__ import annotations

import pytest

from backend.core.authorization import SYSTEM, Role
from backend.orders.model import Customer, LineRequest, OrderRequest
from backend.orders.services import create_order
from tests.integration.orders_support import ADDRESS
from tests.support import CALLER_ROLES, gid, make_product, make_tenant, make_user, make_warehouse, put_stock, tokens_of_every_role

FLOOR = {"OPERATOR_ADMIN", "OPERATOR_STAFF", "WAREHOUSE"}
MINE = "{ myPicklist { number status lines { sku binCode atBin mine pickerName remaining } } }"
CREATE = """mutation($i: PicklistCreateInput!) { picklistCreate(input: $i) { picklist { id number }
  errors { code message } } }"""
SCAN = """mutation($i: PicklistScanInput!) { picklistScan(input: $i) { picked
  line { atBin mine pickerName } errors { code message } } }"""


@pytest.fixture
async def floor(api):
    home = await make_tenant()
    warehouse = await make_warehouse()
    soap = await make_product(home.merchant, name="Soap")
    cream = await make_product(home.merchant, name="Cream")
    await put_stock(soap, warehouse, 10, "B-01")
    await put_stock(cream, warehouse, 10, "B-02")
    order, _ = await create_order(SYSTEM, OrderRequest(
        merchant_id=home.merchant.id, lines=[LineRequest(soap.id, 1, "9.90"), LineRequest(cream.id, 2, "4.50")],
        payment_method="INVOICE", customer=Customer("Erika"), shipping_address=ADDRESS, warehouse_id=warehouse.id))
    anna = await make_user(Role.WAREHOUSE)
    ben = await make_user(Role.WAREHOUSE)
    tokens = {"anna": await api.login(anna.email), "ben": await api.login(ben.email)}
    created = await api.gql(CREATE, {"i": {"warehouseId": gid("Warehouse", warehouse.id),
                                           "orderIds": [gid("FulfillmentOrder", order.id)]}}, token=tokens["anna"])
    assert created["data"]["picklistCreate"]["errors"] == [], created
    return {"home": home, "soap": soap, "cream": cream, "tokens": tokens, "anna": anna,
            "picklist": created["data"]["picklistCreate"]["picklist"]}


async def _scan(api, floor: dict, who: str, code: str) -> dict:  # noqa: ANN001
    result = await api.gql(SCAN, {"i": {"picklistId": floor["picklist"]["id"], "code": code}}, token=floor["tokens"][who])
    payload = result["data"]["picklistScan"]
    assert payload["errors"] == [], payload
    return payload


async def _mine(api, floor: dict, who: str) -> dict | None:  # noqa: ANN001
    result = await api.gql(MINE, token=floor["tokens"][who])
    assert "errors" not in result, result
    return result["data"]["myPicklist"]


async def test_each_picker_finds_the_picklist_it_is_on_and_its_own_line(api, floor):
    soap, cream = floor["soap"], floor["cream"]
    assert await _mine(api, floor, "anna") is None  # nobody has picked from it yet
    at_bin = await _scan(api, floor, "anna", "B-01")
    assert at_bin["line"] == {"atBin": True, "mine": True, "pickerName": floor["anna"].name}

    anna_sees = await _mine(api, floor, "anna")
    assert (anna_sees["number"], anna_sees["status"]) == (floor["picklist"]["number"], "PICKING")
    assert anna_sees["lines"] == [
        {"sku": soap.sku, "binCode": "B-01", "atBin": True, "mine": True, "pickerName": floor["anna"].name,
         "remaining": 1},
        {"sku": cream.sku, "binCode": "B-02", "atBin": False, "mine": False, "pickerName": None, "remaining": 2},
    ]
    assert await _mine(api, floor, "ben") is None  # Ben has taken no line of it

    await _scan(api, floor, "ben", "B-02")  # Ben takes the line Anna has not
    ben_sees = await _mine(api, floor, "ben")
    assert [(line["mine"], line["pickerName"] is not None) for line in ben_sees["lines"]] == [(False, True), (True, True)]

    await _scan(api, floor, "anna", soap.sku)  # Anna's line is done; Ben's is taken: nothing is left for her
    assert await _mine(api, floor, "anna") is None
    assert (await _mine(api, floor, "ben"))["number"] == floor["picklist"]["number"]
    await _scan(api, floor, "ben", cream.sku)
    await _scan(api, floor, "ben", cream.sku)
    assert await _mine(api, floor, "ben") is None  # picked: the picklist is no one's any more


@pytest.mark.parametrize("role", CALLER_ROLES)
async def test_only_the_floor_asks_for_its_picklist(api, floor, role):
    token = (await tokens_of_every_role(api, floor["home"]))[role]
    result = await api.gql(MINE, token=token)
    if role in FLOOR:
        assert result["data"] == {"myPicklist": None}
    else:
        expected = "UNAUTHENTICATED" if role == "ANONYMOUS" else "FORBIDDEN"
        # A nullable field: refused, it answers null with the error beside it.
        assert (result["data"] or {}).get("myPicklist") is None
        assert result["errors"][0]["extensions"]["code"] == expected
