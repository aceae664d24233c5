"""The API's scalars beyond GraphQL's own: BigInt, JSON, and DateTime in the range PostgreSQL and Python share."""

from __future__ import annotations

import datetime as dt
import functools
from typing import NewType

import dateutil.parser
import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.name_converter import NameConverter

BigInt = NewType("BigInt", int)
JSON = NewType("JSON", object)

BIGINT_RANGE = (-(2**63), 2**63 - 1)  # PostgreSQL's bigint


def parse_bigint(value: object) -> int:
    if isinstance(value, str) and value.lstrip("-").isdigit() and value.isascii():
        value = int(value)  # a number sent as a string, as before
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"BigInt cannot represent {value!r}: send a whole number")
    if not BIGINT_RANGE[0] <= value <= BIGINT_RANGE[1]:
        raise ValueError(f"BigInt cannot represent {value}: it is outside the 64-bit range")
    return value


def parse_datetime(value: object) -> dt.datetime:
    """An ISO 8601 date and time (as Strawberry's DateTime reads it) that stays a date and time once moved to UTC:
    `9999-12-31T23:59:59-23:59` is a valid string but names a moment after the year 9999, which neither Python
    nor the database's driver can compare or store."""
    if not isinstance(value, str):
        raise ValueError(f"DateTime cannot represent {value!r}: send an ISO 8601 string")
    try:
        parsed = dateutil.parser.isoparse(value)
    except (ValueError, OverflowError) as error:
        raise ValueError(f"DateTime cannot represent {value!r}: {error}") from None
    if parsed.utcoffset() is not None:
        try:
            parsed.astimezone(dt.UTC)
        except OverflowError:
            raise ValueError(f"DateTime cannot represent {value!r}: in UTC it falls outside the years 1 to 9999") from None
    return parsed


SCALARS = {
    BigInt: strawberry.scalar(
        name="BigInt",
        description="A whole number beyond 32 bits (sent as a JSON number).",
        serialize=int,
        parse_value=parse_bigint,
    ),
    # Strawberry's own DateTime (same name, description and serialization) with the range check above.
    dt.datetime: strawberry.scalar(
        name="DateTime",
        description="Date with time (isoformat)",
        serialize=dt.datetime.isoformat,
        parse_value=parse_datetime,
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
