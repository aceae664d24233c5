from __future__ import annotations

from typing import NewType

import strawberry
from strawberry.schema.config import StrawberryConfig

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


def schema_config() -> StrawberryConfig:
    return StrawberryConfig(scalar_map=SCALARS)
