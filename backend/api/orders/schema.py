"""Orders in GraphQL: finding them, the dashboard (also live), taking and changing them, payments."""

from __future__ import annotations

import enum
from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode
from strawberry.types import Info

from backend.api.engine.schema import resolve_info
from backend.api.live_figures import live_figures, topic_marks
from backend.api.orders.draft_order_complete import draft_order_complete
from backend.api.orders.draft_order_create import draft_order_create
from backend.api.orders.draft_order_update import draft_order_update
from backend.api.orders.order_bulk_cancel import order_bulk_cancel
from backend.api.orders.order_bulk_hold import order_bulk_hold
from backend.api.orders.order_bulk_release_hold import order_bulk_release_hold
from backend.api.orders.order_bulk_tag import order_bulk_tag
from backend.api.orders.order_cancel import order_cancel
from backend.api.orders.order_create import order_create
from backend.api.orders.order_duplicate import order_duplicate
from backend.api.orders.order_hold import order_hold
from backend.api.orders.order_mark_as_paid import order_mark_as_paid
from backend.api.orders.order_note_add import order_note_add
from backend.api.orders.order_payment_update import order_payment_update
from backend.api.orders.order_release_hold import order_release_hold
from backend.api.orders.order_tags_update import order_tags_update
from backend.api.orders.order_update import order_update
from backend.api.orders.payment_policy_update import payment_policy_update
from backend.api.orders.types import (
    Dashboard,
    FulfillmentOrder,
    Order,
    OrderSource,
    OrderStatus,
    PaymentMethod,
    PaymentPolicy,
    PaymentStatus,
    ShippingMethod,
)
from backend.api.pagination import Connection, SortDirectionType, page_request
from backend.api.permissions import requires, requires_any
from backend.core.authorization import Permission
from backend.core.errors import NotFound
from backend.core.ids import optional_merchant_id
from backend.core.pagination import SortDirection
from backend.events.outbox import merchant_channel, operator_channel
from backend.orders import services as orders


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


@strawberry.input(description="Released orders to pick, pack and ship.")
class FulfillmentOrderFilter:
    merchant_id: strawberry.ID | None = strawberry.field(default=None, description="Operators: one merchant's orders.")
    status: list[OrderStatus] | None = strawberry.field(
        default=None, description="Among READY, PICKING, PACKED, PARTIALLY_SHIPPED, SHIPPED, DELIVERED.")
    shipping_method: list[ShippingMethod] | None = None
    number: str | None = strawberry.field(default=None, description="An order number or the shop's order number.")
    created_from: datetime | None = None
    created_to: datetime | None = strawberry.field(default=None, description="Exclusive.")


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
    raw = resolve_info(info)
    fragments = raw.fragments

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

    for root in raw.field_nodes:
        for edges in fields(root.selection_set, "edges"):
            for node in fields(edges.selection_set, "node"):
                if fields(node.selection_set, "lines"):
                    return True
    return False


def _merchant(value: strawberry.ID | None):  # noqa: ANN202
    return optional_merchant_id(value)


@strawberry.type
class OrdersQuery:
    @strawberry.field(permission_classes=[requires(Permission.ORDERS_READ)])
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

    @strawberry.field(permission_classes=[requires_any(Permission.ORDERS_READ, Permission.ORDERS_READ_RELEASED)],
                      description="Released orders as the warehouse works on them, oldest first.")
    async def fulfillment_orders(
        self, info: Info, first: int | None = None, after: str | None = None, last: int | None = None,
        before: str | None = None, filter: FulfillmentOrderFilter | None = None,
    ) -> Connection[FulfillmentOrder]:
        f = filter or FulfillmentOrderFilter()
        page = await orders.list_orders(
            info.context.actor, page_request(first, after, last, before),
            orders.OrderFilter(
                merchant_id=_merchant(f.merchant_id), statuses=[s.value for s in f.status or []] or None,
                shipping_methods=[m.value for m in f.shipping_method or []] or None, number=f.number,
                created_from=f.created_from, created_to=f.created_to,
            ),
            sort="created_at", direction=SortDirection.ASC, fulfillment=True,
        )
        return Connection.from_page(page, FulfillmentOrder.from_row)

    @strawberry.field(permission_classes=[requires(Permission.ORDERS_READ)],
                      description="Open orders per status and today's figures, as of now.")
    async def dashboard(self, info: Info, merchant_id: strawberry.ID | None = None) -> Dashboard:
        return Dashboard.from_snapshot(await orders.dashboard(info.context.actor, _merchant(merchant_id)))

    @strawberry.field(permission_classes=[requires(Permission.ORDERS_READ)])
    async def payment_policy(self, info: Info, merchant_id: strawberry.ID | None = None) -> PaymentPolicy:
        return PaymentPolicy.from_policy(await orders.payment_policy(info.context.actor, _merchant(merchant_id)))


W = [requires(Permission.ORDERS_WRITE)]
PAY = [requires(Permission.ORDERS_PAY)]


@strawberry.type
class OrdersMutation:
    order_create = strawberry.mutation(resolver=order_create, permission_classes=W)
    draft_order_create = strawberry.mutation(resolver=draft_order_create, permission_classes=W)
    draft_order_update = strawberry.mutation(resolver=draft_order_update, permission_classes=W)
    draft_order_complete = strawberry.mutation(resolver=draft_order_complete, permission_classes=W)
    order_duplicate = strawberry.mutation(resolver=order_duplicate, permission_classes=W)
    order_update = strawberry.mutation(resolver=order_update, permission_classes=W)
    order_hold = strawberry.mutation(resolver=order_hold, permission_classes=W)
    order_release_hold = strawberry.mutation(resolver=order_release_hold, permission_classes=W)
    order_cancel = strawberry.mutation(resolver=order_cancel, permission_classes=W)
    order_note_add = strawberry.mutation(resolver=order_note_add, permission_classes=W)
    order_tags_update = strawberry.mutation(resolver=order_tags_update, permission_classes=W)
    order_mark_as_paid = strawberry.mutation(resolver=order_mark_as_paid, permission_classes=PAY)
    order_payment_update = strawberry.mutation(resolver=order_payment_update, permission_classes=PAY)
    order_bulk_hold = strawberry.mutation(resolver=order_bulk_hold, permission_classes=W)
    order_bulk_release_hold = strawberry.mutation(resolver=order_bulk_release_hold, permission_classes=W)
    order_bulk_cancel = strawberry.mutation(resolver=order_bulk_cancel, permission_classes=W)
    order_bulk_tag = strawberry.mutation(resolver=order_bulk_tag, permission_classes=W)
    payment_policy_update = strawberry.mutation(resolver=payment_policy_update,
                                                permission_classes=[requires(Permission.ORDER_SETTINGS_WRITE)])


# The `dashboard` subscription: the live order figures, pushed within a second of any order change in scope
# (`backend/api/live_figures.py`).


async def dashboard(info: Info, merchant_id: strawberry.ID | None = None) -> AsyncGenerator[Dashboard, None]:
    actor = info.context.actor
    merchant = optional_merchant_id(merchant_id)
    if not actor.is_operator and merchant is not None and merchant != actor.merchant_id:
        raise NotFound("No such merchant", field="merchantId")
    scope = orders.dashboard_scope(actor, merchant)
    channel = merchant_channel(scope) if scope else operator_channel()
    return live_figures(info.context, channel, ORDER_EVENTS,
                        lambda fresh_after: orders.dashboard_cache.get(scope, fresh_after), Dashboard.from_snapshot)


ORDER_EVENTS = topic_marks("ORDER")


@strawberry.type
class OrdersSubscription:
    dashboard: AsyncGenerator[Dashboard, None] = strawberry.subscription(
        resolver=dashboard,
        permission_classes=[requires(Permission.ORDERS_READ)],
        description="The merchant's order figures (operators: every merchant's, or one with `merchantId`), "
        "first as they are, then again within a second of every change.",
    )
