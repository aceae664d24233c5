"""What the API process logs for refused and failing requests: a refused or invalid request is one INFO line with
its code and the operation's name, never an ERROR with a traceback; only unexpected exceptions log one."""

from __future__ import annotations

import asyncio
import logging
import re

import pytest
import strawberry

from litestar import Litestar, get
from litestar.testing import TestClient

from backend.api.schema import PacklineSchema
from backend.core.logging import litestar_logging_config
from backend.core.authorization import Role
from tests.support import ROOT_DIR, make_user


async def log_lines_after(api, requests) -> list[str]:  # noqa: ANN001
    """The lines the API process logs while `requests` run (its stdout goes to .run/test-api-<port>.log)."""
    path = ROOT_DIR / ".run" / f"test-api-{api.port}.log"
    start = path.stat().st_size
    await requests()
    await asyncio.sleep(0.2)
    with path.open("rb") as log:
        log.seek(start)
        return log.read().decode("utf-8", "replace").splitlines()


async def test_refused_and_invalid_requests_are_one_info_line_each(api):
    warehouse = await api.login((await make_user(Role.WAREHOUSE)).email)

    async def requests() -> None:
        await api.gql("query ForbiddenProbe { users(first: 1) { totalCount } }", token=warehouse)
        await api.gql("query UnknownFieldProbe { nope }")
        await api.gql("query BadTextProbe($s: String) { products(first: 1, filter: {search: $s}) { totalCount } }",
                      {"s": "a\x00"}, token=warehouse)
        await api.gql("mutation AnonymousLogoutProbe { logout { errors { code } } }")

    lines = await log_lines_after(api, requests)
    text = "\n".join(lines)
    assert "Traceback" not in text and " ERROR " not in text, text
    # The process's own format (backend/core/logging.py), with the request id.
    prefix = r"^\S+ \S+ INFO strawberry\.execution \[[0-9a-f]{32}\] GraphQL "
    expected = {
        "ForbiddenProbe": prefix + r"query ForbiddenProbe refused: FORBIDDEN at users: You are not allowed",
        "UnknownFieldProbe": prefix + r"query UnknownFieldProbe refused: GRAPHQL_VALIDATION_FAILED: Cannot query "
                             r"field 'nope'",
        "BadTextProbe": prefix + r"query BadTextProbe refused: BAD_USER_INPUT: \$s contains a NUL",
        "AnonymousLogoutProbe": prefix + r"mutation AnonymousLogoutProbe refused: UNAUTHENTICATED at logout: "
                                r"Sign in first$",
    }
    for name, pattern in expected.items():
        matching = [line for line in lines if f" {name} " in line]
        assert len(matching) == 1, (name, text)
        assert re.search(pattern, matching[0]), (name, matching[0])


@strawberry.type
class Failing:
    @strawberry.field
    def broken(self) -> str | None:
        raise RuntimeError("a bug")


async def test_only_unexpected_exceptions_are_logged_with_a_traceback(caplog: pytest.LogCaptureFixture):
    schema = PacklineSchema(query=Failing)
    with caplog.at_level(logging.INFO, logger="strawberry.execution"):
        await schema.execute("query Broken { broken }", operation_name="Broken")
        await schema.execute("query Invalid { nope }")
    [failure, refusal] = caplog.records
    assert failure.levelno == logging.ERROR and failure.exc_info and "RuntimeError" in caplog.text
    assert failure.getMessage() == "GraphQL query Broken failed at broken: a bug"
    assert refusal.levelno == logging.INFO and refusal.exc_info is None
    assert refusal.getMessage().startswith("GraphQL query Invalid refused: GRAPHQL_VALIDATION_FAILED: Cannot query")


@get("/broken", sync_to_thread=False)
def broken_route() -> str:
    raise RuntimeError("a bug in a route")


def test_litestar_logs_uncaught_exceptions_with_a_traceback_and_client_errors_not_at_all(
        caplog: pytest.LogCaptureFixture):
    app = Litestar([broken_route], logging_config=litestar_logging_config(), debug=False)
    with caplog.at_level(logging.INFO), TestClient(app) as client:
        assert client.put("/broken").status_code == 405
        assert client.get("/missing").status_code == 404
        assert not [r for r in caplog.records if r.name == "litestar"]
        assert client.get("/broken").status_code == 500
    [uncaught] = [r for r in caplog.records if r.name == "litestar"]
    assert uncaught.levelno == logging.ERROR and "a bug in a route" in caplog.text and "Traceback" in caplog.text
