"""Picking: picklists planned bin by bin along the walking path, scanning that refuses every wrong scan and changes
nothing then, two pickers on one picklist, and short picks re-checked in other bins or sent back to backorder.
The domain services are called as the API calls them, as a warehouse user; stock and ledger must agree after all."""

from __future__ import annotations

from typing import Any

import pytest

from backend.core.authorization import SYSTEM, Actor, ActorKind, Role, permissions_for_role
from backend.core.errors import DomainError
from backend.orders.model import Customer, LineRequest, OrderRequest
from backend.orders.services import create_order
from backend.orders.tables import Order, OrderChange, OrderLine
from backend.picking import services as picking
from backend.picking.services import PicklistRule, ShortReason
from backend.picking.tables import PicklistLine, PicklistOrder
from backend.stock.services import current_quantities, ledger_totals
from backend.stock.tables import BinStock
from tests.integration.orders_support import ADDRESS
from tests.support import make_product, make_tenant, make_user, make_warehouse, put_stock


async def picker() -> Actor:
    user = await make_user(Role.WAREHOUSE)
    return Actor(kind=ActorKind.USER, id=user.id, label=user.email, role=Role.WAREHOUSE, merchant_id=None,
                 permissions=permissions_for_role(Role.WAREHOUSE))


async def place(tenant, warehouse, *lines: tuple[Any, int]) -> Order:  # noqa: ANN001
    order, _ = await create_order(SYSTEM, OrderRequest(
        merchant_id=tenant.merchant.id, lines=[LineRequest(p.id, q, "9.90") for p, q in lines],
        payment_method="INVOICE", customer=Customer("Erika Mustermann"), shipping_address=ADDRESS,
        warehouse_id=warehouse.id))
    return order


async def status(order: Order) -> str:
    return (await Order.select(Order.status).where(Order.id == order.id))[0]["status"]


async def line_figures(order: Order) -> list[tuple[int, int, int]]:
    rows = await OrderLine.select(OrderLine.quantity, OrderLine.reserved, OrderLine.picked).where(
        OrderLine.sales_order == order.id).order_by(OrderLine.position)
    return [(r["quantity"], r["reserved"], r["picked"]) for r in rows]


async def bin_units(product, warehouse, code: str) -> int:  # noqa: ANN001
    rows = await BinStock.raw("SELECT b.on_hand FROM bin_stock b JOIN location l ON l.id = b.location "
                              "WHERE b.product = {} AND l.warehouse = {} AND l.code = {}", product.id, warehouse.id, code)
    return rows[0]["on_hand"] if rows else 0


async def books_agree(*products, warehouse) -> None:  # noqa: ANN001, ANN002
    for product in products:
        assert await ledger_totals(product.id, warehouse.id) == await current_quantities(product.id, warehouse.id)


async def lines_of(picklist) -> list[PicklistLine]:  # noqa: ANN001
    return await PicklistLine.objects().where(PicklistLine.picklist == picklist.id).order_by(PicklistLine.position)


@pytest.fixture
async def floor():
    tenant = await make_tenant()
    warehouse = await make_warehouse(bins=4)
    soap = await make_product(tenant.merchant, name="Soap", barcode="4006381333931")
    cream = await make_product(tenant.merchant, name="Cream")
    await put_stock(soap, warehouse, 3, "B-03")
    await put_stock(soap, warehouse, 5, "B-01")
    await put_stock(cream, warehouse, 4, "B-02")
    return {"tenant": tenant, "warehouse": warehouse, "soap": soap, "cream": cream, "picker": await picker()}


async def test_a_batch_is_picked_bin_by_bin_and_every_wrong_scan_changes_nothing(floor):
    tenant, warehouse, soap, cream, me = (floor[k] for k in ("tenant", "warehouse", "soap", "cream", "picker"))
    first = await place(tenant, warehouse, (soap, 4), (cream, 1))
    second = await place(tenant, warehouse, (soap, 2))
    picklist = await picking.create_picklist(me, warehouse_id=warehouse.id, order_ids=[second.id, first.id])
    plan = [(line.sku, line.quantity) for line in await lines_of(picklist)]
    # B-01 holds 5 soaps (4 for the first order, 1 for the second), B-02 the cream, B-03 the second order's last soap.
    assert plan == [(soap.sku, 5), (cream.sku, 1), (soap.sku, 1)]
    assert [o.tote for o in await PicklistOrder.objects().where(PicklistOrder.picklist == picklist.id)
            .order_by(PicklistOrder.tote)] == [1, 2]
    await picking.start_picklist(me, picklist.id)
    assert (await status(first), await status(second)) == ("PICKING", "PICKING")

    wrong = [("B-02", 1, "WRONG_SCAN", "go to B-01"), (soap.sku, 1, "WRONG_SCAN", "Scan the bin B-01 first"),
             ("NO-SUCH-CODE", 1, "NOT_FOUND", "Nothing has the code")]
    for code, quantity, error_code, text in wrong:
        with pytest.raises(DomainError) as refused:
            await picking.scan(me, picklist.id, code, quantity)
        assert refused.value.code == error_code and text in refused.value.message, (code, refused.value.message)
    assert (await picking.scan(me, picklist.id, "b-01")).message.startswith("At B-01: pick 5 ×")
    for code, quantity, error_code, text in ((cream.sku, 1, "WRONG_SCAN", f"This is {cream.sku}"),
                                             (soap.barcode, 6, "WRONG_SCAN", "Only 5 more")):
        with pytest.raises(DomainError) as refused:
            await picking.scan(me, picklist.id, code, quantity)
        assert refused.value.code == error_code and text in refused.value.message, (code, refused.value.message)
    assert await line_figures(first) == [(4, 4, 0), (1, 1, 0)]  # nothing changed by the refused scans

    assert (await picking.scan(me, picklist.id, soap.barcode, 4)).picked == 4
    assert await line_figures(first) == [(4, 0, 4), (1, 1, 0)]  # the oldest order gets its units first
    await picking.scan(me, picklist.id, soap.sku)
    await picking.scan(me, picklist.id, "B-02")
    await picking.scan(me, picklist.id, cream.sku)
    await picking.scan(me, picklist.id, "B-03")
    outcome = await picking.scan(me, picklist.id, soap.barcode)
    assert outcome.picklist.status == "PICKED"
    assert await line_figures(first) == [(4, 0, 4), (1, 0, 1)] and await line_figures(second) == [(2, 0, 2)]
    assert (await bin_units(soap, warehouse, "B-01"), await bin_units(soap, warehouse, "B-03")) == (0, 2)
    quantities = await current_quantities(soap.id, warehouse.id)
    assert (quantities.on_hand, quantities.reserved) == (2, 0)
    kinds = [c["kind"] for c in await OrderChange.select(OrderChange.kind).where(OrderChange.sales_order == first.id)
             .order_by(OrderChange.id)]
    assert kinds == ["placed", "picking", "picked"]
    await books_agree(soap, cream, warehouse=warehouse)
    with pytest.raises(DomainError):  # a finished picklist takes no more scans
        await picking.scan(me, picklist.id, "B-01")


async def test_the_rule_takes_the_oldest_released_orders_once(floor):
    tenant, warehouse, soap, me = (floor[k] for k in ("tenant", "warehouse", "soap", "picker"))
    orders = [await place(tenant, warehouse, (soap, 1)) for _ in range(3)]
    first = await picking.create_picklist(me, warehouse_id=warehouse.id,
                                          rule=PicklistRule(max_orders=2, merchant_id=tenant.merchant.id))
    second = await picking.create_picklist(me, warehouse_id=warehouse.id,
                                           rule=PicklistRule(max_orders=2, merchant_id=tenant.merchant.id))
    on_first = {p.sales_order for p in await PicklistOrder.objects().where(PicklistOrder.picklist == first.id)}
    on_second = {p.sales_order for p in await PicklistOrder.objects().where(PicklistOrder.picklist == second.id)}
    assert on_first == {orders[0].id, orders[1].id} and on_second == {orders[2].id}
    with pytest.raises(DomainError) as refused:  # an order is on one open picklist at most
        await picking.create_picklist(me, warehouse_id=warehouse.id, order_ids=[orders[0].id])
    assert "is on picklist" in refused.value.message
    with pytest.raises(DomainError) as nothing:
        await picking.create_picklist(me, warehouse_id=warehouse.id,
                                      rule=PicklistRule(max_orders=5, merchant_id=tenant.merchant.id))
    assert nothing.value.code == "REQUIRED"


async def test_two_pickers_never_get_the_same_line(floor):
    tenant, warehouse, soap, cream = (floor[k] for k in ("tenant", "warehouse", "soap", "cream"))
    order = await place(tenant, warehouse, (soap, 2), (cream, 2))
    picklist = await picking.create_picklist(floor["picker"], warehouse_id=warehouse.id, order_ids=[order.id])
    anna, ben = await picker(), await picker()
    assert (await picking.scan(anna, picklist.id, "B-01")).line.sku == soap.sku
    with pytest.raises(DomainError) as refused:  # Ben is sent to the next line, not Anna's
        await picking.scan(ben, picklist.id, "B-01")
    assert "go to B-02" in refused.value.message
    await picking.scan(ben, picklist.id, "B-02")
    await picking.scan(ben, picklist.id, cream.sku, 2)
    await picking.scan(anna, picklist.id, soap.sku, 2)
    assert {line.picker for line in await lines_of(picklist)} == {anna.id, ben.id}
    assert await status(order) == "PICKING" and await line_figures(order) == [(2, 0, 2), (2, 0, 2)]


async def test_a_short_pick_is_found_in_another_bin_or_goes_back_to_backorder(floor):
    tenant, warehouse, soap, cream, me = (floor[k] for k in ("tenant", "warehouse", "soap", "cream", "picker"))
    covered = await place(tenant, warehouse, (soap, 2))
    uncovered = await place(tenant, warehouse, (soap, 6), (cream, 1))  # the rest of the soap: 3 in B-01, 3 in B-03
    picklist = await picking.create_picklist(me, warehouse_id=warehouse.id, order_ids=[covered.id, uncovered.id])
    await picking.start_picklist(me, picklist.id)
    b01 = (await lines_of(picklist))[0]
    assert (b01.sku, b01.quantity) == (soap.sku, 5)
    # Two soaps are damaged in B-01: the newer order loses them first, and no other soap is free, so it goes back.
    await picking.scan(me, picklist.id, "B-01")
    await picking.report_short(me, b01.id, 2, ShortReason.DAMAGED)
    assert await status(uncovered) == "BACKORDERED"
    assert not (await PicklistOrder.objects().where(PicklistOrder.sales_order == uncovered.id).first()).active
    history = await OrderChange.objects().where(OrderChange.sales_order == uncovered.id).order_by(OrderChange.id)
    assert history[-1].kind == "short_picked" and "damaged at B-01" in history[-1].message
    # What the picklist still wants: the covered order's two soaps from B-01, nothing for the other order.
    assert [(line.sku, line.quantity - line.short) for line in await lines_of(picklist)] == [
        (soap.sku, 2), (cream.sku, 0), (soap.sku, 0)]
    assert (await picking.scan(me, picklist.id, soap.sku, 2)).picklist.status == "PICKED"
    soap_now = await current_quantities(soap.id, warehouse.id)
    assert (soap_now.on_hand, soap_now.blocked, soap_now.reserved) == (6, 2, 4)  # 4: the uncovered order's remaining
    assert await line_figures(uncovered) == [(6, 4, 0), (1, 1, 0)]
    await books_agree(soap, cream, warehouse=warehouse)
    # Stock arrives: the backorder takes it and is released again.
    await put_stock(soap, warehouse, 2, "B-04")
    assert await status(uncovered) == "READY" and await line_figures(uncovered) == [(6, 6, 0), (1, 1, 0)]


async def test_a_unit_missing_in_its_bin_is_looked_for_in_another(floor):
    tenant, warehouse, soap, me = (floor[k] for k in ("tenant", "warehouse", "soap", "picker"))
    order = await place(tenant, warehouse, (soap, 2))
    picklist = await picking.create_picklist(me, warehouse_id=warehouse.id, order_ids=[order.id])
    await picking.scan(me, picklist.id, "B-01")
    await picking.scan(me, picklist.id, soap.sku)
    await picking.report_short(me, (await lines_of(picklist))[0].id, 1, ShortReason.BIN_EMPTY)
    lines = await lines_of(picklist)
    assert [(line.sku, line.quantity, line.picked, line.short) for line in lines] == [
        (soap.sku, 2, 1, 1), (soap.sku, 1, 0, 0)]
    assert lines[1].location is not None and await status(order) == "PICKING"
    await picking.scan(me, picklist.id, "B-03")
    assert (await picking.scan(me, picklist.id, soap.sku)).picklist.status == "PICKED"
    soap_now = await current_quantities(soap.id, warehouse.id)
    assert (soap_now.on_hand, soap_now.reserved) == (5, 0)  # 8 − 2 picked − 1 missing
    assert (await bin_units(soap, warehouse, "B-01"), await bin_units(soap, warehouse, "B-03")) == (3, 2)
    await books_agree(soap, warehouse=warehouse)


async def test_a_short_pick_looked_for_elsewhere_plans_only_the_missing_units_again(floor):
    tenant, warehouse, soap, cream, me = (floor[k] for k in ("tenant", "warehouse", "soap", "cream", "picker"))
    order = await place(tenant, warehouse, (soap, 2), (cream, 1))
    picklist = await picking.create_picklist(me, warehouse_id=warehouse.id, order_ids=[order.id])
    await picking.scan(me, picklist.id, "B-01")
    await picking.scan(me, picklist.id, soap.sku)
    await picking.report_short(me, (await lines_of(picklist))[0].id, 1, ShortReason.BIN_EMPTY)
    # The cream, still on the picklist, is not planned a second time; only the missing soap is, from B-03.
    assert [(line.sku, line.quantity, line.picked, line.short) for line in await lines_of(picklist)] == [
        (soap.sku, 2, 1, 1), (cream.sku, 1, 0, 0), (soap.sku, 1, 0, 0)]
    for code in ("B-02", cream.sku, "B-03"):
        await picking.scan(me, picklist.id, code)
    assert (await picking.scan(me, picklist.id, soap.sku)).picklist.status == "PICKED"
    assert await line_figures(order) == [(2, 0, 2), (1, 0, 1)]
    await books_agree(soap, cream, warehouse=warehouse)


async def test_an_order_being_picked_is_cancelled_by_a_supervisor_who_puts_its_units_back(floor):
    from backend.orders.services import cancel_order

    tenant, warehouse, soap, cream, me = (floor[k] for k in ("tenant", "warehouse", "soap", "cream", "picker"))
    order = await place(tenant, warehouse, (soap, 2), (cream, 1))
    picklist = await picking.create_picklist(me, warehouse_id=warehouse.id, order_ids=[order.id])
    await picking.scan(me, picklist.id, "B-01")
    await picking.scan(me, picklist.id, soap.sku, 2)
    admin = Actor(kind=ActorKind.USER, id=tenant.admin.id, label=tenant.admin.email, role=Role.MERCHANT_ADMIN,
                  merchant_id=tenant.merchant.id, permissions=permissions_for_role(Role.MERCHANT_ADMIN))
    for actor, restock, text in ((admin, "B-02", "ask the fulfillment center"), (SYSTEM, None, "name the bin")):
        with pytest.raises(DomainError) as refused:
            await cancel_order(actor, order.id, "customer called", restock_location_code=restock)
        assert text in refused.value.message
    assert await status(order) == "PICKING"
    await cancel_order(SYSTEM, order.id, "customer called", restock_location_code="B-02")
    assert await status(order) == "CANCELLED" and await line_figures(order) == [(2, 0, 0), (1, 0, 0)]
    assert await bin_units(soap, warehouse, "B-02") == 2
    soap_now = await current_quantities(soap.id, warehouse.id)
    assert (soap_now.on_hand, soap_now.reserved) == (8, 0)
    # The cream line was the picklist's only work left: without the order, the picklist is done.
    from backend.picking.tables import Picklist

    assert (await Picklist.objects().where(Picklist.id == picklist.id).first()).status == "PICKED"
    await books_agree(soap, cream, warehouse=warehouse)
