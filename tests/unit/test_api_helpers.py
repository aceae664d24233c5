from uuid import uuid4

import pytest
from graphql import parse

from backend.api.http import bearer_token, negotiate
from backend.api.limits import CostCalculator
from backend.api.schema import build_schema
from backend.core.errors import ValidationFailed
from backend.core.ids import expect_global_id, from_global_id, to_global_id
from backend.core.pagination import PageRequest, _decode_cursor, _encode_cursor


def test_global_ids_round_trip_and_refuse_garbage():
    local = uuid4()
    gid = to_global_id("User", local)
    assert from_global_id(gid) == ("User", local)
    assert expect_global_id(gid, "User", field="userId") == local
    for bad in ("", "!!!", to_global_id("User", "not-a-uuid")):
        with pytest.raises(ValidationFailed):
            from_global_id(bad)
    with pytest.raises(ValidationFailed) as error:
        expect_global_id(gid, "Merchant", field="merchantId")
    assert error.value.field == "merchantId"


def test_cursors_round_trip_and_refuse_garbage():
    from datetime import UTC, datetime

    local, when = uuid4(), datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert _decode_cursor(_encode_cursor(when, local), "after") == (when, local)
    assert _decode_cursor(_encode_cursor("b@x.de", local), "after") == ("b@x.de", local)
    with pytest.raises(ValidationFailed):
        _decode_cursor("nonsense", "after")


def test_page_requests_are_bounded():
    assert PageRequest(first=100).validated().size == 100
    assert PageRequest().validated().size == 20
    for bad in (PageRequest(first=101), PageRequest(last=-1), PageRequest(first=1, last=1)):
        with pytest.raises(ValidationFailed):
            bad.validated()


def test_accept_negotiation():
    assert negotiate(None) == "application/json"
    assert negotiate("application/graphql-response+json, application/json;q=0.9") == "application/graphql-response+json"
    assert negotiate("application/json") == "application/json"
    assert negotiate("*/*") == "application/json"
    assert negotiate("text/html") is None


def test_bearer_tokens():
    assert bearer_token("Bearer abc") == "abc"
    assert bearer_token("bearer   abc ") == "abc"
    assert bearer_token("Basic abc") is None
    assert bearer_token("Bearer ") is None
    assert bearer_token(None) is None


def cost(query: str, variables: dict | None = None) -> int:
    schema = build_schema()._schema
    document = parse(query)
    return CostCalculator(schema, document, variables).operation_cost(document, None)


def test_query_cost():
    assert cost("{ me { email } }") == 1
    assert cost("{ me { merchant { name } } }") == 2
    assert cost("{ users(first: 10) { totalCount pageInfo { hasNextPage } edges { node { email } } } }") == 1 + 1 + 10 * 2
    assert cost("query($n: Int) { users(last: $n) { edges { node { id } } } }", {"n": 7}) == 1 + 7 * 2
    assert cost("{ users { edges { node { ...U } } } } fragment U on User { merchant { id } }") == 1 + 20 * 3
    assert cost('{ nodes(ids: ["a", "b", "c"]) { id } }') == 3


@pytest.mark.parametrize(("query", "reads_lines"), [
    ("{ orders { edges { node { number lines { sku } } } } }", True),
    ("{ orders { edges { node { ...Row } } } } fragment Row on Order { number lines { sku } }", True),
    ("{ orders { edges { ... on OrderEdge { node { ... on Order { lines { sku } } } } } } }", True),
    ("{ orders { ...Page } } fragment Page on OrderConnection { edges { node { ...Row } } } "
     "fragment Row on Order { lines { quantity } }", True),
    ("{ orders { edges { node { number } } } }", False),
    ("{ orders { pageInfo { endCursor } } }", False),
    # `lines` elsewhere than on the page's orders is not read with the page.
    ("{ orders { edges { node { number } } } } fragment Unused on Order { lines { sku } }", False),
])
def test_the_orders_list_reads_lines_with_its_page_when_they_are_selected(query: str, reads_lines: bool):
    from types import SimpleNamespace

    from graphql import FragmentDefinitionNode, OperationDefinitionNode

    from backend.api.orders.schema import _selects_lines

    document = parse(query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    info = SimpleNamespace(_raw_info=SimpleNamespace(field_nodes=operation.selection_set.selections,
                                                     fragments=fragments))
    assert _selects_lines(info) is reads_lines


def test_an_order_made_from_a_row_sets_every_field_as_its_constructor_would():
    import dataclasses
    from datetime import UTC, datetime

    from backend.api.orders.types import Order
    from backend.core.pagination import PlainRow
    from backend.orders import model
    from backend.orders.tables import Order as OrderRow

    now = datetime.now(UTC)
    values = {column._meta.name: None for column in OrderRow._meta.columns}
    values.update(
        id=uuid4(), merchant=uuid4(), number="M1-1001", status=model.OrderStatus.READY.value,
        source=model.OrderSource.PHONE.value, payment_method=model.PaymentMethod.INVOICE.value,
        payment_status=model.PaymentStatus.PENDING.value, shipping_method=model.ShippingMethod.EXPRESS.value,
        shop="", external_number="", payment_reference="", currency="EUR", subtotal=1000, shipping_price=490, tax=234,
        total=1490, customer_name="Anna", customer_email="anna@example.test", customer_phone="", customer_note="",
        hold_reason="", cancel_reason="", version=3, created_at=now, updated_at=now, status_changed_at=now, line_rows=[],
    )
    order = Order.from_row(PlainRow(values))
    assert set(vars(order)) == {f.name for f in dataclasses.fields(Order) if f.init}
    assert vars(Order(**vars(order))) == vars(order)
    assert order.status is model.OrderStatus.READY and order.shipping_method is model.ShippingMethod.EXPRESS
    assert order.id == to_global_id("Order", values["id"]) and order._line_rows == []
