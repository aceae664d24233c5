import os

from piccolo.conf.apps import AppConfig

from backend.scheduling.tables import ScheduledRun

APP_CONFIG = AppConfig(
    app_name="scheduling",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[ScheduledRun],
    migration_dependencies=[],
    commands=[],
)
