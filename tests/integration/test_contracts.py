"""Contracts that must not drift: the committed schema, the migrations, and the authorization guards."""

from __future__ import annotations

from pathlib import Path

from backend.api.permissions import unguarded_root_fields
from backend.api.schema import build_schema, schema_sdl
from backend.core.db import migration_drift as drift

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schema_matches_the_code():
    committed = (ROOT / "schema.graphql").read_text()
    assert committed == schema_sdl(), "schema.graphql is stale: run `make schema` and commit it"


async def test_tables_and_migrations_agree():
    assert await drift() == {}, "tables changed without a migration: run `piccolo migrations new <app> --auto`"


def test_every_root_field_declares_who_may_call_it():
    assert unguarded_root_fields(build_schema()) == []


def test_production_schema_hides_introspection(monkeypatch):
    import backend.settings as settings_module

    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    settings_module.get_settings.cache_clear()
    try:
        schema = build_schema()
        result = schema.execute_sync("{ __schema { types { name } } }")
        assert result.errors and "introspection" in result.errors[0].message.lower()
    finally:
        settings_module.get_settings.cache_clear()
