"""A return's way from announcement to completion: announced for an order's shipped lines, taken in at the dock
(announced or not; a parcel nobody can match is recorded as unidentified and resolved to its order later),
completed once inspected, or cancelled while still announced.

A line never comes back more often than it was shipped: every use case that adds items locks the order's row
first (the house's lock order: the order, then the return, then stock rows) and counts the units of the order's
returns that are not cancelled, so concurrent announcements of one order serialize and the second sees the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from backend.catalog.tables import Product, Warehouse
from backend.core.authorization import Actor, Permission
from backend.core.clock import utcnow
from backend.core.errors import FieldChecks, NotFound, ValidationFailed
from backend.events.outbox import UnitOfWork, unit_of_work
from backend.orders.services import record_returned
from backend.orders.tables import Order, OrderLine
from backend.returns.events import record_return
from backend.returns.model import ReturnReason, ReturnSource, ReturnStatus
from backend.returns.tables import Return, ReturnItem
from backend.shipping.tables import Parcel

MAX_UNITS = 100
MAX_CODE = 80


class InvalidState(ValidationFailed):
    code = "INVALID_STATE"


@dataclass(frozen=True)
class ReturnLine:
    """Units of one order line coming back: the line by id, or by the SKU or barcode the dock scanned."""

    quantity: int
    order_line_id: UUID | None = None
    code: str | None = None
    reason: ReturnReason = ReturnReason.NOT_STATED
    comment: str = ""


def return_scope(actor: Actor) -> list:
    """Merchants see their own returns; operators and the floor see every one, unidentified parcels too."""
    return [] if actor.is_operator else [Return.merchant == actor.merchant_id]


# ---------------------------------------------------------------- input checks


def _check_lines(lines: list[ReturnLine], checks: FieldChecks, *, required: bool = True) -> None:
    if required and not lines:
        checks.errors.append(ValidationFailed("Name at least one line", field="lines", code="REQUIRED"))
    if sum(max(line.quantity, 0) for line in lines) > MAX_UNITS:
        checks.errors.append(ValidationFailed(f"At most {MAX_UNITS} units in one return", field="lines"))
    for index, line in enumerate(lines):
        if line.order_line_id is None and not (line.code or "").strip():
            checks.errors.append(ValidationFailed("Name the order line or scan the product", code="REQUIRED",
                                                  field=f"lines.{index}.orderLineId"))
        if not 1 <= line.quantity <= MAX_UNITS:
            checks.errors.append(ValidationFailed(f"From 1 to {MAX_UNITS}", field=f"lines.{index}.quantity"))
        if len(line.comment) > 500:
            checks.errors.append(ValidationFailed("At most 500 characters", field=f"lines.{index}.comment",
                                                  code="TOO_LONG"))


def _check_text(checks: FieldChecks, **values: tuple[str, int]) -> None:
    for field, (value, limit) in values.items():
        if len(value) > limit:
            checks.errors.append(ValidationFailed(f"At most {limit} characters", field=field, code="TOO_LONG"))


def clean_code(code: str) -> str:
    cleaned = code.strip()
    if not cleaned:
        raise ValidationFailed("Scan the return label, the tracking number or the order number", field="code",
                               code="REQUIRED")
    if len(cleaned) > MAX_CODE:
        raise ValidationFailed(f"At most {MAX_CODE} characters", field="code", code="TOO_LONG")
    return cleaned


# ---------------------------------------------------------------- what an order can still send back


async def _locked_order(actor: Actor, order_id: UUID, field: str = "orderId") -> Order:
    query = Order.objects().where(Order.id == order_id)
    if not actor.is_operator:
        query = query.where(Order.merchant == actor.merchant_id)
    order = await query.lock_rows().first()
    if order is None:
        raise NotFound("No such order", field=field)
    return order


async def _units_in_returns(order_id: UUID) -> dict[UUID, int]:
    rows = await ReturnItem.raw(
        "SELECT i.order_line, count(*) AS units FROM return_item i JOIN sales_return r ON r.id = i.sales_return "
        "WHERE r.sales_order = {} AND r.status <> 'CANCELLED' GROUP BY i.order_line", order_id)
    return {row["order_line"]: row["units"] for row in rows}


async def _matched_lines(order: Order, lines: list[ReturnLine]) -> list[OrderLine]:
    """The order line each requested line names, checked against what is still returnable (the order is locked)."""
    rows = await OrderLine.objects().where(OrderLine.sales_order == order.id).order_by(OrderLine.position)
    barcodes = {p["id"]: (p["barcode"] or "").upper() for p in await Product.select(Product.id, Product.barcode).where(
        Product.id.is_in([row.product for row in rows]))} if rows else {}
    taken = await _units_in_returns(order.id)
    matched = []
    for index, line in enumerate(lines):
        row = _find_line(rows, barcodes, line)
        if row is None:
            field = f"lines.{index}.orderLineId" if line.order_line_id else f"lines.{index}.code"
            raise NotFound(f"No such line on order {order.number}", field=field)
        left = row.shipped - taken.get(row.id, 0)
        if line.quantity > left:
            raise ValidationFailed(
                f"Only {max(left, 0)} of {row.sku} can still be returned (shipped {row.shipped}, in returns "
                f"{taken.get(row.id, 0)})", field=f"lines.{index}.quantity", code="OVER_RETURN")
        taken[row.id] = taken.get(row.id, 0) + line.quantity
        matched.append(row)
    return matched


def _find_line(rows: list[OrderLine], barcodes: dict[UUID, str], line: ReturnLine) -> OrderLine | None:
    if line.order_line_id is not None:
        return next((row for row in rows if row.id == line.order_line_id), None)
    code = (line.code or "").strip().upper()
    return next((row for row in rows if code in (row.sku.upper(), barcodes.get(row.product))), None)


async def _add_items(sales_return: Return, lines: list[ReturnLine], order_lines: list[OrderLine]) -> list[ReturnItem]:
    items = []
    for line, order_line in zip(lines, order_lines, strict=True):
        for _ in range(line.quantity):
            items.append(ReturnItem(sales_return=sales_return.id, order_line=order_line.id, product=order_line.product,
                                    position=len(items), reason=ReturnReason(line.reason).value,
                                    customer_comment=line.comment.strip()))
    await ReturnItem.insert(*items)
    return items


async def _book_returned(items: list[ReturnItem]) -> None:
    units: dict[UUID, int] = {}
    for item in items:
        units[item.order_line] = units.get(item.order_line, 0) + 1
    for order_line, quantity in sorted(units.items(), key=lambda pair: str(pair[0])):
        await record_returned(order_line, quantity)


async def _insert(sales_return: Return) -> None:
    await sales_return.save()
    # The number comes from the table's sequence.
    found = await Return.select(Return.sequence).where(Return.id == sales_return.id).first()
    sales_return.sequence = found["sequence"]


# ---------------------------------------------------------------- announcing


async def create_return(actor: Actor, *, order_id: UUID, lines: list[ReturnLine], tracking_number: str = "",
                        note: str = "") -> Return:
    """Announce a return of an order's shipped lines, with the customer's reason per line."""
    actor.require(Permission.RETURNS_WRITE)
    checks = FieldChecks()
    _check_lines(lines, checks)
    _check_text(checks, trackingNumber=(tracking_number.strip(), MAX_CODE), note=(note.strip(), 1000))
    checks.raise_if_any()
    async with unit_of_work(actor) as uow:
        order = await _locked_order(actor, order_id)
        order_lines = await _matched_lines(order, lines)
        sales_return = Return(
            merchant=order.merchant, sales_order=order.id, warehouse=order.warehouse,
            status=ReturnStatus.ANNOUNCED.value, source=(ReturnSource.SUPPORT if actor.is_operator else ReturnSource.MERCHANT).value,
            tracking_number=tracking_number.strip(), note=note.strip(), created_by=actor.as_event_actor())
        await _insert(sales_return)
        items = await _add_items(sales_return, lines, order_lines)
        record_return(uow, "return.created", sales_return, order.number, items=len(items))
    return sales_return


# ---------------------------------------------------------------- at the dock


async def receive_return(actor: Actor, *, warehouse_id: UUID, code: str, lines: list[ReturnLine] | None = None,
                         note: str = "") -> Return:
    """Take a parcel in: the announced return its label or tracking number names, else the order its tracking or
    order number names (counted `lines` make an unannounced return of it), else an unidentified parcel."""
    actor.require(Permission.RETURNS_RECEIVE)
    checks = FieldChecks()
    code = checks.check(clean_code, code) or ""
    _check_lines(lines or [], checks, required=False)
    _check_text(checks, note=(note.strip(), 1000))
    checks.raise_if_any()
    async with unit_of_work(actor) as uow:
        if not await Warehouse.exists().where((Warehouse.id == warehouse_id) & (Warehouse.is_active == True)):  # noqa: E712
            raise NotFound("No such warehouse", field="warehouseId")
        announced_id, order_id = await _identify(code)
        if order_id is None:
            return await _take_in_unidentified(uow, warehouse_id, code, note)
        order = await _locked_order(actor, order_id, field="code")
        if announced_id is None:
            announced_id = await _oldest_announced(order.id)
        if announced_id is not None:
            if lines:
                raise ValidationFailed("This return was announced: its items are known already", field="lines",
                                       code="INVALID_STATE")
            return await _take_in_announced(uow, actor, announced_id, order, warehouse_id, code)
        if not lines:
            raise ValidationFailed(f"No return of order {order.number} was announced: count what is in the parcel",
                                   field="lines", code="REQUIRED")
        return await _take_in_unannounced(uow, order, warehouse_id, code, lines, note)


async def _identify(code: str) -> tuple[UUID | None, UUID | None]:
    """(announced return, order) that a scanned code names: a return's label or tracking number, an outbound
    parcel's tracking number, or an order number."""
    if code.upper().startswith("R-") and code[2:].isdigit():
        found = await Return.select(Return.id, Return.sales_order).where(
            (Return.sequence == int(code[2:])) & (Return.status == ReturnStatus.ANNOUNCED.value)).first()
        if found:
            return found["id"], found["sales_order"]
    found = await Return.select(Return.id, Return.sales_order).where(
        (Return.tracking_number == code) & (Return.status == ReturnStatus.ANNOUNCED.value)).order_by(Return.created_at).first()
    if found:
        return found["id"], found["sales_order"]
    parcel = await Parcel.select(Parcel.sales_order).where(Parcel.tracking_number == code).first()
    if parcel:
        return None, parcel["sales_order"]
    order_id = await _order_by_number(code)
    return None, order_id


async def _order_by_number(number: str) -> UUID | None:
    # Numbers carry the merchant's code, so one matches at most one order of all merchants.
    found = await Order.select(Order.id).where(Order.number.is_in(list({number, number.upper()}))).first()
    return found["id"] if found else None


async def _oldest_announced(order_id: UUID) -> UUID | None:
    found = await Return.select(Return.id).where(
        (Return.sales_order == order_id) & (Return.status == ReturnStatus.ANNOUNCED.value)).order_by(Return.created_at).first()
    return found["id"] if found else None


def _mark_received(sales_return: Return, warehouse_id: UUID, code: str) -> None:
    sales_return.status = ReturnStatus.RECEIVED.value
    sales_return.warehouse = warehouse_id
    sales_return.scanned_code = code
    sales_return.received_at = utcnow()


async def _take_in_announced(uow: UnitOfWork, actor: Actor, return_id: UUID, order: Order, warehouse_id: UUID,
                             code: str) -> Return:
    sales_return = await locked_return(actor, return_id, field="code")
    if sales_return.status != ReturnStatus.ANNOUNCED.value:
        raise InvalidState(f"This return is {sales_return.status.lower()} already", field="code")
    _mark_received(sales_return, warehouse_id, code)
    await sales_return.save()
    await _book_returned(await ReturnItem.objects().where(ReturnItem.sales_return == sales_return.id))
    record_return(uow, "return.received", sales_return, order.number, announced=True)
    return sales_return


async def _take_in_unannounced(uow: UnitOfWork, order: Order, warehouse_id: UUID, code: str, lines: list[ReturnLine],
                               note: str) -> Return:
    order_lines = await _matched_lines(order, lines)
    sales_return = Return(merchant=order.merchant, sales_order=order.id, source=ReturnSource.WAREHOUSE.value,
                          note=note.strip(), created_by=uow.actor.as_event_actor())
    _mark_received(sales_return, warehouse_id, code)
    await _insert(sales_return)
    items = await _add_items(sales_return, lines, order_lines)
    await _book_returned(items)
    record_return(uow, "return.received", sales_return, order.number, announced=False, items=len(items))
    return sales_return


async def _take_in_unidentified(uow: UnitOfWork, warehouse_id: UUID, code: str, note: str) -> Return:
    sales_return = Return(source=ReturnSource.WAREHOUSE.value, note=note.strip(), created_by=uow.actor.as_event_actor())
    _mark_received(sales_return, warehouse_id, code)
    await _insert(sales_return)
    record_return(uow, "return.received", sales_return, None, announced=False, unidentified=True)
    return sales_return


async def resolve_return(actor: Actor, return_id: UUID, *, order_number: str, lines: list[ReturnLine]) -> Return:
    """An unidentified parcel turns out to belong to an order: it becomes that order's return of `lines`."""
    actor.require(Permission.RETURNS_RECEIVE)
    checks = FieldChecks()
    _check_lines(lines, checks)
    if not order_number.strip():
        checks.errors.append(ValidationFailed("Name the order", field="orderNumber", code="REQUIRED"))
    checks.raise_if_any()
    async with unit_of_work(actor) as uow:
        order_id = await _order_by_number(order_number.strip())
        if order_id is None:
            raise NotFound(f"No order {order_number.strip()}", field="orderNumber")
        order = await _locked_order(actor, order_id, field="orderNumber")
        sales_return = await locked_return(actor, return_id)
        if sales_return.merchant is not None:
            raise InvalidState("This return belongs to an order already", field="returnId")
        if sales_return.status != ReturnStatus.RECEIVED.value:
            raise InvalidState(f"This return is {sales_return.status.lower()}", field="returnId")
        items = await _add_items(sales_return, lines, await _matched_lines(order, lines))
        sales_return.merchant, sales_return.sales_order = order.merchant, order.id
        await sales_return.save([Return.merchant, Return.sales_order])
        await _book_returned(items)
        record_return(uow, "return.resolved", sales_return, order.number, items=len(items))
    return sales_return


# ---------------------------------------------------------------- completing and cancelling


async def locked_return(actor: Actor, return_id: UUID, field: str = "returnId") -> Return:
    query = Return.objects().where(Return.id == return_id)
    for condition in return_scope(actor):
        query = query.where(condition)
    sales_return = await query.lock_rows().first()
    if sales_return is None:
        raise NotFound("No such return", field=field)
    return sales_return


async def order_number_of(sales_return: Return) -> str | None:
    if sales_return.sales_order is None:
        return None
    found = await Order.select(Order.number).where(Order.id == sales_return.sales_order).first()
    return found["number"] if found else None


async def complete_return(actor: Actor, return_id: UUID) -> Return:
    """Every item is inspected and dealt with: the return is done (and open to after-sales decisions)."""
    actor.require(Permission.RETURNS_WRITE)
    async with unit_of_work(actor) as uow:
        sales_return = await locked_return(actor, return_id)
        if sales_return.status != ReturnStatus.INSPECTED.value:
            raise InvalidState(f"Only an inspected return can be completed; this one is {sales_return.status.lower()}",
                               field="returnId")
        sales_return.status = ReturnStatus.COMPLETED.value
        sales_return.completed_at = utcnow()
        await sales_return.save([Return.status, Return.completed_at])
        record_return(uow, "return.completed", sales_return, await order_number_of(sales_return))
    return sales_return


async def cancel_return(actor: Actor, return_id: UUID, reason: str = "") -> Return:
    """The customer kept the goods after all: an announced return is cancelled and its units are returnable again."""
    actor.require(Permission.RETURNS_WRITE)
    if len(reason.strip()) > 500:
        raise ValidationFailed("At most 500 characters", field="reason", code="TOO_LONG")
    async with unit_of_work(actor) as uow:
        sales_return = await locked_return(actor, return_id)
        if sales_return.status != ReturnStatus.ANNOUNCED.value:
            raise InvalidState("Only a return that has not arrived can be cancelled", field="returnId")
        sales_return.status = ReturnStatus.CANCELLED.value
        sales_return.cancelled_at = utcnow()
        sales_return.cancel_reason = reason.strip()
        await sales_return.save([Return.status, Return.cancelled_at, Return.cancel_reason])
        record_return(uow, "return.cancelled", sales_return, await order_number_of(sales_return), reason=reason.strip())
    return sales_return
