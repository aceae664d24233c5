"""A domain's Piccolo app: its tables, its migrations folder beside them, and the domains it builds on."""

from __future__ import annotations

import os

from piccolo.conf.apps import AppConfig
from piccolo.table import Table


def domain_app(module_file: str, tables: list[type[Table]], *, after: tuple[str, ...] = ()) -> AppConfig:
    """The `APP_CONFIG` of the domain whose `piccolo_app.py` is `module_file`; `after` names the domains whose
    migrations run first (their tables are referenced)."""
    folder = os.path.dirname(module_file)
    return AppConfig(
        app_name=os.path.basename(folder),
        migrations_folder_path=os.path.join(folder, "piccolo_migrations"),
        table_classes=list(tables),
        migration_dependencies=[f"backend.{domain}.piccolo_app" for domain in after],
        commands=[],
    )
