"""Inspecting a return item by item, and what becomes of each: back into a bin (RESTOCK), held in the merchant's
open return batch until the batch is shipped back (RETURN_TO_MERCHANT), or out of stock for good (DISPOSE).

Every unit goes through the stock domain's `change_stock`, so the ledger holds an entry per move with the return
as its reference: a restocked unit arrives on hand in its bin (and, available, goes to backorders like any stock
arriving); a unit held for the merchant arrives on hand and blocked, and leaves both when its batch is shipped; a
disposed unit arrives blocked and leaves at once as DAMAGE with the reason. Concurrent inspections of one return
serialize on the return's row (then the merchant's settings row, its open batch, the stock rows).
"""

from __future__ import annotations

from uuid import UUID

from backend.catalog.services import find_location
from backend.catalog.tables import Location, Product
from backend.core.authorization import Actor, Permission
from backend.core.clock import utcnow
from backend.core.errors import NotFound, ValidationFailed
from backend.events.outbox import UnitOfWork, unit_of_work
from backend.returns.events import record_batch, record_item_inspected, record_return
from backend.returns.lifecycle import InvalidState, locked_return, order_number_of, return_scope
from backend.returns.model import BatchStatus, Disposition, Grade, ReturnStatus, batch_number, return_number
from backend.returns.rules import locked_settings, stored_rules
from backend.returns.tables import Return, ReturnBatch, ReturnItem
from backend.stock.services import MovementReason, change_stock

MAX_FEEDBACK = 2000


async def inspect_item(actor: Actor, item_id: UUID, *, grade: Grade, feedback: str = "",
                       disposition: Disposition | None = None, location_code: str | None = None) -> ReturnItem:
    """Grade one item and deal with it: the disposition given, or the merchant's rule for the grade."""
    actor.require(Permission.RETURNS_RECEIVE)
    feedback = feedback.strip()
    if len(feedback) > MAX_FEEDBACK:
        raise ValidationFailed(f"At most {MAX_FEEDBACK} characters", field="feedback", code="TOO_LONG")
    grade = Grade(grade)
    async with unit_of_work(actor) as uow:
        sales_return = await _return_of_item(actor, item_id)
        item = await ReturnItem.objects().where(ReturnItem.id == item_id).lock_rows().first()
        if item.inspected_at is not None:
            raise InvalidState(f"This item was inspected already ({item.grade}, {item.disposition})", field="itemId")
        chosen = Disposition(disposition) if disposition else (await stored_rules(sales_return.merchant))[grade]
        if location_code and chosen is not Disposition.RESTOCK:
            raise ValidationFailed("Only restocked items go into a bin", field="locationCode")
        product = await Product.objects().where(Product.id == item.product).first()
        await _dispose(uow, sales_return, item, product, chosen, grade, feedback, location_code)
        item.grade, item.feedback, item.disposition = grade.value, feedback, chosen.value
        item.inspected_at, item.inspected_by = utcnow(), actor.as_event_actor()
        await item.save()
        record_item_inspected(uow, sales_return, item, product.sku)
        await _finish_when_all_inspected(uow, sales_return)
    return item


async def _return_of_item(actor: Actor, item_id: UUID) -> Return:
    found = await ReturnItem.select(ReturnItem.sales_return).where(ReturnItem.id == item_id).first()
    if found is None:
        raise NotFound("No such return item", field="itemId")
    # The return's row first: inspections of one return's items take their turns.
    sales_return = await locked_return(actor, found["sales_return"], field="itemId")
    if sales_return.status != ReturnStatus.RECEIVED.value:
        raise InvalidState(f"Items of a return that is {sales_return.status.lower()} are not inspected", field="itemId")
    return sales_return


async def _dispose(uow: UnitOfWork, sales_return: Return, item: ReturnItem, product: Product, chosen: Disposition,
                   grade: Grade, feedback: str, location_code: str | None) -> None:
    reference = f"return {return_number(sales_return.sequence)}"
    warehouse = sales_return.warehouse
    if chosen is Disposition.RESTOCK:
        if not (location_code or "").strip():
            raise ValidationFailed("Scan the bin the item goes into", field="locationCode", code="REQUIRED")
        location: Location = await find_location(warehouse, location_code)
        item.location = location.id
        await change_stock(uow, product, warehouse, MovementReason.RETURN, on_hand=1, location=location,
                           reference=reference, note=f"restocked ({grade.value})")
    elif chosen is Disposition.RETURN_TO_MERCHANT:
        batch = await _open_batch(uow, sales_return.merchant, warehouse)
        item.batch = batch.id
        await change_stock(uow, product, warehouse, MovementReason.RETURN, on_hand=1, blocked=1, reference=reference,
                           note=f"held for the merchant in {batch_number(batch.sequence)} ({grade.value})")
    else:
        await change_stock(uow, product, warehouse, MovementReason.RETURN, on_hand=1, blocked=1, reference=reference,
                           note=f"received for disposal ({grade.value})")
        why = f"disposed ({grade.value})" + (f": {feedback}" if feedback else "")
        await change_stock(uow, product, warehouse, MovementReason.DAMAGE, on_hand=-1, blocked=-1, reference=reference,
                           note=why[:500])


async def _finish_when_all_inspected(uow: UnitOfWork, sales_return: Return) -> None:
    open_items = await ReturnItem.count().where(
        (ReturnItem.sales_return == sales_return.id) & ReturnItem.inspected_at.is_null())
    if open_items:
        return
    sales_return.status = ReturnStatus.INSPECTED.value
    sales_return.inspected_at = utcnow()
    await sales_return.save([Return.status, Return.inspected_at])
    record_return(uow, "return.inspected", sales_return, await order_number_of(sales_return))


# ---------------------------------------------------------------- return batches


async def _open_batch(uow: UnitOfWork, merchant_id: UUID, warehouse_id: UUID) -> ReturnBatch:
    """The merchant's open batch in the warehouse, opened on first need; the merchant's settings row serializes
    the opening (a unique index keeps it to one besides)."""
    await locked_settings(merchant_id)
    batch = await ReturnBatch.objects().where(
        (ReturnBatch.merchant == merchant_id) & (ReturnBatch.warehouse == warehouse_id)
        & (ReturnBatch.status == BatchStatus.OPEN.value)).lock_rows().first()
    if batch is None:
        batch = ReturnBatch(merchant=merchant_id, warehouse=warehouse_id, status=BatchStatus.OPEN.value)
        await batch.save()
        batch = await ReturnBatch.objects().where(ReturnBatch.id == batch.id).first()
        record_batch(uow, "return_batch.opened", batch, 0)
    return batch


def batch_scope(actor: Actor) -> list:
    return [] if actor.is_operator else [ReturnBatch.merchant == actor.merchant_id]


async def ship_batch(actor: Actor, batch_id: UUID, *, carrier: str = "", tracking_number: str = "") -> ReturnBatch:
    """The batch leaves for the merchant: its units leave stock, and the next item held opens a new batch."""
    actor.require(Permission.RETURNS_RECEIVE)
    carrier, tracking_number = carrier.strip(), tracking_number.strip()
    for field, value, limit in (("carrier", carrier, 40), ("trackingNumber", tracking_number, 80)):
        if len(value) > limit:
            raise ValidationFailed(f"At most {limit} characters", field=field, code="TOO_LONG")
    async with unit_of_work(actor) as uow:
        query = ReturnBatch.objects().where(ReturnBatch.id == batch_id)
        for condition in batch_scope(actor):
            query = query.where(condition)
        batch = await query.lock_rows().first()
        if batch is None:
            raise NotFound("No such return batch", field="batchId")
        if batch.status != BatchStatus.OPEN.value:
            raise InvalidState("This batch was shipped already", field="batchId")
        items = await ReturnItem.objects().where(ReturnItem.batch == batch.id)
        if not items:
            raise InvalidState("Nothing is in this batch yet", field="batchId")
        await _send_back(uow, batch, items)
        batch.status, batch.shipped_at = BatchStatus.SHIPPED.value, utcnow()
        batch.carrier, batch.tracking_number = carrier, tracking_number
        await batch.save([ReturnBatch.status, ReturnBatch.shipped_at, ReturnBatch.carrier, ReturnBatch.tracking_number])
        record_batch(uow, "return_batch.shipped", batch, len(items))
    return batch


async def _send_back(uow: UnitOfWork, batch: ReturnBatch, items: list[ReturnItem]) -> None:
    units: dict[UUID, int] = {}
    for item in items:
        units[item.product] = units.get(item.product, 0) + 1
    products = {p.id: p for p in await Product.objects().where(Product.id.is_in(list(units)))}
    # Stock rows in product order, as everywhere.
    for product_id in sorted(units):
        await change_stock(uow, products[product_id], batch.warehouse, MovementReason.RETURN, on_hand=-units[product_id],
                           blocked=-units[product_id], reference=f"return batch {batch_number(batch.sequence)}",
                           note="sent back to the merchant")


__all__ = ["batch_scope", "inspect_item", "return_scope", "ship_batch"]
