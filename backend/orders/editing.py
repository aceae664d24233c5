"""Changing orders until picking starts: lines (reservations follow in the same transaction), addresses, customer
and shipping; holds, cancellation, notes and tags. Every change names the version it was based on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from backend.catalog.tables import Product
from backend.core.authorization import Actor, Permission
from backend.core.clock import utcnow
from backend.core.errors import FieldChecks, ValidationFailed
from backend.core.queries import json_value
from backend.events.outbox import UnitOfWork, unit_of_work
from backend.orders.access import locked_order, require_version
from backend.orders.figures import add_to_hourly_figures, count_cancellation
from backend.orders.history import history_entry, move_to, record_change, save_order
from backend.orders.intake import clean_enum
from backend.orders.lines import (
    clean_lines,
    line_products,
    line_snapshot,
    order_lines,
    save_lines,
    totals_of,
    write_lines,
)
from backend.orders.model import (
    EDITABLE,
    RESERVING,
    Address,
    Customer,
    LineRequest,
    OrderStatus,
    PaymentMethod,
    ShippingMethod,
    address_hold_reason,
    clean_address,
    clean_email,
    clean_optional_text,
    clean_tags,
    from_minor,
    to_minor,
)
from backend.orders.policy import settings_for, status_after_placement
from backend.orders.reservations import sync_reservations
from backend.orders.tables import Order, OrderLine, OrderNote

HOLD_REASON_MAX = 500


class InvalidState(ValidationFailed):
    code = "INVALID_STATE"


@dataclass
class OrderChanges:
    """What `orderUpdate` may change; None leaves a field as it is."""

    lines: list[LineRequest] | None = None
    customer: Customer | None = None
    shipping_address: dict[str, Any] | None = None
    billing_address: dict[str, Any] | None = None
    shipping_method: str | None = None
    shipping_price: str | None = None
    payment_method: str | None = None
    customer_note: str | None = None
    tags: list[str] | None = None


def _require_editable(order: Order) -> None:
    if OrderStatus(order.status) not in EDITABLE:
        raise InvalidState(
            f"Order {order.number} is {order.status.replace('_', ' ').lower()}: it can no longer be changed", field="orderId"
        )


# Statuses that follow from stock and payment alone: a change of lines or payment method moves the order among them.
_SETTLED = (OrderStatus.READY.value, OrderStatus.BACKORDERED.value, OrderStatus.AWAITING_PAYMENT.value)


async def update_order(actor: Actor, order_id: UUID, expected_version: int, changes: OrderChanges) -> Order:
    return await _update(actor, order_id, expected_version, changes, draft_only=False)


async def update_draft(actor: Actor, order_id: UUID, expected_version: int, changes: OrderChanges) -> Order:
    """`update_order` for a phone draft only: a placed order is refused (support edits those with `update_order`)."""
    return await _update(actor, order_id, expected_version, changes, draft_only=True)


async def _update(actor: Actor, order_id: UUID, expected_version: int, changes: OrderChanges, *,
                  draft_only: bool) -> Order:
    actor.require(Permission.ORDERS_WRITE)
    async with unit_of_work(actor) as uow:
        order = await locked_order(actor, order_id)
        if draft_only and order.status != OrderStatus.DRAFT.value:
            raise InvalidState(f"Order {order.number} is not a draft; use orderUpdate", field="orderId")
        await require_version(order, expected_version)
        _require_editable(order)
        checks = FieldChecks()
        diff = _apply_fields(order, changes, checks)
        shipping_price = order.shipping_price
        if changes.shipping_price is not None:
            shipping_price = checks.check(to_minor, changes.shipping_price, order.currency, "shippingPrice")
        checks.raise_if_any()
        if changes.lines is not None:
            lines = await _change_lines(uow, order, changes.lines, diff)
        else:
            lines = await order_lines(order.id)
            if "payment_method" in diff and order.status in (OrderStatus.READY.value, OrderStatus.AWAITING_PAYMENT.value):
                move_to(order, status_after_placement(order, True, await settings_for(order.merchant)), diff)
        await _update_totals(order, lines, shipping_price, diff)
        if "shipping_address" in diff or "shipping_method" in diff:
            await _recheck_address(uow, order, diff)
        if not diff:
            return order
        await save_order(order)
        await record_change(uow, order, history_entry("updated", fields=list(diff)), diff)
    return order


_AS_STORED = object()  # compare with the order's attribute as it is


def _apply_fields(order: Order, changes: OrderChanges, checks: FieldChecks) -> dict[str, Any]:
    """Set the customer, addresses, methods, note and tags asked for; returns what changed, before and after."""
    diff: dict[str, Any] = {}

    def set_field(attr: str, value: Any, current: Any = _AS_STORED) -> None:
        before = getattr(order, attr) if current is _AS_STORED else current
        if value is not None and before != value:
            diff[attr] = {"before": before, "after": value}
            setattr(order, attr, value)

    if changes.customer is not None:
        set_field("customer_name", checks.check(clean_optional_text, changes.customer.name, "customer.name", 200))
        set_field("customer_email", checks.check(clean_email, changes.customer.email))
        set_field("customer_phone", checks.check(clean_optional_text, changes.customer.phone, "customer.phone", 40))
    for attr, raw, field in (("shipping_address", changes.shipping_address, "shippingAddress"),
                             ("billing_address", changes.billing_address, "billingAddress")):
        address = checks.check(clean_address, raw, field) if raw is not None else None
        if address is not None:
            set_field(attr, address.as_json(), Address.from_json(json_value(getattr(order, attr))).as_json())
    if changes.shipping_method is not None:
        set_field("shipping_method", checks.check(clean_enum, changes.shipping_method, ShippingMethod, "shippingMethod"))
    if changes.payment_method is not None:
        set_field("payment_method", checks.check(clean_enum, changes.payment_method, PaymentMethod, "paymentMethod"))
    if changes.customer_note is not None:
        set_field("customer_note", checks.check(clean_optional_text, changes.customer_note, "customerNote", 1000))
    if changes.tags is not None:
        set_field("tags", checks.check(clean_tags, changes.tags), json_value(order.tags))
    return diff


async def _change_lines(uow: UnitOfWork, order: Order, requested: list[LineRequest], diff: dict[str, Any]) -> list[OrderLine]:
    """Make the lines what was asked, reserving or releasing stock, and settle the status by what could be
    reserved; returns the lines the order keeps."""
    existing = await order_lines(order.id)
    ids = list({line.product_id for line in requested} | {line.product for line in existing})
    products = {p.id: p for p in await Product.objects().where(Product.id.is_in(ids))}
    # Lines already on the order may stay although their product was archived since.
    kept_ids = {line.product for line in existing}
    allowed = {k: (v if k not in kept_ids else _unarchived(v)) for k, v in products.items() if v.merchant == order.merchant}
    wanted = clean_lines(requested, allowed, order.currency, order.merchant,
                         require=order.status != OrderStatus.DRAFT.value)
    for line in wanted:
        line.product = products[line.product.id]
    before = line_snapshot(existing)
    lines = write_lines(order, wanted, existing)
    fully = await sync_reservations(uow, order, lines, products, keep=OrderStatus(order.status) in RESERVING)
    await save_lines(lines)
    lines = [line for line in lines if line.quantity > 0]
    after = line_snapshot(lines)
    if before != after:
        diff["lines"] = {"before": before, "after": after}
    if order.status in _SETTLED:
        move_to(order, status_after_placement(order, fully, await settings_for(order.merchant)), diff)
    return lines


async def _update_totals(order: Order, lines: list[OrderLine], shipping_price: int, diff: dict[str, Any]) -> None:
    """New totals from the lines and shipping price; a placed order's hour figures follow its revenue."""
    totals = totals_of(lines, shipping_price)
    if (totals.total, totals.shipping_price) == (order.total, order.shipping_price):
        return
    diff["total"] = {"before": from_minor(order.total, order.currency), "after": from_minor(totals.total, order.currency)}
    revenue_delta = totals.total - order.total
    order.subtotal, order.shipping_price, order.tax, order.total = (
        totals.subtotal, totals.shipping_price, totals.tax, totals.total)
    if order.placed_at is not None:
        await add_to_hourly_figures(order, revenue=revenue_delta)


def _unarchived(product: Product) -> Product:
    copy = Product(**{c._meta.name: getattr(product, c._meta.name) for c in Product._meta.columns})
    copy.is_archived = False
    return copy


async def _recheck_address(uow: UnitOfWork, order: Order, diff: dict[str, Any]) -> None:
    """A changed address is checked again: a failure holds the order, a fix lifts an address hold (and the order
    goes where it belongs now)."""
    if order.status == OrderStatus.DRAFT.value:
        return
    reason = address_hold_reason(Address.from_json(json_value(order.shipping_address)), order.shipping_method)
    if reason and order.status != OrderStatus.ON_HOLD.value:
        move_to(order, OrderStatus.ON_HOLD, diff)
        diff["hold_reason"] = {"before": order.hold_reason, "after": reason}
        order.hold_reason = reason
    elif not reason and order.status == OrderStatus.ON_HOLD.value and order.hold_reason.startswith("Address check"):
        diff["hold_reason"] = {"before": order.hold_reason, "after": ""}
        order.hold_reason = ""
        await _reserve_and_settle(uow, order, diff)


async def _reserve_and_settle(uow: UnitOfWork, order: Order, diff: dict[str, Any]) -> None:
    """Reserve what is missing and move the order where it belongs by stock and payment."""
    lines = await order_lines(order.id)
    fully = await sync_reservations(uow, order, lines, await line_products(lines), keep=True)
    await save_lines(lines)
    move_to(order, status_after_placement(order, fully, await settings_for(order.merchant)), diff)


async def hold_order(actor: Actor, order_id: UUID, reason: str, expected_version: int | None = None) -> Order:
    actor.require(Permission.ORDERS_WRITE)
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise ValidationFailed("Say why the order is held", field="reason", code="REQUIRED")
    if len(cleaned) > HOLD_REASON_MAX:
        raise ValidationFailed(f"At most {HOLD_REASON_MAX} characters", field="reason", code="TOO_LONG")
    async with unit_of_work(actor) as uow:
        order = await locked_order(actor, order_id)
        await require_version(order, expected_version)
        if order.status == OrderStatus.ON_HOLD.value:
            raise InvalidState(f"Order {order.number} is already on hold: {order.hold_reason}", field="orderId")
        if order.status == OrderStatus.DRAFT.value:
            raise InvalidState(f"Order {order.number} is a draft; complete it first", field="orderId")
        diff: dict[str, Any] = {}
        move_to(order, OrderStatus.ON_HOLD, diff)
        diff["hold_reason"] = {"before": order.hold_reason, "after": cleaned}
        order.hold_reason = cleaned
        await save_order(order)
        await record_change(uow, order, history_entry("held", reason=cleaned), diff, event="order.held")
    return order


async def release_hold(actor: Actor, order_id: UUID, note: str = "", expected_version: int | None = None) -> Order:
    """Lift a hold: the order goes where it belongs now (backordered, awaiting payment or ready). An address
    that still fails the check keeps it held."""
    actor.require(Permission.ORDERS_WRITE)
    async with unit_of_work(actor) as uow:
        order = await locked_order(actor, order_id)
        await require_version(order, expected_version)
        if order.status != OrderStatus.ON_HOLD.value:
            raise InvalidState(f"Order {order.number} is not on hold", field="orderId")
        reason = address_hold_reason(Address.from_json(json_value(order.shipping_address)), order.shipping_method)
        if reason:
            raise InvalidState(f"Fix the address first. {reason}", field="shippingAddress")
        diff: dict[str, Any] = {"hold_reason": {"before": order.hold_reason, "after": ""}}
        order.hold_reason = ""
        await _reserve_and_settle(uow, order, diff)
        await save_order(order)
        await record_change(uow, order, history_entry("released", note=note.strip()[:1000]), diff, event="order.released")
    return order


# Called inside the cancelling unit of work with it and the order's id: the warehouse floor takes the order off its
# picklists (registered by `backend.reactions`).
_leaving_the_floor: list[Callable[[UnitOfWork, UUID], Awaitable[Any]]] = []


def on_cancelled_on_the_floor(listener: Callable[[UnitOfWork, UUID], Awaitable[Any]]) -> None:
    if listener not in _leaving_the_floor:
        _leaving_the_floor.append(listener)


async def cancel_order(actor: Actor, order_id: UUID, reason: str, expected_version: int | None = None, *,
                       restock_location_code: str | None = None) -> Order:
    """Cancel and release every reservation; refused once anything shipped. An order being picked or packed is
    cancelled by operators only, naming the bin its picked units go back to."""
    actor.require(Permission.ORDERS_WRITE)
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise ValidationFailed("Say why the order is cancelled", field="reason", code="REQUIRED")
    if len(cleaned) > 500:
        raise ValidationFailed("At most 500 characters", field="reason", code="TOO_LONG")
    async with unit_of_work(actor) as uow:
        order = await locked_order(actor, order_id)
        await require_version(order, expected_version)
        if order.status in (OrderStatus.PICKING.value, OrderStatus.PACKED.value):
            await _restock_picked(uow, actor, order, restock_location_code)
        await cancel_locked(uow, order, cleaned)
    return order


async def _restock_picked(uow: UnitOfWork, actor: Actor, order: Order, location_code: str | None) -> None:
    """A supervisor's cancellation on the floor: picked units go back into a bin, the order leaves its picklist."""
    from backend.catalog.services import find_location
    from backend.stock.services import restock_in

    if not actor.is_operator:
        raise InvalidState(f"Order {order.number} is {order.status.lower()} in the warehouse: ask the fulfillment "
                           "center to cancel it", field="orderId")
    if not location_code:
        raise ValidationFailed(f"Order {order.number} is {order.status.lower()}: name the bin its picked units go "
                               "back to", field="restockLocationCode", code="REQUIRED")
    location = await find_location(order.warehouse, location_code, "restockLocationCode")
    lines = await order_lines(order.id)
    products = await line_products(lines)
    for line in lines:
        if line.picked:
            await restock_in(uow, products[line.product], order.warehouse, location, line.picked,
                             reference=f"order:{order.number} cancelled")
            await OrderLine.update({OrderLine.picked: 0}).where(OrderLine.id == line.id)
    for listener in _leaving_the_floor:
        await listener(uow, order.id)


async def cancel_locked(uow: UnitOfWork, order: Order, reason: str, *, unpaid_days: int | None = None) -> None:
    """Cancel a locked order; `unpaid_days` when it is cancelled for not being paid within that many days."""
    status = OrderStatus(order.status)
    if status in (OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        raise InvalidState(f"Order {order.number} has shipped and cannot be cancelled; take a return instead",
                           field="orderId")
    if status is OrderStatus.CANCELLED:
        raise InvalidState(f"Order {order.number} is already cancelled", field="orderId")
    if any(line.picked for line in await order_lines(order.id)):
        raise InvalidState(f"Order {order.number} has picked units: put them back first", field="orderId")
    lines = await order_lines(order.id)
    await sync_reservations(uow, order, lines, await line_products(lines), keep=False)
    await save_lines(lines)
    diff: dict[str, Any] = {}
    move_to(order, OrderStatus.CANCELLED, diff)
    order.cancel_reason = reason
    order.cancelled_at = utcnow()
    await save_order(order)
    if order.placed_at is not None:
        await count_cancellation(order)
    released = {line.sku: line.quantity for line in lines}
    entry = history_entry("cancelled", reason=reason, **({} if unpaid_days is None else {"unpaidDays": unpaid_days}))
    await record_change(uow, order, entry, {**diff, "cancel_reason": reason},
                        event="order.cancelled", released=released)


async def add_note(actor: Actor, order_id: UUID, text: str) -> tuple[Order, OrderNote]:
    actor.require(Permission.ORDERS_WRITE)
    cleaned = text.strip()
    if not cleaned:
        raise ValidationFailed("Write the note", field="text", code="REQUIRED")
    if len(cleaned) > 2000:
        raise ValidationFailed("At most 2000 characters", field="text", code="TOO_LONG")
    async with unit_of_work(actor) as uow:
        order = await locked_order(actor, order_id)
        note = OrderNote(sales_order=order.id, text=cleaned, actor=actor.as_event_actor())
        await note.save()
        await save_order(order)
        await record_change(uow, order, history_entry("note_added", text=cleaned[:200]), {"note": cleaned[:200]},
                            event="order.note_added")
    return order, note


async def change_tags(actor: Actor, order_id: UUID, add: list[str], remove: list[str],
                      expected_version: int | None = None) -> Order:
    actor.require(Permission.ORDERS_WRITE)
    checks = FieldChecks()
    adding = checks.check(clean_tags, add, "add") or []
    removing = checks.check(clean_tags, remove, "remove") or []
    checks.raise_if_any()
    if not adding and not removing:
        raise ValidationFailed("Name a tag to add or remove", field="add", code="REQUIRED")
    async with unit_of_work(actor) as uow:
        order = await locked_order(actor, order_id)
        await require_version(order, expected_version)
        before = list(json_value(order.tags) or [])
        after = [t for t in before if t not in removing] + [t for t in adding if t not in before]
        if len(after) > 20:
            raise ValidationFailed("At most 20 tags", field="add")
        if after == before:
            return order
        order.tags = after
        await save_order(order)
        await record_change(uow, order, history_entry("tagged", tags=after),
                            {"tags": {"before": before, "after": after}}, event="order.updated")
    return order
