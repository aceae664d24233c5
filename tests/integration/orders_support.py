"""Shared set-up and GraphQL documents of the order tests."""

from __future__ import annotations

from backend.core.authorization import Role
from tests.support import gid, make_product, make_tenant, make_user, make_warehouse, put_stock

ORDER_FIELDS = """id number status paymentStatus paymentMethod version holdReason cancelReason tags
  total { amount currency } subtotal { amount } tax { amount } shippingPrice { amount }
  customer { name email } shippingAddress { name line1 postalCode city country }
  lines { sku quantity reserved backordered unitPrice { amount } total { amount } }"""
ERRORS = "errors { field code message }"

CREATE = f"mutation($i: OrderCreateInput!) {{ orderCreate(input: $i) {{ created order {{ {ORDER_FIELDS} }} {ERRORS} }} }}"
UPDATE = f"mutation($i: OrderUpdateInput!) {{ orderUpdate(input: $i) {{ order {{ {ORDER_FIELDS} }} {ERRORS} }} }}"
CANCEL = f"mutation($i: OrderCancelInput!) {{ orderCancel(input: $i) {{ order {{ {ORDER_FIELDS} }} {ERRORS} }} }}"
HOLD = f"mutation($i: OrderHoldInput!) {{ orderHold(input: $i) {{ order {{ {ORDER_FIELDS} }} {ERRORS} }} }}"
RELEASE = f"mutation($i: OrderReleaseHoldInput!) {{ orderReleaseHold(input: $i) {{ order {{ {ORDER_FIELDS} }} {ERRORS} }} }}"
MARK_PAID = f"""mutation($i: OrderMarkAsPaidInput!) {{ orderMarkAsPaid(input: $i) {{ succeeded failed
  results {{ orderId order {{ {ORDER_FIELDS} }} {ERRORS} }} {ERRORS} }} }}"""
DRAFT_CREATE = f"mutation($i: DraftOrderCreateInput!) {{ draftOrderCreate(input: $i) {{ order {{ {ORDER_FIELDS} }} {ERRORS} }} }}"
DRAFT_UPDATE = f"mutation($i: DraftOrderUpdateInput!) {{ draftOrderUpdate(input: $i) {{ order {{ {ORDER_FIELDS} }} {ERRORS} }} }}"
DRAFT_COMPLETE = f"mutation($i: DraftOrderCompleteInput!) {{ draftOrderComplete(input: $i) {{ order {{ {ORDER_FIELDS} }} {ERRORS} }} }}"
ORDERS = f"""query($f: OrderFilter, $first: Int, $after: String, $sort: OrderSort) {{ orders(filter: $f, first: $first, after: $after, sort: $sort) {{
  totalCount pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {ORDER_FIELDS} }} }} }} }}"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Order {{ {ORDER_FIELDS} history {{ version kind message changes actor {{ label }} }} notes {{ text }} }} }} }}"

ADDRESS = {"name": "Erika Mustermann", "line1": "Hauptstr. 5", "postalCode": "10115", "city": "Berlin", "country": "DE"}


async def order_shop(api, stock: dict[str, int] | None = None):  # noqa: ANN001, ANN201
    """A merchant with products in stock in its own warehouse, and tokens for everyone who touches orders."""
    tenant, other = await make_tenant(), await make_tenant()
    warehouse = await make_warehouse()
    products = {}
    for name, quantity in (stock or {"soap": 10, "cream": 5, "brush": 0}).items():
        product = await make_product(tenant.merchant, name=name.title())
        if quantity:
            await put_stock(product, warehouse, quantity)
        products[name] = product
    operator = await make_user(Role.OPERATOR_STAFF)
    return {
        "tenant": tenant, "other": other, "warehouse": warehouse, "products": products,
        "admin": await api.login(tenant.admin.email), "staff": await api.login(tenant.staff.email),
        "other_admin": await api.login(other.admin.email), "operator": await api.login(operator.email),
        "warehouse_worker": await api.login((await make_user(Role.WAREHOUSE)).email),
    }


def order_input(setup, lines, **extra):  # noqa: ANN001, ANN003, ANN201
    return {
        "lines": [{"productId": gid("Product", setup["products"][name].id), "quantity": qty, "unitPrice": price}
                  for name, qty, price in lines],
        "paymentMethod": "INVOICE", "customer": {"name": "Erika Mustermann", "email": "erika@example.test"},
        "shippingAddress": ADDRESS, "warehouseId": gid("Warehouse", setup["warehouse"].id), **extra,
    }


async def place(api, setup, lines, token="admin", **extra):  # noqa: ANN001, ANN003, ANN201
    result = await api.gql(CREATE, {"i": order_input(setup, lines, **extra)}, token=setup[token])
    assert "errors" not in result, result
    return result["data"]["orderCreate"]


# ---------------------------------------------------------------- shared by the editing, payment and search tests

NOTE_ADD = f"mutation($i: OrderNoteAddInput!) {{ orderNoteAdd(input: $i) {{ order {{ {ORDER_FIELDS} }} note {{ text author {{ label }} }} {ERRORS} }} }}"
TAGS_UPDATE = f"mutation($i: OrderTagsUpdateInput!) {{ orderTagsUpdate(input: $i) {{ order {{ {ORDER_FIELDS} }} {ERRORS} }} }}"
DUPLICATE = f"mutation($i: OrderDuplicateInput!) {{ orderDuplicate(input: $i) {{ order {{ {ORDER_FIELDS} source }} {ERRORS} }} }}"
PAYMENT_UPDATE = f"mutation($i: OrderPaymentUpdateInput!) {{ orderPaymentUpdate(input: $i) {{ order {{ {ORDER_FIELDS} }} {ERRORS} }} }}"


async def add_products(setup, **stock: int) -> None:  # noqa: ANN001
    """More products of the setup's merchant (name=units in stock), so a test owns its stock figures."""
    for name, quantity in stock.items():
        product = await make_product(setup["tenant"].merchant, name=name.title())
        if quantity:
            await put_stock(product, setup["warehouse"], quantity)
        setup["products"][name] = product


async def quantities(setup, name: str):  # noqa: ANN001, ANN201
    from backend.stock.services import current_quantities

    return await current_quantities(setup["products"][name].id, setup["warehouse"].id)


async def assert_ledger_agrees(setup, *names: str) -> None:  # noqa: ANN001
    """The stock row of each product equals the sum of its ledger, and reservations equal what open orders hold."""
    from backend.orders.tables import OrderLine
    from backend.stock.services import current_quantities, ledger_totals

    for name in names:
        product = setup["products"][name]
        row = await current_quantities(product.id, setup["warehouse"].id)
        assert await ledger_totals(product.id, setup["warehouse"].id) == row, name
        held = await OrderLine.raw(
            "SELECT coalesce(sum(l.reserved), 0) AS n FROM sales_order_line l JOIN sales_order o ON o.id = l.sales_order "
            "WHERE l.product = {} AND o.warehouse = {} AND o.status <> 'CANCELLED'", product.id, setup["warehouse"].id)
        assert row.reserved == held[0]["n"], (name, row, held)
        assert row.available >= 0, (name, row)


async def fetch(api, setup, order_gid: str, token: str = "admin") -> dict | None:  # noqa: ANN001
    """The order as `token` sees it, with history and notes."""
    result = await api.gql(NODE, {"id": order_gid}, token=setup[token])
    assert "errors" not in result, result
    return result["data"]["node"]


async def force_status(order_gid: str, status: str) -> None:
    """Put an order where a later domain (the warehouse's picking and shipping) would."""
    from backend.core.ids import from_global_id
    from backend.orders.tables import Order

    await Order.update({Order.status: status}).where(Order.id == from_global_id(order_gid)[1])
