from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_payload, user_errors
from backend.api.notifications.types import NewOrderNotificationMode, NotificationKind, NotificationSettings
from backend.core.ids import optional_merchant_id
from backend.notifications import services as notifications
from backend.notifications.preferences import MessageChange, PreferencesChange


@strawberry.input(description="One message's settings; what is left out stays as it is.")
class NotificationMessageSettingInput:
    kind: NotificationKind  # type: ignore[valid-type]
    enabled: bool | None = None
    subject: str | None = strawberry.field(default=None, description="Up to 200 characters; empty: the default.")
    intro: str | None = strawberry.field(default=None, description="Up to 1000 characters; empty: the default.")


@strawberry.input(description="What a merchant's notifications say and to whom; what is left out stays as it is.")
class NotificationSettingsUpdateInput:
    merchant_id: strawberry.ID | None = strawberry.field(
        default=None, description="Operators name the merchant; a merchant admin changes its own.")
    messages: list[NotificationMessageSettingInput] | None = None
    new_order_mode: NewOrderNotificationMode | None = None  # type: ignore[valid-type]
    digest_minutes: int | None = strawberry.field(default=None, description="5 to 1440.")
    sender_name: str | None = strawberry.field(default=None, description="Up to 100 characters; empty: the merchant's name.")
    reply_to: str | None = strawberry.field(default=None, description="An e-mail address; empty: none.")
    merchant_email: str | None = strawberry.field(default=None, description="An e-mail address; empty: its admins.")


NotificationSettingsUpdatePayload = mutation_payload("NotificationSettingsUpdatePayload",
                                                     notification_settings=NotificationSettings)


@user_errors
async def notification_settings_update(info: Info, input: NotificationSettingsUpdateInput,  # noqa: A002
                                       ) -> NotificationSettingsUpdatePayload:
    change = PreferencesChange(
        messages=[MessageChange(m.kind, m.enabled, m.subject, m.intro) for m in input.messages or []],
        new_order_mode=input.new_order_mode, digest_minutes=input.digest_minutes, sender_name=input.sender_name,
        reply_to=input.reply_to, merchant_email=input.merchant_email)
    prefs = await notifications.update_notification_settings(info.context.actor, optional_merchant_id(input.merchant_id),
                                                             change)
    return {"notification_settings": NotificationSettings.from_preferences(prefs)}
