import json
import logging

from backend.core.logging import JsonFormatter, request_id


def test_production_logs_are_json_lines_with_the_request_id():
    token = request_id.set("req-42")
    try:
        record = logging.LogRecord("backend.api", logging.WARNING, __file__, 1, "order %s held", ("M1-1042",), None)
        line = JsonFormatter().format(record)
    finally:
        request_id.reset(token)
    entry = json.loads(line)
    assert entry["message"] == "order M1-1042 held"
    assert entry["level"] == "warning" and entry["logger"] == "backend.api" and entry["request_id"] == "req-42"
    assert "\n" not in line
