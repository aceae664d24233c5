import os

from piccolo.conf.apps import AppConfig

from backend.inbound.tables import Inbound, InboundLine

APP_CONFIG = AppConfig(
    app_name="inbound",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Inbound, InboundLine],
    migration_dependencies=["backend.catalog.piccolo_app"],
    commands=[],
)
