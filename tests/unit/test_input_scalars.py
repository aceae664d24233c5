"""The API's scalars and its text check refuse what the database cannot store, with a message that says why."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from backend.api.engine.http import MAX_JSON_DEPTH, json_deeper_than, json_shape_problem
from backend.api.scalars import parse_bigint, parse_datetime
from backend.api.text_input import text_problem
from backend.headers import CONTENT_SECURITY_POLICY

ROOT = Path(__file__).resolve().parents[2]


def test_datetimes_must_stay_in_range_once_in_utc() -> None:
    assert parse_datetime("2026-11-23T10:00:00+01:00") == dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
    assert parse_datetime("9999-12-31T23:59:59+00:00").year == 9999
    assert parse_datetime("2026-11-23T10:00:00").tzinfo is None  # as Strawberry's DateTime reads it
    for outside in ("9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+00:01"):
        with pytest.raises(ValueError, match="outside the years 1 to 9999"):
            parse_datetime(outside)
    for wrong in ("yesterday", 5, None):
        with pytest.raises(ValueError, match="DateTime cannot represent"):
            parse_datetime(wrong)


def test_bigints_stay_in_64_bits() -> None:
    assert parse_bigint(41) == 41 and parse_bigint("41") == 41 and parse_bigint(2**63 - 1) == 2**63 - 1
    for wrong in (2**63, -(2**63) - 1, True, 1.5, "4.1", "٤١"):
        with pytest.raises(ValueError, match="BigInt cannot represent"):
            parse_bigint(wrong)


def test_text_problems() -> None:
    assert text_problem("Straße 5, 🏠") is None
    assert "NUL" in text_problem("a\x00")
    assert "lone surrogate" in text_problem("a\udc00b")


def test_json_depth_is_counted_outside_strings() -> None:
    assert not json_deeper_than(b'{"a": "' + b"[" * 500 + b'"}', MAX_JSON_DEPTH)
    assert not json_deeper_than(b'{"a": "\\"[[[["}', 2)
    assert json_deeper_than(b"[" * 65 + b"]" * 65, MAX_JSON_DEPTH)
    assert not json_deeper_than(b"[" * 64 + b"]" * 64, MAX_JSON_DEPTH)
    assert json_deeper_than('{"a": ' * 70 + "1" + "}" * 70, MAX_JSON_DEPTH)
    assert json_shape_problem(b' \n{"query": "{ a }"}') is None
    for body in (b'"hello"', b"null", b"123", b"", b"  true"):
        assert "must be a JSON object" in json_shape_problem(body)


def test_the_content_security_policy_header_is_the_dashboards_meta_policy() -> None:
    config = (ROOT / "frontend" / "vite.config.ts").read_text()
    block = re.search(r"const CSP = \[(.*?)\]\.join\(\"; \"\)", config, re.S)
    assert block, "frontend/vite.config.ts no longer defines CSP as a list joined with '; '"
    directives = re.findall(r'"([^"]+)"', block.group(1))
    assert "; ".join(directives) == CONTENT_SECURITY_POLICY
