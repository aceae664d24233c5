"""Which part of a search term the trigram index looks for (the whole term is then checked on what it finds)."""

from __future__ import annotations

import pytest

from backend.orders.queries import distinctive_word


@pytest.mark.parametrize(("term", "word"), [
    # An order number: the sequence, not the merchant's prefix, even when the prefix holds digits too.
    ("bq03-11422", "11422"),
    ("bq17-4081", "4081"),
    ("m1-1001", "1001"),
    # An e-mail address: the name with digits, not the domain every order shares.
    ("jan.wagner31@example.com", "wagner31"),
    ("#de-50017", "50017"),
    # One word, or no digits: the term as it is.
    ("#500031", None),
    ("11422", None),
    ("anna sch", None),
    ("anna.l@example", None),
    # Too short for a trigram: the term as it is.
    ("x1-99", None),
])
def test_the_distinctive_word_of_a_term(term: str, word: str | None) -> None:
    assert distinctive_word(term) == word
