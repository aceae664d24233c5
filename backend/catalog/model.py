"""The catalog's vocabulary and input rules, without a database: what a valid SKU, barcode, product or family field
is, and the order of a family's sizes and colours."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from backend.core.errors import FieldChecks, ValidationFailed

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,39}$")
SKU_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
TARIFF_RE = re.compile(r"^\d{6,12}$")
MAX_ATTRIBUTES = 20
MAX_IMAGES = 20
MAX_DESCRIPTION = 5000
MAX_VARIANT_VALUE = 100
# More variants than any size × colour grid has (12 sizes × 40 colours); it keeps a family's page one query.
MAX_VARIANTS = 500
# Size and colour are the variant's columns, not attributes; `color` is the same word.
VARIANT_AXES = ("size", "colour", "color")


def gtin_is_valid(code: str) -> bool:
    """GTIN-8/12/13/14 (EAN and UPC) with a correct check digit."""
    if not code.isdigit() or len(code) not in (8, 12, 13, 14):
        return False
    digits = [int(c) for c in code]
    body, check = digits[:-1], digits[-1]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def clean_barcode(barcode: str | None) -> str | None:
    if barcode is None or not barcode.strip():
        return None
    code = barcode.strip()
    if not gtin_is_valid(code):
        raise ValidationFailed("Not a valid EAN/GTIN: wrong length or check digit", field="barcode", code="INVALID_BARCODE")
    return code


def clean_sku(sku: str, field: str = "sku") -> str:
    cleaned = sku.strip()
    if not SKU_RE.match(cleaned):
        raise ValidationFailed("1 to 64 letters, digits or . _ / - ", field=field)
    return cleaned


def clean_family_code(code: str | None) -> str | None:
    """A family's article number: the SKU's rules; blank is none."""
    if code is None or not code.strip():
        return None
    return clean_sku(code, "code")


def clean_text(value: str, field: str, max_length: int) -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise ValidationFailed("This field is required", field=field, code="REQUIRED")
    if len(cleaned) > max_length:
        raise ValidationFailed(f"At most {max_length} characters", field=field, code="TOO_LONG")
    return cleaned


def clean_code(code: str, field: str = "code") -> str:
    cleaned = code.strip().upper()
    if not CODE_RE.match(cleaned):
        raise ValidationFailed("Letters, digits and . _ - (up to 40)", field=field)
    return cleaned


def clean_non_negative(value: int | None, field: str, maximum: int = 10_000_000) -> int | None:
    if value is None:
        return None
    if value < 0 or value > maximum:
        raise ValidationFailed(f"Must be between 0 and {maximum}", field=field)
    return value


def clean_variant_value(value: str | None, field: str) -> str | None:
    """A size or colour as people write it ("M", "39-42", "navy blue"); blank is none."""
    if value is None:
        return None
    cleaned = " ".join(str(value).split())
    if not cleaned:
        return None
    if len(cleaned) > MAX_VARIANT_VALUE:
        raise ValidationFailed(f"At most {MAX_VARIANT_VALUE} characters", field=field, code="TOO_LONG")
    return cleaned


def clean_attributes(attributes: dict[str, Any] | None) -> dict[str, str]:
    if not attributes:
        return {}
    if not isinstance(attributes, dict) or len(attributes) > MAX_ATTRIBUTES:
        raise ValidationFailed(f"Up to {MAX_ATTRIBUTES} name/value pairs", field="attributes")
    cleaned = {}
    for name, value in attributes.items():
        if not isinstance(name, str) or not name.strip() or len(name) > 40 or not isinstance(value, (str, int, float)):
            raise ValidationFailed("Each attribute needs a name (up to 40 characters) and a value", field="attributes")
        text = str(value).strip()
        if not text or len(text) > 100:
            raise ValidationFailed("Attribute values have 1 to 100 characters", field="attributes")
        key = name.strip().lower()
        if key in VARIANT_AXES:
            raise ValidationFailed("Size and colour are fields of their own (size, colour), not attributes",
                                   field="attributes")
        cleaned[key] = text
    return cleaned


def clean_description(value: str | None) -> str:
    """Free text with its line breaks; trailing spaces of each line go."""
    text = "\n".join(line.rstrip() for line in (value or "").strip().splitlines())
    if len(text) > MAX_DESCRIPTION:
        raise ValidationFailed(f"At most {MAX_DESCRIPTION} characters", field="description", code="TOO_LONG")
    return text


def clean_images(images: Iterable[str] | None) -> list[str]:
    """Picture addresses (http or https), each once, in the order given."""
    cleaned: list[str] = []
    for raw in images or []:
        url = (raw or "").strip()
        if not url:
            continue
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 2000 or any(c.isspace() for c in url):
            raise ValidationFailed(f"Not a picture address (http or https): {url[:80]}", field="images")
        if url not in cleaned:
            cleaned.append(url)
    if len(cleaned) > MAX_IMAGES:
        raise ValidationFailed(f"At most {MAX_IMAGES} pictures", field="images", code="TOO_LONG")
    return cleaned


def clean_tariff(value: str | None) -> str | None:
    raw = (value or "").replace(" ", "")
    if raw and not TARIFF_RE.match(raw):
        raise ValidationFailed("6 to 12 digits (HS / CN code)", field="customsTariffNumber")
    return raw or None


def clean_country(value: str | None) -> str | None:
    raw = (value or "").strip().upper()
    if raw and not COUNTRY_RE.match(raw):
        raise ValidationFailed("A two-letter ISO country code", field="countryOfOrigin")
    return raw or None


# The fields of a product (a variant) and of its family that a create or update may name.
PRODUCT_FIELDS = (
    "name", "barcode", "size", "colour", "attributes", "weight_grams", "length_mm", "width_mm", "height_mm",
    "low_stock_threshold",
)
FAMILY_FIELDS = ("code", "name", "description", "images", "customs_tariff_number", "country_of_origin")
CUSTOMS_FIELDS = ("customs_tariff_number", "country_of_origin")


def clean_product_fields(values: dict[str, Any], checks: FieldChecks) -> dict[str, Any]:
    """Clean whichever product fields are present in `values` (None clears optional ones)."""
    cleaned: dict[str, Any] = {}
    if "name" in values:
        cleaned["name"] = checks.check(clean_text, values["name"] or "", "name", 300)
    if "barcode" in values:
        cleaned["barcode"] = checks.check(clean_barcode, values["barcode"])
    for axis in ("size", "colour"):
        if axis in values:
            cleaned[axis] = checks.check(clean_variant_value, values[axis], axis)
    if "attributes" in values:
        cleaned["attributes"] = checks.check(clean_attributes, values["attributes"])
    for name, camel in (("weight_grams", "weightGrams"), ("length_mm", "lengthMm"), ("width_mm", "widthMm"), ("height_mm", "heightMm")):
        if name in values:
            cleaned[name] = checks.check(clean_non_negative, values[name], camel)
    if "low_stock_threshold" in values:
        cleaned["low_stock_threshold"] = checks.check(clean_non_negative, values["low_stock_threshold"] or 0, "lowStockThreshold")
    return cleaned


def clean_family_fields(values: dict[str, Any], checks: FieldChecks) -> dict[str, Any]:
    """Clean whichever family fields are present in `values` (None clears optional ones)."""
    cleaned: dict[str, Any] = {}
    if "code" in values:
        cleaned["code"] = checks.check(clean_family_code, values["code"])
    if "name" in values:
        cleaned["name"] = checks.check(clean_text, values["name"] or "", "name", 300)
    if "description" in values:
        cleaned["description"] = checks.check(clean_description, values["description"])
    if "images" in values:
        cleaned["images"] = checks.check(clean_images, values["images"])
    if "customs_tariff_number" in values:
        cleaned["customs_tariff_number"] = checks.check(clean_tariff, values["customs_tariff_number"])
    if "country_of_origin" in values:
        cleaned["country_of_origin"] = checks.check(clean_country, values["country_of_origin"])
    return cleaned


def variant_name(family_name: str, size: str | None, colour: str | None) -> str:
    """A variant's name when none is given: the family's, then its size and colour ("Merino Tee M Navy")."""
    return " ".join(part for part in (family_name, size, colour) if part)[:300]


def slot_of(size: str | None, colour: str | None) -> tuple[str, str]:
    """A variant's place in its family's grid, as the uniqueness rule compares it (case does not count)."""
    return ((size or "").lower(), (colour or "").lower())


def slot_text(size: str | None, colour: str | None) -> str:
    return f"size {size or '—'}, colour {colour or '—'}"


# Clothing sizes from small to large; a family's sizes come in this order, then numeric sizes (shoe sizes, litres,
# "39-42" by its first number), then any other text alphabetically.
SIZE_ORDER = {
    size: index for index, size in enumerate(
        ["XXXS", "XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL", "4XL", "5XL", "6XL"])
} | {"3XS": 0, "2XS": 1, "2XL": 7, "3XL": 8}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def size_sort_key(size: str | None) -> tuple:
    if size is None:
        return (3, 0.0, "")
    word = size.strip().upper()
    if word in SIZE_ORDER:
        return (0, float(SIZE_ORDER[word]), word)
    number = _NUMBER.search(word)
    if number and number.start() == 0:
        return (1, float(number.group().replace(",", ".")), word.lower())
    return (2, 0.0, word.lower())


def variant_sort_key(size: str | None, colour: str | None, sku: str) -> tuple:
    return (size_sort_key(size), colour is None, (colour or "").lower(), sku)


def ordered_sizes(sizes: Iterable[str | None]) -> list[str]:
    """The distinct sizes (case-insensitively), small to large."""
    return _distinct(sorted((s for s in sizes if s), key=size_sort_key))


def ordered_colours(colours: Iterable[str | None]) -> list[str]:
    """The distinct colours (case-insensitively), alphabetically."""
    return _distinct(sorted((c for c in colours if c), key=str.lower))


def _distinct(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        if value.lower() not in seen:
            seen.add(value.lower())
            out.append(value)
    return out
