"""Inbound deliveries: announce (raises `incoming`), receive in as many counts as it takes (stock arrives, damaged
units are blocked, unexpected products are taken in and flagged), close (what never came stops being incoming,
and the discrepancies are reported) or cancel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from backend.catalog.services import find_location, find_product_by_code, products_by_ids
from backend.catalog.tables import Product, Warehouse
from backend.core.authorization import Actor, Permission, resolve_merchant
from backend.core.clock import utcnow
from backend.core.errors import DomainError, FieldChecks, NotFound, ValidationFailed
from backend.core.pagination import Page, PageRequest, SortDirection, paginate
from backend.core.queries import rows_by_ids
from backend.events.outbox import UnitOfWork, unit_of_work
from backend.inbound.events import record_inbound
from backend.inbound.tables import Inbound, InboundLine
from backend.stock.services import MovementReason, change_stock, clean_quantity

MAX_LINES = 500
OPEN_STATES = ("ANNOUNCED", "RECEIVING", "RECEIVED")


class InvalidState(DomainError):
    code = "INVALID_STATE"



@dataclass(frozen=True)
class AnnouncedLine:
    product_id: UUID
    expected_quantity: int


@dataclass(frozen=True)
class Receipt:
    """One counted product: by id, or by what the scanner read (barcode or SKU)."""

    product_id: UUID | None = None
    code: str | None = None
    received: int = 0
    damaged: int = 0
    location_code: str | None = None


def _scope(actor: Actor) -> list:
    return [] if actor.is_operator else [Inbound.merchant == actor.merchant_id]


async def _locked_inbound(actor: Actor, inbound_id: UUID) -> Inbound:
    query = Inbound.objects().where(Inbound.id == inbound_id)
    for condition in _scope(actor):
        query = query.where(condition)
    inbound = await query.lock_rows().first()
    if inbound is None:
        raise NotFound("No such inbound delivery", field="inboundId")
    return inbound


async def _lines(inbound_id: UUID) -> list[InboundLine]:
    return await InboundLine.objects().where(InboundLine.inbound == inbound_id).order_by(InboundLine.unexpected).order_by(InboundLine.id)


async def create_inbound(
    actor: Actor, *, merchant_id: UUID | None, warehouse_id: UUID, reference: str, lines: list[AnnouncedLine],
    expected_on: date | None = None, carrier: str = "", tracking_number: str = "", note: str = "",
) -> Inbound:
    actor.require(Permission.INBOUNDS_WRITE)
    checks = FieldChecks()
    owner = checks.check(resolve_merchant, actor, merchant_id)
    reference = " ".join(reference.split())
    if not reference or len(reference) > 80:
        checks.errors.append(ValidationFailed("1 to 80 characters", field="reference", code="REQUIRED" if not reference else "TOO_LONG"))
    if not lines or len(lines) > MAX_LINES:
        checks.errors.append(ValidationFailed(f"Announce 1 to {MAX_LINES} lines", field="lines", code="REQUIRED"))
    for index, line in enumerate(lines):
        checks.check(clean_quantity, line.expected_quantity, f"lines.{index}.expectedQuantity")
    if len({line.product_id for line in lines}) != len(lines):
        checks.errors.append(ValidationFailed("A product is listed twice", field="lines", code="DUPLICATE"))
    for name, value in (("carrier", carrier), ("trackingNumber", tracking_number)):
        if len(value) > 80:
            checks.errors.append(ValidationFailed("At most 80 characters", field=name, code="TOO_LONG"))
    if len(note) > 1000:
        checks.errors.append(ValidationFailed("At most 1000 characters", field="note", code="TOO_LONG"))
    checks.raise_if_any()
    products = await products_by_ids(actor, [line.product_id for line in lines])
    for index, line in enumerate(lines):
        product = products.get(line.product_id)
        if product is None or product.merchant != owner:
            raise NotFound("No such product", field=f"lines.{index}.productId")
        if product.is_archived:
            raise ValidationFailed(f"{product.sku} is archived", field=f"lines.{index}.productId", code="ARCHIVED")
    async with unit_of_work(actor) as uow:
        if not await Warehouse.exists().where((Warehouse.id == warehouse_id) & (Warehouse.is_active == True)):  # noqa: E712
            raise NotFound("No such warehouse", field="warehouseId")
        inbound = Inbound(merchant=owner, warehouse=warehouse_id, reference=reference, expected_on=expected_on,
                          carrier=carrier.strip(), tracking_number=tracking_number.strip(), note=note.strip())
        await inbound.save()
        rows = [InboundLine(inbound=inbound.id, product=line.product_id, expected_quantity=line.expected_quantity) for line in lines]
        await InboundLine.insert(*rows)
        for line in lines:
            await change_stock(uow, products[line.product_id], warehouse_id, MovementReason.INBOUND,
                               incoming=line.expected_quantity, reference=f"inbound {reference}", note="announced")
        record_inbound(uow, "inbound.created", inbound, rows)
    return inbound


async def receive_inbound(actor: Actor, inbound_id: UUID, receipts: list[Receipt]) -> Inbound:
    """Book counted units; may be called many times until the delivery is closed."""
    actor.require(Permission.INBOUNDS_RECEIVE)
    checks = FieldChecks()
    if not receipts or len(receipts) > MAX_LINES:
        checks.errors.append(ValidationFailed(f"Count 1 to {MAX_LINES} products", field="lines", code="REQUIRED"))
    for index, receipt in enumerate(receipts):
        if receipt.product_id is None and not (receipt.code or "").strip():
            checks.errors.append(ValidationFailed("Name the product or scan its code", field=f"lines.{index}.productId", code="REQUIRED"))
        for name, value in (("received", receipt.received), ("damaged", receipt.damaged)):
            checks.check(clean_quantity, value, f"lines.{index}.{name}", allow_zero=True)
        if receipt.received + receipt.damaged == 0:
            checks.errors.append(ValidationFailed("Count at least one unit", field=f"lines.{index}.received"))
    checks.raise_if_any()
    async with unit_of_work(actor) as uow:
        inbound = await _locked_inbound(actor, inbound_id)
        if inbound.status not in OPEN_STATES:
            raise InvalidState(f"This delivery is {inbound.status.lower()}; nothing can be received into it", field="inboundId")
        lines = {line.product: line for line in await _lines(inbound.id)}
        for index, receipt in enumerate(receipts):
            product = await _receipt_product(actor, inbound, receipt, index)
            location = await find_location(inbound.warehouse, receipt.location_code, f"lines.{index}.locationCode") if receipt.location_code else None
            line = lines.get(product.id)
            if line is None:
                line = InboundLine(inbound=inbound.id, product=product.id, expected_quantity=0, unexpected=True)
                await line.save()
                lines[product.id] = line
            still_incoming = max(line.expected_quantity - line.received_quantity - line.damaged_quantity, 0)
            arriving = receipt.received + receipt.damaged
            incoming_delta = -min(arriving, still_incoming)
            reference = f"inbound {inbound.reference}"
            if receipt.received:
                await change_stock(uow, product, inbound.warehouse, MovementReason.INBOUND, on_hand=receipt.received,
                                   incoming=incoming_delta, location=location, reference=reference, note="received")
                incoming_delta = 0
            if receipt.damaged:
                await change_stock(uow, product, inbound.warehouse, MovementReason.DAMAGE, on_hand=receipt.damaged,
                                   blocked=receipt.damaged, incoming=incoming_delta, reference=reference, note="damaged on arrival")
            line.received_quantity += receipt.received
            line.damaged_quantity += receipt.damaged
            await line.save([InboundLine.received_quantity, InboundLine.damaged_quantity])
        all_lines = list(lines.values())
        complete = all(line.received_quantity + line.damaged_quantity >= line.expected_quantity for line in all_lines)
        inbound.status = "RECEIVED" if complete else "RECEIVING"
        inbound.received_at = inbound.received_at or utcnow()
        await inbound.save([Inbound.status, Inbound.received_at])
        record_inbound(uow, "inbound.received", inbound, all_lines)
    return inbound


async def _receipt_product(actor: Actor, inbound: Inbound, receipt: Receipt, index: int) -> Product:
    if receipt.product_id is not None:
        product = (await products_by_ids(actor, [receipt.product_id])).get(receipt.product_id)
    else:
        product = await find_product_by_code(actor, inbound.merchant, receipt.code or "")
    if product is None or product.merchant != inbound.merchant:
        what = receipt.code or "this product"
        raise NotFound(f"{what} is not a product of this merchant", field=f"lines.{index}.code" if receipt.code else f"lines.{index}.productId",
                       code="UNKNOWN_PRODUCT")
    return product


async def close_inbound(actor: Actor, inbound_id: UUID) -> Inbound:
    """Finish a delivery: what did not arrive stops being incoming; the lines are the discrepancy report."""
    actor.require(Permission.INBOUNDS_RECEIVE)
    async with unit_of_work(actor) as uow:
        inbound = await _locked_inbound(actor, inbound_id)
        if inbound.status not in ("RECEIVING", "RECEIVED"):
            raise InvalidState(
                "Only a delivery being received can be closed" if inbound.status == "ANNOUNCED" else f"This delivery is {inbound.status.lower()} already",
                field="inboundId",
            )
        lines = await _lines(inbound.id)
        await _clear_incoming(uow, inbound, lines, "closed: not delivered")
        inbound.status = "CLOSED"
        inbound.closed_at = utcnow()
        await inbound.save([Inbound.status, Inbound.closed_at])
        short = [line for line in lines if line.received_quantity + line.damaged_quantity != line.expected_quantity or line.damaged_quantity]
        record_inbound(uow, "inbound.closed", inbound, lines, discrepancies=len(short))
    return inbound


async def cancel_inbound(actor: Actor, inbound_id: UUID, reason: str = "") -> Inbound:
    actor.require(Permission.INBOUNDS_WRITE)
    async with unit_of_work(actor) as uow:
        inbound = await _locked_inbound(actor, inbound_id)
        if inbound.status != "ANNOUNCED":
            raise InvalidState("Only a delivery nothing has been received from can be cancelled", field="inboundId")
        lines = await _lines(inbound.id)
        await _clear_incoming(uow, inbound, lines, f"cancelled {reason}".strip())
        inbound.status = "CANCELLED"
        inbound.cancelled_at = utcnow()
        await inbound.save([Inbound.status, Inbound.cancelled_at])
        record_inbound(uow, "inbound.cancelled", inbound, lines, reason=reason[:200])
    return inbound


async def _clear_incoming(uow: UnitOfWork, inbound: Inbound, lines: list[InboundLine], note: str) -> None:
    products = {p.id: p for p in await Product.objects().where(Product.id.is_in([line.product for line in lines]))} if lines else {}
    for line in lines:
        remaining = max(line.expected_quantity - line.received_quantity - line.damaged_quantity, 0)
        if remaining:
            await change_stock(uow, products[line.product], inbound.warehouse, MovementReason.INBOUND, incoming=-remaining,
                               reference=f"inbound {inbound.reference}", note=note)


async def inbounds_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, Inbound]:
    if not actor.can(Permission.INBOUNDS_READ):
        return {}
    return await rows_by_ids(Inbound, ids, _scope(actor))


async def lines_of(inbound_ids: list[UUID]) -> dict[UUID, list[InboundLine]]:
    found: dict[UUID, list[InboundLine]] = {i: [] for i in inbound_ids}
    if inbound_ids:
        for line in await InboundLine.objects().where(InboundLine.inbound.is_in(inbound_ids)).order_by(InboundLine.unexpected).order_by(InboundLine.id):
            found[line.inbound].append(line)
    return found


async def list_inbounds(
    actor: Actor, page: PageRequest, *, merchant_id: UUID | None = None, statuses: list[str] | None = None,
    search: str | None = None,
) -> Page[Inbound]:
    actor.require(Permission.INBOUNDS_READ)
    where = _scope(actor)
    if merchant_id is not None:
        where.append(Inbound.merchant == merchant_id)
    if statuses:
        where.append(Inbound.status.is_in(statuses))
    if search and search.strip():
        where.append(Inbound.reference.ilike(f"%{search.strip()}%") | Inbound.tracking_number.ilike(f"%{search.strip()}%"))
    return await paginate(Inbound, where, Inbound.created_at, SortDirection.DESC, page)


