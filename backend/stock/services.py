"""Stock use cases and the reservation primitive.

Every change goes through `change_stock`: one conditional UPDATE of the product's warehouse row (it takes the
row lock and re-checks the guard on the newest row version, so concurrent callers serialize and none can push a
quantity below zero), the bin row when a bin is involved, one immutable ledger entry, and a `stock.changed`
event — all in the caller's transaction. The table's CHECK constraint is the last line of defence.
"""

from __future__ import annotations

import asyncio
import contextvars
import enum
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from backend.catalog.services import find_location, products_by_ids
from backend.catalog.tables import Location, Product, Warehouse
from backend.core.authorization import Actor, Permission
from backend.core.db import NamedStatement
from backend.core.errors import DomainError, FieldChecks, NotFound, ValidationFailed
from backend.core.queries import rows_by_ids
from backend.core.pagination import Page, PageRequest, SortDirection, paginate
from backend.events.outbox import UnitOfWork, unit_of_work
from backend.events.topics import EventTopic
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


# The guarded update and its ledger entry in one statement: one round trip while the row is locked.
_UPDATE_LEVEL = NamedStatement("""
WITH changed AS (
  UPDATE stock_level SET
    on_hand = on_hand + {d1}, reserved = reserved + {d2}, blocked = blocked + {d3}, incoming = incoming + {d4},
    updated_at = clock_timestamp()
  WHERE product = {product} AND warehouse = {warehouse}
    AND on_hand + {d1} >= 0 AND reserved + {d2} >= 0 AND blocked + {d3} >= 0 AND incoming + {d4} >= 0
    AND (on_hand + {d1}) - (reserved + {d2}) - (blocked + {d3}) >= 0
  RETURNING id, merchant, on_hand, reserved, blocked, incoming
), booked AS (
  INSERT INTO stock_movement (merchant, product, warehouse, location, reason, on_hand_delta, reserved_delta,
                              blocked_delta, incoming_delta, reference, note, actor, created_at)
  SELECT merchant, {product}, {warehouse}, {location}, {reason}, {d1}, {d2}, {d3}, {d4}, {reference}, {note},
         {actor}::jsonb, clock_timestamp()
  FROM changed
  RETURNING id
)
SELECT id, on_hand, reserved, blocked, incoming FROM changed
""")


def _update_level_query(product: Product, warehouse_id: UUID, deltas: tuple[int, int, int, int], location: Location | None,
                        reason: MovementReason, reference: str, note: str, actor: dict[str, Any]) -> tuple[str, list[Any]]:
    """`_UPDATE_LEVEL` with its arguments, for Piccolo's raw queries."""
    return _UPDATE_LEVEL.sql, _UPDATE_LEVEL.args(
        d1=deltas[0], d2=deltas[1], d3=deltas[2], d4=deltas[3], product=product.id, warehouse=warehouse_id,
        location=location.id if location else None, reason=reason.value, reference=reference[:120], note=note[:500],
        actor=json.dumps(actor))


async def current_quantities(product_id: UUID, warehouse_id: UUID) -> Quantities:
    rows = await StockLevel.select(StockLevel.on_hand, StockLevel.reserved, StockLevel.blocked, StockLevel.incoming).where(
        (StockLevel.product == product_id) & (StockLevel.warehouse == warehouse_id)
    )
    return Quantities(**rows[0]) if rows else Quantities(0, 0, 0, 0)


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
    """Apply deltas to a product's stock in a warehouse (and its bin), inside the caller's transaction."""
    sql, args = _update_level_query(product, warehouse_id, (on_hand, reserved, blocked, incoming), location, reason,
                                    reference, note, uow.actor.as_event_actor())
    rows = await StockLevel.raw(sql, *args)
    if not rows:
        await StockLevel.raw(
            "INSERT INTO stock_level (id, merchant, product, warehouse, on_hand, reserved, blocked, incoming, updated_at) "
            "VALUES (gen_random_uuid(), {}, {}, {}, 0, 0, 0, 0, clock_timestamp()) ON CONFLICT (product, warehouse) DO NOTHING",
            product.merchant, product.id, warehouse_id,
        )
        rows = await StockLevel.raw(sql, *args)
    if not rows:
        now = await current_quantities(product.id, warehouse_id)
        raise InsufficientStock(
            f"Only {now.available} of {product.sku} available (on hand {now.on_hand}, reserved {now.reserved}, "
            f"blocked {now.blocked})",
            available=now.available,
        )
    row = rows[0]
    quantities = Quantities(row["on_hand"], row["reserved"], row["blocked"], row["incoming"])
    if on_hand - reserved - blocked > 0 and quantities.available > 0:
        _announce_freed(uow, product.id, warehouse_id)
    if location is not None and on_hand:
        await _change_bin(product, location, on_hand)
    uow.record(
        EventTopic.STOCK, "stock.changed", entity_type="StockLevel", entity_id=row["id"], merchant_id=product.merchant,
        payload={
            "productId": str(product.id), "sku": product.sku, "warehouseId": str(warehouse_id), "reason": reason.value,
            "delta": {"onHand": on_hand, "reserved": reserved, "blocked": blocked, "incoming": incoming},
            **quantities.as_payload(), **(event_extra or {}),
        },
    )
    return quantities


# Called after a commit that made units of a product available in a warehouse (stock arrived, a reservation
# was released): the orders domain allocates them to backorders, oldest first.
STOCK_FREED_LISTENERS: list[Callable[[UUID, UUID], Awaitable[None]]] = []


def _announce_freed(uow: UnitOfWork, product_id: UUID, warehouse_id: UUID) -> None:
    for listener in STOCK_FREED_LISTENERS:
        uow.after_commit(("stock_freed", listener, product_id, warehouse_id),
                         lambda listener=listener: listener(product_id, warehouse_id))


async def _change_bin(product: Product, location: Location, delta: int) -> int:
    await BinStock.raw(
        "INSERT INTO bin_stock (id, product, location, on_hand) VALUES (gen_random_uuid(), {}, {}, 0) "
        "ON CONFLICT (product, location) DO NOTHING",
        product.id, location.id,
    )
    updated = await BinStock.raw(
        "UPDATE bin_stock SET on_hand = on_hand + {} WHERE product = {} AND location = {} AND on_hand + {} >= 0 RETURNING on_hand",
        delta, product.id, location.id, delta,
    )
    if not updated:
        have = await BinStock.select(BinStock.on_hand).where((BinStock.product == product.id) & (BinStock.location == location.id))
        available = have[0]["on_hand"] if have else 0
        raise InsufficientStock(f"Bin {location.code} holds only {available} of {product.sku}", available=available, field="locationCode")
    return updated[0]["on_hand"]


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


# ---------------------------------------------------------------- the reservation primitive


async def reserve_in(uow: UnitOfWork, product: Product, warehouse_id: UUID, quantity: int, *, reference: str) -> Quantities:
    """Reserve `quantity` inside the caller's transaction, or raise `InsufficientStock` with what is available."""
    return await change_stock(uow, product, warehouse_id, MovementReason.RESERVATION, reserved=clean_quantity(quantity), reference=reference)


async def reserve_up_to_in(uow: UnitOfWork, product: Product, warehouse_id: UUID, wanted: int, *, reference: str) -> int:
    """Reserve `wanted` units, or as many as are available (a backorder takes what there is); returns how many."""
    try:
        await reserve_in(uow, product, warehouse_id, wanted, reference=reference)
        return wanted
    except InsufficientStock as short:
        if short.available <= 0:
            return 0
    # Take the stock row's lock, then reserve exactly what is left: nothing can change it under us now.
    rows = await StockLevel.raw(
        "SELECT on_hand - reserved - blocked AS available FROM stock_level WHERE product = {} AND warehouse = {} FOR UPDATE",
        product.id, warehouse_id,
    )
    grant = min(wanted, rows[0]["available"]) if rows else 0
    if grant > 0:
        await reserve_in(uow, product, warehouse_id, grant, reference=reference)
    return max(grant, 0)


# `reserve_up_to_in` for several products at once, as CTEs at the head of a caller's own statement (intake writes
# a new order with its reservations in one statement). The caller defines `wanted(product, sku, quantity)`, one
# row per product, and the placeholders {warehouse}, {reference}, {actor} and {occurred_at}. Gives `granted`
# (product, quantity, granted: what could be reserved, possibly 0; a product without a stock row there is
# missing), `reservation_events` (product, item: one `stock.changed` outbox item per reservation, shaped like
# `change_stock`'s) and `reservations_booked` (each reservation's ledger entry). The stock rows are locked in
# product order, as `sync_reservations` does, so concurrent orders of the same products queue rather than
# deadlock, and what is granted is computed from the row versions the locks returned, so nothing is oversold.
RESERVE_UP_TO_CTES = """
stock_locked AS (
  SELECT s.id, s.product, s.on_hand, s.reserved, s.blocked FROM stock_level s
  WHERE s.warehouse = {warehouse} AND s.product IN (SELECT product FROM wanted)
  ORDER BY s.product FOR UPDATE
), granted AS (
  SELECT w.product, w.quantity, LEAST(w.quantity, GREATEST(l.on_hand - l.reserved - l.blocked, 0)) AS granted, l.id
  FROM wanted w JOIN stock_locked l ON l.product = w.product
), reserved AS (
  UPDATE stock_level s SET reserved = s.reserved + g.granted, updated_at = clock_timestamp()
  FROM granted g WHERE s.id = g.id AND g.granted > 0
  RETURNING s.id, s.merchant, s.product, g.granted, s.on_hand, s.reserved, s.blocked, s.incoming
), reservations_booked AS (
  INSERT INTO stock_movement (merchant, product, warehouse, location, reason, on_hand_delta, reserved_delta,
                              blocked_delta, incoming_delta, reference, note, actor, created_at)
  SELECT merchant, product, {warehouse}, NULL, 'RESERVATION', 0, granted, 0, 0, {reference}, '', {actor}::jsonb,
         clock_timestamp()
  FROM reserved
  RETURNING id
), reservation_events AS (
  SELECT r.product, jsonb_build_object(
    'merchant_id', r.merchant, 'topic', 'STOCK', 'type', 'stock.changed', 'entity_type', 'StockLevel',
    'entity_id', r.id, 'actor', {actor}::jsonb, 'occurred_at', {occurred_at}::text,
    'payload', jsonb_build_object(
      'productId', r.product, 'sku', w.sku, 'warehouseId', {warehouse}::uuid, 'reason', 'RESERVATION',
      'delta', jsonb_build_object('onHand', 0, 'reserved', r.granted, 'blocked', 0, 'incoming', 0),
      'onHand', r.on_hand, 'reserved', r.reserved, 'blocked', r.blocked, 'incoming', r.incoming,
      'available', r.on_hand - r.reserved - r.blocked)) AS item
  FROM reserved r JOIN wanted w ON w.product = r.product
)"""


async def release_in(uow: UnitOfWork, product: Product, warehouse_id: UUID, quantity: int, *, reference: str) -> Quantities:
    return await change_stock(uow, product, warehouse_id, MovementReason.RELEASE, reserved=-clean_quantity(quantity), reference=reference)


# A reservation on its own as ONE statement: the guarded update, its ledger entry and its outbox event, without a
# client round trip between them while the row is locked. `_ReservationBatches` commits concurrent ones together.
_RESERVE_ALONE = NamedStatement("""
WITH changed AS (
  UPDATE stock_level SET reserved = reserved + {qty}, updated_at = clock_timestamp()
  WHERE product = {product} AND warehouse = {warehouse} AND on_hand - (reserved + {qty}) - blocked >= 0
  RETURNING id, merchant, on_hand, reserved, blocked, incoming
), booked AS (
  INSERT INTO stock_movement (merchant, product, warehouse, location, reason, on_hand_delta, reserved_delta,
                              blocked_delta, incoming_delta, reference, note, actor, created_at)
  SELECT merchant, {product}, {warehouse}, NULL, 'RESERVATION', 0, {qty}, 0, 0, {reference}, '', {actor}::jsonb,
         clock_timestamp()
  FROM changed
  RETURNING id
), appended AS (
  SELECT a.out_seq, a.out_prev FROM changed, LATERAL outbox_append({lock}, jsonb_build_array(jsonb_build_object(
    'merchant_id', changed.merchant, 'topic', 'STOCK', 'type', 'stock.changed', 'entity_type', 'StockLevel',
    'entity_id', changed.id, 'actor', {actor}::jsonb, 'occurred_at', {occurred_at}::text,
    'payload', {payload}::jsonb || jsonb_build_object('onHand', changed.on_hand, 'reserved', changed.reserved,
      'blocked', changed.blocked, 'incoming', changed.incoming,
      'available', changed.on_hand - changed.reserved - changed.blocked)))) a
)
SELECT changed.id, changed.merchant, changed.on_hand, changed.reserved, changed.blocked, changed.incoming,
       appended.out_seq, appended.out_prev
FROM changed CROSS JOIN appended
""")


@dataclass
class _Reservation:
    actor: Actor
    product: Product
    quantity: int
    reference: str
    # Resolves to the new quantities, or to None when the general path must decide (no stock row, too little).
    outcome: asyncio.Future[Quantities | None]


class _ReservationBatches:
    """Application-level group commit for a hot SKU: reservations of one product in one warehouse that arrive in
    this process while an earlier batch is committing go into the next batch, one transaction for all of them.

    Each reservation keeps its own guarded update, ledger entry and event (consecutive seqs), and its own answer.
    The row is locked from a batch's first update to its commit, so the commit's WAL flush is paid once per batch
    rather than once per reservation — the flush, not the work, is what limits a single hot row.
    """

    def __init__(self) -> None:
        self._queues: dict[tuple[UUID, UUID], list[_Reservation]] = {}
        self._drains: set[asyncio.Task[None]] = set()

    async def reserve(self, actor: Actor, product: Product, warehouse_id: UUID, quantity: int, reference: str) -> Quantities | None:
        key = (product.id, warehouse_id)
        item = _Reservation(actor, product, quantity, reference, asyncio.get_running_loop().create_future())
        queue = self._queues.get(key)
        if queue is None:
            self._queues[key] = [item]
            # The batches run in their own task, so a caller that goes away never strands the others.
            # A fresh context: a caller inside a transaction must not lend that transaction's connection to it.
            drain = asyncio.get_running_loop().create_task(self._drain(key, warehouse_id), context=contextvars.Context())
            self._drains.add(drain)
            drain.add_done_callback(self._drains.discard)
        else:
            queue.append(item)
        return await item.outcome

    async def _drain(self, key: tuple[UUID, UUID], warehouse_id: UUID) -> None:
        while True:
            await asyncio.sleep(0)  # let callers arriving together join the first batch
            batch = self._queues[key]
            if not batch:
                del self._queues[key]
                return
            self._queues[key] = []
            try:
                await _commit_batch(batch, warehouse_id)
            except BaseException as error:  # noqa: BLE001 - every caller of the batch gets the failure
                for item in batch:
                    if not item.outcome.done():
                        item.outcome.set_exception(error if isinstance(error, Exception) else RuntimeError("cancelled"))
                if not isinstance(error, Exception):
                    for item in self._queues.pop(key, []):
                        item.outcome.set_exception(RuntimeError("cancelled"))
                    raise


async def _commit_batch(batch: list[_Reservation], warehouse_id: UUID) -> None:
    from datetime import UTC, datetime

    from backend.core.db import engine
    from backend.events.outbox import OUTBOX_LOCK_ID, StoredEvent, publish

    prepared = []
    for item in batch:
        occurred_at = datetime.now(UTC)
        event_actor = item.actor.as_event_actor()
        base_payload = {"productId": str(item.product.id), "sku": item.product.sku, "warehouseId": str(warehouse_id),
                        "reason": MovementReason.RESERVATION.value,
                        "delta": {"onHand": 0, "reserved": item.quantity, "blocked": 0, "incoming": 0}}
        args = _RESERVE_ALONE.args(
            qty=item.quantity, product=item.product.id, warehouse=warehouse_id, reference=item.reference[:120],
            actor=json.dumps(event_actor), lock=OUTBOX_LOCK_ID, occurred_at=occurred_at.isoformat(),
            payload=json.dumps(base_payload))
        prepared.append((item, _RESERVE_ALONE.sql, args, occurred_at, event_actor, base_payload))
    results: list[dict[str, Any] | None] = []
    async with engine().transaction():
        for _, sql, args, *_ in prepared:
            rows = await StockLevel.raw(sql, *args)
            results.append(rows[0] if rows else None)
    events, outcomes = [], []
    for (item, _, _, occurred_at, event_actor, base_payload), row in zip(prepared, results, strict=True):
        if row is None:
            outcomes.append((item, None))
            continue
        quantities = Quantities(row["on_hand"], row["reserved"], row["blocked"], row["incoming"])
        events.append(StoredEvent(
            seq=row["out_seq"], merchant_prev_seq=row["out_prev"], merchant_id=row["merchant"], topic=EventTopic.STOCK,
            type="stock.changed", entity_type="StockLevel", entity_id=row["id"],
            payload={**base_payload, **quantities.as_payload()}, actor=event_actor, occurred_at=occurred_at,
        ))
        outcomes.append((item, quantities))
    if events:
        await publish(events, source="api")
    for item, outcome in outcomes:
        if not item.outcome.done():
            item.outcome.set_result(outcome)


_batches = _ReservationBatches()


async def reserve(actor: Actor, product_id: UUID, warehouse_id: UUID, quantity: int, *, reference: str) -> Quantities:
    """Reserve on its own transaction (the orders domain reserves inside its own with `reserve_in`)."""
    actor.require(Permission.STOCK_WRITE)
    clean_quantity(quantity)
    product = await _product(actor, product_id)
    quantities = await _batches.reserve(actor, product, warehouse_id, quantity, reference)
    if quantities is None:
        # No stock row yet, or not enough: the general path creates the row or says what is available.
        async with unit_of_work(actor) as uow:
            return await reserve_in(uow, product, warehouse_id, quantity, reference=reference)
    return quantities


async def release(actor: Actor, product_id: UUID, warehouse_id: UUID, quantity: int, *, reference: str) -> Quantities:
    actor.require(Permission.STOCK_WRITE)
    clean_quantity(quantity)
    product = await _product(actor, product_id)
    async with unit_of_work(actor) as uow:
        return await release_in(uow, product, warehouse_id, quantity, reference=reference)


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
        await StockMovement.insert(
            StockMovement(merchant=product.merchant, product=product.id, warehouse=warehouse_id, location=source.id,
                          reason=MovementReason.TRANSFER.value, reference=f"to {target.code}", note=f"-{quantity}",
                          actor=actor.as_event_actor()),
            StockMovement(merchant=product.merchant, product=product.id, warehouse=warehouse_id, location=target.id,
                          reason=MovementReason.TRANSFER.value, reference=f"from {source.code}", note=f"+{quantity}",
                          actor=actor.as_event_actor()),
        )
        quantities = await current_quantities(product.id, warehouse_id)
        level = await StockLevel.select(StockLevel.id).where((StockLevel.product == product.id) & (StockLevel.warehouse == warehouse_id))
        uow.record(
            EventTopic.STOCK, "stock.transferred", entity_type="StockLevel", entity_id=level[0]["id"], merchant_id=product.merchant,
            payload={"productId": str(product.id), "sku": product.sku, "warehouseId": str(warehouse_id), "quantity": quantity,
                     "from": source.code, "to": target.code, **quantities.as_payload()},
        )
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
            await StockMovement.insert(
                StockMovement(merchant=product.merchant, product=product.id, warehouse=warehouse_id, location=location.id,
                              reason=MovementReason.COUNT.value, reference=f"count {location.code}: {counted}",
                              note=note[:500], actor=actor.as_event_actor())
            )
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
