import os

from piccolo.conf.apps import AppConfig

from backend.catalog.tables import Location, Product, ProductFamily, Warehouse

APP_CONFIG = AppConfig(
    app_name="catalog",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Warehouse, Location, ProductFamily, Product],
    migration_dependencies=["backend.accounts.piccolo_app"],
    commands=[],
)
