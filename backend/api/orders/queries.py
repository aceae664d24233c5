from __future__ import annotations

import enum
from datetime import datetime

import strawberry
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode
from strawberry.types import Info

from backend.api.orders.payment_mutations import PaymentPolicy
from backend.api.orders.types import Dashboard, Order, OrderSource, OrderStatus, PaymentMethod, PaymentStatus
from backend.api.pagination import Connection, SortDirectionType, page_request
from backend.api.permissions import requires, requires_any
from backend.core.authorization import Permission
from backend.core.ids import expect_global_id
from backend.core.pagination import SortDirection
from backend.orders import dashboard as dashboards
from backend.orders import payments
from backend.orders import queries as orders


@strawberry.input
class OrderFilter:
    merchant_id: strawberry.ID | None = strawberry.field(default=None, description="Operators: one merchant's orders.")
    status: list[OrderStatus] | None = None
    payment_status: list[PaymentStatus] | None = None
    payment_method: list[PaymentMethod] | None = None
    source: OrderSource | None = None
    shop: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = strawberry.field(default=None, description="Exclusive.")
    month: str | None = strawberry.field(default=None, description=(
        "Created in this month, like 2026-11, in the merchant's time zone (operators without a merchant: the "
        "fulfillment center's)."))
    tag: str | None = None
    customer_email: str | None = strawberry.field(default=None, description="A customer's order history.")
    search: str | None = strawberry.field(
        default=None, description="Part of the order number, the shop's order number, the customer's name or e-mail.")


@strawberry.enum
class OrderSortField(enum.Enum):
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    NUMBER = "number"
    TOTAL = "total"
    STATUS_CHANGED_AT = "status_changed_at"


@strawberry.input
class OrderSort:
    field: OrderSortField = OrderSortField.CREATED_AT
    direction: SortDirectionType = SortDirection.DESC


def _selects_lines(info: Info) -> bool:
    """Whether the query asks for `edges { node { lines } }` (directly or through fragments). Read from the
    operation's syntax tree: `info.selected_fields` converts the whole selection first."""
    fragments = info._raw_info.fragments

    def fields(selection_set: SelectionSetNode | None, name: str) -> list[FieldNode]:
        found: list[FieldNode] = []
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                if selection.name.value == name:
                    found.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                found.extend(fields(selection.selection_set, name))
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
                found.extend(fields(fragments[selection.name.value].selection_set, name))
        return found

    for root in info._raw_info.field_nodes:
        for edges in fields(root.selection_set, "edges"):
            for node in fields(edges.selection_set, "node"):
                if fields(node.selection_set, "lines"):
                    return True
    return False


def _merchant(value: strawberry.ID | None):  # noqa: ANN202
    return expect_global_id(value, "Merchant", field="merchantId") if value else None


@strawberry.type
class OrdersQuery:
    @strawberry.field(permission_classes=[requires_any(Permission.ORDERS_READ, Permission.ORDERS_READ_RELEASED)])
    async def orders(
        self, info: Info, first: int | None = None, after: str | None = None, last: int | None = None,
        before: str | None = None, filter: OrderFilter | None = None, sort: OrderSort | None = None,
    ) -> Connection[Order]:
        f = filter or OrderFilter()
        sort = sort or OrderSort()
        page = await orders.list_orders(
            info.context.actor, page_request(first, after, last, before),
            orders.OrderFilter(
                merchant_id=_merchant(f.merchant_id), statuses=[s.value for s in f.status or []] or None,
                payment_statuses=[s.value for s in f.payment_status or []] or None,
                payment_methods=[m.value for m in f.payment_method or []] or None,
                source=f.source.value if f.source else None, shop=f.shop, created_from=f.created_from,
                created_to=f.created_to, month=f.month, tag=f.tag, customer_email=f.customer_email, search=f.search,
            ),
            sort=sort.field.value, direction=sort.direction,
            # Read with the page when selected, so each order's `lines` completes without awaiting a load.
            with_lines=_selects_lines(info),
        )
        return Connection.from_page(page, Order.from_row)

    @strawberry.field(permission_classes=[requires(Permission.ORDERS_READ)],
                      description="Open orders per status and today's figures, as of now.")
    async def dashboard(self, info: Info, merchant_id: strawberry.ID | None = None) -> Dashboard:
        return Dashboard.from_snapshot(await dashboards.dashboard(info.context.actor, _merchant(merchant_id)))

    @strawberry.field(permission_classes=[requires(Permission.ORDERS_READ)])
    async def payment_policy(self, info: Info, merchant_id: strawberry.ID | None = None) -> PaymentPolicy:
        return PaymentPolicy.from_policy(await payments.payment_policy(info.context.actor, _merchant(merchant_id)))
