import os

from piccolo.conf.apps import AppConfig

from backend.orders.tables import Order, OrderChange, OrderHourStats, OrderLine, OrderNote, OrderSettings

APP_CONFIG = AppConfig(
    app_name="orders",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[OrderSettings, Order, OrderLine, OrderChange, OrderNote, OrderHourStats],
    migration_dependencies=["backend.catalog.piccolo_app", "backend.stock.piccolo_app"],
    commands=[],
)
