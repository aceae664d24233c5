"""A message as the merchant's settings make it now, shown with the merchant's latest real order (and, for the
parcel messages, its latest shipped parcel): what the Settings page previews in German and English."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from backend.core.errors import NotFound
from backend.notifications.consumer import order_facts, payload_for
from backend.notifications.delivery import merchant_face
from backend.notifications.mail import RenderedMail, render
from backend.notifications.model import MessageKind, NewOrderMode, Template
from backend.notifications.preferences import Preferences
from backend.orders.tables import Order, OrderLine
from backend.shipping.events import parcel_number
from backend.shipping.tables import Parcel

PARCEL_KINDS = (MessageKind.SHIPPED, MessageKind.DELIVERED)


@dataclass(frozen=True)
class Preview:
    mail: RenderedMail
    order_number: str
    language: str


def _template(kind: MessageKind, prefs: Preferences) -> Template:
    if kind is MessageKind.NEW_ORDER and prefs.new_order_mode is NewOrderMode.DIGEST:
        return Template.NEW_ORDER_DIGEST
    return Template[kind.value]


async def _latest_shipped_parcel(merchant_id: UUID) -> Parcel | None:
    return await Parcel.objects().where(
        (Parcel.sales_order.merchant == merchant_id) & Parcel.status.is_in(["SHIPPED", "DELIVERED"])
    ).order_by(Parcel.sequence, ascending=False).first()


async def _latest_order(merchant_id: UUID) -> UUID | None:
    row = await Order.select(Order.id).where((Order.merchant == merchant_id) & Order.placed_at.is_not_null()).order_by(
        Order.placed_at, ascending=False).first()
    return row["id"] if row else None


async def _what_the_event_would_say(order_id: UUID, parcel: Parcel | None) -> dict[str, Any]:
    order = await Order.select(Order.hold_reason).where(Order.id == order_id).first()
    lines = await OrderLine.select(OrderLine.sku, OrderLine.quantity, OrderLine.reserved, OrderLine.picked,
                                   OrderLine.shipped).where(OrderLine.sales_order == order_id)
    missing = {line["sku"]: line["quantity"] - line["reserved"] - line["picked"] - line["shipped"] for line in lines}
    said: dict[str, Any] = {"holdReason": order["hold_reason"] if order else "",
                            "backordered": {sku: units for sku, units in missing.items() if units > 0}}
    if parcel is not None:
        said.update(number=parcel_number(parcel), carrier=parcel.carrier, trackingNumber=parcel.tracking_number,
                    trackingUrl=parcel.tracking_url)
    return said


async def preview(prefs: Preferences, kind: MessageKind, language: str) -> Preview:
    parcel = await _latest_shipped_parcel(prefs.merchant_id) if kind in PARCEL_KINDS else None
    if kind in PARCEL_KINDS and parcel is None:
        raise NotFound("No parcel of the merchant has shipped yet to show this message with", field="merchantId")
    order_id = parcel.sales_order if parcel is not None else await _latest_order(prefs.merchant_id)
    if order_id is None:
        raise NotFound("The merchant has no order yet to show this message with", field="merchantId")
    facts = (await order_facts({order_id}))[order_id]
    template = _template(kind, prefs)
    setting = prefs.message(kind)
    face = await merchant_face(prefs, language)
    mail = render(template, payload_for(template, facts, await _what_the_event_would_say(order_id, parcel)), face,
                  subject_override=setting.subject, intro_override=setting.intro)
    return Preview(mail, facts.order["number"], face.language)
