import os

from piccolo.conf.apps import AppConfig

from backend.accounts.tables import ApiKey, Merchant, Session, User

APP_CONFIG = AppConfig(
    app_name="accounts",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Merchant, User, Session, ApiKey],
    migration_dependencies=[],
    commands=[],
)
