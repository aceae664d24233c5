"""Who may call what in the orders API: every query and mutation against every role, an API key with every
scope and one that may only read orders."""

from __future__ import annotations

import pytest

from backend.core.authorization import SYSTEM, ApiKeyScope
from backend.orders import editing, intake
from backend.orders.model import Customer, LineRequest, OrderRequest
from tests.integration.orders_support import ADDRESS
from tests.support import (
    CALLER_ROLES, gid, make_api_key, make_product, make_tenant, make_warehouse, put_stock, tokens_of_every_role,
)

ROLES = [*CALLER_ROLES, "API_KEY_READ"]
READERS = {"OPERATOR_ADMIN", "OPERATOR_STAFF", "MERCHANT_ADMIN", "MERCHANT_STAFF", "API_KEY", "API_KEY_READ"}
# The warehouse lists released orders as fulfillment orders (no prices, no customer contacts), and has no whole
# orders, dashboard, policy or order events.
LISTERS = READERS | {"WAREHOUSE"}
WRITERS = {"OPERATOR_ADMIN", "OPERATOR_STAFF", "MERCHANT_ADMIN", "MERCHANT_STAFF", "API_KEY"}
POLICY_WRITERS = {"OPERATOR_ADMIN", "MERCHANT_ADMIN"}


@pytest.fixture(scope="module")
async def world(api):
    home = await make_tenant()
    warehouse = await make_warehouse()
    product = await make_product(home.merchant)
    await put_stock(product, warehouse, 10_000)
    tokens = {**await tokens_of_every_role(api, home),
              "API_KEY_READ": await make_api_key(home.merchant, [ApiKeyScope.ORDERS_READ])}
    return {"home": home, "warehouse": warehouse, "product": product, "tokens": tokens}


def _request(world, **values) -> OrderRequest:  # noqa: ANN001, ANN003
    return OrderRequest(merchant_id=world["home"].merchant.id, lines=[LineRequest(world["product"].id, 1, "9.90")],
                        customer=Customer("Matrix Customer"), shipping_address=ADDRESS, warehouse_id=world["warehouse"].id,
                        **values)


async def _order(world, kind: str = "ready") -> str:  # noqa: ANN001
    """A fresh order of the home merchant, made directly through the services."""
    if kind == "draft":
        return gid("Order", (await intake.create_draft(SYSTEM, _request(world))).id)
    order, _ = await intake.create_order(SYSTEM, _request(world))
    if kind == "held":
        await editing.hold_order(SYSTEM, order.id, "matrix")
    return gid("Order", order.id)


def _line(world) -> dict:  # noqa: ANN001
    return {"productId": gid("Product", world["product"].id), "quantity": 1, "unitPrice": "9.90"}


async def _variables(name: str, world) -> dict:  # noqa: ANN001, C901
    merchant = world["home"].merchant_gid
    if name in ("dashboard", "paymentPolicy"):
        return {"m": merchant}
    if name == "orderCreate":
        return {"i": {"merchantId": merchant, "lines": [_line(world)], "paymentMethod": "INVOICE",
                      "customer": {"name": "Matrix"}, "shippingAddress": ADDRESS,
                      "warehouseId": gid("Warehouse", world["warehouse"].id)}}
    if name == "draftOrderCreate":
        return {"i": {"merchantId": merchant, "lines": [_line(world)], "warehouseId": gid("Warehouse", world["warehouse"].id)}}
    if name == "draftOrderUpdate":
        return {"i": {"orderId": await _order(world, "draft"), "expectedVersion": 1, "changes": {"customer": {"name": "N"}}}}
    if name == "draftOrderComplete":
        return {"i": {"orderId": await _order(world, "draft")}}
    if name == "orderDuplicate":
        return {"i": {"orderId": await _order(world)}}
    if name == "orderUpdate":
        return {"i": {"orderId": await _order(world), "expectedVersion": 1, "changes": {"customer": {"name": "N"}}}}
    if name in ("orderHold", "orderCancel"):
        return {"i": {"orderId": await _order(world), "reason": "matrix"}}
    if name == "orderReleaseHold":
        return {"i": {"orderId": await _order(world, "held")}}
    if name == "orderNoteAdd":
        return {"i": {"orderId": await _order(world), "text": "matrix"}}
    if name == "orderTagsUpdate":
        return {"i": {"orderId": await _order(world), "add": ["matrix"]}}
    if name == "orderMarkAsPaid":
        return {"i": {"orderIds": [await _order(world)], "transactionReference": "TX"}}
    if name == "orderPaymentUpdate":
        return {"i": {"orderId": await _order(world), "paymentStatus": "PAID"}}
    if name in ("orderBulkHold", "orderBulkCancel"):
        return {"i": {"orderIds": [await _order(world)], "reason": "matrix"}}
    if name == "orderBulkReleaseHold":
        return {"i": {"orderIds": [await _order(world, "held")]}}
    if name == "orderBulkTag":
        return {"i": {"orderIds": [await _order(world)], "add": ["matrix"]}}
    if name == "paymentPolicyUpdate":
        return {"i": {"merchantId": merchant, "unpaidCancelAfterDays": 14}}
    return {}


def _mutation(name: str, selection: str = "errors { code }") -> str:
    return f"mutation($i: {name[0].upper()}{name[1:]}Input!) {{ {name}(input: $i) {{ {selection} }} }}"


BULK = "succeeded failed errors { code } results { errors { code } }"
OPERATIONS = {
    "orders": ("{ orders { totalCount } }", READERS),
    "fulfillmentOrders": ("{ fulfillmentOrders { totalCount } }", LISTERS),
    "dashboard": ("query($m: ID) { dashboard(merchantId: $m) { ordersToday } }", READERS),
    "paymentPolicy": ("query($m: ID) { paymentPolicy(merchantId: $m) { prepaidMethods } }", READERS),
    **{name: (_mutation(name), WRITERS) for name in (
        "orderCreate", "draftOrderCreate", "draftOrderUpdate", "draftOrderComplete", "orderDuplicate", "orderUpdate",
        "orderHold", "orderReleaseHold", "orderCancel", "orderNoteAdd", "orderTagsUpdate", "orderPaymentUpdate")},
    **{name: (_mutation(name, BULK), WRITERS) for name in (
        "orderMarkAsPaid", "orderBulkHold", "orderBulkReleaseHold", "orderBulkCancel", "orderBulkTag")},
    "paymentPolicyUpdate": (_mutation("paymentPolicyUpdate"), POLICY_WRITERS),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(OPERATIONS))
async def test_orders_role_matrix(api, world, operation, role):
    query, allowed = OPERATIONS[operation]
    result = await api.gql(query, await _variables(operation, world), token=world["tokens"][role])
    if role in allowed:
        assert "errors" not in result, (operation, role, result)
        payload = result["data"][operation]
        if isinstance(payload, dict) and "errors" in payload:
            assert payload["errors"] == [], (operation, role, payload)
        if isinstance(payload, dict) and "results" in payload:
            assert (payload["succeeded"], payload["failed"]) == (1, 0), (operation, role, payload)
    else:
        assert result["data"] is None, (operation, role, result)
        expected = "UNAUTHENTICATED" if role == "ANONYMOUS" else "FORBIDDEN"
        assert result["errors"][0]["extensions"]["code"] == expected, (operation, role, result)
