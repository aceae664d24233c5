"""The order's vocabulary and rules that need no database: statuses and their transitions, money, prices,
addresses and the address check."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from backend.core.errors import DomainError, ValidationFailed

MAX_LINES = 200
MAX_TAGS = 20
MAX_MONEY_MINOR = 10_000_000_00  # ten million in major units


class OrderStatus(str, enum.Enum):
    DRAFT = "DRAFT"
    AWAITING_PAYMENT = "AWAITING_PAYMENT"
    BACKORDERED = "BACKORDERED"
    READY = "READY"
    ON_HOLD = "ON_HOLD"
    PICKING = "PICKING"
    PACKED = "PACKED"
    PARTIALLY_SHIPPED = "PARTIALLY_SHIPPED"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    CANCELLED = "CANCELLED"


class PaymentStatus(str, enum.Enum):
    PENDING = "PENDING"
    AUTHORIZED = "AUTHORIZED"
    PAID = "PAID"
    PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED"
    REFUNDED = "REFUNDED"
    FAILED = "FAILED"


class PaymentMethod(str, enum.Enum):
    CARD = "CARD"
    PAYPAL = "PAYPAL"
    BANK_TRANSFER = "BANK_TRANSFER"
    CHEQUE = "CHEQUE"
    INVOICE = "INVOICE"
    CASH_ON_DELIVERY = "CASH_ON_DELIVERY"


class OrderSource(str, enum.Enum):
    SHOP = "SHOP"
    API = "API"
    PHONE = "PHONE"


class ShippingMethod(str, enum.Enum):
    STANDARD = "STANDARD"
    EXPRESS = "EXPRESS"
    NEXT_DAY = "NEXT_DAY"
    CLICK_AND_COLLECT = "CLICK_AND_COLLECT"


S = OrderStatus

# Every move an order may make. Picking, packing and shipping are the warehouse's (later domains); they are
# listed so the rules are complete in one place.
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    S.DRAFT: frozenset({S.AWAITING_PAYMENT, S.BACKORDERED, S.READY, S.ON_HOLD, S.CANCELLED}),
    S.AWAITING_PAYMENT: frozenset({S.BACKORDERED, S.READY, S.ON_HOLD, S.CANCELLED}),
    # What was picked of a backordered order may ship ahead of the rest.
    S.BACKORDERED: frozenset({S.AWAITING_PAYMENT, S.READY, S.ON_HOLD, S.PARTIALLY_SHIPPED, S.CANCELLED}),
    S.READY: frozenset({S.AWAITING_PAYMENT, S.BACKORDERED, S.ON_HOLD, S.PICKING, S.CANCELLED}),
    S.ON_HOLD: frozenset({S.AWAITING_PAYMENT, S.BACKORDERED, S.READY, S.CANCELLED}),
    # A short pick with no stock left sends an order back to BACKORDERED (its picked units wait in their tote).
    S.PICKING: frozenset({S.READY, S.BACKORDERED, S.PACKED, S.PARTIALLY_SHIPPED, S.SHIPPED, S.CANCELLED}),
    # Click & collect: a packed order the customer fetched is delivered.
    S.PACKED: frozenset({S.PARTIALLY_SHIPPED, S.SHIPPED, S.DELIVERED, S.CANCELLED}),
    # The rest of a partly shipped order is picked when it is all reserved.
    S.PARTIALLY_SHIPPED: frozenset({S.PICKING, S.SHIPPED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset(),
    S.CANCELLED: frozenset(),
}

# Orders whose lines hold reservations.
RESERVING = frozenset({S.AWAITING_PAYMENT, S.BACKORDERED, S.READY, S.ON_HOLD, S.PICKING, S.PACKED})
# Support may still change lines, addresses, customer and shipping: until picking starts.
EDITABLE = frozenset({S.DRAFT, S.AWAITING_PAYMENT, S.BACKORDERED, S.READY, S.ON_HOLD})
# What the warehouse may see and ship.
RELEASED = frozenset({S.READY, S.PICKING, S.PACKED, S.PARTIALLY_SHIPPED, S.SHIPPED, S.DELIVERED})
PAID_ENOUGH = frozenset({PaymentStatus.AUTHORIZED, PaymentStatus.PAID})
# A partial refund leaves the rest of the order paid: it still ships (otherwise it would wait for a payment that
# never comes, since a partly refunded payment cannot become PAID again).
SHIPPABLE_PAYMENT = PAID_ENOUGH | {PaymentStatus.PARTIALLY_REFUNDED}


class InvalidTransition(DomainError):
    code = "INVALID_STATE"


def check_transition(current: OrderStatus, target: OrderStatus, number: str) -> None:
    if target is current:
        return
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(
            f"Order {number} is {current.value.replace('_', ' ').lower()} and cannot become "
            f"{target.value.replace('_', ' ').lower()}",
            field="orderId",
        )


def settled_status(*, fully_reserved: bool, payment_method: str, payment_status: str, prepaid_methods: list[str]) -> OrderStatus:
    """Where a placed order belongs when nothing holds it: short of stock, waiting for payment, or ready."""
    if not fully_reserved:
        return S.BACKORDERED
    if payment_method in prepaid_methods and PaymentStatus(payment_status) not in SHIPPABLE_PAYMENT:
        return S.AWAITING_PAYMENT
    return S.READY


def backordered_units(status: OrderStatus, quantity: int, reserved: int, picked: int, shipped: int) -> int:
    """Units of a line still waiting for stock: neither reserved in stock, nor picked into the order's tote, nor
    shipped. A draft is not placed yet and a cancelled order wants nothing, so neither waits for stock although
    their lines hold no reservation."""
    if status in (S.DRAFT, S.CANCELLED):
        return 0
    return max(quantity - reserved - picked - shipped, 0)


def units_to_reserve(quantity: int, picked: int, shipped: int) -> int:
    """What a line of a placed order holds in stock until it is picked: its units not yet picked or shipped."""
    return max(quantity - picked - shipped, 0)


# ---------------------------------------------------------------- money

CURRENCY_EXPONENT = {"JPY": 0, "KRW": 0, "HUF": 2, "CHF": 2, "EUR": 2, "GBP": 2, "USD": 2, "SEK": 2, "DKK": 2,
                     "NOK": 2, "PLN": 2, "CZK": 2}


def clean_currency(code: str) -> str:
    cleaned = code.strip().upper()
    if cleaned not in CURRENCY_EXPONENT:
        raise ValidationFailed(f"Unsupported currency; use one of {', '.join(sorted(CURRENCY_EXPONENT))}", field="currency")
    return cleaned


def to_minor(amount: str, currency: str, field: str) -> int:
    """A decimal string in major units ("12.50") as integer minor units, refusing more decimals than the currency has."""
    try:
        value = Decimal(str(amount).strip())
    except (InvalidOperation, ValueError):
        raise ValidationFailed("Not a decimal amount like 12.50", field=field) from None
    if not value.is_finite():
        raise ValidationFailed("Not a decimal amount like 12.50", field=field)
    exponent = CURRENCY_EXPONENT.get(currency, 2)
    minor = value * (10**exponent)
    if minor != minor.to_integral_value():
        raise ValidationFailed(f"At most {exponent} decimals in {currency}", field=field)
    if minor < 0 or minor > MAX_MONEY_MINOR:
        raise ValidationFailed("Must be between 0 and 10,000,000", field=field)
    return int(minor)


def from_minor(amount: int, currency: str) -> str:
    exponent = CURRENCY_EXPONENT.get(currency, 2)
    if exponent == 0:
        return str(amount)
    sign = "-" if amount < 0 else ""
    whole, part = divmod(abs(amount), 10**exponent)
    return f"{sign}{whole}.{part:0{exponent}d}"


def clean_tax_rate(rate: str, field: str) -> int:
    """A percentage ("19", "7.7") as basis points."""
    try:
        value = Decimal(str(rate).strip())
    except (InvalidOperation, ValueError):
        raise ValidationFailed("A percentage like 19 or 7.7", field=field) from None
    if not value.is_finite() or value < 0 or value > 100 or (value * 100) != (value * 100).to_integral_value():
        raise ValidationFailed("A percentage from 0 to 100 with at most two decimals", field=field)
    return int(value * 100)


def included_tax(gross_minor: int, rate_basis_points: int) -> int:
    """The tax contained in a gross amount."""
    if rate_basis_points == 0:
        return 0
    tax = Decimal(gross_minor) * rate_basis_points / (10_000 + rate_basis_points)
    return int(tax.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class PricedLine:
    quantity: int
    unit_price: int
    tax_rate: int

    @property
    def total(self) -> int:
        return self.quantity * self.unit_price


@dataclass(frozen=True)
class Totals:
    subtotal: int
    shipping_price: int
    tax: int
    total: int


def order_totals(lines: list[PricedLine], shipping_price: int, shipping_tax_rate: int | None = None) -> Totals:
    """Gross prices: the total is lines plus shipping; shipping is taxed at the highest rate of its lines."""
    subtotal = sum(line.total for line in lines)
    tax = sum(included_tax(line.total, line.tax_rate) for line in lines)
    rate = shipping_tax_rate if shipping_tax_rate is not None else max((line.tax_rate for line in lines), default=0)
    tax += included_tax(shipping_price, rate)
    return Totals(subtotal=subtotal, shipping_price=shipping_price, tax=tax, total=subtotal + shipping_price)


# ---------------------------------------------------------------- addresses

ADDRESS_FIELDS = {"name": 200, "company": 200, "line1": 200, "line2": 200, "postalCode": 20, "city": 100,
                  "region": 100, "country": 2, "phone": 40}

POSTAL_CODE_FORMATS: dict[str, tuple[str, str]] = {
    "DE": (r"\d{5}", "5 digits"),
    "AT": (r"\d{4}", "4 digits"),
    "CH": (r"\d{4}", "4 digits"),
    "LI": (r"\d{4}", "4 digits"),
    "BE": (r"\d{4}", "4 digits"),
    "DK": (r"\d{4}", "4 digits"),
    "NO": (r"\d{4}", "4 digits"),
    "LU": (r"(L-)?\d{4}", "4 digits"),
    "NL": (r"\d{4} ?[A-Z]{2}", "4 digits and 2 letters, like 1012 AB"),
    "FR": (r"\d{5}", "5 digits"),
    "IT": (r"\d{5}", "5 digits"),
    "ES": (r"\d{5}", "5 digits"),
    "FI": (r"\d{5}", "5 digits"),
    "SE": (r"\d{3} ?\d{2}", "5 digits, like 113 51"),
    "CZ": (r"\d{3} ?\d{2}", "5 digits, like 110 00"),
    "SK": (r"\d{3} ?\d{2}", "5 digits, like 811 01"),
    "PL": (r"\d{2}-\d{3}", "like 00-950"),
    "PT": (r"\d{4}-\d{3}", "like 1000-001"),
    "GB": (r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", "a UK postcode like SW1A 1AA"),
    "IE": (r"[A-Z]\d[\dW] ?[A-Z\d]{4}", "an Eircode like D02 X285"),
    "US": (r"\d{5}(-\d{4})?", "a ZIP code like 12345 or 12345-6789"),
    "CA": (r"[A-Z]\d[A-Z] ?\d[A-Z]\d", "like K1A 0B1"),
}
# ISO 3166-1 alpha-2 codes we ship to (the address check holds orders for anywhere else).
KNOWN_COUNTRIES = frozenset(POSTAL_CODE_FORMATS) | frozenset(
    {"GR", "HU", "RO", "BG", "HR", "SI", "EE", "LV", "LT", "MT", "CY", "IS", "AU", "NZ", "JP"}
)


@dataclass(frozen=True)
class Address:
    name: str = ""
    company: str = ""
    line1: str = ""
    line2: str = ""
    postal_code: str = ""
    city: str = ""
    region: str = ""
    country: str = ""
    phone: str = ""

    KEYS = ("name", "company", "line1", "line2", "postalCode", "city", "region", "country", "phone")

    def as_json(self) -> dict[str, str]:
        return {key: getattr(self, _attr(key)) for key in self.KEYS}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Address:
        data = data or {}
        return cls(**{_attr(key): str(data.get(key) or "") for key in cls.KEYS})

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, _attr(key)) for key in self.KEYS)


def _attr(key: str) -> str:
    return "postal_code" if key == "postalCode" else key


def clean_address(raw: dict[str, Any] | None, field: str) -> Address:
    """Tidy an address (trim, upper-case country and postal code); too long fields are input errors."""
    if raw is None:
        return Address()
    values: dict[str, str] = {}
    for key, limit in ADDRESS_FIELDS.items():
        text = " ".join(str(raw.get(key) or "").split())
        if key in ("country", "postalCode"):
            text = text.upper()
        if len(text) > limit:
            raise ValidationFailed(f"{key} has at most {limit} characters", field=f"{field}.{key}", code="TOO_LONG")
        values[_attr(key)] = text
    return Address(**values)


def address_problems(address: Address) -> list[str]:
    """Why a parcel could not be addressed: missing fields, an unknown country, a malformed postal code."""
    problems = [f"{label} is missing" for label, value in
                (("Name", address.name), ("Street", address.line1), ("Postal code", address.postal_code),
                 ("City", address.city), ("Country", address.country)) if not value]
    if address.country and address.country not in KNOWN_COUNTRIES:
        problems.append(f"Country {address.country} is not a country we ship to")
    fmt = POSTAL_CODE_FORMATS.get(address.country)
    if fmt and address.postal_code and not re.fullmatch(fmt[0], address.postal_code):
        problems.append(f"Postal code {address.postal_code} is not valid for {address.country} ({fmt[1]})")
    return problems


def address_hold_reason(shipping: Address, shipping_method: str) -> str:
    if shipping_method == ShippingMethod.CLICK_AND_COLLECT.value:
        return ""
    problems = address_problems(shipping)
    return f"Address check: {'; '.join(problems)}" if problems else ""


# ---------------------------------------------------------------- small cleaners

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
TAG_RE = re.compile(r"^[\w][\w .:/+-]{0,39}$", re.UNICODE)


def clean_email(email: str | None, field: str = "customer.email") -> str:
    if not email or not email.strip():
        return ""
    cleaned = email.strip().lower()
    if len(cleaned) > 320 or not EMAIL_RE.match(cleaned):
        raise ValidationFailed("Not an e-mail address", field=field)
    return cleaned


def clean_tags(tags: list[str] | None, field: str = "tags") -> list[str]:
    if not tags:
        return []
    cleaned: list[str] = []
    for tag in tags:
        text = " ".join(tag.split()).lower()
        if not TAG_RE.match(text):
            raise ValidationFailed("Tags have 1 to 40 letters, digits, spaces or . : / + - _", field=field)
        if text not in cleaned:
            cleaned.append(text)
    if len(cleaned) > MAX_TAGS:
        raise ValidationFailed(f"At most {MAX_TAGS} tags", field=field)
    return cleaned


def clean_optional_text(value: str | None, field: str, limit: int) -> str:
    text = " ".join((value or "").split())
    if len(text) > limit:
        raise ValidationFailed(f"At most {limit} characters", field=field, code="TOO_LONG")
    return text


@dataclass(frozen=True)
class LineRequest:
    """One line as asked for: a product and how many, at a gross unit price and tax rate."""

    product_id: Any
    quantity: int
    unit_price: str | None = None
    tax_rate: str | None = None


@dataclass(frozen=True)
class Customer:
    name: str = ""
    email: str = ""
    phone: str = ""


@dataclass
class OrderRequest:
    """Everything `orderCreate` and the draft mutations take, before it is checked."""

    merchant_id: Any = None
    lines: list[LineRequest] = field(default_factory=list)
    currency: str = "EUR"
    payment_method: str = PaymentMethod.INVOICE.value
    payment_status: str = PaymentStatus.PENDING.value
    shipping_method: str = ShippingMethod.STANDARD.value
    shipping_price: str = "0"
    customer: Customer = field(default_factory=Customer)
    shipping_address: dict[str, Any] | None = None
    billing_address: dict[str, Any] | None = None
    customer_note: str = ""
    tags: list[str] = field(default_factory=list)
    source: str = OrderSource.API.value
    shop: str = ""
    external_id: str | None = None
    external_number: str = ""
    idempotency_key: str | None = None
    warehouse_id: Any = None
    # Why the order must wait for a person although it can be placed (a shop order naming SKUs we do not know).
    hold_reason: str = ""
