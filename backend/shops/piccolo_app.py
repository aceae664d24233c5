from backend.core.domains import domain_app
from backend.shops.tables import ImportRun, Shop, WebhookDelivery

APP_CONFIG = domain_app(__file__, [Shop, ImportRun, WebhookDelivery], after=("accounts", "catalog"))
