"""Notifications in GraphQL: the mails sent for a merchant, resending one, and the merchant's settings."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.notifications.notification_resend import notification_resend
from backend.api.notifications.notification_settings_update import notification_settings_update
from backend.api.accounts.types import DocumentLanguageType
from backend.api.notifications.types import (
    Notification,
    NotificationChannel,
    NotificationKind,
    NotificationPreview,
    NotificationSettings,
    NotificationState,
)
from backend.api.pagination import Connection, page_request
from backend.api.permissions import requires
from backend.core.authorization import Permission
from backend.core.ids import expect_global_id, optional_merchant_id
from backend.notifications import services as notifications
from backend.notifications.model import MessageKind

P = Permission


@strawberry.input
class NotificationFilter:
    merchant_id: strawberry.ID | None = None
    order_id: strawberry.ID | None = None
    channel: list[NotificationChannel] | None = None  # type: ignore[valid-type]
    state: list[NotificationState] | None = None  # type: ignore[valid-type]


@strawberry.type
class NotificationsQuery:
    @strawberry.field(permission_classes=[requires(P.NOTIFICATIONS_READ)],
                      description="The mails sent for the caller's merchant (support: every merchant's), newest first.")
    async def notifications(
        self, info: Info, first: int | None = None, after: str | None = None, last: int | None = None,
        before: str | None = None, filter: NotificationFilter | None = None,
    ) -> Connection[Notification]:
        filter = filter or NotificationFilter()
        page = await notifications.list_notifications(
            info.context.actor, page_request(first, after, last, before),
            merchant_id=optional_merchant_id(filter.merchant_id),
            order_id=expect_global_id(filter.order_id, "Order", field="orderId") if filter.order_id else None,
            channels=[c.value for c in filter.channel] if filter.channel else None,
            states=[s.value for s in filter.state] if filter.state else None)
        return Connection.from_page(page, Notification.from_row)

    @strawberry.field(permission_classes=[requires(P.MERCHANT_SETTINGS_WRITE)],
                      description="A merchant's notification settings (its admin's own; operators name one).")
    async def notification_settings(self, info: Info, merchant_id: strawberry.ID | None = None) -> NotificationSettings:
        prefs = await notifications.notification_settings(info.context.actor, optional_merchant_id(merchant_id))
        return NotificationSettings.from_preferences(prefs)

    @strawberry.field(permission_classes=[requires(P.MERCHANT_SETTINGS_WRITE)],
                      description="A message as the merchant's settings make it now, with its latest order, in either "
                                  "language (the merchant's own unless asked).")
    async def notification_preview(
        self, info: Info, merchant_id: strawberry.ID | None = None,
        kind: NotificationKind = MessageKind.NEW_ORDER,  # type: ignore[valid-type]
        language: DocumentLanguageType | None = None,  # type: ignore[valid-type]
    ) -> NotificationPreview:
        shown = await notifications.preview_notification(info.context.actor, optional_merchant_id(merchant_id), kind,
                                                         language.value if language else None)
        return NotificationPreview(subject=shown.mail.subject, text=shown.mail.text, html=shown.mail.html,
                                   language=shown.language, order_number=shown.order_number)


@strawberry.type
class NotificationsMutation:
    notification_settings_update = strawberry.mutation(resolver=notification_settings_update,
                                                       permission_classes=[requires(P.MERCHANT_SETTINGS_WRITE)])
    notification_resend = strawberry.mutation(resolver=notification_resend,
                                              permission_classes=[requires(P.NOTIFICATIONS_WRITE)])
