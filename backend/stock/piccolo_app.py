import os

from piccolo.conf.apps import AppConfig

from backend.stock.tables import BinStock, StockLevel, StockMovement

APP_CONFIG = AppConfig(
    app_name="stock",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[StockLevel, BinStock, StockMovement],
    migration_dependencies=["backend.catalog.piccolo_app"],
    commands=[],
)
