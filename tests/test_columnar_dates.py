"""Date arithmetic on ordinal days, vectorised, agrees with :class:`DatePolicy` day by day."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from vakmanschap.engine.columnar.dates import add_months, months_after, next_years
from vakmanschap.model.periods import DatePolicy

DAYS = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))
MONTH_END = st.sampled_from(["clamp", "roll"])


@given(days=st.lists(DAYS, min_size=1, max_size=20), months=st.integers(-30, 130),
       month_end=MONTH_END)
def test_add_months_equals_the_policy(days: list[date], months: int, month_end: str) -> None:
    """Adding one number of months to many days gives ``DatePolicy.add`` of each."""
    policy = DatePolicy(month_end=month_end)  # type: ignore[arg-type]
    found = add_months(np.array([d.toordinal() for d in days]), months, month_end == "roll")
    assert found.tolist() == [policy.add(d, months=months).toordinal() for d in days]


def test_a_missing_day_rolls_to_the_first_of_the_next_month() -> None:
    """31 August 2024 + 6 months: 28 February 2025 clamped, 1 March 2025 rolled (as the
    policy says; the columnar form used to give 3 March)."""
    day = np.array([date(2024, 8, 31).toordinal()])
    assert add_months(day, 6, False)[0] == date(2025, 2, 28).toordinal()
    assert add_months(day, 6, True)[0] == date(2025, 3, 1).toordinal()


@given(pairs=st.lists(st.tuples(DAYS, st.integers(0, 130), st.booleans()), min_size=1,
                      max_size=20), month_end=MONTH_END)
def test_months_after_equals_the_policy(pairs: list[tuple[date, int, bool]],
                                        month_end: str) -> None:
    """Per person a day and a number of months: ``policy.add`` where the mask holds, 0
    elsewhere."""
    policy = DatePolicy(month_end=month_end)  # type: ignore[arg-type]
    days = np.array([d.toordinal() for d, _, _ in pairs], dtype=np.int32)
    months = np.array([m for _, m, _ in pairs])
    mask = np.array([k for _, _, k in pairs])
    found = months_after(days, months, mask, policy)
    assert found.tolist() == [policy.add(d, months=m).toordinal() if k else 0
                              for d, m, k in pairs]


@given(days=st.lists(DAYS, min_size=1, max_size=20), years=st.integers(0, 10))
def test_next_years_is_the_first_of_january(days: list[date], years: int) -> None:
    """1 January of the year ``years`` after each day's."""
    found = next_years(np.array([d.toordinal() for d in days]), years)
    assert found.tolist() == [date(d.year + years, 1, 1).toordinal() for d in days]
