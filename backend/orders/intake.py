"""Taking orders: from shops and the merchant's systems (`create_order`), and by phone as drafts that are
completed while the customer is on the line; a repeat order starts as a draft too.

Placing is the same routines for every source (placement.sql): `order_reserve_lines` reserves each line's stock
(as much as there is; what cannot be reserved is backordered), the status is settled by it, the hour's figures
counted, and `order_record_placement` writes the history entry and the event. A new order is placed and written in
one statement (`order_place_new`); a completed draft is placed inside its unit of work (`order_place`).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict
from typing import Any
from uuid import UUID

from asyncpg.exceptions import UniqueViolationError

from backend.accounts.tables import Merchant
from backend.catalog.tables import Product, Warehouse
from backend.core.authorization import Actor, Permission, resolve_merchant
from backend.core.clock import utcnow
from backend.core.errors import Conflict, FieldChecks, NotFound, ValidationFailed
from backend.core.pagination import PlainRow
from backend.core.queries import json_value
from backend.events.outbox import OUTBOX_LOCK_ID, StoredEvent, UnitOfWork, publish, unit_of_work
from backend.orders.access import locked_order, require_version
from backend.orders.events import order_payload
from backend.orders.history import HistoryEntry, history_entry, record_change
from backend.orders.lines import (
    CleanLine,
    clean_lines,
    line_products,
    line_snapshot,
    order_lines,
    save_lines,
    totals_of,
    write_lines,
)
from backend.orders.model import (
    Address,
    Customer,
    LineRequest,
    OrderRequest,
    OrderSource,
    OrderStatus,
    PaymentMethod,
    PaymentStatus,
    ShippingMethod,
    address_hold_reason,
    clean_address,
    clean_currency,
    clean_email,
    clean_optional_text,
    clean_tags,
    from_minor,
    to_minor,
)
from backend.orders.policy import placement_targets, settings_for
from backend.orders.tables import Order, OrderLine, OrderSettings


class IdempotencyKeyReused(Conflict):
    code = "DUPLICATE"


def clean_enum(value: str, kind: type, field: str) -> str:
    try:
        return kind(value).value
    except ValueError:
        raise ValidationFailed(f"Unknown value {value!r}", field=field) from None


def request_fingerprint(request: OrderRequest) -> str:
    """Identifies a create request's content, so a retry under the same idempotency key can be told apart
    from a different order reusing the key."""
    data = asdict(request)
    data.pop("idempotency_key", None)
    data["merchant_id"] = str(data["merchant_id"]) if data["merchant_id"] else None
    data["lines"] = [{**line, "product_id": str(line["product_id"])} for line in data["lines"]]
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


class CleanOrder:
    """A request whose every field has been checked; lines are resolved to the merchant's products."""

    def __init__(self, actor: Actor, request: OrderRequest, *, draft: bool) -> None:
        checks = FieldChecks()
        self.merchant_id: UUID = checks.check(resolve_merchant, actor, request.merchant_id)
        self.currency = checks.check(clean_currency, request.currency) or "EUR"
        self.payment_method = checks.check(clean_enum, request.payment_method, PaymentMethod, "paymentMethod")
        self.payment_status = checks.check(clean_enum, request.payment_status, PaymentStatus, "paymentStatus")
        self.shipping_method = checks.check(clean_enum, request.shipping_method, ShippingMethod, "shippingMethod")
        self.shipping_price = checks.check(to_minor, request.shipping_price or "0", self.currency, "shippingPrice") or 0
        self.customer_name = checks.check(clean_optional_text, request.customer.name, "customer.name", 200)
        self.customer_email = checks.check(clean_email, request.customer.email)
        self.customer_phone = checks.check(clean_optional_text, request.customer.phone, "customer.phone", 40)
        self.shipping_address: Address = checks.check(clean_address, request.shipping_address, "shippingAddress")
        self.billing_address: Address = checks.check(clean_address, request.billing_address, "billingAddress")
        self.customer_note = checks.check(clean_optional_text, request.customer_note, "customerNote", 1000)
        self.tags = checks.check(clean_tags, request.tags)
        self.source = checks.check(clean_enum, request.source, OrderSource, "source")
        self.shop = checks.check(clean_optional_text, request.shop, "shop", 80)
        self.external_id = checks.check(clean_optional_text, request.external_id, "externalId", 100) or None
        self.external_number = checks.check(clean_optional_text, request.external_number, "externalNumber", 100)
        self.idempotency_key = checks.check(clean_optional_text, request.idempotency_key, "idempotencyKey", 100) or None
        self.hold_reason = checks.check(clean_optional_text, request.hold_reason, "holdReason", 300)
        if self.source == OrderSource.SHOP.value and not self.shop:
            checks.errors.append(ValidationFailed("Name the shop the order comes from", field="shop", code="REQUIRED"))
        if not draft and not (self.customer_name or self.shipping_address.name):
            checks.errors.append(ValidationFailed("Name the customer", field="customer.name", code="REQUIRED"))
        checks.raise_if_any()
        # Only a request under an idempotency key is compared with an earlier one by content.
        self.fingerprint = request_fingerprint(request) if self.idempotency_key else ""
        self.line_requests = request.lines

    def billing(self) -> Address:
        return self.shipping_address if self.billing_address.is_empty else self.billing_address

    def new_order(self, number: str, warehouse_id: UUID, lines: list[CleanLine]) -> Order:
        """The order as it is written before it is placed: a draft at version 0."""
        totals = totals_of(lines, self.shipping_price)
        return Order(
            merchant=self.merchant_id, warehouse=warehouse_id, number=number, source=self.source, shop=self.shop,
            external_id=self.external_id, external_number=self.external_number, idempotency_key=self.idempotency_key,
            request_hash=self.fingerprint, status=OrderStatus.DRAFT.value, payment_method=self.payment_method,
            payment_status=self.payment_status, shipping_method=self.shipping_method, currency=self.currency,
            subtotal=totals.subtotal, shipping_price=totals.shipping_price, tax=totals.tax, total=totals.total,
            customer_name=self.customer_name or self.shipping_address.name, customer_email=self.customer_email,
            customer_phone=self.customer_phone, shipping_address=self.shipping_address.as_json(),
            billing_address=self.billing().as_json(), customer_note=self.customer_note, tags=self.tags, version=0,
            paid_at=utcnow() if self.payment_status == PaymentStatus.PAID.value else None,
            hold_reason=self.hold_reason,
        )


# ---------------------------------------------------------------- looking up before placing


def _usable_merchant(row: dict | None) -> PlainRow:
    if row is None:
        raise NotFound("No such merchant", field="merchantId")
    if not row["is_active"]:
        raise ValidationFailed("This merchant is deactivated", field="merchantId", code="MERCHANT_INACTIVE")
    return PlainRow(row)


def _no_warehouse(warehouse_id: UUID | None) -> Exception:
    return NotFound("No such active warehouse", field="warehouseId") if warehouse_id else \
        ValidationFailed("No active warehouse to ship from", field="warehouseId")


async def shipping_warehouse(warehouse_id: UUID | None) -> UUID:
    """The warehouse asked for, or the first active one (a single-site fulfillment center has one)."""
    query = Warehouse.objects().where(Warehouse.is_active == True)  # noqa: E712
    if warehouse_id is not None:
        query = query.where(Warehouse.id == warehouse_id)
    warehouse = await query.order_by(Warehouse.code).first()
    if warehouse is None:
        raise _no_warehouse(warehouse_id)
    return warehouse.id


async def next_number(merchant_id: UUID, code: str) -> str:
    """The merchant's next order number (routine `order_take_number`)."""
    rows = await Order.raw("SELECT last_number FROM order_take_number({})", merchant_id)
    return f"{code}-{rows[0]['last_number']}"


def _matching(clean: CleanOrder, by_external_id: UUID | None, by_key: dict | None) -> UUID | None:
    """The id of the order this request already created: same shop and external id, or same idempotency key
    (with the same content: a different order under a used key is refused)."""
    if clean.external_id is not None and by_external_id is not None:
        return by_external_id
    if clean.idempotency_key is not None and by_key is not None:
        if by_key["request_hash"] != clean.fingerprint:
            raise IdempotencyKeyReused(
                f"The idempotency key was used for order {by_key['number']} with different content",
                field="idempotencyKey",
            )
        return UUID(str(by_key["id"]))
    return None


async def _existing(merchant_id: UUID, clean: CleanOrder) -> Order | None:
    """An order this request already created (looked up by id first: only a hit needs the whole order)."""
    by_external_id = by_key = None
    if clean.external_id is not None:
        rows = await Order.raw("SELECT id FROM sales_order WHERE merchant = {} AND shop = {} AND external_id = {}",
                               merchant_id, clean.shop, clean.external_id)
        by_external_id = rows[0]["id"] if rows else None
    if by_external_id is None and clean.idempotency_key is not None:
        rows = await Order.raw("SELECT id, number, request_hash FROM sales_order WHERE merchant = {} AND idempotency_key = {}",
                               merchant_id, clean.idempotency_key)
        by_key = rows[0] if rows else None
    found_id = _matching(clean, by_external_id, by_key)
    return None if found_id is None else await Order.objects().where(Order.id == found_id).first()


# ---------------------------------------------------------------- placing


def _hold_reason(order: Order) -> str:
    return address_hold_reason(Address.from_json(json_value(order.shipping_address)), order.shipping_method)


def _row(table_row: Order | OrderLine) -> dict[str, Any]:
    """A row's column values as the routines take them (`jsonb_populate_record`); the placement sets the status,
    the version, the placement's times and what each line got."""
    return {column._meta.db_column_name: getattr(table_row, column._meta.name) for column in table_row._meta.columns}


class _Duplicate(Exception):
    """A concurrent request created the same order; ours rolls back and returns that one."""


# The unique indexes a concurrent twin of the same order trips.
_TWIN_CONSTRAINTS = {"sales_order_external", "sales_order_idempotency"}


async def _place_new(actor: Actor, order: Order, clean: list[CleanLine], settings: OrderSettings) -> list[StoredEvent]:
    """Write a new order and place it in one statement (routine `order_place_new`); returns its events, stored and
    committed. Raises `_Duplicate` when a concurrent request placed the same order first (nothing of ours is
    written then)."""
    # The intake's own reason (unknown SKUs) and the address check's are both shown.
    order.hold_reason = "; ".join(reason for reason in (order.hold_reason, _hold_reason(order)) if reason)[:500]
    if_reserved, if_short = placement_targets(order, settings, order.hold_reason)
    entry = history_entry("placed", number=order.number, source=order.source)
    lines = [OrderLine(id=uuid.uuid4(), sales_order=order.id, product=c.product.id, sku=c.product.sku,
                       name=c.product.name, quantity=c.quantity, reserved=0, unit_price=c.unit_price,
                       tax_rate=c.tax_rate, position=position) for position, c in enumerate(clean)]
    try:
        rows = await Order.raw(
            "SELECT * FROM order_place_new({}::jsonb, {}::jsonb, {}, {}, {}, {}, {}::jsonb, {}::jsonb, {}::jsonb, {}, {})",
            json.dumps(_row(order), default=str), json.dumps([_row(line) for line in lines], default=str),
            if_reserved.value, if_short.value, order.hold_reason, entry.message, json.dumps(entry.params_json()),
            json.dumps(order_payload(order, change=entry.kind), default=str), json.dumps(actor.as_event_actor()),
            order.placed_at, OUTBOX_LOCK_ID,
        )
    except UniqueViolationError as error:
        if error.constraint_name in _TWIN_CONSTRAINTS:
            raise _Duplicate() from None
        raise
    row = rows[0]
    order.status, order.version = row["placed_status"], row["placed_version"]
    order.status_changed_at = order.updated_at = order.placed_at
    seqs = json.loads(row["seqs"])
    return [StoredEvent.from_outbox_item(seq, previous, item)
            for (seq, previous), item in zip(seqs, json.loads(row["placed_events"]), strict=True)]


async def _place(uow: UnitOfWork, order: Order, settings: OrderSettings, entry: HistoryEntry) -> None:
    """Place an order whose row and lines are written (a draft) inside the caller's unit of work (routine
    `order_place`)."""
    hold_reason = _hold_reason(order)
    if_reserved, if_short = placement_targets(order, settings, hold_reason)
    placed_at = utcnow()
    rows = await Order.raw(
        "SELECT * FROM order_place({}, {}, {}, {}, {}, {}, {}::jsonb, {}::jsonb, {}::jsonb, {})",
        order.id, if_reserved.value, if_short.value, hold_reason, entry.kind, entry.message,
        json.dumps(entry.params_json()), json.dumps(order_payload(order, change=entry.kind), default=str),
        json.dumps(uow.actor.as_event_actor()), placed_at,
    )
    row = rows[0]
    order.status, order.version, order.hold_reason = row["placed_status"], row["placed_version"], hold_reason
    order.placed_at = order.placed_at or placed_at
    order.status_changed_at = order.updated_at = placed_at
    for item in json.loads(row["placed_events"]):
        uow.record_item(item)


async def _create(actor: Actor, request: OrderRequest) -> tuple[Order, bool]:
    actor.require(Permission.ORDERS_WRITE)
    clean = CleanOrder(actor, request, draft=False)
    product_ids = list({line.product_id for line in clean.line_requests})
    found = await Merchant.raw("SELECT * FROM order_intake_facts({}, {}, {}, {}, {}, {})", clean.merchant_id,
                               request.warehouse_id, clean.shop, clean.external_id, clean.idempotency_key, product_ids)
    merchant = _usable_merchant(found[0] if found else None)
    existing_id = _matching(clean, merchant.by_external_id, json_value(merchant.by_key))
    if existing_id is not None:
        existing = await Order.objects().where(Order.id == existing_id).first()
        if existing is not None:
            return existing, False
    products = {UUID(p["id"]): PlainRow({**p, "id": UUID(p["id"]), "merchant": UUID(p["merchant"])})
                for p in json_value(merchant.products) or []}
    lines = clean_lines(clean.line_requests, products, clean.currency, merchant.id)  # type: ignore[arg-type]
    if merchant.warehouse is None:
        raise _no_warehouse(request.warehouse_id)
    # Every product was found and none is archived (`clean_lines` said so), so the routine took a number.
    numbered = json_value(merchant.numbered)
    order = clean.new_order(f"{merchant.code}-{numbered['last_number']}", merchant.warehouse, lines)
    order.placed_at = utcnow()
    await publish(await _place_new(actor, order, lines, PlainRow(numbered)), source="api")  # type: ignore[arg-type]
    return order, True


async def create_order(actor: Actor, request: OrderRequest) -> tuple[Order, bool]:
    """Place an order and reserve its stock. Returns the order and whether this call created it: a retried
    request, or one racing its twin, gets the order created the first time."""
    try:
        return await _create(actor, request)
    except _Duplicate:
        clean = CleanOrder(actor, request, draft=False)
        existing = await _existing(clean.merchant_id, clean)
        if existing is None:  # pragma: no cover - the unique index guarantees a winner
            raise
        return existing, False


# ---------------------------------------------------------------- phone orders


async def _products(merchant_id: UUID, lines: list[LineRequest]) -> dict[UUID, Product]:
    """The merchant's products among the lines'."""
    ids = list({line.product_id for line in lines})
    if not ids:
        return {}
    return {p.id: p for p in await Product.objects().where(Product.id.is_in(ids) & (Product.merchant == merchant_id))}


async def _merchant(merchant_id: UUID) -> PlainRow:
    rows = await Merchant.raw("SELECT id, code, name, is_active FROM merchant WHERE id = {}", merchant_id)
    return _usable_merchant(rows[0] if rows else None)


async def create_draft(actor: Actor, request: OrderRequest) -> Order:
    """A draft: no stock reserved yet; lines may be empty while the agent is still asking."""
    actor.require(Permission.ORDERS_WRITE)
    request.source = OrderSource.PHONE.value if request.source == OrderSource.API.value else request.source
    clean = CleanOrder(actor, request, draft=True)
    merchant = await _merchant(clean.merchant_id)
    lines = clean_lines(clean.line_requests, await _products(merchant.id, clean.line_requests), clean.currency,
                        merchant.id, require=False)
    warehouse_id = await shipping_warehouse(request.warehouse_id)
    number = await next_number(merchant.id, merchant.code)
    async with unit_of_work(actor) as uow:
        order = clean.new_order(number, warehouse_id, lines)
        order.idempotency_key = None
        order.version = 1
        await order.save()
        written = write_lines(order, lines, [])
        await save_lines(written)
        await record_change(uow, order, history_entry("draft_created", number=number),
                            {"lines": line_snapshot(written)},
                            event="order.draft_created", bump=False)
    return order


async def complete_draft(actor: Actor, order_id: UUID, expected_version: int | None = None) -> Order:
    """Place a draft: the same checks, reservation and status as any new order."""
    actor.require(Permission.ORDERS_WRITE)
    async with unit_of_work(actor) as uow:
        order = await locked_order(actor, order_id)
        await require_version(order, expected_version)
        if order.status != OrderStatus.DRAFT.value:
            raise ValidationFailed(f"Order {order.number} is not a draft", field="orderId", code="INVALID_STATE")
        lines = await order_lines(order.id)
        if not lines:
            raise ValidationFailed("Add at least one line", field="lines", code="REQUIRED")
        if not (order.customer_name or Address.from_json(json_value(order.shipping_address)).name):
            raise ValidationFailed("Name the customer", field="customer.name", code="REQUIRED")
        archived = [p.sku for p in (await line_products(lines)).values() if p.is_archived]
        if archived:
            raise ValidationFailed(f"Archived meanwhile: {', '.join(archived)}", field="lines", code="ARCHIVED")
        await _place(uow, order, await settings_for(order.merchant),
                     history_entry("draft_completed", number=order.number))
    return order


async def duplicate_order(actor: Actor, order_id: UUID) -> Order:
    """A new draft with an earlier order's customer, addresses, payment and shipping method and lines (a repeat
    order); lines whose product is archived now are left out."""
    from backend.orders.queries import orders_by_ids

    actor.require(Permission.ORDERS_WRITE)
    source = (await orders_by_ids(actor, [order_id])).get(order_id)
    if source is None:
        raise NotFound("No such order", field="orderId")
    lines = await order_lines(source.id)
    products = await line_products(lines)
    request = OrderRequest(
        merchant_id=source.merchant if actor.is_operator else None, currency=source.currency,
        payment_method=source.payment_method, shipping_method=source.shipping_method,
        shipping_price=from_minor(source.shipping_price, source.currency),
        customer=Customer(source.customer_name, source.customer_email, source.customer_phone),
        shipping_address=json_value(source.shipping_address), billing_address=json_value(source.billing_address),
        warehouse_id=source.warehouse, tags=json_value(source.tags) or [], source=OrderSource.PHONE.value,
        lines=[LineRequest(line.product, line.quantity, from_minor(line.unit_price, source.currency),
                           str(line.tax_rate / 100)) for line in lines
               if line.product in products and not products[line.product].is_archived],
    )
    return await create_draft(actor, request)
