"""Stock: the warehouse's corrections (adjust, move between bins, count), reservations for the orders domain, and
reading quantities, bins and the ledger.

Every change of quantities goes through `change_stock`, which calls the routine `stock_change` (stock.sql): one
conditional UPDATE of the product's warehouse row (it takes the row lock and re-checks the guard on the newest row
version, so concurrent callers serialize and none can push a quantity below zero), one immutable ledger entry and a
`stock.changed` event, all in the caller's transaction; the bin row follows when a bin is involved. Reservations of
as much as there is are the routine `stock_reserve_up_to`, which order placement calls too. The table's CHECK
constraint is the last line of defence.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from backend.catalog.services import find_location, products_by_ids
from backend.catalog.tables import Location, Product, Warehouse
from backend.core.authorization import Actor, Permission
from backend.core.errors import DomainError, FieldChecks, NotFound, ValidationFailed
from backend.core.pagination import Page, PageRequest, SortDirection, paginate
from backend.core.queries import rows_by_ids
from backend.events.outbox import UnitOfWork, unit_of_work
from backend.stock.events import record_transfer
from backend.stock.tables import BinStock, StockLevel, StockMovement

MAX_QUANTITY = 1_000_000


class MovementReason(str, enum.Enum):
    INBOUND = "INBOUND"
    ADJUSTMENT = "ADJUSTMENT"
    RESERVATION = "RESERVATION"
    RELEASE = "RELEASE"
    PICK = "PICK"
    SHIPMENT = "SHIPMENT"
    RETURN = "RETURN"
    DAMAGE = "DAMAGE"
    COUNT = "COUNT"
    TRANSFER = "TRANSFER"


class InsufficientStock(DomainError):
    code = "INSUFFICIENT_STOCK"

    def __init__(self, message: str, *, available: int, field: str | None = "quantity") -> None:
        super().__init__(message, field=field)
        self.available = available

    @property
    def extensions(self) -> dict[str, Any]:
        return {**super().extensions, "available": self.available}


@dataclass(frozen=True)
class Quantities:
    on_hand: int
    reserved: int
    blocked: int
    incoming: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved - self.blocked

    def as_payload(self) -> dict[str, int]:
        return {"onHand": self.on_hand, "reserved": self.reserved, "blocked": self.blocked,
                "incoming": self.incoming, "available": self.available}


def clean_quantity(quantity: int, field: str = "quantity", *, allow_zero: bool = False) -> int:
    low = 0 if allow_zero else 1
    if not low <= quantity <= MAX_QUANTITY:
        raise ValidationFailed(f"Must be a whole number from {low} to {MAX_QUANTITY}", field=field)
    return quantity


def clean_delta(quantity: int, field: str = "quantity") -> int:
    if quantity == 0 or abs(quantity) > MAX_QUANTITY:
        raise ValidationFailed(f"Must not be zero, at most {MAX_QUANTITY} either way", field=field)
    return quantity


async def current_quantities(product_id: UUID, warehouse_id: UUID) -> Quantities:
    rows = await StockLevel.select(StockLevel.on_hand, StockLevel.reserved, StockLevel.blocked, StockLevel.incoming).where(
        (StockLevel.product == product_id) & (StockLevel.warehouse == warehouse_id)
    )
    return Quantities(**rows[0]) if rows else Quantities(0, 0, 0, 0)


def _quantities(payload: dict[str, Any]) -> Quantities:
    return Quantities(payload["onHand"], payload["reserved"], payload["blocked"], payload["incoming"])


async def change_stock(
    uow: UnitOfWork,
    product: Product,
    warehouse_id: UUID,
    reason: MovementReason,
    *,
    on_hand: int = 0,
    reserved: int = 0,
    blocked: int = 0,
    incoming: int = 0,
    location: Location | None = None,
    reference: str = "",
    note: str = "",
    event_extra: dict[str, Any] | None = None,
) -> Quantities:
    """Apply deltas to a product's stock in a warehouse (and its bin), inside the caller's transaction: the guarded
    update, its ledger entry and its `stock.changed` event are the routine `stock_change` (stock.sql)."""
    rows = await StockLevel.raw(
        "SELECT stock_change({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}::jsonb, {}::jsonb) AS event",
        product.id, warehouse_id, on_hand, reserved, blocked, incoming, location.id if location else None, reason.value,
        reference, note, json.dumps(uow.actor.as_event_actor()), json.dumps(event_extra or {}),
    )
    event = rows[0]["event"]
    if event is None:
        now = await current_quantities(product.id, warehouse_id)
        raise InsufficientStock(
            f"Only {now.available} of {product.sku} available (on hand {now.on_hand}, reserved {now.reserved}, "
            f"blocked {now.blocked})",
            available=now.available,
        )
    item = json.loads(event)
    quantities = _quantities(item["payload"])
    if on_hand - reserved - blocked > 0 and quantities.available > 0:
        _announce_freed(uow, product.id, warehouse_id)
    if location is not None and on_hand:
        await _change_bin(product, location, on_hand)
    uow.record_item(item)
    return quantities


# What to do after a commit that made units of a product available in a warehouse (stock arrived, a reservation was
# released): the orders domain allocates them to backorders, oldest first. Registered by `backend.reactions`.
_stock_freed_listeners: list[Callable[[UUID, UUID], Awaitable[Any]]] = []


def on_stock_freed(listener: Callable[[UUID, UUID], Awaitable[Any]]) -> None:
    """Call `listener(product_id, warehouse_id)` after every commit that frees units (once per listener)."""
    if listener not in _stock_freed_listeners:
        _stock_freed_listeners.append(listener)


def _announce_freed(uow: UnitOfWork, product_id: UUID, warehouse_id: UUID) -> None:
    for listener in _stock_freed_listeners:
        uow.after_commit(("stock_freed", listener, product_id, warehouse_id),
                         lambda listener=listener: listener(product_id, warehouse_id))


async def _change_bin(product: Product, location: Location, delta: int) -> int:
    updated = await _update_bin(product, location, delta)
    if not updated:
        # The product's first units in this bin (picks and corrections find their row, and skip this round trip).
        await BinStock.raw(
            "INSERT INTO bin_stock (id, product, location, on_hand) VALUES (gen_random_uuid(), {}, {}, 0) "
            "ON CONFLICT (product, location) DO NOTHING",
            product.id, location.id,
        )
        updated = await _update_bin(product, location, delta)
    if not updated:
        have = await BinStock.select(BinStock.on_hand).where((BinStock.product == product.id) & (BinStock.location == location.id))
        available = have[0]["on_hand"] if have else 0
        raise InsufficientStock(f"Bin {location.code} holds only {available} of {product.sku}", available=available, field="locationCode")
    return updated[0]["on_hand"]


async def _update_bin(product: Product, location: Location, delta: int) -> list[dict]:
    return await BinStock.raw(
        "UPDATE bin_stock SET on_hand = on_hand + {} WHERE product = {} AND location = {} AND on_hand + {} >= 0 RETURNING on_hand",
        delta, product.id, location.id, delta,
    )


async def _book(uow: UnitOfWork, product: Product, warehouse_id: UUID, location: Location, reason: MovementReason,
                *, reference: str, note: str) -> None:
    """A ledger entry without a change of the warehouse's quantities (a move between bins, a count that matched)."""
    await StockMovement.raw(
        "SELECT stock_book({}, {}, {}, {}, {}, 0, 0, 0, 0, {}, {}, {}::jsonb)",
        product.merchant, product.id, warehouse_id, location.id, reason.value, reference, note,
        json.dumps(uow.actor.as_event_actor()),
    )


# ---------------------------------------------------------------- lookups shared by the use cases


async def _product(actor: Actor, product_id: UUID) -> Product:
    product = (await products_by_ids(actor, [product_id])).get(product_id)
    if product is None:
        raise NotFound("No such product", field="productId")
    return product


async def _warehouse(warehouse_id: UUID) -> Warehouse:
    warehouse = await Warehouse.objects().where(Warehouse.id == warehouse_id).first()
    if warehouse is None:
        raise NotFound("No such warehouse", field="warehouseId")
    return warehouse


def _clean_reason_note(note: str) -> str:
    cleaned = " ".join(note.split())
    if not cleaned:
        raise ValidationFailed("Say why", field="note", code="REQUIRED")
    if len(cleaned) > 500:
        raise ValidationFailed("At most 500 characters", field="note", code="TOO_LONG")
    return cleaned


# ---------------------------------------------------------------- reservations (the orders domain's)


async def reserve_up_to_in(uow: UnitOfWork, warehouse_id: UUID, wanted: dict[UUID, int], *, reference: str) -> dict[UUID, int]:
    """Reserve for each product the units wanted, or as many as are available (a backorder takes what there is),
    inside the caller's transaction; returns the units granted per product. The routine `stock_reserve_up_to`
    (stock.sql), which order placement uses too."""
    products = sorted(product for product, units in wanted.items() if units > 0)
    if not products:
        return {}
    rows = await StockLevel.raw(
        "SELECT product, granted, event FROM stock_reserve_up_to({}, {}, {}, {}, {}::jsonb)",
        warehouse_id, products, [wanted[product] for product in products], reference,
        json.dumps(uow.actor.as_event_actor()),
    )
    for row in rows:
        if row["event"] is not None:
            uow.record_item(json.loads(row["event"]))
    return {row["product"]: row["granted"] for row in rows}


async def release_in(uow: UnitOfWork, product: Product, warehouse_id: UUID, quantity: int, *, reference: str) -> Quantities:
    return await change_stock(uow, product, warehouse_id, MovementReason.RELEASE, reserved=-clean_quantity(quantity), reference=reference)


# ---------------------------------------------------------------- picking (the picking domain's)


async def pick_in(uow: UnitOfWork, product: Product, warehouse_id: UUID, location: Location | None, quantity: int, *,
                  reference: str) -> Quantities:
    """Take reserved units out of a bin (or, with no bin on record, out of the warehouse) into an order's tote: they
    leave `onHand` and `reserved` together."""
    return await change_stock(uow, product, warehouse_id, MovementReason.PICK, on_hand=-quantity, reserved=-quantity,
                              location=location, reference=reference)


async def short_pick_in(uow: UnitOfWork, product: Product, warehouse_id: UUID, location: Location | None,
                        quantity: int, *, damaged: bool, reference: str) -> Quantities:
    """Reserved units a picker did not find: damaged ones stay where they are, blocked; missing ones leave `onHand`
    (and the bin, as far as it held any). Either way the reservation they were is gone."""
    if damaged:
        return await change_stock(uow, product, warehouse_id, MovementReason.DAMAGE, reserved=-quantity,
                                  blocked=quantity, reference=reference, note="damaged, found when picking")
    quantities = await change_stock(uow, product, warehouse_id, MovementReason.ADJUSTMENT, on_hand=-quantity,
                                    reserved=-quantity, reference=reference, note="missing, found when picking")
    if location is not None:
        held = await BinStock.select(BinStock.on_hand).where(
            (BinStock.product == product.id) & (BinStock.location == location.id))
        if held and held[0]["on_hand"] > 0:
            await _change_bin(product, location, -min(quantity, held[0]["on_hand"]))
    return quantities


async def restock_in(uow: UnitOfWork, product: Product, warehouse_id: UUID, location: Location, quantity: int, *,
                     reference: str) -> Quantities:
    """Picked units put back into a bin (their order was cancelled on the floor)."""
    return await change_stock(uow, product, warehouse_id, MovementReason.RETURN, on_hand=quantity, location=location,
                              reference=reference, note="put back: order cancelled while picking")


# ---------------------------------------------------------------- the warehouse's corrections


async def adjust_stock(
    actor: Actor, *, product_id: UUID, warehouse_id: UUID, quantity: int, reason: MovementReason, note: str,
    location_code: str | None = None,
) -> Quantities:
    """Add or remove on-hand units (found, lost, damaged) with a reason and a note."""
    actor.require(Permission.STOCK_WRITE)
    checks = FieldChecks()
    checks.check(clean_delta, quantity)
    note = checks.check(_clean_reason_note, note)
    if reason not in (MovementReason.ADJUSTMENT, MovementReason.DAMAGE, MovementReason.RETURN):
        checks.errors.append(ValidationFailed("Adjust with ADJUSTMENT, DAMAGE or RETURN", field="reason"))
    checks.raise_if_any()
    product = await _product(actor, product_id)
    await _warehouse(warehouse_id)
    location = await find_location(warehouse_id, location_code) if location_code else None
    async with unit_of_work(actor) as uow:
        return await change_stock(uow, product, warehouse_id, reason, on_hand=quantity, location=location, note=note)


async def transfer_stock(
    actor: Actor, *, product_id: UUID, warehouse_id: UUID, from_location_code: str, to_location_code: str, quantity: int,
) -> Quantities:
    """Move units between two bins of one warehouse; the warehouse total stays."""
    actor.require(Permission.STOCK_WRITE)
    clean_quantity(quantity)
    product = await _product(actor, product_id)
    source = await find_location(warehouse_id, from_location_code, "fromLocationCode")
    target = await find_location(warehouse_id, to_location_code, "toLocationCode")
    if source.id == target.id:
        raise ValidationFailed("Choose two different bins", field="toLocationCode")
    async with unit_of_work(actor) as uow:
        await _change_bin(product, source, -quantity)
        await _change_bin(product, target, quantity)
        await _book(uow, product, warehouse_id, source, MovementReason.TRANSFER, reference=f"to {target.code}",
                    note=f"-{quantity}")
        await _book(uow, product, warehouse_id, target, MovementReason.TRANSFER, reference=f"from {source.code}",
                    note=f"+{quantity}")
        quantities = await current_quantities(product.id, warehouse_id)
        level = await StockLevel.select(StockLevel.id).where((StockLevel.product == product.id) & (StockLevel.warehouse == warehouse_id))
        record_transfer(uow, level[0]["id"], product, warehouse_id, quantity, source, target, quantities.as_payload())
    return quantities


async def count_stock(
    actor: Actor, *, product_id: UUID, warehouse_id: UUID, location_code: str, counted: int, note: str = "",
) -> Quantities:
    """A cycle count: set a bin's quantity to what was counted and book the difference."""
    actor.require(Permission.STOCK_WRITE)
    clean_quantity(counted, "counted", allow_zero=True)
    product = await _product(actor, product_id)
    location = await find_location(warehouse_id, location_code)
    async with unit_of_work(actor) as uow:
        rows = await BinStock.raw(
            "SELECT on_hand FROM bin_stock WHERE product = {} AND location = {} FOR UPDATE", product.id, location.id
        )
        before = rows[0]["on_hand"] if rows else 0
        difference = counted - before
        if difference == 0:
            quantities = await current_quantities(product.id, warehouse_id)
            await _book(uow, product, warehouse_id, location, MovementReason.COUNT,
                        reference=f"count {location.code}: {counted}", note=note)
            return quantities
        return await change_stock(
            uow, product, warehouse_id, MovementReason.COUNT, on_hand=difference, location=location,
            reference=f"count {location.code}: {before} → {counted}", note=note,
            event_extra={"counted": counted, "before": before},
        )


# ---------------------------------------------------------------- reading


def _level_scope(actor: Actor) -> list:
    return [] if actor.is_operator else [StockLevel.merchant == actor.merchant_id]


async def stock_levels_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, StockLevel]:
    if not actor.can(Permission.STOCK_READ):
        return {}
    return await rows_by_ids(StockLevel, ids, _level_scope(actor))


async def stock_levels_for(actor: Actor, product_ids: list[UUID]) -> dict[UUID, list[StockLevel]]:
    if not product_ids or not actor.can(Permission.STOCK_READ):
        return {}
    query = StockLevel.objects().where(StockLevel.product.is_in(product_ids))
    for condition in _level_scope(actor):
        query = query.where(condition)
    found: dict[UUID, list[StockLevel]] = {pid: [] for pid in product_ids}
    for level in await query.order_by(StockLevel.warehouse):
        found[level.product].append(level)
    return found


async def bin_stock_for(actor: Actor, product_ids: list[UUID]) -> dict[UUID, list[dict]]:
    if not product_ids or not actor.can(Permission.STOCK_READ):
        return {}
    visible = await products_by_ids(actor, product_ids)
    rows = await BinStock.select(
        BinStock.product, BinStock.on_hand, BinStock.location.code.as_alias("code"),
        BinStock.location.warehouse.as_alias("warehouse"),
    ).where(BinStock.product.is_in(list(visible)) & (BinStock.on_hand > 0)).order_by(BinStock.location.code)
    found: dict[UUID, list[dict]] = {pid: [] for pid in product_ids}
    for row in rows:
        found[row["product"]].append(row)
    return found


async def list_movements(
    actor: Actor, product_id: UUID, page: PageRequest, warehouse_id: UUID | None = None
) -> Page[StockMovement]:
    actor.require(Permission.STOCK_READ)
    await _product(actor, product_id)
    where: list = [StockMovement.product == product_id]
    if warehouse_id is not None:
        where.append(StockMovement.warehouse == warehouse_id)
    return await paginate(StockMovement, where, StockMovement.created_at, SortDirection.DESC, page)


async def ledger_totals(product_id: UUID, warehouse_id: UUID) -> Quantities:
    """What the ledger says the quantities are (they must equal the stock row)."""
    rows = await StockMovement.raw(
        "SELECT coalesce(sum(on_hand_delta), 0) AS on_hand, coalesce(sum(reserved_delta), 0) AS reserved, "
        "coalesce(sum(blocked_delta), 0) AS blocked, coalesce(sum(incoming_delta), 0) AS incoming "
        "FROM stock_movement WHERE product = {} AND warehouse = {}", product_id, warehouse_id,
    )
    return Quantities(**{k: int(v) for k, v in rows[0].items()})
