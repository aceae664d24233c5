from backend.core.domains import domain_app
from backend.notifications.tables import DigestEntry, Notification, NotificationCursor, NotificationSettings

APP_CONFIG = domain_app(__file__, [NotificationCursor, Notification, NotificationSettings, DigestEntry],
                        after=("accounts", "events"))
