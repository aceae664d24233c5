from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry
from strawberry.types import Info

from backend.api.accounts.types import Merchant, load_merchant
from backend.api.catalog.types import Product, Warehouse, load_product, load_warehouse
from backend.api.context import batch_loader
from backend.api.engine.fields import RESOLVE, answered_ahead
from backend.api.errors import UserError, mutation_payload
from backend.api.events.types import EventActor
from backend.api.node import Node, global_id, register_node
from backend.api.scalars import JSON
from backend.core.ids import expect_global_id
from backend.core.queries import json_value
from backend.orders import model
from backend.orders import services as orders
from backend.orders.model import LineRequest
from backend.orders.services import Amount, BulkOutcome, DashboardSnapshot, OrderChanges
from backend.orders.tables import Order as OrderRow
from backend.orders.tables import OrderChange as OrderChangeRow
from backend.orders.tables import OrderLine as OrderLineRow
from backend.orders.tables import OrderNote as OrderNoteRow

if TYPE_CHECKING:
    from backend.api.returns.types import Return
    from backend.api.notifications.types import Notification
    from backend.api.shipping.types import Parcel

OrderStatus = strawberry.enum(model.OrderStatus, name="OrderStatus", description="Where an order stands.")
PaymentStatus = strawberry.enum(model.PaymentStatus, name="PaymentStatus")
PaymentMethod = strawberry.enum(model.PaymentMethod, name="PaymentMethod")
OrderSource = strawberry.enum(model.OrderSource, name="OrderSource", description="Where an order came from.")
ShippingMethod = strawberry.enum(model.ShippingMethod, name="ShippingMethod")


@strawberry.type(description="An amount of money: a decimal string in major units and its ISO currency.")
class Money:
    amount: str
    currency: str

    @classmethod
    def of(cls, minor: int, currency: str) -> Money:
        return cls(amount=model.from_minor(minor, currency), currency=currency)

    @classmethod
    def from_amount(cls, amount: Amount) -> Money:
        return cls.of(amount.minor, amount.currency)


@strawberry.type
class Address:
    name: str
    company: str
    line1: str
    line2: str
    postal_code: str
    city: str
    region: str
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 code.")
    phone: str

    @classmethod
    def from_json(cls, data: object) -> Address:
        a = model.Address.from_json(json_value(data))
        return cls(name=a.name, company=a.company, line1=a.line1, line2=a.line2, postal_code=a.postal_code,
                   city=a.city, region=a.region, country=a.country, phone=a.phone)


@strawberry.input
class AddressInput:
    name: str = ""
    company: str = ""
    line1: str = ""
    line2: str = ""
    postal_code: str = ""
    city: str = ""
    region: str = ""
    country: str = strawberry.field(default="", description="ISO 3166-1 alpha-2 code, like DE.")
    phone: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "company": self.company, "line1": self.line1, "line2": self.line2,
                "postalCode": self.postal_code, "city": self.city, "region": self.region, "country": self.country,
                "phone": self.phone}


@strawberry.type
class Customer:
    name: str
    email: str
    phone: str


@strawberry.input
class CustomerInput:
    name: str = ""
    email: str = ""
    phone: str = ""

    def to_model(self) -> model.Customer:
        return model.Customer(self.name, self.email, self.phone)


@strawberry.input(description="A product and how many, at a gross unit price (tax included).")
class OrderLineInput:
    product_id: strawberry.ID
    quantity: int
    unit_price: str | None = strawberry.field(default=None, description="Decimal in major units, like 19.90.")
    tax_rate: str | None = strawberry.field(default=None, description="Percent, like 19 or 7; 19 when left out.")


@strawberry.type
class OrderLine:
    sku: str
    name: str
    quantity: int = strawberry.field(description="Ordered.")
    reserved: int
    picked: int
    shipped: int
    returned: int
    # Money and rates are formatted only when asked for: a list page shows a hundred lines or more.
    unit_price: Money = strawberry.field(resolver=lambda root: Money.of(root._unit_price, root._currency))
    tax_rate: str = strawberry.field(description="Percent.", resolver=lambda root: model.from_minor(
        root._tax_rate, "EUR").rstrip("0").rstrip("."))
    total: Money = strawberry.field(resolver=lambda root: Money.of(root._unit_price * root.quantity, root._currency))
    _product_id: strawberry.Private[UUID]
    _order_status: strawberry.Private[model.OrderStatus]
    _unit_price: strawberry.Private[int]
    _tax_rate: strawberry.Private[int]
    _currency: strawberry.Private[str]

    @strawberry.field(description="Units still waiting for stock.")
    def backordered(self) -> int:
        return model.backordered_units(self._order_status, self.quantity, self.reserved, self.picked, self.shipped)

    @strawberry.field
    async def product(self, info: Info) -> Product | None:
        return await load_product(info, self._product_id)

    @classmethod
    def from_row(cls, row: OrderLineRow, currency: str, order_status: model.OrderStatus) -> OrderLine:
        return cls(sku=row.sku, name=row.name, quantity=row.quantity, reserved=row.reserved, picked=row.picked,
                   shipped=row.shipped, returned=row.returned, _unit_price=row.unit_price, _tax_rate=row.tax_rate,
                   _currency=currency, _product_id=row.product, _order_status=order_status)


@strawberry.type(description="One entry of an order's history: who changed what, with before and after values.")
class OrderChange:
    version: int = strawberry.field(description="The order version this change produced.")
    kind: str = strawberry.field(description=(
        "What happened: placed, draft_created, draft_completed, updated, held, released, cancelled, paid, "
        "payment_updated, allocated, note_added, tagged."))
    params: JSON = strawberry.field(description=(
        "What a client needs to word the entry in its reader's language, by `kind`: placed {number, source}; "
        "draft_created and draft_completed {number}; updated {fields: the changed fields' names}; held {reason}; "
        "released {note}; cancelled {reason, unpaidDays when it was cancelled for not being paid in time}; paid and "
        "payment_updated {paymentStatus, reference} (paymentStatus null and status when a withdrawn payment sent "
        "the order back to awaiting payment); allocated {units: units per SKU}; note_added {text}; tagged {tags}. "
        "Empty for an entry recorded before parameters were kept whose sentence could not be read back: show "
        "`message` then."))
    message: str = strawberry.field(description=(
        "The entry as an English sentence, for clients that show it as it is; to speak the reader's language, word "
        "it from `kind` and `params`."))
    changes: JSON = strawberry.field(description="Changed fields, each with `before` and `after`.")
    actor: EventActor
    created_at: datetime

    @classmethod
    def from_row(cls, row: OrderChangeRow) -> OrderChange:
        actor = json_value(row.actor) or {}
        return cls(version=row.version, kind=row.kind, params=json_value(row.params) or {}, message=row.message,
                   changes=json_value(row.changes) or {},
                   actor=EventActor(kind=actor.get("kind", "SYSTEM"), label=actor.get("label", "")),
                   created_at=row.created_at)


@strawberry.type
class OrderNote:
    text: str
    author: EventActor
    created_at: datetime

    @classmethod
    def from_row(cls, row: OrderNoteRow) -> OrderNote:
        actor = json_value(row.actor) or {}
        return cls(text=row.text, author=EventActor(kind=actor.get("kind", "SYSTEM"), label=actor.get("label", "")),
                   created_at=row.created_at)


async def _lines(actor, ids):  # noqa: ANN001, ANN202
    return await orders.lines_of(actor, ids)


async def _parcels(actor, ids):  # noqa: ANN001, ANN202
    from backend.shipping import services as shipping

    return await shipping.parcels_of(actor, ids)


async def order_parcels(info: Info, order_uuid: UUID) -> list:
    from backend.api.shipping.types import Parcel as ParcelType

    rows = await batch_loader(info, "order_parcels", _parcels).load(order_uuid)
    return [ParcelType.from_row(r) for r in rows or []]


async def _history(actor, ids):  # noqa: ANN001, ANN202
    return await orders.history_of(actor, ids)


async def _notes(actor, ids):  # noqa: ANN001, ANN202
    return await orders.notes_of(actor, ids)


@strawberry.type(description="A customer's order with its lines, payment, addresses and history.")
class Order(Node):
    number: str = strawberry.field(description="Unique per merchant: the merchant's code and a sequence.")
    status: OrderStatus
    source: OrderSource
    shop: str
    external_id: str | None
    external_number: str
    payment_method: PaymentMethod
    payment_status: PaymentStatus
    payment_reference: str
    paid_at: datetime | None
    shipping_method: ShippingMethod
    currency: str
    # Money and the customer are made only when asked for: a list page has fifty orders.
    subtotal: Money = strawberry.field(resolver=lambda root: Money.of(root._subtotal, root.currency))
    shipping_price: Money = strawberry.field(resolver=lambda root: Money.of(root._shipping_price, root.currency))
    tax: Money = strawberry.field(description="The tax included in the total.",
                                  resolver=lambda root: Money.of(root._tax, root.currency))
    total: Money = strawberry.field(resolver=lambda root: Money.of(root._total, root.currency))
    customer: Customer = strawberry.field(resolver=lambda root: Customer(
        name=root._customer_name, email=root._customer_email, phone=root._customer_phone))
    # Read from the row's JSON only when asked for: decoding two addresses per order was a good part of a
    # list page's cost, and lists rarely show them.
    shipping_address: Address = strawberry.field(resolver=lambda root: Address.from_json(root._shipping_address))
    billing_address: Address = strawberry.field(resolver=lambda root: Address.from_json(root._billing_address))
    customer_note: str
    tags: list[str] = strawberry.field(resolver=lambda root: list(json_value(root._tags) or []))
    hold_reason: str
    cancel_reason: str
    version: int = strawberry.field(description="Pass it as `expectedVersion` when changing the order.")
    created_at: datetime
    updated_at: datetime
    placed_at: datetime | None
    cancelled_at: datetime | None
    status_changed_at: datetime
    _id: strawberry.Private[UUID]
    _merchant_id: strawberry.Private[UUID]
    _warehouse_id: strawberry.Private[UUID]
    _subtotal: strawberry.Private[int]
    _shipping_price: strawberry.Private[int]
    _tax: strawberry.Private[int]
    _total: strawberry.Private[int]
    _customer_name: strawberry.Private[str]
    _customer_email: strawberry.Private[str]
    _customer_phone: strawberry.Private[str]
    _shipping_address: strawberry.Private[object]
    _billing_address: strawberry.Private[object]
    _tags: strawberry.Private[object]
    # Lines read ahead with the whole page (`orders` does when they are selected), or None: loaded on demand.
    _line_rows: strawberry.Private[list | None] = None

    @strawberry.field
    async def merchant(self, info: Info) -> Merchant | None:
        return await load_merchant(info, self._merchant_id)

    @strawberry.field(description="Where the order ships from: its stock is reserved there.")
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await load_warehouse(info, self._warehouse_id)

    # When read ahead with the page (`orders` does so when lines are selected), the lines complete inline, with no
    # resolver call per order; otherwise the resolver loads them in one batch for the operation.
    @strawberry.field(metadata=answered_ahead(
        lambda root: RESOLVE if root._line_rows is None else root._line_objects(root._line_rows)))
    def lines(self, info: Info) -> list[OrderLine]:
        # Not `async`, so that rows read ahead complete synchronously here too.
        if self._line_rows is not None:
            return self._line_objects(self._line_rows)
        return self._load_lines(info)  # type: ignore[return-value]

    async def _load_lines(self, info: Info) -> list[OrderLine]:
        return self._line_objects(await batch_loader(info, "order_lines", _lines).load(self._id))

    def _line_objects(self, rows: list | None) -> list[OrderLine]:
        return [OrderLine.from_row(r, self.currency, self.status) for r in rows or []]

    @strawberry.field(description="Every change, oldest first.")
    async def history(self, info: Info) -> list[OrderChange]:
        rows = await batch_loader(info, "order_history", _history).load(self._id)
        return [OrderChange.from_row(r) for r in rows or []]

    @strawberry.field(description="Its parcels with carrier, tracking number and tracking events, oldest first.")
    async def parcels(self, info: Info) -> list[Annotated[Parcel, strawberry.lazy("backend.api.shipping.types")]]:
        return await order_parcels(info, self._id)

    @strawberry.field(description="The order's returns, oldest first.")
    async def returns(self, info: Info) -> list[Annotated[Return, strawberry.lazy("backend.api.returns.types")]]:
        from backend.api.returns.types import order_returns

        return await order_returns(info, self._id)

    @strawberry.field(description="The mails sent about it, oldest first (empty for who may not see them).")
    async def notifications(self, info: Info) -> list[Annotated[Notification, strawberry.lazy("backend.api.notifications.types")]]:  # noqa: E501
        from backend.api.notifications.types import order_notifications

        return await order_notifications(info, self._id)

    @strawberry.field
    async def notes(self, info: Info) -> list[OrderNote]:
        rows = await batch_loader(info, "order_notes", _notes).load(self._id)
        return [OrderNote.from_row(r) for r in rows or []]

    @classmethod
    def from_row(cls, row: OrderRow) -> Order:
        # The attributes are set as the dataclass's __init__ would (it only assigns them), without the call: a list
        # page makes fifty orders, and the call with its 47 keywords and the enum lookups by value were most of
        # their making.
        order = cls.__new__(cls)
        order.__dict__.update(
            id=global_id("Order", row.id), number=row.number, status=_STATUSES[row.status],
            source=_SOURCES[row.source], shop=row.shop, external_id=row.external_id,
            external_number=row.external_number, payment_method=_PAYMENT_METHODS[row.payment_method],
            payment_status=_PAYMENT_STATUSES[row.payment_status], payment_reference=row.payment_reference,
            paid_at=row.paid_at, shipping_method=_SHIPPING_METHODS[row.shipping_method], currency=row.currency,
            _subtotal=row.subtotal, _shipping_price=row.shipping_price, _tax=row.tax, _total=row.total,
            _customer_name=row.customer_name, _customer_email=row.customer_email, _customer_phone=row.customer_phone,
            _shipping_address=row.shipping_address, _billing_address=row.billing_address,
            customer_note=row.customer_note, _tags=row.tags, hold_reason=row.hold_reason,
            cancel_reason=row.cancel_reason, version=row.version, created_at=row.created_at, updated_at=row.updated_at,
            placed_at=row.placed_at, cancelled_at=row.cancelled_at, status_changed_at=row.status_changed_at,
            _id=row.id, _merchant_id=row.merchant, _warehouse_id=row.warehouse,
            _line_rows=getattr(row, "line_rows", None),
        )
        return order


# Members by stored value, for `Order.from_row`.
_STATUSES = {m.value: m for m in model.OrderStatus}
_SOURCES = {m.value: m for m in model.OrderSource}
_PAYMENT_METHODS = {m.value: m for m in model.PaymentMethod}
_PAYMENT_STATUSES = {m.value: m for m in model.PaymentStatus}
_SHIPPING_METHODS = {m.value: m for m in model.ShippingMethod}

register_node("Order", orders.orders_by_ids, Order.from_row)


@strawberry.type(description="Where a parcel goes: the shipping address as a label needs it, without e-mail or phone.")
class ShipTo:
    name: str
    company: str
    line1: str
    line2: str
    postal_code: str
    city: str
    region: str
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 code.")

    @classmethod
    def from_json(cls, data: object) -> ShipTo:
        address = vars(Address.from_json(data))
        return cls(**{name: value for name, value in address.items() if name != "phone"})


@strawberry.type(description="A line as the warehouse picks and packs it: what and how many, without prices.")
class FulfillmentLine:
    id: strawberry.ID = strawberry.field(description="The order line's id (what a parcel's lines name).")
    sku: str
    name: str
    quantity: int = strawberry.field(description="Ordered.")
    reserved: int
    picked: int
    shipped: int
    _product_id: strawberry.Private[UUID]

    @strawberry.field
    async def product(self, info: Info) -> Product | None:
        return await load_product(info, self._product_id)

    @classmethod
    def from_row(cls, row: OrderLineRow) -> FulfillmentLine:
        return cls(id=global_id("OrderLine", row.id), sku=row.sku, name=row.name, quantity=row.quantity,
                   reserved=row.reserved, picked=row.picked, shipped=row.shipped, _product_id=row.product)


async def _fulfillment_lines(actor, ids):  # noqa: ANN001, ANN202
    return await orders.lines_of(actor, ids, fulfillment=True)


@strawberry.type(description=(
    "A released order as the warehouse sees it: what to pick, pack and ship, and where to. It carries no prices and "
    "no customer e-mail or phone (design: warehouse staff see what a shipping label needs, nothing more)."))
class FulfillmentOrder(Node):
    number: str
    status: OrderStatus
    shipping_method: ShippingMethod
    ship_to: ShipTo = strawberry.field(resolver=lambda root: ShipTo.from_json(root._shipping_address))
    tags: list[str] = strawberry.field(resolver=lambda root: list(json_value(root._tags) or []))
    created_at: datetime
    placed_at: datetime | None
    status_changed_at: datetime
    _id: strawberry.Private[UUID]
    _merchant_id: strawberry.Private[UUID]
    _warehouse_id: strawberry.Private[UUID]
    _shipping_address: strawberry.Private[object]
    _tags: strawberry.Private[object]

    @strawberry.field
    async def merchant(self, info: Info) -> Merchant | None:
        return await load_merchant(info, self._merchant_id)

    @strawberry.field(description="Where it ships from.")
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await load_warehouse(info, self._warehouse_id)

    @strawberry.field
    async def lines(self, info: Info) -> list[FulfillmentLine]:
        rows = await batch_loader(info, "fulfillment_lines", _fulfillment_lines).load(self._id)
        return [FulfillmentLine.from_row(r) for r in rows or []]

    @strawberry.field(description="Its parcels, oldest first.")
    async def parcels(self, info: Info) -> list[Annotated[Parcel, strawberry.lazy("backend.api.shipping.types")]]:
        return await order_parcels(info, self._id)

    @classmethod
    def from_row(cls, row: OrderRow) -> FulfillmentOrder:
        return cls(id=global_id("FulfillmentOrder", row.id), number=row.number, status=_STATUSES[row.status],
                   shipping_method=_SHIPPING_METHODS[row.shipping_method], created_at=row.created_at,
                   placed_at=row.placed_at, status_changed_at=row.status_changed_at, _id=row.id,
                   _merchant_id=row.merchant, _warehouse_id=row.warehouse, _shipping_address=row.shipping_address,
                   _tags=row.tags)


register_node("FulfillmentOrder", orders.fulfillment_orders_by_ids, FulfillmentOrder.from_row)


@strawberry.type
class StatusCount:
    status: OrderStatus
    count: int


@strawberry.type
class HourlyOrders:
    hour: datetime = strawberry.field(description="Start of the hour.")
    placed: int
    cancelled: int


@strawberry.type(description="The live order figures of a merchant (or of all merchants, for operators).")
class Dashboard:
    merchant_id: strawberry.ID | None
    status_counts: list[StatusCount] = strawberry.field(description="Open orders per status.")
    orders_today: int = strawberry.field(description="Orders placed since midnight in the merchant's time zone.")
    cancelled_today: int
    revenue_today: list[Money] = strawberry.field(description="Value of today's orders less cancellations, per currency.")
    awaiting_payment_count: int
    awaiting_payment_value: list[Money]
    backordered: int
    on_hold: int
    oldest_ready_since: datetime | None = strawberry.field(
        description="Since when the oldest READY order has waited for the warehouse (null: none waiting).")
    orders_per_hour: list[HourlyOrders]
    day_starts_at: datetime
    computed_at: datetime

    @classmethod
    def from_snapshot(cls, s: DashboardSnapshot) -> Dashboard:
        return cls(
            merchant_id=global_id("Merchant", s.merchant_id) if s.merchant_id else None,
            status_counts=[StatusCount(status=model.OrderStatus(k), count=v) for k, v in s.status_counts.items()],
            orders_today=s.orders_today, cancelled_today=s.cancelled_today,
            revenue_today=[Money.from_amount(a) for a in s.revenue_today],
            awaiting_payment_count=s.awaiting_payment_count,
            awaiting_payment_value=[Money.from_amount(a) for a in s.awaiting_payment_value],
            backordered=s.backordered, on_hold=s.on_hold, oldest_ready_since=s.oldest_ready_since,
            orders_per_hour=[HourlyOrders(hour=h.hour, placed=h.placed, cancelled=h.cancelled) for h in s.orders_per_hour],
            day_starts_at=s.day_starts_at, computed_at=s.computed_at,
        )


@strawberry.type(description="Which payment methods must be paid before the warehouse ships, and when unpaid orders lapse.")
class PaymentPolicy:
    merchant_id: strawberry.ID
    prepaid_methods: list[PaymentMethod]
    unpaid_cancel_after_days: int | None = strawberry.field(description="Null: unpaid orders are never cancelled.")
    timezone: str = strawberry.field(description="Where the merchant's day starts, for the dashboard.")

    @classmethod
    def from_policy(cls, policy: orders.PaymentPolicy) -> PaymentPolicy:
        return cls(merchant_id=global_id("Merchant", policy.merchant_id),
                   prepaid_methods=[model.PaymentMethod(m) for m in policy.prepaid_methods],
                   unpaid_cancel_after_days=policy.unpaid_cancel_after_days, timezone=policy.timezone)


# Inputs several order mutations take, and what they make of them.
def line_requests(lines: list[OrderLineInput] | None) -> list[LineRequest]:
    return [
        LineRequest(product_id=expect_global_id(line.product_id, "Product", field=f"lines.{i}.productId"),
                    quantity=line.quantity, unit_price=line.unit_price, tax_rate=line.tax_rate)
        for i, line in enumerate(lines or [])
    ]


def order_id(value: strawberry.ID, field: str = "orderId"):  # noqa: ANN201
    return expect_global_id(value, "Order", field=field)


@strawberry.input(description="What to change; fields left out stay as they are.")
class OrderChangesInput:
    lines: list[OrderLineInput] | None = strawberry.field(
        default=None, description="The complete new set of lines; reservations follow.")
    customer: CustomerInput | None = None
    shipping_address: AddressInput | None = None
    billing_address: AddressInput | None = None
    shipping_method: ShippingMethod | None = None
    shipping_price: str | None = None
    payment_method: PaymentMethod | None = None
    customer_note: str | None = None
    tags: list[str] | None = None

    def to_changes(self) -> OrderChanges:
        return OrderChanges(
            lines=line_requests(self.lines) if self.lines is not None else None,
            customer=self.customer.to_model() if self.customer else None,
            shipping_address=self.shipping_address.as_dict() if self.shipping_address else None,
            billing_address=self.billing_address.as_dict() if self.billing_address else None,
            shipping_method=self.shipping_method.value if self.shipping_method else None,
            shipping_price=self.shipping_price,
            payment_method=self.payment_method.value if self.payment_method else None,
            customer_note=self.customer_note, tags=self.tags,
        )


# Payloads several order mutations return.
DraftOrderPayload = mutation_payload("DraftOrderPayload", order=Order)


OrderHoldPayload = mutation_payload("OrderHoldPayload", order=Order)


@strawberry.type(description="What happened to one order of a bulk action.")
class OrderBulkResult:
    order_id: strawberry.ID
    order: Order | None = strawberry.field(description="The changed order; null when this order failed.")
    errors: list[UserError]


@strawberry.type
class OrderBulkPayload:
    # Defaults for a request refused as a whole, which reports only `errors`.
    results: list[OrderBulkResult] = strawberry.field(default_factory=list)
    succeeded: int = 0
    failed: int = 0
    errors: list[UserError] = strawberry.field(description="Errors of the request as a whole (nothing was done).")


def order_ids(values: list[strawberry.ID]):  # noqa: ANN202
    return [order_id(v, f"orderIds.{i}") for i, v in enumerate(values)]


def bulk_payload(outcomes: list[BulkOutcome]) -> dict:
    """A bulk action's payload values: each order's outcome, and how many succeeded and failed."""
    results = [
        OrderBulkResult(order_id=global_id("Order", o.order_id), order=Order.from_row(o.order) if o.order else None,
                        errors=[UserError.from_domain(o.error)] if o.error else [])
        for o in outcomes
    ]
    failed = sum(1 for o in outcomes if o.error)
    return {"results": results, "succeeded": len(outcomes) - failed, "failed": failed}
