"""Picking: released orders grouped into picklists (batch picking: one walk for many orders, then sorting into
totes), picked by scanning bins and products, with short picks re-checked in other bins or sent back to backorder.

A picklist's lines follow the walking path (bin codes in order) and say bin, product, quantity and the orders they
serve. Bins are planned when the picklist is made, from what each bin holds less what open picklists already plan
to take from it; units without a bin on record get a line without a bin, found by scanning the product. Picking
is per warehouse user: each line is claimed by the picker who starts it, so two pickers never get the same line.

Stock moves go through the stock domain (`pick_in`, `short_pick_in`), the orders' status and lines through the
orders domain (`start_picking`, `record_picked`, `pick_fell_short`, `finish_picking`), all in one unit of work per
act.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from piccolo.columns.combination import WhereRaw

from backend.accounts.tables import User
from backend.catalog.tables import Location, Product, Warehouse
from backend.core.authorization import Actor, Permission
from backend.core.clock import utcnow
from backend.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from backend.core.pagination import Page, PageRequest, SortDirection, paginate
from backend.core.queries import json_value, rows_by_ids
from backend.events.outbox import UnitOfWork, unit_of_work
from backend.orders import services as orders
from backend.orders.tables import Order, OrderLine
from backend.picking.events import picklist_number, record_picklist
from backend.picking.tables import Picklist, PicklistLine, PicklistOrder, PicklistPick
from backend.stock import services as stock

MAX_ORDERS = 500
OPEN = ("OPEN", "PICKING")


class InvalidState(DomainError):
    code = "INVALID_STATE"


class WrongScan(DomainError):
    """A scan that does not fit the line the picker is on: nothing changes."""

    code = "WRONG_SCAN"


class ShortReason(str, enum.Enum):
    BIN_EMPTY = "BIN_EMPTY"
    DAMAGED = "DAMAGED"


@dataclass(frozen=True)
class PicklistRule:
    """Which released orders a picklist takes when none are chosen by hand: the oldest, up to `max_orders`."""

    max_orders: int = 20
    merchant_id: UUID | None = None
    shipping_methods: list[str] | None = None


@dataclass
class ScanOutcome:
    picklist: Picklist
    line: PicklistLine | None
    picked: int = 0
    message: str = ""
    # The line's bin, for the answer (the handheld shows where the picker is).
    bin_code: str | None = None


# ---------------------------------------------------------------- making a picklist


async def create_picklist(actor: Actor, *, warehouse_id: UUID, order_ids: list[UUID] | None = None,
                          rule: PicklistRule | None = None) -> Picklist:
    """A picklist for the orders chosen (all READY, of this warehouse, on no other open picklist), or for the
    oldest released orders the rule finds; its lines planned bin by bin along the walking path."""
    actor.require(Permission.PICKLISTS_WRITE)
    _check_choice(order_ids, rule)
    warehouse = await Warehouse.objects().where(Warehouse.id == warehouse_id).first()
    if warehouse is None or not warehouse.is_active:
        raise NotFound("No such active warehouse", field="warehouseId")
    async with unit_of_work(actor) as uow:
        # One picklist is planned at a time per warehouse, so two never plan the same units of a bin.
        await Picklist.raw("SELECT pg_advisory_xact_lock(hashtextextended('picklist:' || {}::text, 0))", str(warehouse_id))
        chosen = await (_chosen_orders(warehouse_id, order_ids) if order_ids else _orders_by_rule(warehouse_id, rule))
        if not chosen:
            raise ValidationFailed("No released order waits for picking here", field="orderIds", code="REQUIRED")
        picklist = Picklist(warehouse=warehouse_id, status="OPEN", created_by=actor.as_event_actor())
        await picklist.save()
        picklist = await Picklist.objects().where(Picklist.id == picklist.id).first()
        await PicklistOrder.insert(*[PicklistOrder(picklist=picklist.id, sales_order=o.id, tote=tote)
                                     for tote, o in enumerate(chosen, start=1)])
        await _plan_lines(picklist, chosen)
        record_picklist(uow, "picklist.created", picklist, orders=[o.number for o in chosen])
    return picklist


def _check_choice(order_ids: list[UUID] | None, rule: PicklistRule | None) -> None:
    if (order_ids is None) == (rule is None):
        raise ValidationFailed("Choose the orders, or give a rule", field="orderIds", code="REQUIRED")
    if order_ids is not None and not 1 <= len(set(order_ids)) <= MAX_ORDERS:
        raise ValidationFailed(f"From 1 to {MAX_ORDERS} orders", field="orderIds")
    if rule is not None and not 1 <= rule.max_orders <= MAX_ORDERS:
        raise ValidationFailed(f"From 1 to {MAX_ORDERS} orders", field="rule.maxOrders")


async def _chosen_orders(warehouse_id: UUID, order_ids: list[UUID]) -> list[Order]:
    ids = sorted(set(order_ids), key=str)
    found = {o.id: o for o in await Order.objects().where(Order.id.is_in(ids)).order_by(Order.id).lock_rows()}
    on_picklists = await _on_open_picklists(ids)
    for index, order_id in enumerate(order_ids):
        order = found.get(order_id)
        where = f"orderIds.{index}"
        if order is None:
            raise NotFound("No such order", field=where)
        if order.warehouse != warehouse_id:
            raise ValidationFailed(f"Order {order.number} ships from another warehouse", field=where)
        if not await orders.pickable(order):
            raise InvalidState(f"Order {order.number} is {order.status.replace('_', ' ').lower()}, not ready to pick",
                               field=where)
        if order.id in on_picklists:
            raise InvalidState(f"Order {order.number} is on picklist {on_picklists[order.id]} already", field=where)
    return sorted(found.values(), key=lambda o: (o.placed_at, o.number))


async def _orders_by_rule(warehouse_id: UUID, rule: PicklistRule) -> list[Order]:
    query = Order.objects().where(
        (Order.warehouse == warehouse_id) & WhereRaw(_PICKABLE)
        & Order.id.not_in(PicklistOrder.select(PicklistOrder.sales_order).where(PicklistOrder.active == True))  # noqa: E712
    )
    if rule.merchant_id is not None:
        query = query.where(Order.merchant == rule.merchant_id)
    if rule.shipping_methods:
        query = query.where(Order.shipping_method.is_in(rule.shipping_methods))
    oldest = await query.order_by(Order.placed_at).order_by(Order.id).limit(rule.max_orders).lock_rows(skip_locked=True)
    return list(oldest)


# What `orders.pickable` says, as a condition: READY, or partly shipped with the rest all reserved.
_PICKABLE = (
    "(sales_order.status = 'READY' OR (sales_order.status = 'PARTIALLY_SHIPPED' "
    "AND EXISTS (SELECT 1 FROM sales_order_line l WHERE l.sales_order = sales_order.id AND l.reserved > 0) "
    "AND NOT EXISTS (SELECT 1 FROM sales_order_line l WHERE l.sales_order = sales_order.id "
    "AND l.reserved + l.picked + l.shipped < l.quantity)))"
)


async def _on_open_picklists(order_ids: list[UUID]) -> dict[UUID, str]:
    rows = await PicklistOrder.select(PicklistOrder.sales_order, PicklistOrder.picklist.sequence.as_alias("seq")).where(
        PicklistOrder.sales_order.is_in(order_ids) & (PicklistOrder.active == True))  # noqa: E712
    return {row["sales_order"]: f"PL-{row['seq']}" for row in rows}


@dataclass
class _PlannedLine:
    location: Location | None
    product: Product
    picks: list[tuple[OrderLine, int]] = field(default_factory=list)

    @property
    def quantity(self) -> int:
        return sum(units for _, units in self.picks)


async def _plan_lines(picklist: Picklist, chosen: list[Order], *, after: int = 0,
                      avoid: UUID | None = None) -> list[PicklistLine]:
    """The picklist's lines for what the chosen orders have reserved, bin by bin in walking order (oldest order
    first within a bin); `after` numbers them after existing lines, `avoid` leaves a bin out (found short)."""
    lines = await OrderLine.objects().where(
        OrderLine.sales_order.is_in([o.id for o in chosen]) & (OrderLine.reserved > 0))
    by_order = defaultdict(list)
    for line in lines:
        by_order[line.sales_order].append(line)
    products = {p.id: p for p in await Product.objects().where(Product.id.is_in(list({line.product for line in lines}) or [None]))}
    free = await _free_in_bins(picklist.warehouse, list(products), avoid)
    on_open_lines = await _still_to_pick([line.id for line in lines])
    planned: dict[tuple[UUID | None, UUID], _PlannedLine] = {}
    for order in chosen:
        for line in sorted(by_order[order.id], key=lambda item: item.position):
            # Re-planned after a short pick, an order's other lines are still on the picklist: only what no open
            # line covers is planned again.
            wanted = line.reserved - on_open_lines.get(line.id, 0)
            if wanted <= 0:
                continue
            for location, units in free.get(line.product, []):
                take = min(wanted, units[0])
                if take <= 0:
                    continue
                units[0] -= take
                wanted -= take
                planned.setdefault((location.id, line.product), _PlannedLine(location, products[line.product])).picks.append((line, take))
                if wanted == 0:
                    break
            if wanted > 0:
                planned.setdefault((None, line.product), _PlannedLine(None, products[line.product])).picks.append((line, wanted))
    walk = sorted(planned.values(), key=lambda p: (p.location is None, p.location.code if p.location else "", p.product.sku))
    written = []
    for position, plan in enumerate(walk, start=after + 1):
        row = PicklistLine(picklist=picklist.id, position=position, location=plan.location.id if plan.location else None,
                           product=plan.product.id, sku=plan.product.sku, name=plan.product.name, quantity=plan.quantity)
        await row.save()
        await PicklistPick.insert(*[PicklistPick(line=row.id, sales_order=line.sales_order, order_line=line.id,
                                                 quantity=units) for line, units in plan.picks])
        written.append(row)
    return written


async def _still_to_pick(order_line_ids: list[UUID]) -> dict[UUID, int]:
    """Per order line, the units open picklists still plan to pick for it."""
    if not order_line_ids:
        return {}
    rows = await PicklistPick.raw(
        "SELECT pk.order_line, sum(pk.quantity - pk.picked - pk.short) AS units FROM picklist_pick pk "
        "JOIN picklist_line pl ON pl.id = pk.line JOIN picklist p ON p.id = pl.picklist "
        "WHERE pk.order_line = ANY({}) AND p.status IN ('OPEN', 'PICKING') GROUP BY pk.order_line", order_line_ids)
    return {row["order_line"]: int(row["units"]) for row in rows}


async def _free_in_bins(warehouse_id: UUID, product_ids: list[UUID],
                        avoid: UUID | None) -> dict[UUID, list[tuple[Location, list[int]]]]:
    """Per product, the warehouse's bins in walking order with the units no open picklist plans to take yet."""
    if not product_ids:
        return {}
    rows = await Location.raw(
        "SELECT b.product, b.location, b.on_hand - coalesce((SELECT sum(pl.quantity - pl.picked - pl.short) "
        "  FROM picklist_line pl JOIN picklist p ON p.id = pl.picklist "
        "  WHERE pl.location = b.location AND pl.product = b.product AND p.status IN ('OPEN', 'PICKING')), 0) AS free "
        "FROM bin_stock b JOIN location l ON l.id = b.location "
        "WHERE l.warehouse = {} AND l.is_active AND b.product = ANY({}) AND b.on_hand > 0 ORDER BY l.code",
        warehouse_id, product_ids)
    locations = {loc.id: loc for loc in await Location.objects().where(
        Location.id.is_in([row["location"] for row in rows] or [None]))}
    free: dict[UUID, list[tuple[Location, list[int]]]] = defaultdict(list)
    for row in rows:
        if row["free"] > 0 and row["location"] != avoid:
            free[row["product"]].append((locations[row["location"]], [int(row["free"])]))
    return free


# ---------------------------------------------------------------- picking


async def _locked_picklist(picklist_id: UUID, field_name: str = "picklistId") -> Picklist:
    # Written out: every scan takes this lock, and Piccolo's query builder cost more CPU than the query.
    rows = await Picklist.raw("SELECT * FROM picklist WHERE id = {} FOR UPDATE", picklist_id)
    if not rows:
        raise NotFound("No such picklist", field=field_name)
    row = rows[0]
    return Picklist(_exists_in_db=True, **{**row, "created_by": json_value(row["created_by"])})


async def _active_orders(picklist: Picklist) -> list[UUID]:
    rows = await PicklistOrder.select(PicklistOrder.sales_order).where(
        (PicklistOrder.picklist == picklist.id) & (PicklistOrder.active == True))  # noqa: E712
    return [row["sales_order"] for row in rows]


async def start_picklist(actor: Actor, picklist_id: UUID) -> Picklist:
    """A picker takes an open picklist: its orders move into PICKING."""
    actor.require(Permission.PICKLISTS_WRITE)
    async with unit_of_work(actor) as uow:
        picklist = await _locked_picklist(picklist_id)
        if picklist.status != "OPEN":
            raise InvalidState(f"Picklist {picklist_number(picklist)} is {picklist.status.lower()}", field="picklistId")
        await _start(uow, picklist)
    return picklist


async def _start(uow: UnitOfWork, picklist: Picklist) -> None:
    number = picklist_number(picklist)
    waiting = await _active_orders(picklist)
    moved = set(await orders.start_picking(uow, waiting, number))
    for order_id in set(waiting) - moved:  # changed since the picklist was made: it leaves the picklist
        await _drop_order(picklist, order_id)
    picklist.status, picklist.started_at = "PICKING", utcnow()
    await picklist.save()
    record_picklist(uow, "picklist.started", picklist, orders=len(moved))
    await _complete_if_done(uow, picklist)


async def scan(actor: Actor, picklist_id: UUID, code: str, quantity: int = 1) -> ScanOutcome:
    """What a handheld or a phone camera read while picking: the bin of the picker's line, or its product (the
    units are then picked). A wrong bin, a wrong product or more than the line wants changes nothing."""
    actor.require(Permission.PICKLISTS_WRITE)
    code = (code or "").strip()
    if not code:
        raise ValidationFailed("Scan a bin, a barcode or a SKU", field="code", code="REQUIRED")
    if not 1 <= quantity <= 10_000:
        raise ValidationFailed("From 1 to 10000", field="quantity")
    async with unit_of_work(actor) as uow:
        picklist = await _locked_picklist(picklist_id)
        if picklist.status == "OPEN":
            await _start(uow, picklist)
        if picklist.status != "PICKING":
            raise InvalidState(f"Picklist {picklist_number(picklist)} is {picklist.status.lower()}", field="picklistId")
        spot = await _spot_of(actor, picklist, code)
        if spot is None:
            raise InvalidState(f"Nothing is left to pick on {picklist_number(picklist)} for you", field="picklistId")
        if spot.code_is_bin:
            return await _at_bin(actor, picklist, spot, code)
        if code in (spot.product.barcode, spot.product.sku):
            return await _pick(uow, actor, picklist, spot, quantity)
        await _refuse_other_product(code, spot)
        raise AssertionError("unreachable")  # pragma: no cover


@dataclass
class _Spot:
    """Where the picker is: its line (locked for this scan), the line's bin and product, and whether the code
    scanned is a bin of the warehouse."""

    line: PicklistLine
    location: Location | None
    product: Product
    code_is_bin: bool


# A scan's questions in one statement: the picker's line (the one it is on, or the next nobody has taken, in
# walking order), its bin and product, and whether the code is a bin here.
_SPOT = (
    "SELECT l.id, l.picklist, l.position, l.location, l.product, l.sku, l.name, l.quantity, l.picked, l.short, "
    "l.picker, l.at_bin, b.code AS bin_code, p.sku AS product_sku, p.barcode, "
    "EXISTS (SELECT 1 FROM location s WHERE s.warehouse = {} AND s.code = {}) AS code_is_bin "
    "FROM picklist_line l LEFT JOIN location b ON b.id = l.location JOIN product p ON p.id = l.product "
    "WHERE l.picklist = {} AND l.picked + l.short < l.quantity AND (l.picker IS NULL OR l.picker = {}) "
    "ORDER BY (l.picker IS NULL), l.position LIMIT 1 FOR UPDATE OF l SKIP LOCKED"
)


async def _spot_of(actor: Actor, picklist: Picklist, code: str) -> _Spot | None:
    """The picker's line, claimed for it by the scan that succeeds on it (`_claim`), so a refused scan claims
    nothing; two pickers never get the same line (the line is locked, the second skips it)."""
    rows = await PicklistLine.raw(_SPOT, picklist.warehouse, code.upper(), picklist.id, actor.id)
    if not rows:
        return None
    row = rows[0]
    bin_code, sku, barcode = row.pop("bin_code"), row.pop("product_sku"), row.pop("barcode")
    code_is_bin = row.pop("code_is_bin")
    line = PicklistLine(_exists_in_db=True, **row)
    # Only what a scan reads of the bin and the product (their ids, codes), not whole rows.
    location = (Location(_ignore_missing=True, id=line.location, warehouse=picklist.warehouse, code=bin_code)
                if line.location else None)
    return _Spot(line, location, Product(_ignore_missing=True, id=line.product, sku=sku, barcode=barcode), code_is_bin)


def _claim(actor: Actor, line: PicklistLine) -> UUID | None:
    """The picker the line has after a successful scan."""
    return line.picker if line.picker is not None else actor.id


def _wanted(line: PicklistLine, location: Location | None, product: Product) -> str:
    where = f" from {location.code}" if location else ""
    return f"{line.quantity - line.picked - line.short} × {product.sku}{where}"


async def _at_bin(actor: Actor, picklist: Picklist, spot: _Spot, code: str) -> ScanOutcome:
    line, location, product = spot.line, spot.location, spot.product
    if location is None:
        raise WrongScan(f"No bin for this line: scan {product.sku} where you find it", field="code")
    if location.code != code.upper():
        raise WrongScan(f"This is {code.upper()}: go to {location.code} for {_wanted(line, None, product)}",
                        field="code")
    line.at_bin, line.picker = True, _claim(actor, line)
    await PicklistLine.raw("UPDATE picklist_line SET at_bin = true, picker = {} WHERE id = {}", line.picker, line.id)
    return ScanOutcome(picklist, line, message=f"At {location.code}: pick {_wanted(line, None, product)}",
                       bin_code=location.code)


async def _refuse_other_product(code: str, spot: _Spot) -> None:
    other = await Product.select(Product.sku).where((Product.barcode == code) | (Product.sku == code)).first()
    if other is None:
        raise NotFound(f"Nothing has the code {code}", field="code")
    raise WrongScan(f"This is {other['sku']}: pick {_wanted(spot.line, spot.location, spot.product)}", field="code")


async def _pick(uow: UnitOfWork, actor: Actor, picklist: Picklist, spot: _Spot, quantity: int) -> ScanOutcome:
    line, location, product = spot.line, spot.location, spot.product
    if location is not None and not line.at_bin:
        raise WrongScan(f"Scan the bin {location.code} first", field="code")
    remaining = line.quantity - line.picked - line.short
    if quantity > remaining:
        raise WrongScan(f"Only {remaining} more of {product.sku} on this line", field="quantity")
    number = picklist_number(picklist)
    taken: list[tuple[UUID, int]] = []
    left = quantity
    for pick in await _open_picks_of_line(line.id):
        take = min(left, pick["quantity"] - pick["picked"] - pick["short"])
        await stock.pick_in(uow, product, picklist.warehouse, location, take,
                            reference=f"{number} order:{pick['number']}")
        await orders.record_picked(pick["order_line"], take)
        taken.append((pick["id"], take))
        left -= take
        if left == 0:
            break
    line.picked += quantity
    line.picker = _claim(actor, line)
    others_left = await _record_line_picked(picklist, line, taken)
    record_picklist(uow, "picklist.picked", picklist, line=str(line.id), sku=product.sku, units=quantity,
                    linePicked=line.picked, lineQuantity=line.quantity)
    if others_left == 0 and line.picked + line.short >= line.quantity:
        await _complete_if_done(uow, picklist)
    return ScanOutcome(picklist, line, picked=quantity, message=f"Picked {quantity} × {product.sku}",
                       bin_code=location.code if location else None)


async def _open_picks_of_line(line_id: UUID) -> list[dict[str, Any]]:
    """The line's parts still to pick with their order's number, oldest order first."""
    return await PicklistPick.raw(
        "SELECT p.id, p.order_line, p.quantity, p.picked, p.short, o.number FROM picklist_pick p "
        "JOIN sales_order o ON o.id = p.sales_order WHERE p.line = {} AND p.picked + p.short < p.quantity "
        "ORDER BY o.placed_at, p.id::text", line_id)


async def _record_line_picked(picklist: Picklist, line: PicklistLine, taken: list[tuple[UUID, int]]) -> int:
    """The units picked on the line and its parts, in one statement; returns how many other lines of the
    picklist are still open (none: the picklist may be done)."""
    rows = await PicklistLine.raw(
        "WITH parts AS (UPDATE picklist_pick p SET picked = p.picked + t.units "
        "  FROM unnest({}::uuid[], {}::int[]) AS t(id, units) WHERE p.id = t.id), "
        "line AS (UPDATE picklist_line SET picked = {}, picker = {} WHERE id = {}) "
        "SELECT count(*) AS n FROM picklist_line WHERE picklist = {} AND id <> {} AND picked + short < quantity",
        [pick_id for pick_id, _ in taken], [units for _, units in taken], line.picked, line.picker, line.id,
        picklist.id, line.id)
    return rows[0]["n"]


async def _open_picks(line: PicklistLine) -> list[PicklistPick]:
    """The line's parts still to pick, oldest order first."""
    picks = await PicklistPick.objects().where(PicklistPick.line == line.id)
    placed = {row["id"]: row["placed_at"] for row in await Order.select(Order.id, Order.placed_at).where(
        Order.id.is_in([p.sales_order for p in picks] or [None]))}
    return sorted((p for p in picks if p.picked + p.short < p.quantity), key=lambda p: (placed[p.sales_order], str(p.id)))


async def report_short(actor: Actor, line_id: UUID, quantity: int, reason: ShortReason) -> PicklistLine:
    """Units of a line not found in its bin (empty, or damaged): the stock is corrected, the orders' units are
    looked for elsewhere in the warehouse (a new line when found), and an order none can cover goes back to
    backorder and leaves the picklist. Newer orders lose their units first."""
    actor.require(Permission.PICKLISTS_WRITE)
    if not 1 <= quantity <= 10_000:
        raise ValidationFailed("From 1 to 10000", field="quantity")
    async with unit_of_work(actor) as uow:
        line = await PicklistLine.objects().where(PicklistLine.id == line_id).first()
        if line is None:
            raise NotFound("No such picklist line", field="lineId")
        picklist = await _locked_picklist(line.picklist, "lineId")
        line = await PicklistLine.objects().where(PicklistLine.id == line_id).lock_rows().first()
        if picklist.status != "PICKING":
            raise InvalidState(f"Picklist {picklist_number(picklist)} is {picklist.status.lower()}", field="lineId")
        if line.picker not in (None, actor.id):
            raise Conflict("Another picker is on this line", field="lineId", code="CONFLICT")
        remaining = line.quantity - line.picked - line.short
        if quantity > remaining:
            raise ValidationFailed(f"Only {remaining} left on this line", field="quantity")
        await _write_off(uow, picklist, line, quantity, reason)
        await _complete_if_done(uow, picklist)
    return line


async def _write_off(uow: UnitOfWork, picklist: Picklist, line: PicklistLine, quantity: int, reason: ShortReason) -> None:
    location = await Location.objects().where(Location.id == line.location).first() if line.location else None
    product = await Product.objects().where(Product.id == line.product).first()
    where = location.code if location else "no bin"
    why = f"{'damaged' if reason is ShortReason.DAMAGED else 'not found'} at {where}"
    number = picklist_number(picklist)
    left = quantity
    for pick in reversed(await _open_picks(line)):
        take = min(left, pick.quantity - pick.picked - pick.short)
        await stock.short_pick_in(uow, product, picklist.warehouse, location, take,
                                  damaged=reason is ShortReason.DAMAGED, reference=f"{number} short")
        pick.short += take
        await pick.save([PicklistPick.short])
        regained = await orders.pick_fell_short(uow, pick.sales_order, pick.order_line, take, why)
        order = await Order.objects().where(Order.id == pick.sales_order).first()
        if order.status == "BACKORDERED":
            await _drop_order(picklist, order.id)
        elif regained:
            last = (await PicklistLine.raw("SELECT coalesce(max(position), 0) AS n FROM picklist_line WHERE picklist = {}",
                                           picklist.id))[0]["n"]
            await _plan_lines(picklist, [order], after=last, avoid=line.location)
        left -= take
        if left == 0:
            break
    line.short += quantity
    await line.save([PicklistLine.short])
    record_picklist(uow, "picklist.line_short", picklist, line=str(line.id), sku=product.sku, units=quantity,
                    reason=reason.value)


async def _drop_order(picklist: Picklist, order_id: UUID) -> None:
    """The order leaves the picklist: what was still to pick for it is taken off its lines."""
    await PicklistOrder.update({PicklistOrder.active: False}).where(
        (PicklistOrder.picklist == picklist.id) & (PicklistOrder.sales_order == order_id))
    picks = await PicklistPick.objects().where(
        (PicklistPick.sales_order == order_id)
        & PicklistPick.line.is_in(PicklistLine.select(PicklistLine.id).where(PicklistLine.picklist == picklist.id)))
    for pick in picks:
        unpicked = pick.quantity - pick.picked - pick.short
        if unpicked > 0:
            await PicklistPick.update({PicklistPick.quantity: pick.picked + pick.short}).where(PicklistPick.id == pick.id)
            await PicklistLine.raw("UPDATE picklist_line SET quantity = quantity - {} WHERE id = {}", unpicked, pick.line)


async def _complete_if_done(uow: UnitOfWork, picklist: Picklist) -> None:
    if picklist.status != "PICKING":
        return
    left = await PicklistLine.raw(
        "SELECT count(*) AS n FROM picklist_line WHERE picklist = {} AND picked + short < quantity", picklist.id)
    if left[0]["n"]:
        return
    active = await _active_orders(picklist)
    await orders.finish_picking(uow, active, picklist_number(picklist))
    picklist.status, picklist.completed_at = "PICKED", utcnow()
    await picklist.save()
    await PicklistOrder.update({PicklistOrder.active: False}).where(PicklistOrder.picklist == picklist.id)
    record_picklist(uow, "picklist.completed", picklist, orders=len(active))


async def drop_cancelled_order(uow: UnitOfWork, order_id: UUID) -> None:
    """An order cancelled while being picked (its picked units were put back) leaves its open picklist."""
    rows = await PicklistOrder.select(PicklistOrder.picklist).where(
        (PicklistOrder.sales_order == order_id) & (PicklistOrder.active == True))  # noqa: E712
    for row in rows:
        picklist = await _locked_picklist(row["picklist"])
        await _drop_order(picklist, order_id)
        await _complete_if_done(uow, picklist)


async def cancel_picklist(actor: Actor, picklist_id: UUID) -> Picklist:
    """Give up a picklist nothing was picked from yet: its orders are released to be picked again."""
    actor.require(Permission.PICKLISTS_WRITE)
    async with unit_of_work(actor) as uow:
        picklist = await _locked_picklist(picklist_id)
        if picklist.status not in OPEN:
            raise InvalidState(f"Picklist {picklist_number(picklist)} is {picklist.status.lower()}", field="picklistId")
        if await PicklistLine.exists().where((PicklistLine.picklist == picklist.id) & (PicklistLine.picked > 0)):
            raise InvalidState(f"Units of {picklist_number(picklist)} are picked already: finish it",
                               field="picklistId")
        for order_id in await _active_orders(picklist):
            await orders.release_from_picking(uow, order_id, picklist_number(picklist))
        picklist.status = "CANCELLED"
        await picklist.save()
        await PicklistOrder.update({PicklistOrder.active: False}).where(PicklistOrder.picklist == picklist.id)
        record_picklist(uow, "picklist.cancelled", picklist)
    return picklist


# ---------------------------------------------------------------- reading


def _readable(actor: Actor) -> None:
    actor.require(Permission.PICKLISTS_READ)


async def picklists_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, Picklist]:
    if not actor.can(Permission.PICKLISTS_READ):
        return {}
    return await rows_by_ids(Picklist, ids)


async def list_picklists(actor: Actor, page: PageRequest, *, warehouse_id: UUID | None = None,
                         statuses: list[str] | None = None) -> Page[Picklist]:
    _readable(actor)
    where: list[Any] = []
    if warehouse_id is not None:
        where.append(Picklist.warehouse == warehouse_id)
    if statuses:
        where.append(Picklist.status.is_in(statuses))
    return await paginate(Picklist, where, Picklist.created_at, SortDirection.DESC, page)


async def my_picklist(actor: Actor) -> Picklist | None:
    """The picklist the signed-in picker is on: one where a line it took is still open, else one where it picked
    before and lines nobody took are left (the oldest started first)."""
    _readable(actor)
    if actor.id is None:
        return None
    rows = await Picklist.raw(
        "SELECT p.id FROM picklist p WHERE p.status = 'PICKING' AND EXISTS (SELECT 1 FROM picklist_line l "
        "WHERE l.picklist = p.id AND l.picker = {} ) AND EXISTS (SELECT 1 FROM picklist_line l WHERE "
        "l.picklist = p.id AND l.picked + l.short < l.quantity AND (l.picker IS NULL OR l.picker = {})) "
        "ORDER BY EXISTS (SELECT 1 FROM picklist_line l WHERE l.picklist = p.id AND l.picker = {} "
        "AND l.picked + l.short < l.quantity) DESC, p.started_at, p.id LIMIT 1", actor.id, actor.id, actor.id)
    if not rows:
        return None
    return await Picklist.objects().where(Picklist.id == rows[0]["id"]).first()


async def picker_names(actor: Actor, user_ids: list[UUID]) -> dict[UUID, str]:
    """The names of the warehouse users who took lines (a name only: the floor sees who picks, nothing more)."""
    if not user_ids or not actor.can(Permission.PICKLISTS_READ):
        return {}
    return {row["id"]: row["name"] for row in await User.select(User.id, User.name).where(User.id.is_in(list(user_ids)))}


async def lines_of(actor: Actor, picklist_ids: list[UUID]) -> dict[UUID, list[PicklistLine]]:
    found: dict[UUID, list[PicklistLine]] = {pid: [] for pid in picklist_ids}
    if not picklist_ids or not actor.can(Permission.PICKLISTS_READ):
        return found
    for line in await PicklistLine.objects().where(PicklistLine.picklist.is_in(picklist_ids)).order_by(
            PicklistLine.position):
        found[line.picklist].append(line)
    return found


async def picks_of(actor: Actor, line_ids: list[UUID]) -> dict[UUID, list[dict[str, Any]]]:
    """Per line, the orders it serves: order id and number, tote, quantity, picked, short."""
    found: dict[UUID, list[dict[str, Any]]] = {lid: [] for lid in line_ids}
    if not line_ids or not actor.can(Permission.PICKLISTS_READ):
        return found
    rows = await PicklistPick.raw(
        "SELECT p.line, p.sales_order, o.number, po.tote, p.quantity, p.picked, p.short FROM picklist_pick p "
        "JOIN sales_order o ON o.id = p.sales_order JOIN picklist_line l ON l.id = p.line "
        "JOIN picklist_order po ON po.picklist = l.picklist AND po.sales_order = p.sales_order "
        "WHERE p.line = ANY({}) AND p.quantity > 0 ORDER BY po.tote", list(line_ids))
    for row in rows:
        found[row["line"]].append(row)
    return found


async def orders_of(actor: Actor, picklist_ids: list[UUID]) -> dict[UUID, list[dict[str, Any]]]:
    """Per picklist, its orders with their tote (also those that left it)."""
    found: dict[UUID, list[dict[str, Any]]] = {pid: [] for pid in picklist_ids}
    if not picklist_ids or not actor.can(Permission.PICKLISTS_READ):
        return found
    rows = await PicklistOrder.raw(
        "SELECT po.picklist, po.sales_order, po.tote, po.active, o.number, o.status FROM picklist_order po "
        "JOIN sales_order o ON o.id = po.sales_order WHERE po.picklist = ANY({}) ORDER BY po.tote",
        list(picklist_ids))
    for row in rows:
        found[row["picklist"]].append(row)
    return found
