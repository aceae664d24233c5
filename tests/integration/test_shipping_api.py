"""Shipping over the API: the floor packs and ships, merchants see their own orders' parcels and tracking live and
nothing of another merchant's, and bad input is a user error."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backend.core.authorization import SYSTEM
from backend.orders.model import Customer, LineRequest, OrderRequest
from backend.orders.services import create_order
from backend.picking import services as picking
from tests.integration.orders_support import ADDRESS
from tests.integration.test_picking import picker
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
PARCEL = "parcel { number status carrier trackingNumber weightGrams } order { status } errors { field code message }"
PACK = f"mutation($i: ParcelCreateInput!) {{ parcelCreate(input: $i) {{ {PARCEL} }} }}"
SHIP = f"mutation($i: ShipmentCreateInput!) {{ shipmentCreate(input: $i) {{ {PARCEL} }} }}"
TRACK = """mutation($i: TrackingEventsRecordInput!) { trackingEventsRecord(input: $i) { recorded { status }
  errors { field code message } } }"""
ORDER_PARCELS = """query($id: ID!) { node(id: $id) { ... on Order { status parcels { number status trackingNumber
  tracking { status description } } } } }"""


@pytest.fixture(scope="module")
async def world(api):
    home, other = await make_tenant(), await make_tenant()
    warehouse = await make_warehouse()
    cream = await make_product(home.merchant, name="Cream", weight_grams=80)
    await put_stock(cream, warehouse, 100, "B-01")
    return {"home": home, "other": other, "warehouse": warehouse, "cream": cream,
            "tokens": await tokens_of_every_role(api, home), "other_token": await api.login(other.admin.email)}


async def picked_order(world: dict):
    order, _ = await create_order(SYSTEM, OrderRequest(
        merchant_id=world["home"].merchant.id, lines=[LineRequest(world["cream"].id, 2, "9.90")],
        payment_method="INVOICE", customer=Customer("Erika"), shipping_address=ADDRESS,
        warehouse_id=world["warehouse"].id))
    me = await picker()
    picklist = await picking.create_picklist(me, warehouse_id=world["warehouse"].id, order_ids=[order.id])
    await picking.scan(me, picklist.id, "B-01")
    await picking.scan(me, picklist.id, world["cream"].sku, 2)
    return order


@pytest.mark.parametrize("role", CALLER_ROLES)
async def test_only_the_floor_packs_and_ships(api, world, role):
    order = await picked_order(world)
    result = await api.gql(PACK, {"i": {"orderId": gid("FulfillmentOrder", order.id)}}, token=world["tokens"][role])
    if role in FLOOR:
        assert result["data"]["parcelCreate"]["errors"] == [] and result["data"]["parcelCreate"]["order"] == {
            "status": "PACKED"}, result
    else:
        expected = "UNAUTHENTICATED" if role == "ANONYMOUS" else "FORBIDDEN"
        assert result["data"] is None and result["errors"][0]["extensions"]["code"] == expected, (role, result)


async def test_a_merchant_follows_its_shipment_live_and_no_other_merchant_does(api, world):
    floor_token = world["tokens"]["WAREHOUSE"]
    order = await picked_order(world)
    packed = (await api.gql(PACK, {"i": {"orderId": gid("FulfillmentOrder", order.id)}}, token=floor_token))
    parcel_number = packed["data"]["parcelCreate"]["parcel"]["number"]
    assert packed["data"]["parcelCreate"]["parcel"]["weightGrams"] == 160
    from backend.shipping.tables import Parcel

    parcel = await Parcel.objects().where(Parcel.sales_order == order.id).first()
    events = f"subscription {{ events(topics: [SHIPMENT]) {{ {EVENT_FIELDS} }} }}"
    async with Subscription(api, world["tokens"]["MERCHANT_ADMIN"], events) as merchant, \
            Subscription(api, world["other_token"], events) as other:
        bad = await api.gql(SHIP, {"i": {"parcelId": gid("Parcel", parcel.id)}}, token=floor_token)
        assert bad["data"]["shipmentCreate"]["errors"][0]["field"] == "trackingNumber"
        shipped = await api.gql(SHIP, {"i": {"parcelId": gid("Parcel", parcel.id), "trackingNumber": "00340434161094042557"}},
                                token=floor_token)
        assert shipped["data"]["shipmentCreate"]["order"] == {"status": "SHIPPED"}
        tracked = await api.gql(TRACK, {"i": {"parcelId": gid("Parcel", parcel.id), "events": [
            {"carrierEventId": "dhl-1", "status": "DELIVERED", "occurredAt": datetime.now(UTC).isoformat(),
             "description": "Delivered to the front door"}]}}, token=floor_token)
        assert tracked["data"]["trackingEventsRecord"]["recorded"] == [{"status": "DELIVERED"}]
        seen = [(e["type"], e["payload"]["number"]) for e in await merchant.collect(3)]
        assert seen == [("parcel.shipped", parcel_number), ("tracking.recorded", parcel_number),
                        ("parcel.delivered", parcel_number)]
        await other.expect_silence(0.5)
    mine = (await api.gql(ORDER_PARCELS, {"id": gid("Order", order.id)}, token=world["tokens"]["MERCHANT_STAFF"]))
    assert mine["data"]["node"] == {"status": "DELIVERED", "parcels": [
        {"number": parcel_number, "status": "DELIVERED", "trackingNumber": "00340434161094042557",
         "tracking": [{"status": "DELIVERED", "description": "Delivered to the front door"}]}]}
    theirs = await api.gql(ORDER_PARCELS, {"id": gid("Order", order.id)}, token=world["other_token"])
    assert theirs["data"]["node"] is None


async def test_bad_shipping_input_is_a_user_error(api, world):
    token = world["tokens"]["WAREHOUSE"]
    order = await picked_order(world)
    cases = [
        ({"orderId": "nonsense"}, "orderId", "INVALID_ID"),
        ({"orderId": gid("FulfillmentOrder", order.id), "lines": []}, "lines", "REQUIRED"),
        ({"orderId": gid("FulfillmentOrder", order.id), "lines": [{"lineId": gid("OrderLine", order.id), "quantity": 1}]},
         "lines.0.lineId", "NOT_FOUND"),
        ({"orderId": gid("FulfillmentOrder", order.id), "packageTypeCode": "NOPE"}, "packageTypeCode", "NOT_FOUND"),
        ({"orderId": gid("FulfillmentOrder", order.id), "weightGrams": 0}, "weightGrams", "INVALID"),
    ]
    for variables, field, code in cases:
        errors = (await api.gql(PACK, {"i": variables}, token=token))["data"]["parcelCreate"]["errors"]
        assert (errors[0]["field"], errors[0]["code"]) == (field, code), (variables, errors)
    ready = (await api.gql(PACK, {"i": {"orderId": gid("FulfillmentOrder", order.id)}}, token=token))
    assert ready["data"]["parcelCreate"]["order"]["status"] == "PACKED"


PARCEL_LINES = """query($id: ID!) { node(id: $id) { ... on Order { parcels { number lines { sku name quantity } } } } }"""
FLOOR_PARCEL_LINES = """query($n: String!) { fulfillmentOrders(filter: {number: $n}) { edges { node {
  parcels { number lines { lineId sku quantity } } lines { id } } } } }"""


async def test_a_parcels_contents_are_read_by_the_floor_and_its_merchant_only(api, world):
    order = await picked_order(world)
    packed = await api.gql(PACK, {"i": {"orderId": gid("FulfillmentOrder", order.id)}}, token=world["tokens"]["WAREHOUSE"])
    number = packed["data"]["parcelCreate"]["parcel"]["number"]
    cream = world["cream"]
    mine = await api.gql(PARCEL_LINES, {"id": gid("Order", order.id)}, token=world["tokens"]["MERCHANT_STAFF"])
    assert mine["data"]["node"]["parcels"] == [{"number": number, "lines": [
        {"sku": cream.sku, "name": "Cream", "quantity": 2}]}]
    floor = (await api.gql(FLOOR_PARCEL_LINES, {"n": order.number}, token=world["tokens"]["WAREHOUSE"]))
    node = floor["data"]["fulfillmentOrders"]["edges"][0]["node"]
    assert node["parcels"][0]["lines"] == [{"lineId": node["lines"][0]["id"], "sku": cream.sku, "quantity": 2}]
    theirs = await api.gql(PARCEL_LINES, {"id": gid("Order", order.id)}, token=world["other_token"])
    assert theirs["data"]["node"] is None
    # The loader itself answers another merchant with nothing, whatever parcel ids it is handed.
    from backend.core.authorization import Actor, ActorKind, Role, permissions_for_role
    from backend.shipping import services as shipping
    from backend.shipping.tables import Parcel

    other = world["other"]
    stranger = Actor(kind=ActorKind.USER, id=other.admin.id, label=other.admin.email, role=Role.MERCHANT_ADMIN,
                     merchant_id=other.merchant.id, permissions=permissions_for_role(Role.MERCHANT_ADMIN))
    parcel = await Parcel.objects().where(Parcel.sales_order == order.id).first()
    assert (await shipping.contents_of(stranger, [parcel.id]))[parcel.id] == []


REPACK = f"mutation($i: ParcelUpdateInput!) {{ parcelUpdate(input: $i) {{ {PARCEL} }} }}"
LINES_OF = "query($n: String!) { fulfillmentOrders(filter: {number: $n}) { edges { node { lines { id } } } } }"


async def packed_one_of_two(api, world):  # noqa: ANN001, ANN201
    """An order of two picked units with one of them in a parcel: the parcel's id and the order line's."""
    token = world["tokens"]["WAREHOUSE"]
    order = await picked_order(world)
    line_id = (await api.gql(LINES_OF, {"n": order.number}, token=token))["data"]["fulfillmentOrders"]["edges"][0][
        "node"]["lines"][0]["id"]
    packed = await api.gql(PACK, {"i": {"orderId": gid("FulfillmentOrder", order.id),
                                        "lines": [{"lineId": line_id, "quantity": 1}]}}, token=token)
    assert packed["data"]["parcelCreate"]["order"] == {"status": "PICKING"}, packed
    from backend.shipping.tables import Parcel

    parcel = await Parcel.objects().where(Parcel.sales_order == order.id).first()
    return gid("Parcel", parcel.id), line_id


async def test_a_packed_parcel_is_repacked_before_it_ships(api, world):
    from backend.core.authorization import SYSTEM as OPERATOR
    from backend.shipping import services as shipping

    token = world["tokens"]["WAREHOUSE"]
    await shipping.create_package_type(OPERATOR, warehouse_id=world["warehouse"].id, code="BOX-M", name="Box M",
                                       length_mm=300, width_mm=200, height_mm=150, tare_grams=240)
    parcel, line_id = await packed_one_of_two(api, world)
    # The second unit goes in too: nothing is left open, the order is packed, the weight is the products' again.
    both = (await api.gql(REPACK, {"i": {"parcelId": parcel, "lines": [{"lineId": line_id, "quantity": 2}]}},
                          token=token))["data"]["parcelUpdate"]
    assert both["errors"] == [] and both["order"] == {"status": "PACKED"} and both["parcel"]["weightGrams"] == 160
    boxed = (await api.gql(REPACK, {"i": {"parcelId": parcel, "packageTypeCode": "box-m"}}, token=token))[
        "data"]["parcelUpdate"]
    assert boxed["parcel"]["weightGrams"] == 160 + 240
    weighed = (await api.gql(REPACK, {"i": {"parcelId": parcel, "weightGrams": 455}}, token=token))["data"]["parcelUpdate"]
    assert weighed["parcel"]["weightGrams"] == 455 and weighed["order"] == {"status": "PACKED"}
    # A packed order keeps every picked unit in a parcel.
    out = (await api.gql(REPACK, {"i": {"parcelId": parcel, "lines": [{"lineId": line_id, "quantity": 1}]}},
                         token=token))["data"]["parcelUpdate"]
    assert (out["errors"][0]["field"], out["errors"][0]["code"]) == ("lines", "INVALID_STATE")
    await api.gql(SHIP, {"i": {"parcelId": parcel, "trackingNumber": "00340434161094042558"}}, token=token)
    late = (await api.gql(REPACK, {"i": {"parcelId": parcel, "weightGrams": 500}}, token=token))["data"]["parcelUpdate"]
    assert (late["errors"][0]["field"], late["errors"][0]["code"]) == ("parcelId", "INVALID_STATE")


async def test_bad_repacking_is_a_user_error_and_changes_nothing(api, world):
    token = world["tokens"]["WAREHOUSE"]
    parcel, line_id = await packed_one_of_two(api, world)
    cases = [
        ({"parcelId": "nonsense"}, "parcelId", "INVALID_ID"),
        ({"parcelId": parcel, "weightGrams": 0}, "weightGrams", "INVALID"),
        ({"parcelId": parcel, "lines": []}, "lines", "REQUIRED"),
        ({"parcelId": parcel, "lines": [{"lineId": line_id, "quantity": 3}]}, "lines.0.quantity", "INVALID"),
        ({"parcelId": parcel, "packageTypeCode": "NOPE"}, "packageTypeCode", "NOT_FOUND"),
    ]
    for variables, field, code in cases:
        errors = (await api.gql(REPACK, {"i": variables}, token=token))["data"]["parcelUpdate"]["errors"]
        assert (errors[0]["field"], errors[0]["code"]) == (field, code), (variables, errors)
    unchanged = (await api.gql(REPACK, {"i": {"parcelId": parcel}}, token=token))["data"]["parcelUpdate"]
    assert unchanged["parcel"]["weightGrams"] == 80 and unchanged["order"] == {"status": "PICKING"}


@pytest.mark.parametrize("role", CALLER_ROLES)
async def test_only_the_floor_repacks(api, world, role):
    parcel, _ = await packed_one_of_two(api, world)
    result = await api.gql(REPACK, {"i": {"parcelId": parcel, "weightGrams": 300}}, token=world["tokens"][role])
    if role in FLOOR:
        assert result["data"]["parcelUpdate"]["parcel"]["weightGrams"] == 300, result
    else:
        expected = "UNAUTHENTICATED" if role == "ANONYMOUS" else "FORBIDDEN"
        assert result["data"] is None and result["errors"][0]["extensions"]["code"] == expected, (role, result)
