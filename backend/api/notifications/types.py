"""The notifications' GraphQL types: a notification (one e-mail to one recipient) and a merchant's settings."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry
from strawberry.types import Info

from backend.api.accounts.types import Merchant, load_merchant
from backend.api.context import batch_loader
from backend.api.node import Node, global_id, register_node
from backend.notifications import services as notifications
from backend.notifications.model import Channel, MessageKind, NewOrderMode, State, Template
from backend.notifications.preferences import Preferences
from backend.notifications.tables import Notification as NotificationRow

if TYPE_CHECKING:
    from backend.api.orders.types import Order

NotificationChannel = strawberry.enum(Channel, name="NotificationChannel",
                                      description="E-mail; WEBHOOK is reserved for merchants' own systems.")
NotificationState = strawberry.enum(State, name="NotificationState", description=(
    "PENDING waits to be sent (or for its next attempt), SENDING is being sent, SENT went out, FAILED gave up, "
    "SUPPRESSED was not sent on purpose (switched off, or no address)."))
NotificationKind = strawberry.enum(MessageKind, name="NotificationKind",
                                   description="A message a merchant switches on or off.")
NewOrderNotificationMode = strawberry.enum(NewOrderMode, name="NewOrderNotificationMode",
                                           description="A mail per new order, or a digest every N minutes.")


@strawberry.enum(description="Which message a notification is.")
class NotificationTemplate(enum.Enum):
    NEW_ORDER = "new_order"
    NEW_ORDER_DIGEST = "new_order_digest"
    ORDER_ON_HOLD = "order_on_hold"
    BACKORDER = "backorder"
    ORDER_RECEIPT = "order_receipt"
    SHIPPED = "shipped"
    READY_FOR_PICKUP = "ready_for_pickup"
    DELIVERED = "delivered"


assert {t.value for t in NotificationTemplate} == {t.value for t in Template}


async def _orders(actor, ids):  # noqa: ANN001, ANN202
    from backend.orders import services as orders

    return await orders.orders_by_ids(actor, ids)


@strawberry.type(description="One message to one recipient about one event (e-mail for now).")
class Notification(Node):
    channel: NotificationChannel  # type: ignore[valid-type]
    template: NotificationTemplate
    recipient: str
    language: str
    state: NotificationState  # type: ignore[valid-type]
    attempts: int
    last_error: str = strawberry.field(description="Why the last attempt failed, or why it was not sent.")
    subject: str = strawberry.field(description="As sent (empty until the first attempt).")
    order_number: str
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime | None = strawberry.field(description="When a PENDING notification is tried next.")
    _id: strawberry.Private[UUID]
    _merchant_id: strawberry.Private[UUID]
    _order_id: strawberry.Private[UUID | None]

    @strawberry.field
    async def merchant(self, info: Info) -> Merchant | None:
        return await load_merchant(info, self._merchant_id)

    @strawberry.field(description="The order it is about (none for a digest).")
    async def order(self, info: Info) -> Annotated[Order, strawberry.lazy("backend.api.orders.types")] | None:
        from backend.api.orders.types import Order

        if self._order_id is None:
            return None
        row = await batch_loader(info, "notification_orders", _orders).load(self._order_id)
        return Order.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: NotificationRow) -> Notification:
        return cls(id=global_id("Notification", row.id), channel=Channel(row.channel),
                   template=NotificationTemplate(row.template), recipient=row.recipient, language=row.language,
                   state=State(row.state), attempts=row.attempts, last_error=row.last_error, subject=row.subject,
                   order_number=row.order_number, created_at=row.created_at, sent_at=row.sent_at,
                   next_attempt_at=row.next_attempt_at if row.state == State.PENDING.value else None,
                   _id=row.id, _merchant_id=row.merchant, _order_id=row.sales_order)


@strawberry.type(description="One message of a merchant's: on or off, its own subject and introduction.")
class NotificationMessageSetting:
    kind: NotificationKind  # type: ignore[valid-type]
    enabled: bool
    subject: str = strawberry.field(description="Empty: the default subject. {number} is the order number.")
    intro: str = strawberry.field(description="Empty: the default introduction.")


@strawberry.type(description="What a merchant's notifications say and to whom.")
class NotificationSettings:
    messages: list[NotificationMessageSetting]
    new_order_mode: NewOrderNotificationMode  # type: ignore[valid-type]
    digest_minutes: int
    sender_name: str = strawberry.field(description="The name mails come from; empty: the merchant's name.")
    reply_to: str = strawberry.field(description="Where replies go; empty: no Reply-To.")
    merchant_email: str = strawberry.field(description="Where the merchant's own messages go; empty: its admins.")
    merchant_recipients: list[str] = strawberry.field(description="Who gets the merchant's own messages now.")
    language: str = strawberry.field(description="The mails' language: the merchant's document language.")
    _merchant_id: strawberry.Private[UUID]

    @strawberry.field
    async def merchant(self, info: Info) -> Merchant | None:
        return await load_merchant(info, self._merchant_id)

    @classmethod
    def from_preferences(cls, prefs: Preferences) -> NotificationSettings:
        return cls(messages=[NotificationMessageSetting(kind=m.kind, enabled=m.enabled, subject=m.subject,
                                                        intro=m.intro) for m in prefs.messages.values()],
                   new_order_mode=prefs.new_order_mode, digest_minutes=prefs.digest_minutes,
                   sender_name=prefs.sender_name, reply_to=prefs.reply_to, merchant_email=prefs.merchant_email,
                   merchant_recipients=prefs.merchant_recipients, language=prefs.language,
                   _merchant_id=prefs.merchant_id)


@strawberry.type(description="A message as the merchant's settings make it now, shown with its latest real order.")
class NotificationPreview:
    subject: str
    text: str = strawberry.field(description="The plain-text part.")
    html: str = strawberry.field(description="The HTML part (its logo is an inline cid: image in the real mail).")
    language: str
    order_number: str = strawberry.field(description="The order it is shown with.")


async def _of_orders(actor, ids):  # noqa: ANN001, ANN202
    return await notifications.notifications_of_orders(actor, ids)


async def order_notifications(info: Info, order_id: UUID) -> list[Notification]:
    rows = await batch_loader(info, "order_notifications", _of_orders).load(order_id)
    return [Notification.from_row(r) for r in rows or []]


register_node("Notification", notifications.notifications_by_ids, Notification.from_row)
