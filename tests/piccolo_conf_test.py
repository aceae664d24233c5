"""Piccolo's configuration for the tests: the throwaway database the test session created."""

import os

from backend.core.db import Database
from backend.piccolo_conf import APP_REGISTRY  # noqa: F401  (same tables, other database)

DB = Database(config={"dsn": os.environ["PACKLINE_TEST_DATABASE_URL"]})
