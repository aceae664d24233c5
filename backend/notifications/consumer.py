"""The outbox consumer: reads committed events by seq from its stored position and turns those that concern
someone into notifications, in one transaction with the new position.

Seqs are handed out in commit order under a lock held until commit (events/outbox.py), so once the consumer has
read up to seq N no event at or below N can still appear: reading `seq > position` after downtime misses nothing.
The position row is locked while a batch is planned, so two workers never plan the same batch at once; and should
the same events be read twice (a position written back, a transaction retried), the notification's unique key
(event_seq, template, channel, recipient) keeps each message to one row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from backend.core.db import engine
from backend.events.outbox import StoredEvent
from backend.events.tables import Event
from backend.notifications.model import Channel, MessageKind, NewOrderMode, State, Template
from backend.notifications.preferences import Preferences, preferences_of
from backend.notifications.tables import NotificationCursor
from backend.orders.model import Address, ShippingMethod, from_minor
from backend.orders.tables import Order, OrderLine

CONSUMER = "notifications"
BATCH = 500
EVENT_TYPES = ("order.placed", "order.held", "order.ready_for_pickup", "parcel.shipped", "parcel.delivered")


@dataclass(frozen=True)
class Planned:
    merchant: UUID
    event_seq: int
    template: Template
    recipient: str
    language: str
    payload: dict[str, Any]
    order_id: UUID | None
    order_number: str
    state: State = State.PENDING
    note: str = ""

    def as_row(self) -> dict[str, Any]:
        return {"merchant": str(self.merchant), "event_seq": self.event_seq, "channel": Channel.EMAIL.value,
                "template": self.template.value, "recipient": self.recipient, "language": self.language,
                "payload": self.payload, "sales_order": str(self.order_id) if self.order_id else None,
                "order_number": self.order_number, "state": self.state.value, "last_error": self.note}


@dataclass(frozen=True)
class DigestPlanned:
    merchant: UUID
    event_seq: int
    order: dict[str, Any]


@dataclass
class OrderFacts:
    """What the messages about an order say of it, read once per batch."""

    order: dict[str, Any]
    lines: list[dict[str, Any]]

    @property
    def customer_email(self) -> str:
        return self.order["customer_email"]

    def summary(self) -> dict[str, Any]:
        order = self.order
        return {"number": order["number"], "customerName": order["customer_name"], "currency": order["currency"],
                "total": from_minor(order["total"], order["currency"]), "paymentMethod": order["payment_method"],
                "shippingMethod": order["shipping_method"]}

    def with_lines(self) -> dict[str, Any]:
        currency = self.order["currency"]
        address = Address.from_json(self.order["shipping_address"])
        ship_to = [part for part in (address.name, address.company, address.line1, address.line2,
                                     f"{address.postal_code} {address.city}".strip(), address.country) if part]
        collected = self.order["shipping_method"] == ShippingMethod.CLICK_AND_COLLECT.value
        return {**self.summary(), "shipTo": [] if collected else ship_to,
                "lines": [{"sku": line["sku"], "name": line["name"], "quantity": line["quantity"],
                           "amount": from_minor(line["unit_price"] * line["quantity"], currency)}
                          for line in self.lines]}


async def order_facts(order_ids: set[UUID]) -> dict[UUID, OrderFacts]:
    if not order_ids:
        return {}
    orders = await Order.select(Order.id, Order.number, Order.customer_name, Order.customer_email, Order.currency,
                                Order.total, Order.payment_method, Order.shipping_method, Order.shipping_address,
                                Order.hold_reason).where(Order.id.is_in(list(order_ids))).output(load_json=True)
    facts = {row["id"]: OrderFacts(row, []) for row in orders}
    for line in await OrderLine.select(OrderLine.sales_order, OrderLine.sku, OrderLine.name, OrderLine.quantity,
                                       OrderLine.unit_price).where(OrderLine.sales_order.is_in(list(order_ids))
                                                                   ).order_by(OrderLine.position):
        facts[line["sales_order"]].lines.append(line)
    return facts


def payload_for(template: Template, facts: OrderFacts, said: dict[str, Any]) -> dict[str, Any]:
    """What a message's template gets: the order's facts and what the event (`said`) adds — the hold's reason,
    the units missing per SKU, the parcel with its carrier and tracking."""
    if template in (Template.NEW_ORDER, Template.ORDER_RECEIPT):
        return facts.with_lines()
    if template is Template.NEW_ORDER_DIGEST:
        return {"orders": [facts.summary()]}
    if template is Template.ORDER_ON_HOLD:
        return {**facts.summary(), "holdReason": said.get("holdReason", "")}
    if template is Template.BACKORDER:
        return {**facts.summary(), "backordered": said.get("backordered") or {}}
    if template is Template.SHIPPED:
        return {**facts.summary(), "parcel": said.get("number", ""), "carrier": said.get("carrier", ""),
                "trackingNumber": said.get("trackingNumber", ""), "trackingUrl": said.get("trackingUrl", "")}
    if template is Template.DELIVERED:
        return {**facts.summary(), "parcel": said.get("number", "")}
    return facts.summary()


def _order_id(event: StoredEvent) -> UUID:
    return event.entity_id if event.entity_type == "Order" else UUID(event.payload["orderId"])


class Planner:
    """Which messages one event makes, given its merchant's settings and its order."""

    def __init__(self, preferences: dict[UUID, Preferences], orders: dict[UUID, OrderFacts]) -> None:
        self.preferences, self.orders = preferences, orders
        self.notifications: list[Planned] = []
        self.digest: list[DigestPlanned] = []

    def plan(self, event: StoredEvent) -> None:
        facts = self.orders.get(_order_id(event))
        prefs = self.preferences.get(event.merchant_id) if event.merchant_id else None
        if facts is None or prefs is None:
            return
        if event.type == "order.placed":
            self._placed(event, prefs, facts)
        elif event.type == "order.held":
            self._to_merchant(event, prefs, facts, Template.ORDER_ON_HOLD)
        elif event.type == "order.ready_for_pickup":
            self._to_customer(event, prefs, facts, Template.READY_FOR_PICKUP)
        elif event.type == "parcel.shipped":
            self._to_customer(event, prefs, facts, Template.SHIPPED)
        elif event.type == "parcel.delivered":
            self._to_customer(event, prefs, facts, Template.DELIVERED)

    def _placed(self, event: StoredEvent, prefs: Preferences, facts: OrderFacts) -> None:
        if prefs.new_order_mode is NewOrderMode.DIGEST and prefs.message(MessageKind.NEW_ORDER).enabled:
            self.digest.append(DigestPlanned(prefs.merchant_id, event.seq, facts.summary()))
        else:
            self._to_merchant(event, prefs, facts, Template.NEW_ORDER)
        self._to_customer(event, prefs, facts, Template.ORDER_RECEIPT)
        if event.payload.get("backordered"):
            self._to_merchant(event, prefs, facts, Template.BACKORDER)
        if event.payload.get("status") == "ON_HOLD":
            self._to_merchant(event, prefs, facts, Template.ORDER_ON_HOLD)

    def _to_merchant(self, event: StoredEvent, prefs: Preferences, facts: OrderFacts, template: Template) -> None:
        for recipient in prefs.merchant_recipients or [""]:
            self._add(event, prefs, facts, template, recipient)

    def _to_customer(self, event: StoredEvent, prefs: Preferences, facts: OrderFacts, template: Template) -> None:
        self._add(event, prefs, facts, template, facts.customer_email)

    def _add(self, event: StoredEvent, prefs: Preferences, facts: OrderFacts, template: Template,
             recipient: str) -> None:
        payload = payload_for(template, facts, event.payload)
        state, note = State.PENDING, ""
        if not prefs.message(template.setting).enabled:
            state, note = State.SUPPRESSED, "Switched off in the merchant's notification settings"
        elif not recipient:
            state, note = State.SUPPRESSED, "No e-mail address to send it to"
        self.notifications.append(Planned(prefs.merchant_id, event.seq, template, recipient, prefs.language, payload,
                                          facts.order["id"], facts.order["number"], state, note))


async def _store(planner: Planner) -> int:
    if planner.notifications:
        await Event.raw(
            "INSERT INTO notification (id, merchant, event_seq, channel, template, recipient, language, payload, "
            "sales_order, order_number, state, last_error) "
            "SELECT gen_random_uuid(), x.merchant, x.event_seq, x.channel, x.template, x.recipient, x.language, "
            "x.payload, x.sales_order, x.order_number, x.state, x.last_error "
            "FROM jsonb_to_recordset({}::jsonb) AS x(merchant uuid, event_seq bigint, channel text, template text, "
            "recipient text, language text, payload jsonb, sales_order uuid, order_number text, state text, "
            "last_error text) "
            "ON CONFLICT (event_seq, template, channel, recipient) DO NOTHING",
            json.dumps([n.as_row() for n in planner.notifications]))
    if planner.digest:
        await Event.raw(
            "INSERT INTO notification_digest_entry (id, merchant, event_seq, order_payload) "
            "SELECT gen_random_uuid(), x.merchant, x.event_seq, x.order_payload "
            "FROM jsonb_to_recordset({}::jsonb) AS x(merchant uuid, event_seq bigint, order_payload jsonb) "
            "ON CONFLICT (event_seq) DO NOTHING",
            json.dumps([{"merchant": str(d.merchant), "event_seq": d.event_seq, "order_payload": d.order}
                        for d in planner.digest]))
    return len(planner.notifications) + len(planner.digest)


async def consume_once(batch: int = BATCH) -> int:
    """Plan the notifications of the next batch of events and move the position past it; returns how many events
    were read (0: the consumer is at the outbox's end)."""
    async with engine().transaction():
        position = await NotificationCursor.raw(
            "SELECT last_seq FROM notification_cursor WHERE consumer = {} FOR UPDATE", CONSUMER)
        last = position[0]["last_seq"] if position else 0
        # One statement, one snapshot: the batch's end and the wanted events in it are read together.
        rows = await Event.raw(
            "WITH upto AS (SELECT max(seq) AS seq, count(*) AS n FROM "
            "(SELECT seq FROM event WHERE seq > {} ORDER BY seq LIMIT {}) AS batch) "
            "SELECT upto.seq AS upto, upto.n AS read, e.* FROM upto "
            "LEFT JOIN event e ON e.seq > {} AND e.seq <= upto.seq AND e.type = ANY({}) ORDER BY e.seq",
            last, batch, last, list(EVENT_TYPES))
        if not rows or rows[0]["upto"] is None:
            return 0
        events = [StoredEvent.from_row(row) for row in rows if row["seq"] is not None]
        planner = Planner(await preferences_of(list({e.merchant_id for e in events if e.merchant_id})),
                          await order_facts({_order_id(e) for e in events}))
        for event in events:
            planner.plan(event)
        await _store(planner)
        await NotificationCursor.raw(
            "INSERT INTO notification_cursor (consumer, last_seq, updated_at) VALUES ({}, {}, now()) "
            "ON CONFLICT (consumer) DO UPDATE SET last_seq = excluded.last_seq, updated_at = now()",
            CONSUMER, rows[0]["upto"])
        return rows[0]["read"]
