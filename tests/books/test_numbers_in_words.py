"""Amounts in German words, as the donation receipt states them."""

from decimal import Decimal

import pytest

from books.numbers_in_words import euros_in_words, number_in_words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "null"),
        (1, "eins"),
        (7, "sieben"),
        (11, "elf"),
        (16, "sechzehn"),
        (17, "siebzehn"),
        (20, "zwanzig"),
        (21, "einundzwanzig"),
        (30, "dreißig"),
        (99, "neunundneunzig"),
        (100, "einhundert"),
        (101, "einhunderteins"),
        (110, "einhundertzehn"),
        (300, "dreihundert"),
        (1000, "eintausend"),
        (1001, "eintausendeins"),
        (1246, "eintausendzweihundertsechsundvierzig"),
        (2000, "zweitausend"),
        (10_000, "zehntausend"),
        (21_000, "einundzwanzigtausend"),
        (100_000, "einhunderttausend"),
        (999_999, "neunhundertneunundneunzigtausendneunhundertneunundneunzig"),
        (1_000_000, "eine Million"),
        (2_500_001, "zwei Millionen fünfhunderttausendeins"),
    ],
)
def test_numbers(number, words):
    assert number_in_words(number) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1234.56", "eintausendzweihundertvierunddreißig Euro und sechsundfünfzig Cent"),
        ("1246", "eintausendzweihundertsechsundvierzig Euro"),
        ("1", "ein Euro"),
        ("101.01", "einhundertein Euro und ein Cent"),
        ("300", "dreihundert Euro"),
        ("25.50", "fünfundzwanzig Euro und fünfzig Cent"),
        ("0.99", "null Euro und neunundneunzig Cent"),
        ("10.005", "zehn Euro und ein Cent"),  # rounded half up to the cent
    ],
)
def test_euros(amount, words):
    assert euros_in_words(Decimal(amount)) == words


def test_out_of_range():
    with pytest.raises(ValueError, match="out of range"):
        number_in_words(1_000_000_000)
