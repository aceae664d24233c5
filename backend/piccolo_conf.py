"""Piccolo's configuration for the application: the database from settings and every domain's tables."""

from piccolo.conf.apps import AppRegistry

from backend.core.db import Database
from backend.settings import get_settings

DB = Database(config={"dsn": get_settings().database.url})

APP_REGISTRY = AppRegistry(
    apps=[
        "backend.accounts.piccolo_app",
        "backend.events.piccolo_app",
        "backend.catalog.piccolo_app",
        "backend.stock.piccolo_app",
        "backend.inbound.piccolo_app",
        "backend.orders.piccolo_app",
        "backend.picking.piccolo_app",
        "backend.shipping.piccolo_app",
        "backend.scheduling.piccolo_app",
        "backend.returns.piccolo_app",
        "backend.shops.piccolo_app",
        "backend.notifications.piccolo_app",
    ]
)
