"""Figures as a reader sees them, each expected value written as a literal or
computed by plain arithmetic here, never by sedp's own formatting or sums.

Fast (no site build): `make mutants` runs these against every mutant of the
modules that compute, format or compare figures.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sedp import fmt


@pytest.mark.parametrize("value, shown", [
    (0, "0"), (7, "7"), (-7, "-7"), (999, "999"), (1000, "1.000"), (-1000, "-1.000"),
    (12345, "12.345"), (999999, "999.999"), (1000000, "1.000.000"), (44569, "44.569"),
    (1234567890123, "1.234.567.890.123"),
    (Decimal("1234.5"), "1.234,5"), (Decimal("1234.50"), "1.234,5"), (Decimal("0.10"), "0,1"),
    (Decimal("12.000"), "12"), (Decimal("-1234.25"), "-1.234,25"), (Decimal("0.05"), "0,05"),
    (None, ""), (True, ""), (False, ""), ("12,5", "12,5"),
])
def test_number_as_vietnamese_write_it(value, shown):
    assert fmt.number(value) == shown


@pytest.mark.parametrize("value, places, shown", [
    (Decimal("36.125"), 2, "36,13"), (Decimal("36.124"), 2, "36,12"), (Decimal("17.065"), 2, "17,07"),
    (Decimal("2.5"), 0, "3"), (Decimal("3.5"), 0, "4"), (Decimal("-2.5"), 0, "-3"),
    (Decimal("0.05"), 1, "0,1"), (Decimal("0.04"), 1, "0,0"), (Decimal("1999.95"), 1, "2.000,0"),
    (Decimal("12"), 2, "12,00"), (5, 1, "5,0"), (Decimal("999999.5"), 0, "1.000.000"),
])
def test_number_with_fixed_places_rounds_half_up_and_keeps_the_zeros(value, places, shown):
    assert fmt.number(value, places) == shown


@pytest.mark.parametrize("part, whole, shown", [
    # Trà Vinh's figures (seed 001): 36,13% women of 44.569 attendances
    (16103, 44569, "36,1%"), (7608, 44569, "17,1%"), (9346, 44569, "21,0%"),
    (1, 3, "33,3%"), (2, 3, "66,7%"), (1, 8, "12,5%"), (1, 16, "6,3%"), (3, 16, "18,8%"),
    (0, 5, "0,0%"), (5, 5, "100,0%"), (Decimal("162.5"), Decimal("1300"), "12,5%"),
    (12, 10, "120,0%"), (0, 0, "–"), (7, 0, "–"), (5, None, "–"),
])
def test_percent_of_a_whole(part, whole, shown):
    assert fmt.percent(part, whole) == shown


def test_percent_with_two_places_as_reports_quote_them():
    assert fmt.percent(16103, 44569, 2) == "36,13%"
    assert fmt.percent(7608, 44569, 2) == "17,07%"
    assert fmt.percent(1, 8, 0) == "13%"


@pytest.mark.parametrize("value, shown", [
    ("05/01/2027", "05/01/2027"), ("5/1/2027", "05/01/2027"), ("2027-01-05", "05/01/2027"),
    (date(2026, 12, 31), "31/12/2026"), (None, ""), ("không rõ", "không rõ"),
])
def test_day_as_dd_mm_yyyy(value, shown):
    assert fmt.day(value) == shown
