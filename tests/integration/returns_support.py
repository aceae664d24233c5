"""Helpers of the returns tests: a warehouse with two merchants' shipped orders, and the GraphQL documents."""

from __future__ import annotations

from typing import Any

from backend.core.authorization import SYSTEM
from backend.orders.model import Customer, LineRequest, OrderRequest
from backend.orders.services import create_order
from backend.orders.tables import Order, OrderLine
from backend.picking import services as picking
from backend.picking.tables import PicklistLine
from backend.shipping import services as shipping
from backend.stock.services import current_quantities, ledger_totals
from backend.stock.tables import BinStock, StockMovement
from tests.integration.orders_support import ADDRESS
from tests.integration.test_picking import picker
from tests.support import gid, make_product, make_tenant, make_warehouse, put_stock, tokens_of_every_role, unique

RETURN = """id number status source unidentified orderNumber trackingNumber scannedCode
  merchant { id } items { id position reason customerComment grade feedback disposition
  product { sku } location { code } batch { id number status } }"""
ERRORS = "errors { field code message }"
CREATE = f"mutation($i: ReturnCreateInput!) {{ returnCreate(input: $i) {{ return {{ {RETURN} }} {ERRORS} }} }}"
RECEIVE = f"mutation($i: ReturnReceiveInput!) {{ returnReceive(input: $i) {{ return {{ {RETURN} }} {ERRORS} }} }}"
RESOLVE = f"mutation($i: ReturnResolveInput!) {{ returnResolve(input: $i) {{ return {{ {RETURN} }} {ERRORS} }} }}"
INSPECT = f"""mutation($i: ReturnInspectInput!) {{ returnInspect(input: $i) {{ item {{ id grade disposition
  location {{ code }} batch {{ id number }} }} return {{ id status }} {ERRORS} }} }}"""
COMPLETE = f"mutation($i: ReturnCompleteInput!) {{ returnComplete(input: $i) {{ return {{ id status }} {ERRORS} }} }}"
CANCEL = f"mutation($i: ReturnCancelInput!) {{ returnCancel(input: $i) {{ return {{ id status }} {ERRORS} }} }}"
SHIP_BATCH = f"""mutation($i: ReturnBatchShipInput!) {{ returnBatchShip(input: $i) {{ batch {{ id number status
  trackingNumber items {{ id }} }} {ERRORS} }} }}"""
RULES_SET = f"""mutation($i: ReturnDispositionRulesSetInput!) {{ returnDispositionRulesSet(input: $i) {{
  rules {{ grade disposition }} {ERRORS} }} }}"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Return {{ {RETURN} }} }} }}"


async def returns_world(api) -> dict[str, Any]:  # noqa: ANN001
    home, other = await make_tenant(), await make_tenant()
    warehouse = await make_warehouse(bins=6)
    world = {"home": home, "other": other, "warehouse": warehouse, "warehouse_gid": gid("Warehouse", warehouse.id),
             "tokens": await tokens_of_every_role(api, home), "other_token": await api.login(other.admin.email)}
    world["shirt"] = await make_product(home.merchant, name="Shirt", weight_grams=200)
    world["mug"] = await make_product(home.merchant, name="Mug", weight_grams=300)
    world["other_shirt"] = await make_product(other.merchant, name="Their shirt", weight_grams=200)
    for product in (world["shirt"], world["mug"], world["other_shirt"]):
        await put_stock(product, warehouse, 500, "B-01")
    return world


async def shipped_order(world: dict, lines: list[tuple[Any, int]], *, tenant: str = "home") -> tuple[Order, str]:
    """An order of `lines` picked, packed and shipped with a tracking number of its own; returns it and the number."""
    order, _ = await create_order(SYSTEM, OrderRequest(
        merchant_id=world[tenant].merchant.id, lines=[LineRequest(p.id, q, "19.90") for p, q in lines],
        payment_method="INVOICE", customer=Customer("Erika Mustermann", "erika@example.test"),
        shipping_address=ADDRESS, warehouse_id=world["warehouse"].id))
    floor = await picker()
    picklist = await picking.create_picklist(floor, warehouse_id=world["warehouse"].id, order_ids=[order.id])
    for line in await PicklistLine.objects().where(PicklistLine.picklist == picklist.id).order_by(PicklistLine.position):
        await picking.scan(floor, picklist.id, "B-01")
        await picking.scan(floor, picklist.id, line.sku, line.quantity)
    parcel = await shipping.pack(floor, order.id)
    tracking = unique("00340434")
    await shipping.ship(floor, parcel.id, tracking_number=tracking)
    return await Order.objects().where(Order.id == order.id).first(), tracking


async def order_lines(order: Order) -> dict[str, OrderLine]:
    return {line.sku: line for line in await OrderLine.objects().where(OrderLine.sales_order == order.id)}


def line_input(line: OrderLine, quantity: int, reason: str = "TOO_SMALL", comment: str = "") -> dict:
    return {"orderLineId": gid("OrderLine", line.id), "quantity": quantity, "reason": reason, "comment": comment}


async def announce(api, world: dict, order: Order, lines: list[dict], token: str = "MERCHANT_ADMIN", **extra) -> dict:  # noqa: ANN001, ANN003
    result = await api.gql(CREATE, {"i": {"orderId": gid("Order", order.id), "lines": lines, **extra}},
                           token=world["tokens"][token])
    return result["data"]["returnCreate"]


async def receive(api, world: dict, code: str, lines: list[dict] | None = None) -> dict:  # noqa: ANN001
    variables: dict[str, Any] = {"warehouseId": world["warehouse_gid"], "code": code}
    if lines is not None:
        variables["lines"] = lines
    result = await api.gql(RECEIVE, {"i": variables}, token=world["tokens"]["WAREHOUSE"])
    return result["data"]["returnReceive"]


async def inspect(api, world: dict, item_id: str, grade: str, token: str = "WAREHOUSE", **extra) -> dict:  # noqa: ANN001, ANN003
    result = await api.gql(INSPECT, {"i": {"itemId": item_id, "grade": grade, **extra}}, token=world["tokens"][token])
    assert "errors" not in result, result
    return result["data"]["returnInspect"]


async def assert_ledger_agrees(world: dict, *products: Any) -> None:
    """Every product's stock row equals the sum of its ledger, and its bins hold what is on hand."""
    warehouse = world["warehouse"].id
    for product in products:
        row = await current_quantities(product.id, warehouse)
        assert await ledger_totals(product.id, warehouse) == row, product.sku
        bins = await BinStock.raw("SELECT coalesce(sum(on_hand), 0) AS n FROM bin_stock b JOIN location l ON "
                                  "l.id = b.location WHERE b.product = {} AND l.warehouse = {}", product.id, warehouse)
        # Units held for the merchant or on their way to disposal are on hand but in no bin.
        assert bins[0]["n"] == row.on_hand - row.blocked, (product.sku, row, bins)


async def movements(product: Any, reference: str) -> list[tuple[str, int, int, str]]:
    rows = await StockMovement.select(StockMovement.reason, StockMovement.on_hand_delta, StockMovement.blocked_delta,
                                      StockMovement.note).where(
        (StockMovement.product == product.id) & (StockMovement.reference == reference)).order_by(StockMovement.id)
    return [(r["reason"], r["on_hand_delta"], r["blocked_delta"], r["note"]) for r in rows]
