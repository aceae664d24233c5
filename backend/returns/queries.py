"""Reading returns, their items and photos, and return batches: always within the reader's merchant scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from piccolo.columns.combination import WhereRaw

from backend.core.authorization import Actor, Permission
from backend.core.pagination import Page, PageRequest, SortDirection, paginate
from backend.core.queries import rows_by_ids
from backend.orders.tables import Order
from backend.returns.inspection import batch_scope
from backend.returns.lifecycle import return_scope
from backend.returns.tables import Return, ReturnBatch, ReturnItem, ReturnPhoto


@dataclass(frozen=True)
class ReturnFilter:
    merchant_id: UUID | None = None
    statuses: list[str] | None = None
    reasons: list[str] | None = None
    grades: list[str] | None = None
    dispositions: list[str] | None = None
    created_from: datetime | None = None
    created_until: datetime | None = None
    unidentified: bool | None = None


def _with_items(column: str, values: list[str]) -> WhereRaw:
    # Returns with at least one item of these values (column names are ours, never a client's).
    return WhereRaw(f"sales_return.id IN (SELECT sales_return FROM return_item WHERE {column} = ANY({{}}))", values)


def _conditions(actor: Actor, wanted: ReturnFilter) -> list:
    where = return_scope(actor)
    if wanted.merchant_id is not None:
        where.append(Return.merchant == wanted.merchant_id)
    if wanted.statuses:
        where.append(Return.status.is_in(wanted.statuses))
    for column, values in (("reason", wanted.reasons), ("grade", wanted.grades), ("disposition", wanted.dispositions)):
        if values:
            where.append(_with_items(column, values))
    if wanted.created_from is not None:
        where.append(Return.created_at >= wanted.created_from)
    if wanted.created_until is not None:
        where.append(Return.created_at < wanted.created_until)
    if wanted.unidentified is not None:
        where.append(Return.merchant.is_null() if wanted.unidentified else Return.merchant.is_not_null())
    return where


async def list_returns(actor: Actor, page: PageRequest, wanted: ReturnFilter) -> Page[Return]:
    actor.require(Permission.RETURNS_READ)
    return await paginate(Return, _conditions(actor, wanted), Return.created_at, SortDirection.DESC, page)


async def returns_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, Return]:
    if not actor.can(Permission.RETURNS_READ):
        return {}
    return await rows_by_ids(Return, ids, return_scope(actor))


async def returns_of_orders(actor: Actor, order_ids: list[UUID]) -> dict[UUID, list[Return]]:
    found: dict[UUID, list[Return]] = {i: [] for i in order_ids}
    if not actor.can(Permission.RETURNS_READ) or not order_ids:
        return found
    query = Return.objects().where(Return.sales_order.is_in(order_ids))
    for condition in return_scope(actor):
        query = query.where(condition)
    for row in await query.order_by(Return.created_at):
        found[row.sales_order].append(row)
    return found


async def order_numbers(order_ids: list[UUID]) -> dict[UUID, str]:
    """The numbers of the orders of returns the caller loaded: a return's reader may see its order's number (the
    floor reads no orders otherwise)."""
    if not order_ids:
        return {}
    rows = await Order.select(Order.id, Order.number).where(Order.id.is_in(list(order_ids)))
    return {row["id"]: row["number"] for row in rows}


async def items_of(return_ids: list[UUID]) -> dict[UUID, list[ReturnItem]]:
    """The items of returns the caller loaded within its scope."""
    found: dict[UUID, list[ReturnItem]] = {i: [] for i in return_ids}
    if return_ids:
        rows = await ReturnItem.objects().where(ReturnItem.sales_return.is_in(return_ids)).order_by(ReturnItem.position)
        for row in rows:
            found[row.sales_return].append(row)
    return found


async def items_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, ReturnItem]:
    if not actor.can(Permission.RETURNS_READ) or not ids:
        return {}
    items = await rows_by_ids(ReturnItem, ids)
    visible = await returns_by_ids(actor, list({item.sales_return for item in items.values()}))
    return {i: item for i, item in items.items() if item.sales_return in visible}


async def photos_of(item_ids: list[UUID]) -> dict[UUID, list[ReturnPhoto]]:
    """The photos of items the caller loaded within its scope."""
    found: dict[UUID, list[ReturnPhoto]] = {i: [] for i in item_ids}
    if item_ids:
        rows = await ReturnPhoto.objects().where(ReturnPhoto.return_item.is_in(item_ids)).order_by(ReturnPhoto.created_at)
        for row in rows:
            found[row.return_item].append(row)
    return found


async def list_batches(actor: Actor, page: PageRequest, *, merchant_id: UUID | None = None,
                       statuses: list[str] | None = None) -> Page[ReturnBatch]:
    actor.require(Permission.RETURNS_READ)
    where = batch_scope(actor)
    if merchant_id is not None:
        where.append(ReturnBatch.merchant == merchant_id)
    if statuses:
        where.append(ReturnBatch.status.is_in(statuses))
    return await paginate(ReturnBatch, where, ReturnBatch.created_at, SortDirection.DESC, page)


async def batches_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, ReturnBatch]:
    if not actor.can(Permission.RETURNS_READ):
        return {}
    return await rows_by_ids(ReturnBatch, ids, batch_scope(actor))


async def items_of_batches(batch_ids: list[UUID]) -> dict[UUID, list[ReturnItem]]:
    found: dict[UUID, list[ReturnItem]] = {i: [] for i in batch_ids}
    if batch_ids:
        for row in await ReturnItem.objects().where(ReturnItem.batch.is_in(batch_ids)).order_by(ReturnItem.inspected_at):
            found[row.batch].append(row)
    return found
