from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_payload, user_errors
from backend.api.notifications.types import Notification
from backend.core.ids import expect_global_id
from backend.notifications import services as notifications


@strawberry.input(description="Send a sent, failed or suppressed notification again, as a new message.")
class NotificationResendInput:
    notification_id: strawberry.ID


NotificationResendPayload = mutation_payload("NotificationResendPayload", notification=Notification)


@user_errors
async def notification_resend(info: Info, input: NotificationResendInput) -> NotificationResendPayload:  # noqa: A002
    row = await notifications.resend_notification(
        info.context.actor, expect_global_id(input.notification_id, "Notification", field="notificationId"))
    return {"notification": Notification.from_row(row)}
