import os

from piccolo.conf.apps import AppConfig

from backend.picking.tables import Picklist, PicklistLine, PicklistOrder, PicklistPick

APP_CONFIG = AppConfig(
    app_name="picking",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Picklist, PicklistOrder, PicklistLine, PicklistPick],
    migration_dependencies=["backend.orders.piccolo_app"],
    commands=[],
)
