"""Inline completion changes how fields are completed, never what a client receives: every query the dashboard
sends answers byte for byte the same with the plain-field executor and with graphql-core's regular executor
(GRAPHQL_INLINE_COMPLETION=0), for every role, on a merchant with realistic orders, products, stock and an inbound
delivery.

The documents are read from the dashboard's sources (every `graphql(`...`)` in frontend/src, wherever it lives
there), so a query added to the dashboard is compared too; one with required variables needs a line in
`variable_sets` below, and the test says so.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest
from graphql import FragmentDefinitionNode, FragmentSpreadNode, OperationDefinitionNode, parse, print_ast, visit
from graphql.language import Visitor

from backend.accounts.services import authenticate
from backend.api.context import Context
from backend.api.schema import build_schema
from backend.catalog.services import VariantDraft, create_family
from backend.core.authorization import ANONYMOUS, SYSTEM
from backend.events.tables import Event
from backend.inbound.services import AnnouncedLine, Receipt, create_inbound, receive_inbound
from tests.integration.orders_support import (
    ADDRESS,
    CANCEL,
    DRAFT_CREATE,
    HOLD,
    NOTE_ADD,
    add_products,
    order_shop,
    place,
)
from tests.support import gid, make_product, put_stock, random_ean, tokens_of_every_role

FRONTEND_SOURCES = Path(__file__).resolve().parents[2] / "frontend" / "src"


def dashboard_documents() -> tuple[dict[str, OperationDefinitionNode], dict[str, FragmentDefinitionNode]]:
    """Every operation and fragment the dashboard's sources define (generated code left out)."""
    operations: dict[str, OperationDefinitionNode] = {}
    fragments: dict[str, FragmentDefinitionNode] = {}
    for path in sorted(FRONTEND_SOURCES.rglob("*.ts*")):
        if "gql" in path.relative_to(FRONTEND_SOURCES).parts[:-1]:
            continue
        for source in re.findall(r"\bgraphql\(\s*`([^`]*)`", path.read_text()):
            for definition in parse(source).definitions:
                if isinstance(definition, OperationDefinitionNode):
                    operations[definition.name.value] = definition
                elif isinstance(definition, FragmentDefinitionNode):
                    fragments[definition.name.value] = definition
    return operations, fragments


def generated_query_names() -> set[str]:
    """The queries graphql-codegen found in the same sources (its generated map, wherever it is kept)."""
    names: set[str] = set()
    for generated in FRONTEND_SOURCES.rglob("gql.ts"):
        names |= set(re.findall(r"\\n\s*query (\w+)", generated.read_text()))
    return names


def document_of(operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]) -> str:
    """The operation with every fragment it uses, as the dashboard's client sends it."""
    needed: dict[str, FragmentDefinitionNode] = {}
    pending = [operation]
    while pending:
        spreads: list[str] = []

        class Spreads(Visitor):
            def enter_fragment_spread(self, node: FragmentSpreadNode, *_: object) -> None:
                spreads.append(node.name.value)

        visit(pending.pop(), Spreads())
        for name in spreads:
            if name not in needed:
                needed[name] = fragments[name]
                pending.append(fragments[name])
    return "\n\n".join(print_ast(node) for node in [operation, *needed.values()])


@pytest.fixture(scope="module")
async def shop(api):
    """A merchant with orders in most states (one with a note, tags, a hold, a cancellation, a draft), products with
    barcodes and stock in bins, and an inbound delivery received in part with damaged units."""
    setup = await order_shop(api, {"soap": 40, "cream": 6, "brush": 0})
    await add_products(setup, lotion=12)
    scanned = await make_product(setup["tenant"].merchant, name="Bath salt", barcode=random_ean(),
                                 size="500 g", weight_grams=520)
    await put_stock(scanned, setup["warehouse"], 9, bin_code="B-02")
    setup["products"]["salt"] = scanned
    # A family with variants in two sizes and colours, one of them stocked (the product page's grid).
    towel, variants = await create_family(SYSTEM, merchant_id=setup["tenant"].merchant.id, values={
        "name": "Bath towel", "code": f"TOWEL-{scanned.sku}", "description": "Soft.", "images": ["https://img.example/towel.jpg"],
    }, variants=[VariantDraft(f"{scanned.sku}-T-{size}-{colour}", {"size": size, "colour": colour})
                 for size in ("S", "M") for colour in ("Sand", "Blue")])
    await put_stock(variants[1], setup["warehouse"], 5, bin_code="B-03")
    setup["products"]["towel_s_sand"], setup["products"]["towel_s_blue"] = variants[0], variants[1]
    setup["family"] = gid("ProductFamily", towel.id)
    customer = {"name": "Erika Mustermann", "email": "erika@example.test", "phone": "+49 30 1234567"}
    orders = {
        "ready": await place(api, setup, [("soap", 2, "4.50"), ("cream", 1, "12.00")], customer=customer,
                             tags=["vip", "gift"], shippingPrice="4.90", customerNote="Leave at the door"),
        "backordered": await place(api, setup, [("brush", 3, "2.00"), ("soap", 1, "4.50")]),
        "awaiting": await place(api, setup, [("lotion", 1, "8.00")], paymentMethod="BANK_TRANSFER",
                                source="SHOP", shop="webshop-de", externalId="WS-9", externalNumber="#DE-9"),
        "address_hold": await place(api, setup, [("salt", 1, "6.00")],
                                    shippingAddress={**ADDRESS, "postalCode": "1"}),
        "held": await place(api, setup, [("soap", 1, "4.50")], paymentMethod="CARD", paymentStatus="PAID"),
        "cancelled": await place(api, setup, [("cream", 2, "12.00")]),
    }
    orders = {name: made["order"]["id"] for name, made in orders.items()}
    admin, staff = setup["admin"], setup["staff"]
    for document, values in ((NOTE_ADD, {"orderId": orders["ready"], "text": "Gift wrap, please"}),
                             (HOLD, {"orderId": orders["held"], "reason": "Fraud check"}),
                             (CANCEL, {"orderId": orders["cancelled"], "reason": "Changed mind"})):
        result = await api.gql(document, {"i": values}, token=staff if document is NOTE_ADD else admin)
        assert "errors" not in result, result
    draft = await api.gql(DRAFT_CREATE, {"i": {"customer": {"name": "Harald Draft"}}}, token=staff)
    assert "errors" not in draft and not draft["data"]["draftOrderCreate"]["errors"], draft
    orders["draft"] = draft["data"]["draftOrderCreate"]["order"]["id"]
    inbound = await create_inbound(SYSTEM, merchant_id=setup["tenant"].merchant.id, warehouse_id=setup["warehouse"].id,
                                   reference="ASN-4711", lines=[AnnouncedLine(setup["products"]["cream"].id, 10),
                                                                AnnouncedLine(scanned.id, 4)], carrier="DHL")
    await receive_inbound(SYSTEM, inbound.id, [Receipt(product_id=setup["products"]["cream"].id, received=7,
                                                       damaged=1, location_code="B-03")])
    sales_return = await _inspected_return(setup)
    tokens = await tokens_of_every_role(api, setup["tenant"])
    await _quiet()
    return {**setup, "orders": orders, "inbound": gid("Inbound", inbound.id), "tokens": tokens,
            "return": gid("Return", sales_return.id)}


async def _inspected_return(setup: dict):  # noqa: ANN202
    """Two shipped soaps came back; one is inspected and held for the merchant (no photos: their links are signed
    with the second they are made in, which two executions need not share)."""
    from backend.returns import services as returns
    from backend.returns.model import ReturnReason
    from tests.integration.returns_support import shipped_order

    soap = setup["products"]["soap"]
    order, tracking = await shipped_order({"warehouse": setup["warehouse"], "home": setup["tenant"]}, [(soap, 2)])
    sales_return = await returns.create_return(SYSTEM, order_id=order.id, lines=[
        returns.ReturnLine(2, code=soap.sku, reason=ReturnReason.TOO_SMALL, comment="Smaller than it looked")])
    await returns.receive_return(SYSTEM, warehouse_id=setup["warehouse"].id, code=tracking)
    first = (await returns.items_of([sales_return.id]))[sales_return.id][0]
    await returns.inspect_item(SYSTEM, first.id, grade="USED", feedback="Opened, half used")
    return sales_return


async def _quiet(seconds: float = 1.0) -> None:
    """Waits until no event was recorded for `seconds` (follow-ups of the set-up, such as backorder allocation
    after a stock change, run after their commits), so both executors read the same rows."""
    last = None
    while True:
        head = await Event.raw("SELECT coalesce(max(seq), 0) AS seq FROM event")
        if head == last:
            return
        last = head
        await asyncio.sleep(seconds)


def variable_sets(shop: dict) -> dict[str, list[dict]]:
    """What the dashboard sends with each query (by operation name), on the shop's data."""
    merchant = shop["tenant"].merchant_gid
    products = {name: product for name, product in shop["products"].items()}
    product_ids = [gid("Product", p.id) for p in products.values()]
    return {
        "Merchants": [{"first": 100}, {"first": 2}],
        "WarehouseBoard": [{"warehouseId": gid("Warehouse", shop["warehouse"].id)}],
        "Users": [{"first": 50}, {"first": 20, "filter": {"merchantId": merchant}},
                  {"first": 20, "filter": {"role": "MERCHANT_STAFF", "isActive": True}}],
        "ApiKeys": [{"first": 50}, {"first": 50, "filter": {"merchantId": merchant, "includeRevoked": True}}],
        "RecentEvents": [{"first": 50}, {"first": 20, "merchantId": merchant}],
        "Products": [{"first": 50, "filter": {"merchantId": merchant}},
                     {"first": 25, "filter": {"merchantId": merchant, "stock": "OUT_OF_STOCK"}},
                     {"first": 25, "filter": {"merchantId": merchant, "search": "soap", "includeArchived": True},
                      "sort": {"field": "NAME", "direction": "DESC"}}],
        "Product": [{"id": product_id, "movements": 20} for product_id in product_ids],
        "ProductByCode": [{"merchantId": merchant, "code": products["salt"].barcode},
                          {"merchantId": merchant, "code": products["soap"].sku}],
        "Warehouses": [{"bins": 100}, {"bins": 1}],
        "Inbounds": [{"first": 50}, {"first": 50, "filter": {"merchantId": merchant, "status": ["RECEIVING"]}}],
        "Inbound": [{"id": shop["inbound"]}],
        # No picklist in this shop yet: the query still goes through both executors (an unknown id answers null).
        "Picklist": [{"id": gid("Picklist", "00000000-0000-4000-8000-000000000001")}],
        "OrdersList": [{"first": 50}, {"first": 50, "filter": {"merchantId": merchant}},
                       {"first": 25, "filter": {"merchantId": merchant, "status": ["READY", "ON_HOLD", "BACKORDERED"]}},
                       {"first": 25, "filter": {"merchantId": merchant, "search": "Erika"}},
                       {"last": 2, "filter": {"merchantId": merchant}, "sort": {"field": "NUMBER", "direction": "ASC"}}],
        "OrderDetail": [{"id": order_id} for order_id in shop["orders"].values()],
        "ProductFamily": [{"id": shop["family"]}, {"id": gid("ProductFamily", products["salt"].family)}],
        "PhoneOrderProductSearch": [{"first": 8, "filter": {"merchantId": merchant, "search": "soap"}},
                                    {"first": 8, "filter": {"merchantId": merchant, "search": "towel"}}],
        "PhoneOrderProductByCode": [{"merchantId": merchant, "code": products["salt"].barcode}],
        "PhoneOrderStock": [{"ids": product_ids}],
        # The packing station: the first order by its number, an unknown number, the warehouse's boxes.
        "PackingOrder": [{"number": f"{shop['tenant'].merchant.code}-1001"}, {"number": "NO-SUCH-1"}],
        "PackageTypes": [{"warehouseId": gid("Warehouse", shop["warehouse"].id)}],
        "Returns": [{"first": 50}, {"first": 50, "filter": {"merchantId": merchant, "status": ["RECEIVED"]}},
                    {"first": 20, "filter": {"reason": ["TOO_SMALL"], "disposition": ["RETURN_TO_MERCHANT"]}}],
        "Return": [{"id": shop["return"]}],
        "NotificationPreview": [{"merchantId": merchant, "kind": "NEW_ORDER", "language": "DE"},
                                {"merchantId": merchant, "kind": "SHIPPED", "language": "EN"}, {"kind": "ORDER_RECEIPT"}],
    }


def result_text(result) -> str:  # noqa: ANN001
    return json.dumps({"data": result.data, "errors": [error.formatted for error in result.errors or []]})


def test_the_dashboards_queries_are_found_in_its_sources():
    operations, _ = dashboard_documents()
    queries = {name for name, operation in operations.items() if operation.operation.value == "query"}
    assert len(queries) >= 15, f"only {sorted(queries)} found under {FRONTEND_SOURCES}"
    assert generated_query_names() <= queries


async def test_both_executors_answer_every_dashboard_query_byte_for_byte(shop, monkeypatch):
    import backend.settings as settings_module

    # Hundreds of queries from the same few tokens: a rate limit refusing the second of a pair would differ.
    monkeypatch.setenv("RATE_LIMIT_POINTS_PER_SECOND", "100000000")
    monkeypatch.setenv("RATE_LIMIT_BURST_POINTS", "100000000")
    settings_module.get_settings.cache_clear()
    try:
        inline, regular = build_schema(inline_completion=True), build_schema(inline_completion=False)
        assert inline.execution_context_class is not regular.execution_context_class
        operations, fragments = dashboard_documents()
        variables = variable_sets(shop)
        actors = {role: (await authenticate(token) if token else ANONYMOUS) for role, token in shop["tokens"].items()}
        compared, answered = 0, 0
        for name, operation in sorted(operations.items()):
            if operation.operation.value != "query":
                continue
            required = [v for v in operation.variable_definitions or () if print_ast(v.type).endswith("!")]
            assert name in variables or not required, f"add realistic variables for the query {name} to variable_sets"
            document = document_of(operation, fragments)
            for values in variables.get(name, [{}]):
                for role, actor in actors.items():
                    results = []
                    for schema in (regular, inline):
                        result = await schema.execute(document, variable_values=values, operation_name=name,
                                                      context_value=Context(actor=actor, client_address="127.0.0.1"))
                        results.append(result_text(result))
                    assert results[1] == results[0], f"{name} {values} as {role}"
                    compared += 1
                    answered += '"errors": []' in results[0] and '"data": null' not in results[0]
        # Generated completions were used (the fast path ran), on answers with data.
        assert inline._schema.__dict__.get("_plain_completers")
        assert compared >= 250 and answered >= compared // 2, (compared, answered)
    finally:
        monkeypatch.undo()
        settings_module.get_settings.cache_clear()
