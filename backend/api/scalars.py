from __future__ import annotations

import functools
from typing import NewType

import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.name_converter import NameConverter

BigInt = NewType("BigInt", int)
JSON = NewType("JSON", object)

SCALARS = {
    BigInt: strawberry.scalar(
        name="BigInt",
        description="A whole number beyond 32 bits (sent as a JSON number).",
        serialize=int,
        parse_value=int,
    ),
    JSON: strawberry.scalar(name="JSON", description="Arbitrary JSON.", serialize=lambda v: v, parse_value=lambda v: v),
}


class CachedNameConverter(NameConverter):
    """Strawberry's names, remembered: it converts every input field's name anew on every request, which was a
    noticeable part of taking an order."""

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one converter per schema, kept for the process
    def apply_naming_config(self, name: str) -> str:
        return super().apply_naming_config(name)


def schema_config() -> StrawberryConfig:
    return StrawberryConfig(scalar_map=SCALARS, name_converter=CachedNameConverter())
