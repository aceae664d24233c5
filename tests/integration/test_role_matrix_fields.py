"""Every field of every type, for every role: nobody reaches what it must not read.

Design §1: warehouse staff get no prices and no customer e-mail or phone beyond what a shipping label needs, and a
merchant never sees another merchant's data. Which fields are money or contact data is decided by a rule over the
schema — a field of type `Money`, or one whose name says price, total, tax, revenue, value, amount, cost, email or
phone — so a field added later is checked without anyone listing it here. For each role the test:

1. asks every root query field whether it answers or refuses (FORBIDDEN / UNAUTHENTICATED);
2. walks every type the answering fields reach and fails when a role that may not read prices and contacts can reach
   such a field (objects behind `node(id:)` are checked in step 3, by id);
3. runs, per answering root field, a query selecting every field it reaches (a few levels deep) against real data of
   two merchants, and checks that the answer holds no price or contact value the role may not read, and nothing of
   the other merchant; and asks `node(id:)` for every object of both merchants.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from graphql import (
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    is_leaf_type,
)

from backend.api.engine.schema import graphql_core_schema
from backend.api.schema import build_schema
from backend.core.authorization import SYSTEM
from backend.orders.model import Customer, LineRequest, OrderRequest
from backend.orders.services import create_order
from tests.integration.orders_support import ADDRESS
from tests.support import CALLER_ROLES, gid, make_product, make_tenant, make_warehouse, put_stock, tokens_of_every_role

# Roles that may read prices and customer contacts (the API key holds every scope, ORDERS_READ among them).
SEES_PRICES_AND_CONTACTS = {"OPERATOR_ADMIN", "OPERATOR_STAFF", "MERCHANT_ADMIN", "MERCHANT_STAFF", "API_KEY"}
MERCHANT_ROLES = {"MERCHANT_ADMIN", "MERCHANT_STAFF", "API_KEY"}

SENSITIVE_WORDS = {"price", "prices", "total", "subtotal", "tax", "revenue", "value", "amount", "cost", "email",
                   "phone"}
# Fields whose name matches but that are no price or contact: counts, stock quantities summed over warehouses,
# staff's own sign-in address, and a merchant's yes/no whether its packing slips show prices (the packer needs to
# know what goes in the box; the prices themselves stay out of the warehouse's reach).
NOT_SENSITIVE = {"totalCount", "stockTotal", "User.email", "Merchant.packingSlipShowsPrices"}
# Root fields that need arguments, and the values the test gives them.
ROOT_ARGUMENTS = {"productByCode": lambda w: {"merchantId": w["home"].merchant_gid, "code": w["product"].sku},
                  "paymentPolicy": lambda w: {"merchantId": w["home"].merchant_gid},
                  "notificationSettings": lambda w: {"merchantId": w["home"].merchant_gid},
                  "notificationPreview": lambda w: {"merchantId": w["home"].merchant_gid},
                  "packageTypes": lambda w: {"warehouseId": gid("Warehouse", w["warehouse"].id)},
                  "warehouseBoard": lambda w: {"warehouseId": gid("Warehouse", w["warehouse"].id)}}
BY_ID = {"node", "nodes"}


def _words(name: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[a-z]+|[A-Z][a-z]*", name)}


def _unwrap(kind: Any) -> Any:
    while isinstance(kind, (GraphQLNonNull, GraphQLList)):
        kind = kind.of_type
    return kind


def sensitive(type_name: str, field_name: str, field_type: Any) -> bool:
    if field_name in NOT_SENSITIVE or f"{type_name}.{field_name}" in NOT_SENSITIVE:
        return False
    return _unwrap(field_type).name == "Money" or bool(_words(field_name) & SENSITIVE_WORDS)


@pytest.fixture(scope="module")
def schema():
    return graphql_core_schema(build_schema())


@pytest.fixture(scope="module")
async def world(api):
    """Two merchants, each with a product in stock and a released order."""
    warehouse = await make_warehouse()
    found: dict[str, Any] = {"warehouse": warehouse}
    for name in ("home", "other"):
        tenant = await make_tenant()
        product = await make_product(tenant.merchant)
        await put_stock(product, warehouse, 50)
        order, _ = await create_order(SYSTEM, OrderRequest(
            merchant_id=tenant.merchant.id, lines=[LineRequest(product.id, 2, "19.90")], payment_method="INVOICE",
            customer=Customer("Erika Mustermann", "erika@example.test", "+49 30 1234567"), shipping_address=ADDRESS,
            warehouse_id=warehouse.id))
        assert order.status == "READY"
        found[name] = tenant
        found[f"{name}_product"] = product
        found[f"{name}_order"] = order
    found["product"] = found["home_product"]
    for name in ("home", "other"):
        found[f"{name}_return"] = await _inspected_return(found, name)
    found["tokens"] = await tokens_of_every_role(api, found["home"])
    return found


async def _inspected_return(world: dict, owner: str) -> dict:
    """A shipped unit of `owner`'s product came back and went into the merchant's return batch."""
    from backend.returns import services as returns
    from tests.integration.returns_support import order_lines, shipped_order

    product = world[f"{owner}_product"]
    order, tracking = await shipped_order(world, [(product, 1)], tenant=owner)
    line = (await order_lines(order))[product.sku]
    created = await returns.create_return(SYSTEM, order_id=order.id, lines=[returns.ReturnLine(1, line.id)])
    await returns.receive_return(SYSTEM, warehouse_id=world["warehouse"].id, code=tracking)
    item = (await returns.items_of([created.id]))[created.id][0]
    inspected = await returns.inspect_item(SYSTEM, item.id, grade="USED", feedback="Worn once")
    return {"Return": gid("Return", created.id), "ReturnItem": gid("ReturnItem", item.id),
            "ReturnBatch": gid("ReturnBatch", inspected.batch)}


def _root_selection(field_name: str, field: Any, world: dict, first: int = 5) -> tuple[str, dict]:
    """`field(args) { … }` with the arguments it needs, as a document fragment and its variables."""
    arguments = dict(ROOT_ARGUMENTS[field_name](world)) if field_name in ROOT_ARGUMENTS else {}
    if "first" in field.args:
        arguments["first"] = first
    rendered = ", ".join(f"{k}: {_literal(v)}" for k, v in arguments.items())
    return f"{field_name}({rendered})" if rendered else field_name, arguments


def _literal(value: Any) -> str:
    return str(value) if isinstance(value, int) else '"' + str(value).replace('"', '\\"') + '"'


def _selection(kind: Any, depth: int) -> str:
    """Every field of `kind` down to `depth` levels (fields needing arguments left out; lists of two)."""
    kind = _unwrap(kind)
    if is_leaf_type(kind):
        return ""
    if isinstance(kind, (GraphQLInterfaceType, GraphQLUnionType)):
        return "{ __typename }"
    parts = ["__typename"]  # so that the answer says which type each object is (`_leaks`)
    for name, field in kind.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) and a.default_value is None for a in field.args.values()):
            continue
        inner = _unwrap(field.type)
        if is_leaf_type(inner):
            parts.append(name)
        elif depth > 1:
            arguments = "(first: 2)" if "first" in field.args else ""
            parts.append(f"{name}{arguments} {_selection(inner, depth - 1)}")
    return "{ " + " ".join(parts) + " }"


async def _callable_roots(api, schema, world, role: str) -> list[str]:  # noqa: ANN001
    answering = []
    for name, field in schema.query_type.fields.items():
        if name in BY_ID:
            continue
        head, _ = _root_selection(name, field, world, first=1)
        inner = "" if is_leaf_type(_unwrap(field.type)) else " { __typename }"
        result = await api.gql(f"{{ {head}{inner} }}", token=world["tokens"][role])
        codes = {e.get("extensions", {}).get("code") for e in result.get("errors", [])}
        if not codes & {"FORBIDDEN", "UNAUTHENTICATED"}:
            assert "errors" not in result, (role, name, result)
            answering.append(name)
    return answering


def _reachable(schema, roots: list[str]) -> dict[str, Any]:  # noqa: ANN001
    """The object types a query can reach from `roots`, by name (not through the `Node` interface)."""
    seen: dict[str, Any] = {}
    todo = [_unwrap(schema.query_type.fields[name].type) for name in roots]
    while todo:
        kind = todo.pop()
        if is_leaf_type(kind) or kind.name in seen or kind.name == "Node":
            continue
        if isinstance(kind, GraphQLUnionType):
            todo.extend(kind.types)
            continue
        if isinstance(kind, GraphQLInterfaceType):
            todo.extend(schema.get_possible_types(kind))
            continue
        seen[kind.name] = kind
        todo.extend(_unwrap(field.type) for field in kind.fields.values())
    return seen


def _leaks(value: Any, path: str = "") -> list[str]:
    """Paths of price or contact values in an answer (the field names the rule calls sensitive, not null)."""
    found = []
    if isinstance(value, dict):
        type_name = value.get("__typename", "")
        for key, inner in value.items():
            named = key not in NOT_SENSITIVE and f"{type_name}.{key}" not in NOT_SENSITIVE and _words(key) & SENSITIVE_WORDS
            if named and inner not in (None, "", [], {}):
                found.append(f"{path}.{key}")
            found.extend(_leaks(inner, f"{path}.{key}"))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found.extend(_leaks(inner, f"{path}[{index}]"))
    return found


def _merchant_ids(value: Any) -> set[str]:
    """Every merchant an answer mentions (`merchant { id }` and `merchantId`)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "merchantId" and isinstance(inner, str):
                found.add(inner)
            elif key == "merchant" and isinstance(inner, dict) and inner.get("id"):
                found.add(inner["id"])
            found |= _merchant_ids(inner)
    elif isinstance(value, list):
        for inner in value:
            found |= _merchant_ids(inner)
    return found


def _ids_of(tenant: Any) -> set[str]:
    """A merchant's id as objects give it (global) and as events do (its own)."""
    return {tenant.merchant_gid, str(tenant.merchant.id)}


def test_the_rule_finds_the_known_prices_and_contacts(schema):
    """The rule catches what it must: if a rename ever hid these from it, step 2 would check nothing."""
    types = schema.type_map
    for type_name, field_name in (("Order", "total"), ("OrderLine", "unitPrice"), ("Customer", "email"),
                                  ("Customer", "phone"), ("Dashboard", "revenueToday"), ("Address", "phone")):
        assert sensitive(type_name, field_name, types[type_name].fields[field_name].type), (type_name, field_name)
    assert not sensitive("OrderConnection", "totalCount", types["OrderConnection"].fields["totalCount"].type)


@pytest.mark.parametrize("role", [r for r in CALLER_ROLES if r != "ANONYMOUS"])
async def test_no_role_reaches_a_field_it_may_not_read(api, schema, world, role):
    roots = await _callable_roots(api, schema, world, role)
    if role == "WAREHOUSE":
        assert "fulfillmentOrders" in roots and "orders" not in roots and "dashboard" not in roots, roots
    if role not in SEES_PRICES_AND_CONTACTS:
        reachable = _reachable(schema, roots)
        exposed = sorted(f"{type_name}.{name}" for type_name, kind in reachable.items()
                         for name, field in kind.fields.items() if sensitive(type_name, name, field.type))
        assert exposed == [], f"{role} can reach prices or contacts: {exposed}"
    for name in roots:
        field = schema.query_type.fields[name]
        head, _ = _root_selection(name, field, world)
        result = await api.gql(f"{{ {head} {_selection(field.type, 4)} }}", token=world["tokens"][role])
        assert "errors" not in result, (role, name, result)
        if role not in SEES_PRICES_AND_CONTACTS:
            assert _leaks(result["data"]) == [], (role, name)
        if role in MERCHANT_ROLES:
            assert _merchant_ids(result["data"]) <= _ids_of(world["home"]), (role, name)


@pytest.mark.parametrize("role", [r for r in CALLER_ROLES if r != "ANONYMOUS"])
async def test_objects_by_id_answer_what_the_role_may_read(api, schema, world, role):
    """`node(id:)` for every kind of object of both merchants, with every field of its type selected."""
    token = world["tokens"][role]
    for owner in ("home", "other"):
        ids = {
            "Order": gid("Order", world[f"{owner}_order"].id),
            "FulfillmentOrder": gid("FulfillmentOrder", world[f"{owner}_order"].id),
            "Product": gid("Product", world[f"{owner}_product"].id),
            "Merchant": world[owner].merchant_gid,
            **world[f"{owner}_return"],
        }
        for type_name, object_id in ids.items():
            selection = _selection(schema.type_map[type_name], 3)
            result = await api.gql(f'{{ node(id: "{object_id}") {{ ... on {type_name} {selection} }} }}', token=token)
            assert "errors" not in result, (role, type_name, result)
            node = result["data"]["node"]
            if role in MERCHANT_ROLES and owner == "other":
                assert node is None, (role, type_name)
            if node is None:
                continue
            if role not in SEES_PRICES_AND_CONTACTS:
                assert type_name != "Order" and _leaks(node) == [], (role, type_name, node)
            if role in MERCHANT_ROLES:
                assert _merchant_ids(node) <= _ids_of(world["home"]), (role, type_name)
    if role == "WAREHOUSE":
        # What it ships, it sees, with the address a label needs.
        node = (await api.gql('{ node(id: "%s") { ... on FulfillmentOrder { number shipTo { name city } } } }'
                              % gid("FulfillmentOrder", world["home_order"].id), token=token))["data"]["node"]
        assert node == {"number": world["home_order"].number, "shipTo": {"name": ADDRESS["name"], "city": ADDRESS["city"]}}
