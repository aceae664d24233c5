"""An order's history and events: moving its status, saving it, and recording each change (who, what before and
after) with its `ORDER` event and the order's next version.

A history entry is stored as its kind and the parameters a reader's language needs to say it (`HISTORY_KINDS`);
the dashboard words it in German or English from those. `message` is the same entry as an English sentence, made
from the parameters, for API clients that show it as it is."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from backend.core.clock import utcnow
from backend.events.outbox import UnitOfWork
from backend.orders.events import OrderEvent, record_order
from backend.orders.model import OrderStatus, check_transition
from backend.orders.tables import Order, OrderChange


def move_to(order: Order, target: OrderStatus, changes: dict[str, Any]) -> None:
    current = OrderStatus(order.status)
    if target is current:
        return
    check_transition(current, target, order.number)
    changes["status"] = {"before": current.value, "after": target.value}
    order.status = target.value
    order.status_changed_at = utcnow()


_SAVED_COLUMNS = [c for c in Order._meta.columns if c._meta.name not in ("id", "merchant", "created_at")]
_JSONB = "JSONB"
# Built once: every change of an order saves it, and assembling Piccolo's UPDATE of 30-odd columns cost more
# than running it.
_SAVE_ORDER = "UPDATE sales_order SET {} WHERE id = {{}}".format(", ".join(
    f'"{c._meta.db_column_name}" = {{}}' + ("::jsonb" if c.__class__.__name__ == _JSONB else "") for c in _SAVED_COLUMNS))


async def save_order(order: Order) -> None:
    order.updated_at = utcnow()
    values = []
    for column in _SAVED_COLUMNS:
        value = getattr(order, column._meta.name)
        values.append(value if column.__class__.__name__ != _JSONB or isinstance(value, str) else json.dumps(value))
    await Order.raw(_SAVE_ORDER, *values, order.id)


@dataclass(frozen=True)
class HistoryKind:
    """What an entry of one kind records: the parameters it always has, those it may have, and its English
    sentence."""

    required: tuple[str, ...]
    english: Callable[[dict[str, Any]], str]
    optional: tuple[str, ...] = field(default=())


def _payment_sentence(p: dict[str, Any]) -> str:
    if p["paymentStatus"] is None:
        return "Back to awaiting payment"
    return f"Payment {p['paymentStatus'].lower()}" + (f" ({p['reference']})" if p["reference"] else "")


# Every kind of history entry and its parameters (the SPA's `src/orders/history.ts` words each one):
#   placed           number, source (SHOP, API, PHONE)          a new order from the API, a shop or a repeat order
#   draft_created    number                                     a phone draft started
#   draft_completed  number                                     a phone draft placed
#   updated          fields: the changed fields' names, in the order they were changed
#   held             reason
#   released         note ('' when none)
#   cancelled        reason; unpaidDays when the order was cancelled for not being paid within that many days
#   paid             paymentStatus (PAID), reference ('' when none)
#   payment_updated  paymentStatus (the new one), reference ('' when none); paymentStatus null and status
#                    (the order's new status) when a withdrawn payment sent the order back to awaiting payment
#   allocated        units: units reserved per SKU
#   note_added       text (the note, at most 200 characters)
#   tagged           tags: the order's tags afterwards
#   picking          picklist (its number)                      the order's picklist started
#   picked           picklist                                   every unit of it on the picklist picked
#   short_picked     sku, units, why                            a short pick nothing covered: back to backorder
#   picking_stopped  picklist                                   the picklist was given up before picking
#   packed           parcel (its number)                        every picked unit in a parcel
#   shipped          parcel, carrier, trackingNumber
#   delivered        parcel                                     the carrier delivered it
#   ready_for_pickup (none)                                     click & collect: waiting at the counter
#   collected        collectedBy                                click & collect: fetched
HISTORY_KINDS: dict[str, HistoryKind] = {
    "placed": HistoryKind(("number", "source"), lambda p: f"Order {p['number']} placed ({p['source'].lower()})"),
    "draft_created": HistoryKind(("number",), lambda p: f"Draft {p['number']} started"),
    "draft_completed": HistoryKind(("number",), lambda p: f"Draft {p['number']} completed"),
    "updated": HistoryKind(("fields",), lambda p: f"Changed {', '.join(p['fields'])}"),
    "held": HistoryKind(("reason",), lambda p: f"Held: {p['reason']}"),
    "released": HistoryKind(("note",), lambda p: "Hold released" + (f": {p['note']}" if p["note"] else "")),
    "cancelled": HistoryKind(("reason",), lambda p: f"Cancelled: {p['reason']}", optional=("unpaidDays",)),
    "paid": HistoryKind(("paymentStatus", "reference"), _payment_sentence),
    "payment_updated": HistoryKind(("paymentStatus", "reference"), _payment_sentence, optional=("status",)),
    "allocated": HistoryKind(("units",), lambda p: "Stock allocated: " + ", ".join(
        f"{qty} × {sku}" for sku, qty in p["units"].items())),
    "note_added": HistoryKind(("text",), lambda p: p["text"]),
    "tagged": HistoryKind(("tags",), lambda p: f"Tags: {', '.join(p['tags']) or 'none'}"),
    "picking": HistoryKind(("picklist",), lambda p: f"Picking started ({p['picklist']})"),
    "picked": HistoryKind(("picklist",), lambda p: f"Picked ({p['picklist']})"),
    "short_picked": HistoryKind(("sku", "units", "why"), lambda p: f"Short pick: {p['units']} × {p['sku']} ({p['why']})"),
    "picking_stopped": HistoryKind(("picklist",), lambda p: f"Picking stopped ({p['picklist']})"),
    "packed": HistoryKind(("parcel",), lambda p: f"Packed ({p['parcel']})"),
    "shipped": HistoryKind(("parcel", "carrier", "trackingNumber"),
                           lambda p: f"Shipped {p['parcel']} with {p['carrier']} {p['trackingNumber']}".strip()),
    "delivered": HistoryKind(("parcel",), lambda p: f"Delivered ({p['parcel']})"),
    "ready_for_pickup": HistoryKind((), lambda p: "Ready for pickup"),
    "collected": HistoryKind(("collectedBy",), lambda p: f"Collected by {p['collectedBy']}"),
}


@dataclass(frozen=True)
class HistoryEntry:
    """A history entry's kind and parameters, checked against `HISTORY_KINDS`."""

    kind: str
    params: dict[str, Any]

    def __post_init__(self) -> None:
        spec = HISTORY_KINDS.get(self.kind)
        if spec is None:
            raise ValueError(f"Unknown history kind {self.kind!r}; add it to HISTORY_KINDS")
        missing = [name for name in spec.required if name not in self.params]
        unknown = [name for name in self.params if name not in spec.required + spec.optional]
        if missing or unknown:
            raise ValueError(f"History kind {self.kind!r} takes {', '.join(spec.required)}"
                             f"{' (optional: ' + ', '.join(spec.optional) + ')' if spec.optional else ''}; "
                             f"missing {missing}, unknown {unknown}")

    @property
    def message(self) -> str:
        """The entry as an English sentence (API clients show it as it is)."""
        return HISTORY_KINDS[self.kind].english(self.params)[:1000]

    def params_json(self) -> dict[str, Any]:
        return json.loads(json.dumps(self.params, default=str))


def history_entry(kind: str, **params: Any) -> HistoryEntry:
    return HistoryEntry(kind, params)


async def record_change(uow: UnitOfWork, order: Order, entry: HistoryEntry, changes: dict[str, Any],
                        *, event: OrderEvent = "order.updated", bump: bool = True, **event_extra: Any) -> None:
    """One entry in the order's history and one `ORDER` event, with the order's new version."""
    if not isinstance(entry, HistoryEntry):
        raise TypeError("record_change takes a history entry: history_entry(kind, **params), see HISTORY_KINDS")
    if bump:
        # Callers save the order before recording the change, so the new version is written here: without it
        # the row kept its old version and a stale `expectedVersion` was never noticed.
        order.version += 1
        await Order.update({Order.version: order.version}).where(Order.id == order.id)
    await OrderChange.insert(OrderChange(
        sales_order=order.id, version=order.version, kind=entry.kind, message=entry.message, params=entry.params_json(),
        changes=json.loads(json.dumps(changes, default=str)), actor=uow.actor.as_event_actor(),
    ))
    record_order(uow, event, order, change=entry.kind, **event_extra)


async def record_on_unchanged_orders(uow: UnitOfWork, entries: list[tuple[Order, HistoryEntry, dict[str, Any]]], *,
                                     event: OrderEvent) -> None:
    """`record_change` for orders whose own columns did not change (their picklist was picked): each gets its next
    version and a new `updated_at`, its history entry and its event, in two statements for all of them (a picklist's
    last scan records this for every order on it while the picker waits)."""
    if not entries:
        return
    now = utcnow()
    for order, entry, _ in entries:
        if not isinstance(entry, HistoryEntry):
            raise TypeError("record_on_unchanged_orders takes history entries: history_entry(kind, **params)")
        order.version, order.updated_at = order.version + 1, now
    await Order.raw(
        "UPDATE sales_order SET version = v.version, updated_at = {} FROM unnest({}::uuid[], {}::int[]) AS v(id, version) "
        "WHERE sales_order.id = v.id", now, [order.id for order, _, _ in entries], [order.version for order, _, _ in entries])
    actor = uow.actor.as_event_actor()
    await OrderChange.insert(*[OrderChange(
        sales_order=order.id, version=order.version, kind=entry.kind, message=entry.message, params=entry.params_json(),
        changes=json.loads(json.dumps(changes, default=str)), actor=actor) for order, entry, changes in entries])
    for order, entry, _ in entries:
        record_order(uow, event, order, change=entry.kind)
