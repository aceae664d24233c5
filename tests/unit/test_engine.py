"""The engine's overrides of Strawberry and graphql-core behave as the upstream code they replace, where they are
not meant to differ (the executor itself is tested in test_plain_fields.py)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import pytest
import strawberry

from backend.api.engine.executor import PlainFieldExecutor
from backend.api.engine.masking import MaskUnexpectedErrors
from backend.api.errors import graphql_error, is_expected
from backend.core.errors import Forbidden


@strawberry.type
class Tick:
    n: int

    @strawberry.field
    def broken(self) -> str | None:
        raise RuntimeError(f"secret detail {self.n}")

    @strawberry.field
    def refused(self) -> str | None:
        raise graphql_error(Forbidden("You are not allowed to do this"))


@strawberry.type
class MaskQuery:
    @strawberry.field
    def tick(self) -> Tick:
        return Tick(n=0)


@strawberry.type
class MaskSubscription:
    @strawberry.subscription
    async def ticks(self) -> AsyncGenerator[Tick, None]:
        for n in range(3):
            yield Tick(n=n)


def masked_schema() -> strawberry.Schema:
    return strawberry.Schema(query=MaskQuery, subscription=MaskSubscription,
                             extensions=[lambda: MaskUnexpectedErrors(should_mask_error=lambda e: not is_expected(e))])


async def test_unexpected_errors_are_masked_and_expected_ones_kept_in_queries() -> None:
    result = await masked_schema().execute("{ tick { n broken refused } }")
    assert result.data == {"tick": {"n": 0, "broken": None, "refused": None}}
    messages = {tuple(e.path): e.message for e in result.errors}
    assert messages == {("tick", "broken"): "Unexpected error.", ("tick", "refused"): "You are not allowed to do this"}
    assert all("secret" not in e.message for e in result.errors)


async def test_every_event_of_a_subscription_is_masked() -> None:
    stream = await masked_schema().subscribe("subscription { ticks { n broken refused } }")
    seen = []
    async for result in stream:
        seen.append((result.data["ticks"]["n"], sorted(e.message for e in result.errors)))
    assert seen == [(n, ["Unexpected error.", "You are not allowed to do this"]) for n in range(3)]


@strawberry.enum
class Colour(__import__("enum").Enum):
    RED = "RED"


@strawberry.type
class SuggestQuery:
    @strawberry.field
    def orders(self, first: int = 1, colour: Colour | None = None) -> int:
        raise graphql_error(Forbidden("Did you mean to ask? You may not"))


async def test_suggestions_are_cut_where_asked_and_domain_errors_kept() -> None:
    def schema(hide: bool) -> strawberry.Schema:
        return strawberry.Schema(query=SuggestQuery, extensions=[lambda: MaskUnexpectedErrors(
            should_mask_error=lambda e: not is_expected(e), hide_suggestions=hide)])

    documents = [("{ orderz }", "Cannot query field 'orderz' on type 'SuggestQuery'."),
                 ("{ orders(firts: 1) }", "Unknown argument 'firts' on field 'SuggestQuery.orders'."),
                 ("{ orders(colour: REDD) }", "Value 'REDD' does not exist in 'Colour' enum.")]
    for document, cut in documents:
        shown = await schema(False).execute(document)
        assert "Did you mean" in shown.errors[0].message
        hidden = await schema(True).execute(document)
        assert [e.message for e in hidden.errors] == [cut]
    coerced = await schema(True).execute("query($c: Colour) { orders(colour: $c) }", variable_values={"c": "REDD"})
    assert "Did you mean" not in coerced.errors[0].message and "REDD" in coerced.errors[0].message
    kept = await schema(True).execute("{ orders }")
    assert kept.errors[0].message == "Did you mean to ask? You may not"


@pytest.mark.parametrize(("value", "inline"), [(None, True), ("1", True), ("on", True), ("0", False), ("false", False)])
def test_the_inline_completion_setting_chooses_the_executor(monkeypatch: pytest.MonkeyPatch, value: str | None,
                                                            inline: bool) -> None:
    import backend.settings as settings_module
    from backend.api.schema import build_schema

    if value is None:
        monkeypatch.delenv("GRAPHQL_INLINE_COMPLETION", raising=False)
    else:
        monkeypatch.setenv("GRAPHQL_INLINE_COMPLETION", value)
    settings_module.get_settings.cache_clear()
    try:
        assert settings_module.get_settings().graphql.inline_completion is inline
        assert (build_schema().execution_context_class is PlainFieldExecutor) is inline
    finally:
        monkeypatch.undo()
        settings_module.get_settings.cache_clear()


def test_an_unreadable_inline_completion_setting_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from backend.settings import SettingsError, load_settings

    monkeypatch.setenv("GRAPHQL_INLINE_COMPLETION", "maybe")
    with pytest.raises(SettingsError, match="GRAPHQL_INLINE_COMPLETION"):
        load_settings()


def test_with_inline_completion_off_the_executor_is_not_even_imported() -> None:
    """The way out of an upgrade that broke the executor's internals: the API's schema builds without it."""
    import os
    import subprocess
    import sys

    code = ("import sys; from backend.api.schema import build_schema; schema = build_schema(); "
            "assert 'backend.api.engine.executor' not in sys.modules, 'imported'; "
            "assert schema.execution_context_class.__module__.startswith('strawberry'), 'not the regular executor'")
    env = {**os.environ, "GRAPHQL_INLINE_COMPLETION": "0"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
