import os

from piccolo.conf.apps import AppConfig

from backend.shipping.tables import PackageType, Parcel, ParcelLine, TrackingEvent

APP_CONFIG = AppConfig(
    app_name="shipping",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[PackageType, Parcel, ParcelLine, TrackingEvent],
    migration_dependencies=["backend.orders.piccolo_app"],
    commands=[],
)
