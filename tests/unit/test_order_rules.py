"""The order rules that need no database: status transitions, where a placed order settles, money, included tax
and the address check."""

from __future__ import annotations

import itertools

import pytest

from backend.core.errors import ValidationFailed
from backend.orders.model import (
    TRANSITIONS,
    Address,
    InvalidTransition,
    OrderStatus,
    PaymentMethod,
    PaymentStatus,
    ShippingMethod,
    address_hold_reason,
    address_problems,
    backordered_units,
    check_transition,
    clean_address,
    from_minor,
    included_tax,
    settled_status,
    to_minor,
)

S = OrderStatus

# The order lifecycle written out independently of the code's table, so that a change to either is noticed:
# before picking an order moves freely between the waiting states; the warehouse takes it from READY on; once
# anything shipped it can no longer be cancelled; DELIVERED and CANCELLED are final; nothing becomes a draft again.
EXPECTED_MOVES = {
    S.DRAFT: {S.AWAITING_PAYMENT, S.BACKORDERED, S.READY, S.ON_HOLD, S.CANCELLED},
    S.AWAITING_PAYMENT: {S.BACKORDERED, S.READY, S.ON_HOLD, S.CANCELLED},
    S.BACKORDERED: {S.AWAITING_PAYMENT, S.READY, S.ON_HOLD, S.PARTIALLY_SHIPPED, S.CANCELLED},  # what was picked ships
    S.READY: {S.AWAITING_PAYMENT, S.BACKORDERED, S.ON_HOLD, S.PICKING, S.CANCELLED},
    S.ON_HOLD: {S.AWAITING_PAYMENT, S.BACKORDERED, S.READY, S.CANCELLED},
    # Back to backorder: a short pick nothing covers; shipped: what is picked ships ahead (orderShipAvailable).
    S.PICKING: {S.READY, S.BACKORDERED, S.PACKED, S.PARTIALLY_SHIPPED, S.SHIPPED, S.CANCELLED},
    S.PACKED: {S.PARTIALLY_SHIPPED, S.SHIPPED, S.DELIVERED, S.CANCELLED},  # delivered: collected by the customer
    S.PARTIALLY_SHIPPED: {S.PICKING, S.SHIPPED},  # the rest is picked once it is all reserved
    S.SHIPPED: {S.DELIVERED},
    S.DELIVERED: set(),
    S.CANCELLED: set(),
}

ALL_PAIRS = list(itertools.product(OrderStatus, OrderStatus))


def test_the_transition_table_is_the_documented_lifecycle():
    assert set(TRANSITIONS) == set(OrderStatus)
    assert {status: set(targets) for status, targets in TRANSITIONS.items()} == EXPECTED_MOVES


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS, ids=[f"{a.value}->{b.value}" for a, b in ALL_PAIRS])
def test_check_transition_refuses_exactly_the_forbidden_moves(current, target):
    allowed = target is current or target in EXPECTED_MOVES[current]
    if allowed:
        check_transition(current, target, "M1-1001")
        return
    with pytest.raises(InvalidTransition) as refused:
        check_transition(current, target, "M1-1001")
    # The message names the order and both states in words a support agent understands.
    message = refused.value.message
    assert "M1-1001" in message
    assert current.value.replace("_", " ").lower() in message and target.value.replace("_", " ").lower() in message
    assert refused.value.code == "INVALID_STATE" and refused.value.field == "orderId"


def test_lifecycle_properties():
    # Nothing goes back to being a draft, shipped goods cannot be cancelled, and final states stay final.
    assert all(S.DRAFT not in targets for targets in TRANSITIONS.values())
    for shipped in (S.PARTIALLY_SHIPPED, S.SHIPPED, S.DELIVERED):
        assert S.CANCELLED not in TRANSITIONS[shipped]
    for final in (S.DELIVERED, S.CANCELLED):
        assert TRANSITIONS[final] == frozenset()
    # Only a READY order, or the rest of a partly shipped one, reaches the warehouse's picking.
    assert [s for s, targets in TRANSITIONS.items() if S.PICKING in targets] == [S.READY, S.PARTIALLY_SHIPPED]


PREPAID = ["CARD", "PAYPAL", "BANK_TRANSFER", "CHEQUE"]


@pytest.mark.parametrize("method", [m.value for m in PaymentMethod])
@pytest.mark.parametrize("payment", [p.value for p in PaymentStatus])
def test_settled_status(method, payment):
    short = settled_status(fully_reserved=False, payment_method=method, payment_status=payment, prepaid_methods=PREPAID)
    assert short is S.BACKORDERED  # stock comes first: a short order is backordered whatever its payment
    full = settled_status(fully_reserved=True, payment_method=method, payment_status=payment, prepaid_methods=PREPAID)
    # A partial refund leaves the rest paid, so the order still ships.
    must_wait = method in PREPAID and payment not in ("AUTHORIZED", "PAID", "PARTIALLY_REFUNDED")
    assert full is (S.AWAITING_PAYMENT if must_wait else S.READY)
    # With no prepaid methods every fully reserved order is ready.
    assert settled_status(fully_reserved=True, payment_method=method, payment_status=payment, prepaid_methods=[]) is S.READY


def test_backordered_units_only_for_placed_orders():
    # (status, ordered, reserved, picked, shipped)
    assert backordered_units(S.BACKORDERED, 5, 2, 0, 0) == 3
    assert backordered_units(S.READY, 5, 5, 0, 0) == 0
    assert backordered_units(S.PARTIALLY_SHIPPED, 5, 1, 0, 2) == 2
    assert backordered_units(S.SHIPPED, 5, 0, 0, 5) == 0
    # Picked units are in the order's tote: they wait for no stock (a short pick sent the order back for the rest).
    assert backordered_units(S.PICKING, 5, 2, 3, 0) == 0
    assert backordered_units(S.BACKORDERED, 5, 0, 3, 0) == 2
    # Drafts hold nothing yet and cancelled orders want nothing: no line of theirs waits for stock.
    assert backordered_units(S.DRAFT, 5, 0, 0, 0) == 0
    assert backordered_units(S.CANCELLED, 5, 0, 0, 0) == 0


# ---------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [("12.50", "EUR", 1250), ("12.5", "EUR", 1250), ("12", "EUR", 1200), ("0", "EUR", 0), ("0.01", "EUR", 1),
     (" 7.00 ", "EUR", 700), ("1500", "JPY", 1500), ("10000000", "EUR", 1_000_000_000), ("3.10", "GBP", 310)],
)
def test_to_minor_parses_decimal_strings(text, currency, minor):
    assert to_minor(text, currency, "unitPrice") == minor


@pytest.mark.parametrize(
    ("text", "currency", "why"),
    [("1.999", "EUR", "At most 2 decimals in EUR"), ("0.001", "EUR", "At most 2 decimals"),
     ("12.5", "JPY", "At most 0 decimals in JPY"), ("-1", "EUR", "between 0 and"), ("-0.01", "EUR", "between 0 and"),
     ("10000000.01", "EUR", "between 0 and"), ("abc", "EUR", "Not a decimal"), ("", "EUR", "Not a decimal"),
     ("12,50", "EUR", "Not a decimal"), ("NaN", "EUR", "Not a decimal"), ("Infinity", "EUR", "Not a decimal"),
     ("1e400", "EUR", "between 0 and")],
)
def test_to_minor_refuses_bad_amounts_naming_the_field(text, currency, why):
    with pytest.raises(ValidationFailed) as refused:
        to_minor(text, currency, "lines.0.unitPrice")
    assert why in refused.value.message and refused.value.field == "lines.0.unitPrice"


@pytest.mark.parametrize(
    ("minor", "currency", "text"),
    [(1250, "EUR", "12.50"), (5, "EUR", "0.05"), (0, "EUR", "0.00"), (-1250, "EUR", "-12.50"), (-5, "EUR", "-0.05"),
     (1500, "JPY", "1500"), (100_000_000, "USD", "1000000.00")],
)
def test_from_minor_formats_major_units(minor, currency, text):
    assert from_minor(minor, currency) == text


@pytest.mark.parametrize("minor", [0, 1, 99, 100, 1999, 123456, 1_000_000_000])
def test_money_round_trips(minor):
    assert to_minor(from_minor(minor, "EUR"), "EUR", "x") == minor


@pytest.mark.parametrize(
    ("gross", "rate", "tax"),
    # 19 % of 119.00 gross is 19.00; 7 % of 10.70 is 0.70; rounding is half up on the cent.
    [(11900, 1900, 1900), (1070, 700, 70), (2680, 1900, 428), (0, 1900, 0), (1000, 0, 0), (1, 1900, 0),
     (3, 1900, 0), (6, 1900, 1), (10000, 770, 715)],
)
def test_included_tax(gross, rate, tax):
    assert included_tax(gross, rate) == tax
    assert 0 <= included_tax(gross, rate) <= gross


# ---------------------------------------------------------------- addresses

VALID = {"name": "Erika Mustermann", "line1": "Hauptstr. 5", "city": "Somewhere"}


@pytest.mark.parametrize(
    ("country", "postal_code"),
    [("DE", "10115"), ("DE", "01067"), ("NL", "1012 AB"), ("NL", "1012AB"), ("NL", "1012 ab"), ("GB", "SW1A 1AA"),
     ("GB", "M1 1AE"), ("GB", "EC1A1BB"), ("GB", "b33 8th"), ("US", "12345"), ("US", "12345-6789"), ("PL", "00-950"),
     ("SE", "113 51"), ("SE", "11351"), ("de", "10115")],
)
def test_valid_postal_codes_pass(country, postal_code):
    address = clean_address({**VALID, "country": country, "postalCode": postal_code}, "shippingAddress")
    assert address_problems(address) == []
    assert address_hold_reason(address, ShippingMethod.STANDARD.value) == ""


@pytest.mark.parametrize(
    ("country", "postal_code"),
    [("DE", "1011"), ("DE", "101155"), ("DE", "1011A"), ("NL", "1012"), ("NL", "AB 1012"), ("NL", "1012 ABC"),
     ("GB", "12345"), ("GB", "SW1A"), ("US", "1234"), ("US", "12345-678"), ("US", "ABCDE"), ("PL", "00950"),
     ("PL", "0-0950"), ("SE", "1135"), ("SE", "113-51")],
)
def test_malformed_postal_codes_hold_the_order_with_the_expected_format(country, postal_code):
    address = clean_address({**VALID, "country": country, "postalCode": postal_code}, "shippingAddress")
    problems = address_problems(address)
    assert len(problems) == 1
    assert problems[0].startswith(f"Postal code {address.postal_code} is not valid for {country}")
    reason = address_hold_reason(address, ShippingMethod.EXPRESS.value)
    assert reason == f"Address check: {problems[0]}"


@pytest.mark.parametrize(
    ("missing", "label"),
    [("name", "Name"), ("line1", "Street"), ("postalCode", "Postal code"), ("city", "City"), ("country", "Country")],
)
def test_each_missing_field_is_named(missing, label):
    full = {**VALID, "postalCode": "10115", "country": "DE"}
    address = clean_address({**full, missing: "   "}, "shippingAddress")  # blank counts as missing
    assert address_problems(address) == [f"{label} is missing"]


def test_an_empty_address_lists_every_missing_field():
    assert address_problems(Address()) == [
        "Name is missing", "Street is missing", "Postal code is missing", "City is missing", "Country is missing"]
    assert address_hold_reason(Address(), "STANDARD").startswith("Address check: Name is missing; Street is missing")


def test_unknown_country_is_refused_but_known_countries_without_a_format_pass():
    unknown = clean_address({**VALID, "postalCode": "12345", "country": "XX"}, "shippingAddress")
    assert address_problems(unknown) == ["Country XX is not a country we ship to"]
    greece = clean_address({**VALID, "postalCode": "anything", "country": "GR"}, "shippingAddress")
    assert address_problems(greece) == []


def test_click_and_collect_needs_no_address():
    assert address_hold_reason(Address(), ShippingMethod.CLICK_AND_COLLECT.value) == ""
    broken = clean_address({**VALID, "postalCode": "1", "country": "DE"}, "shippingAddress")
    assert address_hold_reason(broken, ShippingMethod.CLICK_AND_COLLECT.value) == ""
    assert address_hold_reason(broken, ShippingMethod.STANDARD.value) != ""


def test_clean_address_tidies_and_refuses_overlong_fields():
    address = clean_address({"name": "  Erika   Mustermann ", "postalCode": " sw1a 1aa", "country": "gb"}, "shippingAddress")
    assert (address.name, address.postal_code, address.country) == ("Erika Mustermann", "SW1A 1AA", "GB")
    with pytest.raises(ValidationFailed) as too_long:
        clean_address({**VALID, "city": "x" * 101}, "shippingAddress")
    assert too_long.value.field == "shippingAddress.city" and too_long.value.code == "TOO_LONG"
