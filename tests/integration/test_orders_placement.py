"""Placing an order is one act, whatever the entry point: the merchant's API, a shop connector (an API key), a
phone draft completed by support, a repeat order of an earlier one, and the service called in process (as the demo
feed and the workers do) all leave the same stock,
ledger entries, history entry and events behind."""

from __future__ import annotations

from typing import Any

from backend.core.authorization import ApiKeyScope, Role
from backend.core.ids import from_global_id
from backend.core.queries import json_value
from backend.events.tables import Event
from backend.orders.tables import OrderChange
from backend.stock.services import current_quantities
from backend.stock.tables import StockMovement
from tests.integration.orders_support import (
    ADDRESS,
    CREATE,
    DRAFT_COMPLETE,
    DRAFT_CREATE,
    DUPLICATE,
    assert_ledger_agrees,
    order_shop,
)
from tests.support import gid, make_api_key, make_product, make_user, put_stock


async def _fresh_products(setup: dict) -> tuple[Any, Any]:
    """A product with 5 in stock and one with none, so every placement reserves some and backorders some."""
    stocked = await make_product(setup["tenant"].merchant, name="Stocked")
    await put_stock(stocked, setup["warehouse"], 5)
    return stocked, await make_product(setup["tenant"].merchant, name="Missing")


def _input(setup: dict, stocked: Any, missing: Any, **extra: Any) -> dict:
    return {
        "lines": [{"productId": gid("Product", stocked.id), "quantity": 2, "unitPrice": "9.90"},
                  {"productId": gid("Product", missing.id), "quantity": 1, "unitPrice": "4.50"}],
        "paymentMethod": "INVOICE", "customer": {"name": "Erika Mustermann", "email": "erika@example.test"},
        "shippingAddress": ADDRESS, "warehouseId": gid("Warehouse", setup["warehouse"].id), **extra,
    }


async def _head_seq() -> int:
    rows = await Event.raw("SELECT coalesce(max(seq), 0) AS seq FROM event")
    return rows[0]["seq"]


async def _gql(api, query: str, variables: dict, token: str, field: str) -> dict:  # noqa: ANN001
    result = await api.gql(query, variables, token=token)
    assert "errors" not in result and not result["data"][field]["errors"], result
    return result["data"][field]["order"]


async def _via_api(api, setup, stocked, missing) -> dict:  # noqa: ANN001
    return await _gql(api, CREATE, {"i": _input(setup, stocked, missing)}, setup["admin"], "orderCreate")


async def _via_shop(api, setup, stocked, missing) -> dict:  # noqa: ANN001
    key = await make_api_key(setup["tenant"].merchant, [ApiKeyScope.ORDERS_WRITE])
    extra = {"source": "SHOP", "shop": "shop.example", "externalId": f"shop-{stocked.id}", "externalNumber": "#1001"}
    return await _gql(api, CREATE, {"i": _input(setup, stocked, missing, **extra)}, key, "orderCreate")


async def _in_process(api, setup, stocked, missing) -> dict:  # noqa: ANN001
    """As the demo feed and the workers place orders: the service itself, as the merchant's API key."""
    from backend.accounts.services import authenticate
    from backend.orders.model import Customer, LineRequest, OrderRequest
    from backend.orders.services import create_order

    key = await make_api_key(setup["tenant"].merchant, [ApiKeyScope.ORDERS_WRITE])
    actor = await authenticate(key)
    request = OrderRequest(lines=[LineRequest(stocked.id, 2, "9.90"), LineRequest(missing.id, 1, "4.50")],
                           payment_method="INVOICE", customer=Customer("Erika Mustermann", "erika@example.test"),
                           shipping_address=ADDRESS, warehouse_id=setup["warehouse"].id)
    order, created = await create_order(actor, request)
    assert created
    result = await api.gql("query($id: ID!) { node(id: $id) { ... on Order { id number status version lines { "
                           "quantity reserved backordered } } } }", {"id": gid("Order", order.id)}, token=setup["admin"])
    return result["data"]["node"]


async def _complete(api, setup, draft: dict, token: str) -> dict:  # noqa: ANN001
    variables = {"i": {"orderId": draft["id"], "expectedVersion": draft["version"]}}
    return await _gql(api, DRAFT_COMPLETE, variables, token, "draftOrderComplete")


async def _via_phone(api, setup, stocked, missing) -> dict:  # noqa: ANN001
    support = await api.login((await make_user(Role.OPERATOR_STAFF)).email)
    variables = {"i": {**_input(setup, stocked, missing), "merchantId": setup["tenant"].merchant_gid}}
    draft = await _gql(api, DRAFT_CREATE, variables, support, "draftOrderCreate")
    return await _complete(api, setup, draft, support)


async def _via_duplicate(api, setup, stocked, missing) -> dict:  # noqa: ANN001
    earlier = await _via_api(api, setup, stocked, missing)
    draft = await _gql(api, DUPLICATE, {"i": {"orderId": earlier["id"]}}, setup["admin"], "orderDuplicate")
    return await _complete(api, setup, draft, setup["admin"])


async def _placement(setup: dict, order: dict, stocked: Any, missing: Any, after_seq: int) -> dict:
    """What placing `order` left behind, without what tells one order from another (ids, numbers, SKUs)."""
    order_id = from_global_id(order["id"])[1]
    number = order["number"]
    stocked_now = await current_quantities(stocked.id, setup["warehouse"].id)
    missing_now = await current_quantities(missing.id, setup["warehouse"].id)
    movements = await StockMovement.select(
        StockMovement.product, StockMovement.reason, StockMovement.on_hand_delta, StockMovement.reserved_delta,
    ).where(StockMovement.reference == f"order:{number}").order_by(StockMovement.id)
    history = await OrderChange.select().where(OrderChange.sales_order == order_id).order_by(OrderChange.id)
    placed = history[-1]
    changes = json_value(placed["changes"])
    events = await Event.select().where(Event.seq > after_seq).where(
        Event.merchant_id == setup["tenant"].merchant.id).order_by(Event.seq)
    names = {str(stocked.id): "stocked", str(missing.id): "missing", stocked.sku: "stocked", missing.sku: "missing"}

    def anonymous(payload: dict) -> dict:
        payload = {k: v for k, v in payload.items() if k not in ("number", "version", "change", "productId", "warehouseId")}
        if "sku" in payload:
            payload["sku"] = names[payload["sku"]]
        if "backordered" in payload:
            payload["backordered"] = {names[sku]: units for sku, units in payload["backordered"].items()}
        return payload

    return {
        "status": order["status"],
        "stock": {"stocked": (stocked_now.on_hand, stocked_now.reserved), "missing": (missing_now.on_hand, missing_now.reserved)},
        "ledger": [(names[str(m["product"])], m["reason"], m["on_hand_delta"], m["reserved_delta"]) for m in movements],
        "history": {"status": changes["status"]["after"], "version": placed["version"] == order["version"],
                    "lines": [(names[line["sku"]], line["quantity"], line["unitPrice"]) for line in changes["lines"]]},
        "events": [(e["type"], anonymous(json_value(e["payload"]))) for e in events
                   if e["type"] in ("stock.changed", "order.placed") and (
                       e["entity_id"] == order_id or json_value(e["payload"]).get("productId") in names)],
        "lines": [(line["quantity"], line["reserved"], line["backordered"]) for line in order["lines"]],
    }


async def test_every_entry_point_places_an_order_the_same_way(api):
    setup = await order_shop(api)
    placements = {}
    for name, place in (("api", _via_api), ("shop", _via_shop), ("phone", _via_phone), ("duplicate", _via_duplicate),
                        ("in process", _in_process)):
        stocked, missing = await _fresh_products(setup)
        setup["products"].update({f"{name}-stocked": stocked, f"{name}-missing": missing})
        if name == "duplicate":  # the earlier order holds 2 of the 5; its repeat gets the other 3
            await put_stock(stocked, setup["warehouse"], 2)
        before = await _head_seq()
        order = await place(api, setup, stocked, missing)
        placements[name] = await _placement(setup, order, stocked, missing, before)
        await assert_ledger_agrees(setup, f"{name}-stocked", f"{name}-missing")

    expected = placements["api"]
    assert expected["status"] == "BACKORDERED"
    assert expected["stock"] == {"stocked": (5, 2), "missing": (0, 0)}
    assert expected["ledger"] == [("stocked", "RESERVATION", 0, 2)]
    assert expected["history"] == {"status": "BACKORDERED", "version": True,
                                   "lines": [("stocked", 2, 990), ("missing", 1, 450)]}
    assert [event_type for event_type, _ in expected["events"]] == ["stock.changed", "order.placed"]
    assert expected["events"][1][1]["backordered"] == {"missing": 1}
    assert expected["lines"] == [(2, 2, 0), (1, 0, 1)]
    for name in ("shop", "phone", "in process"):
        assert placements[name] == expected, name
    # The repeat order: the earlier one still holds 2 of the 7 units, and its placement is the same otherwise.
    duplicate = placements["duplicate"]
    assert duplicate["stock"] == {"stocked": (7, 4), "missing": (0, 0)}
    assert {**duplicate, "stock": expected["stock"], "events": None} == {**expected, "events": None}
    # Its events: the earlier order's reservation, then its own placement (a repeat order's draft is no placement).
    assert [e[0] for e in duplicate["events"]] == ["stock.changed", "stock.changed", "order.placed"]
    assert duplicate["events"][2] == expected["events"][1]
    assert duplicate["events"][1][1]["delta"] == expected["events"][0][1]["delta"]
