"""Shipping with DHL Parcel DE against a local DHL (`backend/demo/dhl_peer.py`) that checks requests as the real API
does: labels bought once per parcel and stored in A6 and A4, refusals and outages that leave the parcel packed and
retryable, two packers shipping one parcel at once, signed label links for the parcel's own merchant and the floor,
and the worker polling tracking up to delivery."""

from __future__ import annotations

import asyncio
import io
import socket
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx
import pypdfium2
import pytest

from backend.core.authorization import SYSTEM
from backend.orders.model import Customer, LineRequest, OrderRequest
from backend.orders.services import create_order
from backend.orders.tables import Order
from backend.picking import services as picking
from backend.scheduling.tables import ScheduledRun
from backend.settings import get_settings
from backend.shipping import services as shipping
from backend.shipping.carriers.base import CarrierUnavailable, LabelSize
from backend.shipping.carriers.dhl import DhlParcelDe
from backend.shipping.labels import _label_order
from backend.shipping.tables import CarrierLabel, Parcel, TrackingEvent
from tests.integration.orders_support import ADDRESS
from tests.integration.test_picking import picker
from tests.support import EVENT_FIELDS, ROOT_DIR, Subscription, gid, make_product, make_tenant, make_warehouse, put_stock, \
    run_worker_burst, tokens_of_every_role

PARCEL = ("parcel { number status carrier service trackingNumber trackingUrl hasLabel } order { status } "
          "errors { field code message }")
SHIP = f"mutation($i: ShipmentCreateInput!) {{ shipmentCreate(input: $i) {{ {PARCEL} }} }}"
LINK = """mutation($i: ParcelLabelLinkInput!) { parcelLabelLink(input: $i) { url expiresAt
  errors { field code message } } }"""
ORDER = """query($id: ID!) { node(id: $id) { ... on Order { status parcels { number status hasLabel trackingNumber
  tracking { status description location } } } } }"""


@pytest.fixture(scope="module")
async def world(api, dhl_peer):
    home, other = await make_tenant(), await make_tenant()
    warehouse = await make_warehouse()
    cream = await make_product(home.merchant, name="Cream", weight_grams=80)
    await put_stock(cream, warehouse, 500, "B-01")
    dhl_peer.timeout_seconds = 5  # beyond the API's DHL_TIMEOUT_SECONDS (3)
    return {"home": home, "other": other, "warehouse": warehouse, "cream": cream, "peer": dhl_peer,
            "tokens": await tokens_of_every_role(api, home), "other_token": await api.login(other.admin.email)}


async def packed_parcel(world: dict, **address: str) -> Parcel:
    order, _ = await create_order(SYSTEM, OrderRequest(
        merchant_id=world["home"].merchant.id, lines=[LineRequest(world["cream"].id, 2, "9.90")],
        payment_method="INVOICE", customer=Customer("Erika"), shipping_address={**ADDRESS, **address},
        warehouse_id=world["warehouse"].id))
    me = await picker()
    picklist = await picking.create_picklist(me, warehouse_id=world["warehouse"].id, order_ids=[order.id])
    await picking.scan(me, picklist.id, "B-01")
    await picking.scan(me, picklist.id, world["cream"].sku, 2)
    return await shipping.pack(me, order.id)


async def ship(api, world: dict, parcel: Parcel, role: str = "WAREHOUSE", **extra: str) -> dict:
    variables = {"i": {"parcelId": gid("Parcel", parcel.id), "carrier": "DHL", "service": "V01PAK", **extra}}
    return (await api.gql(SHIP, variables, token=world["tokens"][role]))["data"]["shipmentCreate"]


def reference(parcel: Parcel) -> str:
    return f"packline-P-{parcel.sequence}"


async def fetch(api, path: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=api.url, timeout=10) as client:
        return await client.get(path)


def page_size_mm(pdf: bytes) -> tuple[int, int]:
    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    width, height = document[0].get_size()
    return round(width / 72 * 25.4), round(height / 72 * 25.4)


async def test_a_dhl_label_is_bought_stored_in_two_sizes_and_the_parcel_ships(api, world):
    parcel = await packed_parcel(world)
    events = f"subscription {{ events(topics: [SHIPMENT]) {{ {EVENT_FIELDS} }} }}"
    async with Subscription(api, world["tokens"]["MERCHANT_ADMIN"], events) as merchant:
        shipped = await ship(api, world, parcel)
        assert shipped["errors"] == [] and shipped["order"] == {"status": "SHIPPED"}, shipped
        seen = await merchant.collect(1)
    [sold] = world["peer"].created(reference(parcel))
    assert shipped["parcel"] == {
        "number": f"P-{parcel.sequence}", "status": "SHIPPED", "carrier": "DHL", "service": "V01PAK",
        "trackingNumber": sold.number, "hasLabel": True,
        "trackingUrl": f"https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode={sold.number}"}
    assert (seen[0]["type"], seen[0]["payload"]["trackingNumber"]) == ("parcel.shipped", sold.number)
    # What DHL was asked for: the order's address, split as DHL wants it.
    assert sold.product == "V01PAK" and sold.consignee == {
        "name1": "Erika Mustermann", "addressStreet": "Hauptstr.", "addressHouse": "5", "postalCode": "10115",
        "city": "Berlin", "country": "DEU"}
    sizes = {}
    for size in ("A6", "A4"):
        link = (await api.gql(LINK, {"i": {"parcelId": gid("Parcel", parcel.id), "size": size}},
                              token=world["tokens"]["WAREHOUSE"]))["data"]["parcelLabelLink"]
        assert link["errors"] == [] and link["url"].startswith("/documents/parcel-labels/"), link
        response = await fetch(api, link["url"])
        assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
        sizes[size] = page_size_mm(response.content)
    assert sizes == {"A6": (103, 150), "A4": (210, 297)}
    # What the bulk print of a picklist reads.
    assert page_size_mm(await shipping.label_pdf(parcel.id, "A4")) == (210, 297)


async def test_a_refused_label_is_a_user_error_and_the_parcel_stays_packed(api, world):
    parcel = await packed_parcel(world, postalCode="00123")
    refused = await ship(api, world, parcel)
    assert refused["parcel"] is None and refused["order"] is None
    [error] = refused["errors"]
    assert (error["field"], error["code"]) == ("carrier", "CARRIER_REFUSED")
    assert "postal code 00123 is not valid" in error["message"] and "consignee.postalCode" in error["message"]
    assert world["peer"].created(reference(parcel)) == []
    after = await Parcel.objects().where(Parcel.id == parcel.id).first()
    assert (after.status, after.carrier, after.tracking_number) == ("PACKED", "", "")
    assert await shipping.label_pdf(parcel.id, "A6") is None
    view = (await api.gql(ORDER, {"id": gid("Order", parcel.sales_order)}, token=world["tokens"]["MERCHANT_ADMIN"]))
    assert view["data"]["node"]["status"] == "PACKED" and view["data"]["node"]["parcels"][0]["hasLabel"] is False
    # Nothing is held: once the address is right, the same parcel ships.
    await Order.update({Order.shipping_address: {**ADDRESS, "postalCode": "10117"}}).where(
        Order.id == parcel.sales_order)
    assert (await ship(api, world, parcel))["order"] == {"status": "SHIPPED"}


async def test_bad_carrier_input_is_a_user_error(api, world):
    parcel = await packed_parcel(world)
    cases = [({"carrier": "UPS"}, "carrier"), ({"service": "EXPRESS"}, "service"),
             ({"parcelId": "nonsense"}, "parcelId")]
    for extra, field in cases:
        errors = (await ship(api, world, parcel, **extra))["errors"]
        assert errors[0]["field"] == field, (extra, errors)
    assert world["peer"].created(reference(parcel)) == []
    assert (await Parcel.objects().where(Parcel.id == parcel.id).first()).status == "PACKED"
    # Splitting off and shipping in one act is for labels printed elsewhere: DHL's refusal would leave it half done.
    split = await api.gql("""mutation($i: OrderShipAvailableInput!) { orderShipAvailable(input: $i) {
      errors { field code message } } }""", {"i": {"orderId": gid("Order", parcel.sales_order), "carrier": "DHL"}},
                          token=world["tokens"]["WAREHOUSE"])
    [error] = split["data"]["orderShipAvailable"]["errors"]
    assert error["field"] == "carrier" and "shipmentCreate" in error["message"]
    assert await Parcel.count().where(Parcel.sales_order == parcel.sales_order) == 1


@pytest.mark.slow
async def test_an_outage_is_retryable_and_the_label_is_bought_once(api, world):
    peer, parcel = world["peer"], await packed_parcel(world)
    peer.fail_next("timeout")
    timed_out = await ship(api, world, parcel)
    assert [(e["field"], e["code"]) for e in timed_out["errors"]] == [("carrier", "CARRIER_UNAVAILABLE")]
    # The answer was lost, not the request: DHL may have sold a label, so the packer is told what to look for.
    assert "did not answer in time" in timed_out["errors"][0]["message"]
    assert f"two shipments with reference {reference(parcel)}" in timed_out["errors"][0]["message"]
    peer.fail_next(503)
    down = await ship(api, world, parcel)
    assert down["errors"][0]["code"] == "CARRIER_UNAVAILABLE" and "503" in down["errors"][0]["message"]
    # DHL sells the label, then fails to hand over its A4 copy: the label is kept, the parcel is not shipped yet.
    peer.fail_next(500, method="GET")
    half = await ship(api, world, parcel)
    assert half["errors"][0]["code"] == "CARRIER_UNAVAILABLE"
    assert len(peer.created(reference(parcel))) == 1
    assert (await Parcel.objects().where(Parcel.id == parcel.id).first()).status == "PACKED"
    shipped = await ship(api, world, parcel)
    assert shipped["errors"] == [] and shipped["order"] == {"status": "SHIPPED"}
    [sold] = peer.created(reference(parcel))
    assert shipped["parcel"]["trackingNumber"] == sold.number
    label = await CarrierLabel.objects().where(CarrierLabel.parcel == parcel.id).first()
    assert (label.attempts, label.claimed_until, label.shipment_number) == (4, None, sold.number)
    # Shipped is shipped: a late retry buys nothing.
    again = await ship(api, world, parcel)
    assert again["errors"][0]["code"] == "INVALID_STATE" and len(peer.created(reference(parcel))) == 1


async def test_an_unreachable_dhl_sold_nothing_and_says_so(api, world):
    parcel = await packed_parcel(world)
    with socket.socket() as closed:  # a port nothing listens on: the request never leaves
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    adapter = DhlParcelDe(replace(get_settings().dhl, base_url=f"http://127.0.0.1:{port}"))
    order = await Order.objects().where(Order.id == parcel.sales_order).first()
    with pytest.raises(CarrierUnavailable) as refused:
        await adapter.buy_label(await _label_order(parcel, order, "V01PAK"), LabelSize.A6)
    assert refused.value.message == "DHL cannot be reached: try again in a few minutes"
    assert refused.value.maybe_delivered is False


async def test_two_packers_shipping_one_parcel_at_once_buy_one_label(api, world):
    peer, parcel = world["peer"], await packed_parcel(world)
    peer.delay = 0.5
    try:
        first, second = await asyncio.gather(ship(api, world, parcel), ship(api, world, parcel, role="OPERATOR_STAFF"))
    finally:
        peer.delay = 0
    outcomes = sorted([first, second], key=lambda r: bool(r["errors"]))
    assert outcomes[0]["errors"] == [] and outcomes[0]["order"] == {"status": "SHIPPED"}, outcomes
    assert outcomes[1]["errors"][0]["code"] in ("IN_PROGRESS", "INVALID_STATE"), outcomes
    assert len(peer.created(reference(parcel))) == 1


async def test_label_links_are_for_the_parcels_merchant_and_the_floor(api, world):
    parcel = await packed_parcel(world)
    variables = {"i": {"parcelId": gid("Parcel", parcel.id), "size": "A4"}}
    unlabelled = (await api.gql(LINK, variables, token=world["tokens"]["WAREHOUSE"]))["data"]["parcelLabelLink"]
    assert unlabelled["errors"][0]["code"] == "NOT_FOUND"
    assert (await ship(api, world, parcel))["errors"] == []
    for role in ("WAREHOUSE", "OPERATOR_STAFF", "MERCHANT_ADMIN", "MERCHANT_STAFF"):
        link = (await api.gql(LINK, variables, token=world["tokens"][role]))["data"]["parcelLabelLink"]
        assert link["errors"] == [] and (await fetch(api, link["url"])).status_code == 200, role
    theirs = (await api.gql(LINK, variables, token=world["other_token"]))["data"]["parcelLabelLink"]
    assert (theirs["url"], theirs["errors"][0]["code"]) == (None, "NOT_FOUND")
    anonymous = await api.gql(LINK, variables)
    assert anonymous["data"] is None and anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    link = (await api.gql(LINK, variables, token=world["tokens"]["MERCHANT_ADMIN"]))["data"]["parcelLabelLink"]
    token = link["url"].rsplit("/", 1)[1]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert (await fetch(api, f"/documents/parcel-labels/{forged}")).status_code == 404
    # A product label's token opens no parcel label.
    assert (await fetch(api, f"/documents/labels/{token}")).status_code == 404


async def poll_now() -> None:
    """The worker's next tracking slot: the poll runs once per slot, so the test frees it, as time would."""
    await ScheduledRun.delete().where(ScheduledRun.job == "poll_carrier_tracking")
    await run_worker_burst()


async def test_the_worker_polls_dhl_until_the_order_is_delivered(api, world):
    peer, parcel = world["peer"], await packed_parcel(world)
    shipped = await ship(api, world, parcel)
    number = shipped["parcel"]["trackingNumber"]
    peer.track(number, "transit", "The shipment has been processed in the parcel center.", "Leipzig",
               at=datetime.now(UTC) - timedelta(hours=5))
    await poll_now()
    view = await api.gql(ORDER, {"id": gid("Order", parcel.sales_order)}, token=world["tokens"]["MERCHANT_STAFF"])
    assert view["data"]["node"]["status"] == "SHIPPED"
    assert view["data"]["node"]["parcels"][0]["tracking"] == [
        {"status": "IN_TRANSIT", "description": "The shipment has been processed in the parcel center.",
         "location": "Leipzig"}]
    peer.track(number, "delivered", "The shipment has been successfully delivered.", "Berlin")
    await poll_now()
    await poll_now()  # asked again: nothing new, nothing twice
    view = await api.gql(ORDER, {"id": gid("Order", parcel.sales_order)}, token=world["tokens"]["MERCHANT_STAFF"])
    assert view["data"]["node"]["status"] == "DELIVERED"
    assert [t["status"] for t in view["data"]["node"]["parcels"][0]["tracking"]] == ["IN_TRANSIT", "DELIVERED"]
    assert await TrackingEvent.count().where(TrackingEvent.parcel == parcel.id) == 2
    others = await api.gql(ORDER, {"id": gid("Order", parcel.sales_order)}, token=world["other_token"])
    assert others["data"]["node"] is None


async def test_refused_credentials_are_an_error_for_an_administrator_and_never_logged(api, world):
    peer, parcel = world["peer"], await packed_parcel(world)
    peer.fail_next(401)
    refused = await ship(api, world, parcel)
    assert refused["errors"][0]["code"] == "CARRIER_UNAVAILABLE" and "credentials" in refused["errors"][0]["message"]
    assert (await Parcel.objects().where(Parcel.id == parcel.id).first()).status == "PACKED"
    log = (ROOT_DIR / ".run" / f"test-api-{api.port}.log").read_text()
    assert "DHL refused our credentials" in log
    assert "SandboxPasswort2023!" not in log and peer.api_key not in log
