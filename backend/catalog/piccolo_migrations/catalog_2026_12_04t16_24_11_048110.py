from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import ForeignKey

ID = "2026-12-04T16:24:11:048110"
VERSION = "1.38.0"
DESCRIPTION = "every product has a family; customs data is the family's"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="catalog", description=DESCRIPTION
    )

    manager.drop_column(
        table_class_name="Product",
        tablename="product",
        column_name="country_of_origin",
        db_column_name="country_of_origin",
        schema=None,
    )

    manager.drop_column(
        table_class_name="Product",
        tablename="product",
        column_name="customs_tariff_number",
        db_column_name="customs_tariff_number",
        schema=None,
    )

    manager.alter_column(
        table_class_name="Product",
        tablename="product",
        column_name="family",
        db_column_name="family",
        params={"null": False},
        old_params={"null": True},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    return manager
