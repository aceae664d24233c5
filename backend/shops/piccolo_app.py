from backend.core.domains import domain_app
from backend.shops.tables import ImportRun, Shop, TrackingPush, WebhookDelivery

APP_CONFIG = domain_app(__file__, [Shop, ImportRun, WebhookDelivery, TrackingPush], after=("accounts", "catalog"))
