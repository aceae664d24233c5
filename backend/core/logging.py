"""Logs: readable lines in development, one JSON object per line with the request id in production."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from datetime import UTC, datetime

from litestar.logging.config import LoggingConfig

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = request_id.get()
        if rid:
            entry["request_id"] = rid
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        return True


def configure_logging(*, production: bool, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stdout)
    if production:
        handler.setFormatter(JsonFormatter())
    else:
        handler.addFilter(RequestIdFilter())
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("uvicorn.access",):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def litestar_logging_config() -> LoggingConfig:
    """Litestar's logging, through the handler `configure_logging` installed: Litestar's default configuration
    replaced it with its own plain-text format (no JSON, no request id) when the app was built, and logged an
    uncaught exception only in debug mode. Here its `litestar` logger propagates to the root handler, an uncaught
    exception (a 500) is logged with its traceback, and client errors (4xx: unknown paths, wrong methods) are
    not logged at all; the metrics count them."""
    return LoggingConfig(
        configure_root_logger=False,
        handlers={},
        formatters={},
        loggers={"litestar": {"level": "INFO", "handlers": [], "propagate": True}},
        log_exceptions="always",
        disable_stack_trace=set(range(400, 500)),
    )
