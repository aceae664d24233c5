"""The start-up self-check passes on the libraries installed, refuses to start (naming the library, the version found
and the range tested) when an internal an override relies on is taken away, and the version bounds in
pyproject.toml, requirements.txt and the check agree. Internals are taken away by patching the libraries
themselves; monkeypatch puts them back after each test."""

from __future__ import annotations

import logging
import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from backend.api.engine.selfcheck import check_internals
from backend.core import internals
from backend.core.internals import TESTED, InternalsChanged

ROOT = Path(__file__).resolve().parents[2]


def test_the_installed_libraries_pass() -> None:
    assert [line.split()[0] for line in check_internals(inline_completion=True)] == sorted(TESTED)
    # Without the plain-field executor, graphql-core is still checked: production errors lose its suggestions.
    assert [line.split()[0] for line in check_internals(inline_completion=False)] == sorted(TESTED)


def refusal(monkeypatch: pytest.MonkeyPatch, owner: object, name: str, **check: bool) -> str:
    monkeypatch.delattr(owner, name)
    with pytest.raises(InternalsChanged) as refused:
        check_internals(**check)
    return str(refused.value)


def test_a_missing_private_function_of_strawberry_refuses_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    from strawberry.litestar import controller

    message = refusal(monkeypatch, controller, "_context_getter_http")
    version = metadata.version("strawberry-graphql")
    assert message.startswith("Packline refuses to start")
    tested = internals.tested_range("strawberry-graphql")
    assert f"strawberry-graphql {version} is installed; Packline is tested with {tested}" in message
    assert "_context_getter_http" in message and "backend/api/engine/http.py" in message


@pytest.mark.parametrize(("library", "owner", "name", "needed_by"), [
    ("strawberry-graphql", "strawberry.extensions:MaskErrors", "_process_result", "engine/masking.py"),
    ("strawberry-graphql", "strawberry.subscriptions.protocols.graphql_transport_ws.handlers:Operation",
     "__slots__", "engine/websocket.py"),
    ("graphql-core", "graphql.execution:Executor", "collect_subfields", "engine/executor.py"),
    ("graphql-core", "graphql:pyutils", "did_you_mean", "engine/masking.py"),
    ("litestar", "litestar.channels.backends.redis:RedisChannelsPubSubBackend", "subscribe", "engine/channels.py"),
    ("cross-web", "cross_web:HTTPException", "__init__", "engine/http.py"),
    ("piccolo", "piccolo.engine.postgres:PostgresTransaction", "rollback", "core/db.py"),
])
def test_each_library_is_named_with_what_needs_it(monkeypatch: pytest.MonkeyPatch, library: str, owner: str,
                                                  name: str, needed_by: str) -> None:
    from backend.core.internals import lookup

    message = refusal(monkeypatch, lookup(owner), name)
    found, tested = metadata.version(library), internals.tested_range(library)
    assert f"{library} {found} is installed; Packline is tested with {tested}:" in message
    assert needed_by in message


def test_the_worker_checks_piccolo(monkeypatch: pytest.MonkeyPatch) -> None:
    from piccolo.engine.postgres import PostgresTransaction

    from worker.settings import startup

    monkeypatch.delattr(PostgresTransaction, "begin")
    with pytest.raises(InternalsChanged, match=r"piccolo .* is installed"):
        import asyncio

        asyncio.run(startup({}))


def test_the_app_factory_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    from strawberry.litestar import controller

    from backend.app import create_app

    monkeypatch.delattr(controller, "_context_getter_http")
    with pytest.raises(InternalsChanged, match="_context_getter_http"):
        create_app()


def test_the_command_line_check_says_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner
    from graphql.execution import Executor

    from backend.cli import main

    passed = CliRunner().invoke(main, ["check-internals"])
    assert passed.exit_code == 0 and "Every library internal Packline relies on is there." in passed.output
    monkeypatch.delattr(Executor, "settle_in_background")
    failed = CliRunner().invoke(main, ["check-internals"])
    assert failed.exit_code == 1 and "Executor.execute_fields/" in failed.output


def test_the_executors_internals_are_not_required_with_inline_completion_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from graphql.execution import Executor

    monkeypatch.delattr(Executor, "settle_in_background")
    message = refusal(monkeypatch, Executor, "handle_field_error", inline_completion=True)
    assert "GRAPHQL_INLINE_COMPLETION=0" in message
    check_internals(inline_completion=False)


def test_a_fast_path_that_would_take_a_guarded_field_refuses_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """The probe runs a tiny schema: should anything let a guarded field or one with arguments onto the fast path
    (here the executor's own test of a field, reduced to 'has a definition'), the check refuses."""
    from operator import attrgetter

    from backend.api.engine import executor

    def careless(field_def):  # noqa: ANN001, ANN202
        definition = field_def.extensions.get(executor._DEFINITION)
        return attrgetter(definition.python_name) if definition is not None else None

    monkeypatch.setattr(executor, "_getter", careless)
    with pytest.raises(InternalsChanged, match="would complete guarded, scaled inline"):
        check_internals(inline_completion=True)


def test_a_version_outside_the_tested_range_only_warns(monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setitem(TESTED, "litestar", "2.24.0")
    with caplog.at_level(logging.WARNING, logger="backend.core.internals"):
        check_internals()
    assert any("litestar" in record.getMessage() and "outside the range" in record.getMessage()
               for record in caplog.records)


def test_compatible_release_ranges() -> None:
    assert internals.tested_range("strawberry-graphql") == f"~={TESTED['strawberry-graphql']} " \
        f"({TESTED['strawberry-graphql']} up to, not including, 0.342)"
    assert internals.is_tested("strawberry-graphql", "0.341.2") and internals.is_tested("strawberry-graphql", "0.341.9")
    assert not internals.is_tested("strawberry-graphql", "0.342.0")
    assert not internals.is_tested("strawberry-graphql", "0.341.1")
    assert internals.is_tested("graphql-core", "3.3.10") and not internals.is_tested("graphql-core", "3.4.0")
    assert not internals.is_tested("graphql-core", "3.3.0")


def test_pyproject_bounds_the_libraries_to_the_versions_tested_and_pinned() -> None:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    bounds = {}
    for dependency in dependencies:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^]]+\])?\s*~=\s*([0-9.]+)", dependency)
        if match:
            bounds[match.group(1).lower()] = match.group(2)
    pins = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text().split() if "==" in line)
    pins = {name.lower(): version for name, version in pins.items()}
    assert bounds == TESTED
    for library, version in TESTED.items():
        assert pins[library] == version, f"requirements.txt pins {library} {pins[library]}, tested {version}"
