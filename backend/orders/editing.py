"""Changing orders until picking starts: lines (reservations follow in the same transaction), addresses, customer
and shipping; holds, cancellation, notes and tags. Every change names the version it was based on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from backend.catalog.tables import Product
from backend.core.authorization import Actor, Permission
from backend.core.errors import FieldChecks, ValidationFailed
from backend.events.outbox import unit_of_work
from backend.orders import core
from backend.orders.model import (
    EDITABLE,
    Address,
    Customer,
    LineRequest,
    OrderStatus,
    ShippingMethod,
    address_hold_reason,
    clean_address,
    clean_email,
    clean_optional_text,
    clean_tags,
    from_minor,
    to_minor,
)
from backend.orders.tables import Order, OrderNote

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


async def update_order(actor: Actor, order_id: UUID, expected_version: int, changes: OrderChanges) -> Order:
    actor.require(Permission.ORDERS_WRITE)
    async with unit_of_work(actor) as uow:
        order = await core.locked_order(actor, order_id)
        await core.require_version(order, expected_version)
        _require_editable(order)
        diff: dict[str, Any] = {}
        checks = FieldChecks()
        from backend.orders.intake import _enum
        from backend.orders.model import PaymentMethod

        if changes.customer is not None:
            name = checks.check(clean_optional_text, changes.customer.name, "customer.name", 200)
            email = checks.check(clean_email, changes.customer.email)
            phone = checks.check(clean_optional_text, changes.customer.phone, "customer.phone", 40)
            for attr, value in (("customer_name", name), ("customer_email", email), ("customer_phone", phone)):
                if value is not None and getattr(order, attr) != value:
                    diff[attr] = {"before": getattr(order, attr), "after": value}
                    setattr(order, attr, value)
        for attr, raw, field in (("shipping_address", changes.shipping_address, "shippingAddress"),
                                 ("billing_address", changes.billing_address, "billingAddress")):
            if raw is None:
                continue
            address = checks.check(clean_address, raw, field)
            if address is not None:
                before = Address.from_json(core.json_value(getattr(order, attr))).as_json()
                if before != address.as_json():
                    diff[attr] = {"before": before, "after": address.as_json()}
                    setattr(order, attr, address.as_json())
        if changes.shipping_method is not None:
            method = checks.check(_enum, changes.shipping_method, ShippingMethod, "shippingMethod")
            if method and method != order.shipping_method:
                diff["shipping_method"] = {"before": order.shipping_method, "after": method}
                order.shipping_method = method
        if changes.payment_method is not None:
            method = checks.check(_enum, changes.payment_method, PaymentMethod, "paymentMethod")
            if method and method != order.payment_method:
                diff["payment_method"] = {"before": order.payment_method, "after": method}
                order.payment_method = method
        if changes.customer_note is not None:
            note = checks.check(clean_optional_text, changes.customer_note, "customerNote", 1000)
            if note is not None and note != order.customer_note:
                diff["customer_note"] = {"before": order.customer_note, "after": note}
                order.customer_note = note
        if changes.tags is not None:
            tags = checks.check(clean_tags, changes.tags)
            if tags is not None and tags != core.json_value(order.tags):
                diff["tags"] = {"before": core.json_value(order.tags), "after": tags}
                order.tags = tags
        shipping_price = order.shipping_price
        if changes.shipping_price is not None:
            shipping_price = checks.check(to_minor, changes.shipping_price, order.currency, "shippingPrice")
        checks.raise_if_any()

        existing = await core.order_lines(order.id)
        lines = existing
        if changes.lines is not None:
            ids = list({line.product_id for line in changes.lines} | {line.product for line in existing})
            products = {p.id: p for p in await Product.objects().where(Product.id.is_in(ids))}
            # Lines already on the order may stay although their product was archived since.
            wanted_products = {k: v for k, v in products.items() if v.merchant == order.merchant}
            kept_ids = {line.product for line in existing}
            check_products = {k: (v if k not in kept_ids else _unarchived(v)) for k, v in wanted_products.items()}
            wanted = core.clean_lines(changes.lines, check_products, order.currency, order.merchant,
                                      require=order.status != OrderStatus.DRAFT.value)
            for line in wanted:
                line.product = products[line.product.id]
            before = core.line_snapshot(existing)
            lines = await core.write_lines(order, wanted, existing)
            for line in lines[len(wanted):]:
                line.quantity = 0  # removed
            fully = await core.sync_reservations(uow, order, lines, products, keep=core.reserving(order.status))
            await core.save_lines(order, lines)
            lines = [line for line in lines if line.quantity > 0]
            after = core.line_snapshot(lines)
            if before != after:
                diff["lines"] = {"before": before, "after": after}
            if order.status in (OrderStatus.READY.value, OrderStatus.BACKORDERED.value, OrderStatus.AWAITING_PAYMENT.value):
                settings = await core.settings_for(order.merchant)
                core.move_to(order, core.status_after_placement(order, fully, settings), diff)
        elif "payment_method" in diff and order.status in (OrderStatus.READY.value, OrderStatus.AWAITING_PAYMENT.value):
            settings = await core.settings_for(order.merchant)
            core.move_to(order, core.status_after_placement(order, True, settings), diff)

        totals = core.totals_of(lines, shipping_price)
        if (totals.total, totals.shipping_price) != (order.total, order.shipping_price):
            diff["total"] = {"before": from_minor(order.total, order.currency), "after": from_minor(totals.total, order.currency)}
            revenue_delta = totals.total - order.total
            order.subtotal, order.shipping_price, order.tax, order.total = (
                totals.subtotal, totals.shipping_price, totals.tax, totals.total)
            if order.placed_at is not None:
                await core.add_to_hourly_figures(order, revenue=revenue_delta)

        if "shipping_address" in diff or "shipping_method" in diff:
            diff.update(_recheck_address(order))
            if diff.pop("_release", False):
                # The fix lifted an address hold: the order goes where it belongs now.
                current = await core.order_lines(order.id)
                products = {p.id: p for p in await Product.objects().where(
                    Product.id.is_in([line.product for line in current] or [None]))}
                fully = await core.sync_reservations(uow, order, current, products, keep=True)
                await core.save_lines(order, current)
                settings = await core.settings_for(order.merchant)
                core.move_to(order, core.status_after_placement(order, fully, settings), diff)
        if not diff:
            return order
        await core.save_order(order)
        await core.record_change(uow, order, "updated", f"Changed {', '.join(diff)}", diff)
    return order


def _unarchived(product: Product) -> Product:
    copy = Product(**{c._meta.name: getattr(product, c._meta.name) for c in Product._meta.columns})
    copy.is_archived = False
    return copy


def _recheck_address(order: Order) -> dict[str, Any]:
    """A changed address is checked again: a failure holds the order, a fix lifts an address hold."""
    reason = address_hold_reason(Address.from_json(core.json_value(order.shipping_address)), order.shipping_method)
    diff: dict[str, Any] = {}
    if order.status == OrderStatus.DRAFT.value:
        return diff
    if reason and order.status != OrderStatus.ON_HOLD.value:
        core.move_to(order, OrderStatus.ON_HOLD, diff)
        diff["hold_reason"] = {"before": order.hold_reason, "after": reason}
        order.hold_reason = reason
    elif not reason and order.status == OrderStatus.ON_HOLD.value and order.hold_reason.startswith("Address check"):
        diff["hold_reason"] = {"before": order.hold_reason, "after": ""}
        order.hold_reason = ""
        diff["_release"] = True
    return diff


async def hold_order(actor: Actor, order_id: UUID, reason: str, expected_version: int | None = None) -> Order:
    actor.require(Permission.ORDERS_WRITE)
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise ValidationFailed("Say why the order is held", field="reason", code="REQUIRED")
    if len(cleaned) > HOLD_REASON_MAX:
        raise ValidationFailed(f"At most {HOLD_REASON_MAX} characters", field="reason", code="TOO_LONG")
    async with unit_of_work(actor) as uow:
        order = await core.locked_order(actor, order_id)
        await core.require_version(order, expected_version)
        if order.status == OrderStatus.ON_HOLD.value:
            raise InvalidState(f"Order {order.number} is already on hold: {order.hold_reason}", field="orderId")
        if order.status == OrderStatus.DRAFT.value:
            raise InvalidState(f"Order {order.number} is a draft; complete it first", field="orderId")
        diff: dict[str, Any] = {}
        core.move_to(order, OrderStatus.ON_HOLD, diff)
        diff["hold_reason"] = {"before": order.hold_reason, "after": cleaned}
        order.hold_reason = cleaned
        await core.save_order(order)
        await core.record_change(uow, order, "held", f"Held: {cleaned}", diff, event="order.held")
    return order


async def release_hold(actor: Actor, order_id: UUID, note: str = "", expected_version: int | None = None) -> Order:
    """Lift a hold: the order goes where it belongs now (backordered, awaiting payment or ready). An address
    that still fails the check keeps it held."""
    actor.require(Permission.ORDERS_WRITE)
    async with unit_of_work(actor) as uow:
        order = await core.locked_order(actor, order_id)
        await core.require_version(order, expected_version)
        if order.status != OrderStatus.ON_HOLD.value:
            raise InvalidState(f"Order {order.number} is not on hold", field="orderId")
        reason = address_hold_reason(Address.from_json(core.json_value(order.shipping_address)), order.shipping_method)
        if reason:
            raise InvalidState(f"Fix the address first. {reason}", field="shippingAddress")
        await _settle(uow, order, {"hold_reason": {"before": order.hold_reason, "after": ""}},
                      kind="released", message=f"Hold released{': ' + note.strip() if note.strip() else ''}")
    return order


async def _settle(uow, order: Order, diff: dict[str, Any], *, kind: str, message: str, event: str = "order.released") -> None:  # noqa: ANN001
    """Reserve what is missing and move the order where it belongs, then record it."""
    lines = await core.order_lines(order.id)
    products = {p.id: p for p in await Product.objects().where(Product.id.is_in([line.product for line in lines] or [None]))}
    fully = await core.sync_reservations(uow, order, lines, products, keep=True)
    await core.save_lines(order, lines)
    settings = await core.settings_for(order.merchant)
    order.hold_reason = ""
    core.move_to(order, core.status_after_placement(order, fully, settings), diff)
    await core.save_order(order)
    await core.record_change(uow, order, kind, message, diff, event=event)


async def cancel_order(actor: Actor, order_id: UUID, reason: str, expected_version: int | None = None) -> Order:
    """Cancel and release every reservation; refused once anything shipped."""
    actor.require(Permission.ORDERS_WRITE)
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise ValidationFailed("Say why the order is cancelled", field="reason", code="REQUIRED")
    if len(cleaned) > 500:
        raise ValidationFailed("At most 500 characters", field="reason", code="TOO_LONG")
    async with unit_of_work(actor) as uow:
        order = await core.locked_order(actor, order_id)
        await core.require_version(order, expected_version)
        await cancel_locked(uow, order, cleaned)
    return order


async def cancel_locked(uow, order: Order, reason: str) -> None:  # noqa: ANN001
    status = OrderStatus(order.status)
    if status in (OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        raise InvalidState(f"Order {order.number} has shipped and cannot be cancelled; take a return instead",
                           field="orderId")
    if status is OrderStatus.CANCELLED:
        raise InvalidState(f"Order {order.number} is already cancelled", field="orderId")
    lines = await core.order_lines(order.id)
    products = {p.id: p for p in await Product.objects().where(Product.id.is_in([line.product for line in lines] or [None]))}
    await core.sync_reservations(uow, order, lines, products, keep=False)
    await core.save_lines(order, lines)
    diff: dict[str, Any] = {}
    core.move_to(order, OrderStatus.CANCELLED, diff)
    order.cancel_reason = reason
    order.cancelled_at = core.now()
    await core.save_order(order)
    if order.placed_at is not None:
        await core.count_placement(order, cancelled=1)
    released = {line.sku: line.quantity for line in lines}
    await core.record_change(uow, order, "cancelled", f"Cancelled: {reason}", {**diff, "cancel_reason": reason},
                             event="order.cancelled", released=released)


async def add_note(actor: Actor, order_id: UUID, text: str) -> tuple[Order, OrderNote]:
    actor.require(Permission.ORDERS_WRITE)
    cleaned = text.strip()
    if not cleaned:
        raise ValidationFailed("Write the note", field="text", code="REQUIRED")
    if len(cleaned) > 2000:
        raise ValidationFailed("At most 2000 characters", field="text", code="TOO_LONG")
    async with unit_of_work(actor) as uow:
        order = await core.locked_order(actor, order_id)
        note = OrderNote(sales_order=order.id, text=cleaned, actor=actor.as_event_actor())
        await note.save()
        await core.save_order(order)
        await core.record_change(uow, order, "note_added", cleaned[:200], {"note": cleaned[:200]}, event="order.note_added")
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
        order = await core.locked_order(actor, order_id)
        await core.require_version(order, expected_version)
        before = list(core.json_value(order.tags) or [])
        after = [t for t in before if t not in removing] + [t for t in adding if t not in before]
        if len(after) > 20:
            raise ValidationFailed("At most 20 tags", field="add")
        if after == before:
            return order
        order.tags = after
        await core.save_order(order)
        await core.record_change(uow, order, "tagged", f"Tags: {', '.join(after) or 'none'}",
                                 {"tags": {"before": before, "after": after}}, event="order.updated")
    return order
