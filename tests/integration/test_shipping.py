"""Packing and shipping: an order from READY to DELIVERED in two parcels, what was picked shipped ahead of a
backorder, click & collect, and every bad input refused with nothing changed. The services are called as the API
calls them; stock, ledger and order lines must agree after all of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backend.catalog.tables import Location
from backend.core.authorization import SYSTEM
from backend.core.errors import DomainError
from backend.orders.model import Customer, LineRequest, OrderRequest
from backend.orders.services import create_order
from backend.orders.tables import Order, OrderChange, OrderLine
from backend.picking import services as picking
from backend.picking.services import ShortReason
from backend.shipping import services as shipping
from backend.shipping.services import TrackingUpdate
from backend.shipping.tables import Parcel
from backend.stock.services import current_quantities, ledger_totals
from tests.integration.orders_support import ADDRESS
from tests.integration.test_picking import picker
from tests.support import make_product, make_tenant, make_warehouse, put_stock


async def place(tenant, warehouse, *lines, shipping_method: str = "STANDARD") -> Order:  # noqa: ANN001, ANN002
    order, _ = await create_order(SYSTEM, OrderRequest(
        merchant_id=tenant.merchant.id, lines=[LineRequest(p.id, q, "9.90") for p, q in lines],
        payment_method="INVOICE", customer=Customer("Erika Mustermann"), shipping_address=ADDRESS,
        warehouse_id=warehouse.id, shipping_method=shipping_method))
    return order


async def pick_all(me, warehouse, order) -> None:  # noqa: ANN001
    """A picklist for the order, picked bin by bin."""
    picklist = await picking.create_picklist(me, warehouse_id=warehouse.id, order_ids=[order.id])
    for line in (await picking.lines_of(me, [picklist.id]))[picklist.id]:
        location = await Location.objects().where(Location.id == line.location).first()
        await picking.scan(me, picklist.id, location.code)
        await picking.scan(me, picklist.id, line.sku, line.quantity)


async def order_state(order: Order) -> tuple[str, list[tuple[int, int, int, int]]]:
    status = (await Order.select(Order.status).where(Order.id == order.id))[0]["status"]
    lines = await OrderLine.select(OrderLine.quantity, OrderLine.reserved, OrderLine.picked, OrderLine.shipped).where(
        OrderLine.sales_order == order.id).order_by(OrderLine.position)
    return status, [(r["quantity"], r["reserved"], r["picked"], r["shipped"]) for r in lines]


async def lines_by_sku(order: Order) -> dict[str, OrderLine]:
    return {line.sku: line for line in await OrderLine.objects().where(OrderLine.sales_order == order.id)}


@pytest.fixture
async def floor():
    tenant = await make_tenant()
    warehouse = await make_warehouse(bins=4)
    soap = await make_product(tenant.merchant, name="Soap", weight_grams=120)
    cream = await make_product(tenant.merchant, name="Cream", weight_grams=80)
    await put_stock(soap, warehouse, 10, "B-01")
    await put_stock(cream, warehouse, 10, "B-02")
    await shipping.create_package_type(SYSTEM, warehouse_id=warehouse.id, code="S", name="Small box", length_mm=200,
                                       width_mm=150, height_mm=100, tare_grams=90)
    return {"tenant": tenant, "warehouse": warehouse, "soap": soap, "cream": cream, "me": await picker()}


async def test_an_order_travels_from_ready_to_delivered_in_two_parcels(floor):
    tenant, warehouse, soap, cream, me = (floor[k] for k in ("tenant", "warehouse", "soap", "cream", "me"))
    order = await place(tenant, warehouse, (soap, 2), (cream, 1))
    await pick_all(me, warehouse, order)
    lines = await lines_by_sku(order)
    with pytest.raises(DomainError) as refused:
        await shipping.pack(me, order.id, lines={lines[soap.sku].id: 3})
    assert "2 picked and not yet packed" in refused.value.message
    first = await shipping.pack(me, order.id, lines={lines[soap.sku].id: 2}, package_type_code="s")
    assert first.weight_grams == 2 * 120 + 90  # the products and the box
    assert (await order_state(order))[0] == "PICKING"
    second = await shipping.pack(me, order.id, weight_grams=500)
    assert (await order_state(order))[0] == "PACKED"
    with pytest.raises(DomainError):
        await shipping.pack(me, order.id)  # nothing picked is left to pack
    for bad in ({"tracking_number": ""}, {"tracking_number": "x"}, {"tracking_number": "00340434161094042557",
                                                                     "carrier": "DHL_ULTRA"},
                {"tracking_number": "00340434161094042557", "tracking_url": "javascript:alert(1)"}):
        with pytest.raises(DomainError):
            await shipping.ship(me, first.id, **bad)
    assert (await order_state(order))[0] == "PACKED"
    await shipping.ship(me, first.id, tracking_number="00340434161094042557",
                        tracking_url="https://www.dhl.de/de/privatkunden.html?piececode=00340434161094042557")
    assert await order_state(order) == ("PARTIALLY_SHIPPED", [(2, 0, 0, 2), (1, 0, 1, 0)])
    with pytest.raises(DomainError):
        await shipping.ship(me, first.id, tracking_number="00340434161094042557")  # once
    await shipping.ship(me, second.id, tracking_number="00340434161094042558")
    assert await order_state(order) == ("SHIPPED", [(2, 0, 0, 2), (1, 0, 0, 1)])

    now = datetime.now(UTC)
    updates = [TrackingUpdate("e1", "IN_TRANSIT", now - timedelta(hours=5), "Parcel center Leipzig"),
               TrackingUpdate("e2", "DELIVERED", now, "Delivered to neighbour")]
    assert len(await shipping.record_tracking_updates(SYSTEM, first.id, updates)) == 2
    assert await shipping.record_tracking_updates(SYSTEM, first.id, updates) == []  # a redelivered poll: nothing new
    assert (await order_state(order))[0] == "SHIPPED"  # one parcel is still on its way
    await shipping.record_tracking_updates(SYSTEM, second.id, [TrackingUpdate("f1", "DELIVERED", now)])
    assert (await order_state(order))[0] == "DELIVERED"
    kinds = [c["kind"] for c in await OrderChange.select(OrderChange.kind).where(OrderChange.sales_order == order.id)
             .order_by(OrderChange.id)]
    assert kinds == ["placed", "picking", "picked", "packed", "shipped", "shipped", "delivered", "delivered"]
    for product in (soap, cream):
        assert await ledger_totals(product.id, warehouse.id) == await current_quantities(product.id, warehouse.id)
    assert (await current_quantities(soap.id, warehouse.id)).on_hand == 8


async def test_what_was_picked_ships_ahead_of_a_backorder_and_the_rest_follows(floor):
    tenant, warehouse, soap, me = (floor[k] for k in ("tenant", "warehouse", "soap", "me"))
    order = await place(tenant, warehouse, (soap, 10))
    picklist = await picking.create_picklist(me, warehouse_id=warehouse.id, order_ids=[order.id])
    await picking.scan(me, picklist.id, "B-01")
    await picking.scan(me, picklist.id, soap.sku, 7)
    line = (await picking.lines_of(me, [picklist.id]))[picklist.id][0]
    await picking.report_short(me, line.id, 3, ShortReason.BIN_EMPTY)
    assert await order_state(order) == ("BACKORDERED", [(10, 0, 7, 0)])
    await shipping.ship_available(me, order.id, tracking_number="JJD0001")
    assert await order_state(order) == ("PARTIALLY_SHIPPED", [(10, 0, 0, 7)])
    await put_stock(soap, warehouse, 5, "B-03")  # the backorder's three units arrive
    assert await order_state(order) == ("PARTIALLY_SHIPPED", [(10, 3, 0, 7)])
    rest = await picking.create_picklist(me, warehouse_id=warehouse.id,
                                         rule=picking.PicklistRule(merchant_id=tenant.merchant.id))
    await picking.scan(me, rest.id, "B-03")
    await picking.scan(me, rest.id, soap.sku, 3)
    assert (await order_state(order))[0] == "PICKING"
    parcel = await shipping.pack(me, order.id)
    assert (await order_state(order))[0] == "PACKED"
    await shipping.ship(me, parcel.id, tracking_number="JJD0002")
    assert await order_state(order) == ("SHIPPED", [(10, 0, 0, 10)])
    assert await ledger_totals(soap.id, warehouse.id) == await current_quantities(soap.id, warehouse.id)


async def test_click_and_collect_is_packed_and_handed_over_not_shipped(floor):
    tenant, warehouse, cream, me = (floor[k] for k in ("tenant", "warehouse", "cream", "me"))
    order = await place(tenant, warehouse, (cream, 2), shipping_method="CLICK_AND_COLLECT")
    with pytest.raises(DomainError):
        await shipping.ready_for_pickup(me, order.id)  # not packed yet
    await pick_all(me, warehouse, order)
    parcel = await shipping.pack(me, order.id)
    with pytest.raises(DomainError) as refused:
        await shipping.ship(me, parcel.id, tracking_number="JJD0003")
    assert "collected by the customer" in refused.value.message
    await shipping.ready_for_pickup(me, order.id)
    with pytest.raises(DomainError):
        await shipping.picked_up(me, order.id, "  ")
    await shipping.picked_up(me, order.id, "Erika Mustermann (ID checked)")
    assert await order_state(order) == ("DELIVERED", [(2, 0, 0, 2)])
    assert (await Parcel.objects().where(Parcel.id == parcel.id).first()).status == "COLLECTED"
    history = await OrderChange.objects().where(OrderChange.sales_order == order.id).order_by(OrderChange.id)
    assert [c.kind for c in history][-3:] == ["packed", "ready_for_pickup", "collected"]
    assert "Erika Mustermann" in history[-1].message
