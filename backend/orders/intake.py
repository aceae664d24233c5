"""Taking orders: from shops and the merchant's systems (`create_order`), and by phone as drafts that are
completed while the customer is on the line. Stock is reserved at placement; what cannot be is backordered."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict
from typing import Any
from uuid import UUID

from asyncpg.exceptions import UniqueViolationError

from backend.accounts.tables import Merchant
from backend.catalog.services import resolve_merchant
from backend.catalog.tables import Product, Warehouse
from backend.core.authorization import Actor, Permission
from backend.core.db import NamedStatement
from backend.core.errors import Conflict, FieldChecks, NotFound, ValidationFailed
from backend.core.pagination import PlainRow
from backend.events.outbox import OUTBOX_LOCK_ID, StoredEvent, UnitOfWork, publish, unit_of_work
from backend.orders import core
from backend.orders.core import CleanLine
from backend.orders.model import (
    Address,
    OrderRequest,
    OrderSource,
    OrderStatus,
    PaymentMethod,
    PaymentStatus,
    ShippingMethod,
    address_hold_reason,
    check_transition,
    clean_address,
    clean_currency,
    clean_email,
    clean_optional_text,
    clean_tags,
    to_minor,
)
from backend.orders.tables import Order, OrderLine, OrderSettings
from backend.stock.services import RESERVE_UP_TO_CTES


class IdempotencyKeyReused(Conflict):
    code = "DUPLICATE"


def _enum(value: str, kind: type, field: str) -> str:
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
        self.payment_method = checks.check(_enum, request.payment_method, PaymentMethod, "paymentMethod")
        self.payment_status = checks.check(_enum, request.payment_status, PaymentStatus, "paymentStatus")
        self.shipping_method = checks.check(_enum, request.shipping_method, ShippingMethod, "shippingMethod")
        self.shipping_price = checks.check(to_minor, request.shipping_price or "0", self.currency, "shippingPrice") or 0
        self.customer_name = checks.check(clean_optional_text, request.customer.name, "customer.name", 200)
        self.customer_email = checks.check(clean_email, request.customer.email)
        self.customer_phone = checks.check(clean_optional_text, request.customer.phone, "customer.phone", 40)
        self.shipping_address: Address = checks.check(clean_address, request.shipping_address, "shippingAddress")
        self.billing_address: Address = checks.check(clean_address, request.billing_address, "billingAddress")
        self.customer_note = checks.check(clean_optional_text, request.customer_note, "customerNote", 1000)
        self.tags = checks.check(clean_tags, request.tags)
        self.source = checks.check(_enum, request.source, OrderSource, "source")
        self.shop = checks.check(clean_optional_text, request.shop, "shop", 80)
        self.external_id = checks.check(clean_optional_text, request.external_id, "externalId", 100) or None
        self.external_number = checks.check(clean_optional_text, request.external_number, "externalNumber", 100)
        self.idempotency_key = checks.check(clean_optional_text, request.idempotency_key, "idempotencyKey", 100) or None
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


# Intake is the hottest write path: its lookups are plain SQL returning plain rows (building Piccolo queries and
# objects cost more than the database work), and it asks only what it needs.
_PRODUCTS = "SELECT id, merchant, sku, name, is_archived FROM product WHERE id = ANY({}) AND merchant = {}"
# Taking a number: the merchant's counter goes up by one, and the statement answers with the order settings.
_TAKE_NUMBER_SET = "UPDATE order_settings s SET last_number = s.last_number + 1"
_TAKE_NUMBER_RETURNING = "RETURNING s.id, s.merchant, s.prepaid_methods, s.unpaid_cancel_after_days, s.timezone, s.last_number"
# What a new order needs before it is placed, in one round trip: the merchant, the warehouse, an order this
# request already created, the lines' products and, when all of them allow placing it, the merchant's next
# order number with its order settings (a replay or an unknown product takes no number). The number is taken
# outside the order's transaction, so intake never queues on the counter; an intake failing later leaves a gap,
# never a duplicate.
_BEFORE_PLACING = (
    "WITH facts AS (SELECT m.id, m.code, m.name, m.is_active, "
    "(SELECT w.id FROM warehouse w WHERE w.is_active AND ({}::uuid IS NULL OR w.id = {}) ORDER BY w.code LIMIT 1) "
    "AS warehouse, "
    "(SELECT o.id FROM sales_order o WHERE o.merchant = m.id AND o.shop = {} AND o.external_id = {}) AS by_external_id, "
    "(SELECT json_build_object('id', o.id, 'number', o.number, 'request_hash', o.request_hash) FROM sales_order o "
    " WHERE o.merchant = m.id AND o.idempotency_key = {}) AS by_key, "
    "(SELECT json_agg(json_build_object('id', p.id, 'merchant', p.merchant, 'sku', p.sku, 'name', p.name, "
    " 'is_archived', p.is_archived)) FROM product p WHERE p.id = ANY({}) AND p.merchant = m.id) AS products "
    "FROM merchant m WHERE m.id = {}), "
    f"numbered AS ({_TAKE_NUMBER_SET} FROM facts f "
    "WHERE s.merchant = f.id AND f.is_active AND f.warehouse IS NOT NULL AND f.by_external_id IS NULL "
    "AND f.by_key IS NULL AND (SELECT count(*) FROM json_array_elements(f.products) e "
    f"WHERE NOT (e->>'is_archived')::boolean) = {{}} {_TAKE_NUMBER_RETURNING}) "
    "SELECT f.*, (SELECT row_to_json(n) FROM numbered n) AS numbered FROM facts f"
)


async def _products(merchant_id: UUID, lines: list) -> dict[UUID, Product]:
    """The merchant's products among the lines' (id, merchant, sku, name, is_archived: what intake reads)."""
    ids = list({line.product_id for line in lines})
    if not ids:
        return {}
    return {row["id"]: PlainRow(row) for row in await Product.raw(_PRODUCTS, ids, merchant_id)}  # type: ignore[misc]


def _usable_merchant(row: dict | None) -> PlainRow:
    if row is None:
        raise NotFound("No such merchant", field="merchantId")
    if not row["is_active"]:
        raise ValidationFailed("This merchant is deactivated", field="merchantId", code="MERCHANT_INACTIVE")
    return PlainRow(row)


async def _merchant(merchant_id: UUID) -> Merchant:
    rows = await Merchant.raw("SELECT id, code, name, is_active FROM merchant WHERE id = {}", merchant_id)
    return _usable_merchant(rows[0] if rows else None)  # type: ignore[return-value]


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


_TAKE_NUMBER = f"{_TAKE_NUMBER_SET} WHERE s.merchant = {{}} {_TAKE_NUMBER_RETURNING}"


async def numbered_settings(merchant: Merchant) -> tuple[str, OrderSettings]:
    """The merchant's next order number and its order settings, in one statement (like `_BEFORE_PLACING`)."""
    rows = await Order.raw(_TAKE_NUMBER, merchant.id)
    if not rows:  # the merchant's first order: create its settings, then count
        await core.settings_for(merchant.id)
        rows = await Order.raw(_TAKE_NUMBER, merchant.id)
    return f"{merchant.code}-{rows[0]['last_number']}", PlainRow(rows[0])  # type: ignore[return-value]


async def next_number(merchant: Merchant) -> str:
    return (await numbered_settings(merchant))[0]


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


def _new_order(clean: CleanOrder, number: str, warehouse_id: UUID, totals: core.Totals, status: OrderStatus) -> Order:
    return Order(
        merchant=clean.merchant_id, warehouse=warehouse_id, number=number, source=clean.source, shop=clean.shop,
        external_id=clean.external_id, external_number=clean.external_number, idempotency_key=clean.idempotency_key,
        request_hash=clean.fingerprint, status=status.value, payment_method=clean.payment_method,
        payment_status=clean.payment_status, shipping_method=clean.shipping_method, currency=clean.currency,
        subtotal=totals.subtotal, shipping_price=totals.shipping_price, tax=totals.tax, total=totals.total,
        customer_name=clean.customer_name or clean.shipping_address.name, customer_email=clean.customer_email,
        customer_phone=clean.customer_phone, shipping_address=clean.shipping_address.as_json(),
        billing_address=clean.billing().as_json(), customer_note=clean.customer_note, tags=clean.tags, version=1,
        paid_at=core.now() if clean.payment_status == PaymentStatus.PAID.value else None,
    )


_ORDER_COLUMNS = list(Order._meta.columns)
_JSONB_COLUMNS = {c._meta.name for c in _ORDER_COLUMNS if c.__class__.__name__ == "JSONB"}


def _order_value(name: str) -> str:
    if name == "status":  # settled by what could be reserved
        return "(SELECT status FROM settled)"
    return f"{{order_{name}}}" + ("::jsonb" if name in _JSONB_COLUMNS else "")


# A new order is placed in ONE statement, which is its whole transaction: its reservations (as much as there is,
# see `RESERVE_UP_TO_CTES`), its status (given for either outcome, picked by whether every unit was reserved), the
# order, its lines with what each got, its first history entry, the dashboard's hourly figures, and its events
# appended to the outbox. No client round trip happens while it holds stock rows or the outbox's lock.
# A concurrent twin (same shop order or idempotency key) inserted first makes the INSERT wait for it and then
# fail on the unique index, which rolls everything back: `_place_new` answers with the twin's order.
# The other writes run before the outbox append (`written`), so the lock is held only from the append to commit.
_PLACE_NEW_ORDER = NamedStatement(
    "WITH wanted AS (SELECT * FROM unnest({line_product}::uuid[], {line_sku}::text[], {line_quantity}::int[]) "
    "AS w(product, sku, quantity)), "
    + RESERVE_UP_TO_CTES + ", "
    "settled AS (SELECT CASE WHEN coalesce((SELECT sum(granted) FROM granted), 0) = {units} "
    "THEN {status_if_reserved}::text ELSE {status_if_short}::text END AS status), "
    "new_order AS (INSERT INTO sales_order ("
    + ", ".join(f'"{c._meta.db_column_name}"' for c in _ORDER_COLUMNS) + ") VALUES ("
    + ", ".join(_order_value(c._meta.name) for c in _ORDER_COLUMNS)
    + ") RETURNING id, merchant, currency, total), "
    "new_lines AS (INSERT INTO sales_order_line "
    "(sales_order, id, position, product, sku, name, quantity, reserved, unit_price, tax_rate) "
    "SELECT o.id, l.id, l.position, l.product, l.sku, l.name, l.quantity, coalesce(g.granted, 0), l.unit_price, "
    "l.tax_rate FROM new_order o CROSS JOIN unnest({line_id}::uuid[], {line_position}::int[], {line_product}::uuid[], "
    "{line_sku}::text[], {line_name}::text[], {line_quantity}::int[], {line_unit_price}::int[], {line_tax_rate}::int[]) "
    "AS l(id, position, product, sku, name, quantity, unit_price, tax_rate) "
    "LEFT JOIN granted g ON g.product = l.product RETURNING 1), "
    "history AS (INSERT INTO sales_order_change (sales_order, version, kind, message, changes, actor) "
    "SELECT o.id, {version}, 'placed', {message}, {changes}::jsonb || jsonb_build_object('status', "
    "jsonb_build_object('before', {status_before}::text, 'after', s.status)), {actor}::jsonb "
    "FROM new_order o CROSS JOIN settled s RETURNING 1), "
    "hourly AS (" + core.HOURLY_FIGURES_UPSERT.replace(
        "{}", "SELECT o.merchant, {hour}, o.currency, 1, o.total, 0, {slot} FROM new_order o WHERE true", 1)
    + " RETURNING 1), "
    "written AS (SELECT (SELECT count(*) FROM new_lines) + (SELECT count(*) FROM history) "
    "+ (SELECT count(*) FROM hourly) + (SELECT count(*) FROM reservations_booked) AS rows), "
    "shortfall AS (SELECT coalesce(jsonb_object_agg(w.sku, w.quantity - coalesce(g.granted, 0)), jsonb_build_object()) "
    "AS units FROM wanted w LEFT JOIN granted g ON g.product = w.product WHERE w.quantity > coalesce(g.granted, 0)), "
    "events AS (SELECT coalesce((SELECT jsonb_agg(item ORDER BY product) FROM reservation_events), jsonb_build_array()) "
    "|| jsonb_build_array(jsonb_build_object('merchant_id', o.merchant, 'topic', 'ORDER', 'type', 'order.placed', "
    "'entity_type', 'Order', 'entity_id', o.id, 'actor', {actor}::jsonb, 'occurred_at', {occurred_at}::text, "
    "'payload', {payload}::jsonb || jsonb_build_object('status', s.status, 'backordered', f.units))) AS items "
    "FROM new_order o CROSS JOIN settled s CROSS JOIN shortfall f CROSS JOIN written), "
    "appended AS (SELECT a.out_seq, a.out_prev FROM events e CROSS JOIN LATERAL outbox_append({outbox_lock}, e.items) a) "
    "SELECT s.status, e.items, (SELECT json_agg(json_build_array(out_seq, out_prev) ORDER BY out_seq) FROM appended) "
    "AS seqs FROM settled s CROSS JOIN events e"
)
# The unique indexes a concurrent twin of the same order trips.
_TWIN_CONSTRAINTS = {"sales_order_external", "sales_order_idempotency"}


async def _place_new(actor: Actor, order: Order, clean_lines: list[CleanLine], settings: OrderSettings) -> list[StoredEvent]:
    """Reserve a new order's stock (as much as there is), settle its status and write it whole with its events
    (`_PLACE_NEW_ORDER`); returns the events, stored and committed. Raises `_Duplicate` when a concurrent request
    placed the same order first (nothing of ours is written then)."""
    hold = address_hold_reason(Address.from_json(core.json_value(order.shipping_address)), order.shipping_method)
    order.hold_reason = hold
    if_reserved = OrderStatus.ON_HOLD if hold else core.status_after_placement(order, True, settings)
    if_short = OrderStatus.ON_HOLD if hold else core.status_after_placement(order, False, settings)
    before = OrderStatus(order.status)
    for target in (if_reserved, if_short):
        check_transition(before, target, order.number)
    order.status_changed_at = order.updated_at = order.placed_at
    lines = [OrderLine(id=uuid.uuid4(), sales_order=order.id, product=c.product.id, sku=c.product.sku,
                       name=c.product.name, quantity=c.quantity, reserved=0, unit_price=c.unit_price,
                       tax_rate=c.tax_rate, position=position) for position, c in enumerate(clean_lines)]
    event_actor = json.dumps(actor.as_event_actor())
    values = {f"order_{c._meta.name}": json.dumps(getattr(order, c._meta.name)) if c._meta.name in _JSONB_COLUMNS
              else getattr(order, c._meta.name) for c in _ORDER_COLUMNS if c._meta.name != "status"}
    values.update({f"line_{name}": [getattr(line, name) for line in lines] for name in
                   ("id", "position", "product", "sku", "name", "quantity", "unit_price", "tax_rate")})
    try:
        rows = await Order.raw(_PLACE_NEW_ORDER.sql, *_PLACE_NEW_ORDER.args(
            **values, warehouse=order.warehouse, reference=f"order:{order.number}"[:120], actor=event_actor,
            occurred_at=core.now().isoformat(), units=sum(line.quantity for line in lines),
            # A new order had no status before (its DRAFT is only where the transition rules start from).
            status_if_reserved=if_reserved.value, status_if_short=if_short.value, status_before=None,
            version=order.version, message=f"Order {order.number} placed ({order.source.lower()})"[:1000],
            changes=json.dumps({"lines": core.line_snapshot(lines)}, default=str),
            hour=core.placement_hour(order), slot=core.hourly_slot(),
            payload=json.dumps(core.order_payload(order, change="placed"), default=str), outbox_lock=OUTBOX_LOCK_ID,
        ))
    except UniqueViolationError as error:
        if error.constraint_name in _TWIN_CONSTRAINTS:
            raise _Duplicate() from None
        raise
    row = rows[0]
    order.status = row["status"]
    items, seqs = json.loads(row["items"]), json.loads(row["seqs"])
    return [StoredEvent.from_outbox_item(seq, previous, item) for (seq, previous), item in zip(seqs, items, strict=True)]


async def _create(actor: Actor, request: OrderRequest) -> tuple[Order, bool]:
    actor.require(Permission.ORDERS_WRITE)
    clean = CleanOrder(actor, request, draft=False)
    product_ids = list({line.product_id for line in clean.line_requests})
    found = await Merchant.raw(_BEFORE_PLACING, request.warehouse_id, request.warehouse_id, clean.shop,
                               clean.external_id, clean.idempotency_key, product_ids, clean.merchant_id,
                               len(product_ids))
    merchant = _usable_merchant(found[0] if found else None)
    row = found[0]
    existing_id = _matching(clean, row["by_external_id"], core.json_value(row["by_key"]))
    if existing_id is not None:
        existing = await Order.objects().where(Order.id == existing_id).first()
        if existing is not None:
            return existing, False
    products = {UUID(p["id"]): PlainRow({**p, "id": UUID(p["id"]), "merchant": UUID(p["merchant"])})
                for p in core.json_value(row["products"]) or []}
    lines = core.clean_lines(clean.line_requests, products, clean.currency, merchant.id)  # type: ignore[arg-type]
    warehouse_id = merchant.warehouse
    if warehouse_id is None:
        raise _no_warehouse(request.warehouse_id)
    numbered = core.json_value(row["numbered"])
    if numbered is None:  # the merchant's first order: its settings are made now
        number, settings = await numbered_settings(merchant)  # type: ignore[arg-type]
    else:
        number, settings = f"{merchant.code}-{numbered['last_number']}", PlainRow(numbered)  # type: ignore[assignment]
    order = _new_order(clean, number, warehouse_id, core.totals_of(lines, clean.shipping_price), OrderStatus.DRAFT)
    order.placed_at = core.now()
    await publish(await _place_new(actor, order, lines, settings), source="api")
    return order, True


class _Duplicate(Exception):
    """A concurrent request created the same order; ours rolls back and returns that one."""


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


async def _place(uow: UnitOfWork, order: Order, clean_lines: list[CleanLine], settings, *, kind: str, message: str,
                 existing_lines: list[OrderLine] | None = None) -> None:
    """Write the lines, reserve stock and settle the status (or hold for a failed address check)."""
    lines = await core.write_lines(order, clean_lines, existing_lines or [])
    products = {line.product.id: line.product for line in clean_lines}
    if existing_lines:
        products.update({p.id: p for p in await Product.objects().where(
            Product.id.is_in([line.product for line in existing_lines]))})
    fully = await core.sync_reservations(uow, order, lines, products, keep=True)
    await core.save_lines(order, lines)
    changes: dict[str, Any] = {}
    hold = address_hold_reason(Address.from_json(core.json_value(order.shipping_address)), order.shipping_method)
    target = OrderStatus.ON_HOLD if hold else core.status_after_placement(order, fully, settings)
    order.hold_reason = hold
    core.move_to(order, target, changes)
    order.placed_at = order.placed_at or core.now()
    await core.save_order(order)
    await core.count_placement(order, placed=1)
    short = {line.sku: line.quantity - line.reserved for line in lines if line.quantity > line.reserved}
    await core.record_change(uow, order, kind, message, {**changes, "lines": core.line_snapshot(lines)},
                             event="order.placed", backordered=short)


# ---------------------------------------------------------------- phone orders


async def create_draft(actor: Actor, request: OrderRequest) -> Order:
    """A draft: no stock reserved yet; lines may be empty while the agent is still asking."""
    actor.require(Permission.ORDERS_WRITE)
    request.source = OrderSource.PHONE.value if request.source == OrderSource.API.value else request.source
    clean = CleanOrder(actor, request, draft=True)
    merchant = await _merchant(clean.merchant_id)
    products = await _products(merchant.id, clean.line_requests)
    lines = core.clean_lines(clean.line_requests, products, clean.currency, merchant.id, require=False)
    warehouse_id = await shipping_warehouse(request.warehouse_id)
    number = await next_number(merchant)
    async with unit_of_work(actor) as uow:
        order = _new_order(clean, number, warehouse_id, core.totals_of(lines, clean.shipping_price), OrderStatus.DRAFT)
        order.idempotency_key = None
        await order.save()
        written = await core.write_lines(order, lines, [])
        await core.save_lines(order, written)
        await core.record_change(uow, order, "draft_created", f"Draft {number} started", {"lines": core.line_snapshot(written)},
                                 event="order.draft_created", bump=False)
    return order


async def complete_draft(actor: Actor, order_id: UUID, expected_version: int | None = None) -> Order:
    """Place a draft: the same checks, reservation and status as any new order."""
    actor.require(Permission.ORDERS_WRITE)
    async with unit_of_work(actor) as uow:
        order = await core.locked_order(actor, order_id)
        await core.require_version(order, expected_version)
        if order.status != OrderStatus.DRAFT.value:
            raise ValidationFailed(f"Order {order.number} is not a draft", field="orderId", code="INVALID_STATE")
        existing = await core.order_lines(order.id)
        if not existing:
            raise ValidationFailed("Add at least one line", field="lines", code="REQUIRED")
        if not (order.customer_name or Address.from_json(core.json_value(order.shipping_address)).name):
            raise ValidationFailed("Name the customer", field="customer.name", code="REQUIRED")
        products = {p.id: p for p in await Product.objects().where(Product.id.is_in([line.product for line in existing]))}
        archived = [p.sku for p in products.values() if p.is_archived]
        if archived:
            raise ValidationFailed(f"Archived meanwhile: {', '.join(archived)}", field="lines", code="ARCHIVED")
        clean = [CleanLine(products[line.product], line.quantity, line.unit_price, line.tax_rate) for line in existing]
        settings = await core.settings_for(order.merchant)
        order.placed_at = core.now()
        await _place(uow, order, clean, settings, kind="draft_completed", message=f"Draft {order.number} completed",
                     existing_lines=existing)
    return order


async def duplicate_order(actor: Actor, order_id: UUID) -> Order:
    """A new draft with an earlier order's customer, addresses, payment and shipping method and lines (a repeat
    order); lines whose product is archived now are left out."""
    from backend.orders.queries import orders_by_ids

    actor.require(Permission.ORDERS_WRITE)
    source = (await orders_by_ids(actor, [order_id])).get(order_id)
    if source is None:
        raise NotFound("No such order", field="orderId")
    lines = await core.order_lines(source.id)
    products = {p.id: p for p in await Product.objects().where(Product.id.is_in([line.product for line in lines] or [None]))}
    from backend.orders.model import Customer, LineRequest, from_minor

    request = OrderRequest(
        merchant_id=source.merchant, currency=source.currency, payment_method=source.payment_method,
        shipping_method=source.shipping_method, shipping_price=from_minor(source.shipping_price, source.currency),
        customer=Customer(source.customer_name, source.customer_email, source.customer_phone),
        shipping_address=core.json_value(source.shipping_address), billing_address=core.json_value(source.billing_address),
        warehouse_id=source.warehouse,
        tags=core.json_value(source.tags) or [], source=OrderSource.PHONE.value,
        lines=[LineRequest(line.product, line.quantity, from_minor(line.unit_price, source.currency),
                           str(line.tax_rate / 100)) for line in lines
               if line.product in products and not products[line.product].is_archived],
    )
    if actor.is_operator:
        request.merchant_id = source.merchant
    else:
        request.merchant_id = None
    draft = await create_draft(actor, request)
    return draft
