"""A funding deadline's next date: fixed dates pass for good, yearly ones come round again."""

from datetime import date

import pytest

from funding.models import FundingDeadline

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("deadline", "yearly", "next_date"),
    [
        (date(2026, 12, 31), False, date(2026, 12, 31)),
        (TODAY, False, TODAY),  # due today is still ahead
        (date(2026, 11, 24), False, None),
        (date(2024, 3, 31), True, date(2027, 3, 31)),
        (date(2024, 12, 1), True, date(2026, 12, 1)),
        (date(2024, 11, 25), True, TODAY),
        (date(2028, 1, 15), True, date(2028, 1, 15)),  # a yearly one starts on its first date
        (date(2024, 2, 29), True, date(2027, 2, 28)),  # leap day, in other years the 28th
    ],
)
def test_next_date(deadline, yearly, next_date):
    assert FundingDeadline(date=deadline, yearly=yearly).next_date_from(TODAY) == next_date
