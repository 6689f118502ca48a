"""Dates, windows and the declared date policy (vakmanschap.model.periods)."""

from __future__ import annotations

import calendar
import itertools
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SLOW_EXAMPLES
from strategies import dates
from vakmanschap import DataError, DatePolicy, Window
from vakmanschap.model.periods import (
    Every,
    _add_months,
    _add_months_relativedelta,
    parse_date,
    to_date,
)

CLAMP = DatePolicy()
ROLL = DatePolicy(month_end="roll")


def _last_of_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


# -- parse_date / to_date ------------------------------------------------------------------


def test_parse_date_accepts_iso_text_and_dates() -> None:
    """ISO text and date objects both become the same date."""
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert parse_date(date(2024, 2, 29)) == date(2024, 2, 29)


@pytest.mark.parametrize("value", ["2023-02-29", "2024-13-01", "yesterday", "", 20240101, None,
                                   1.5])
def test_parse_date_refuses_non_dates(value: object) -> None:
    """Impossible dates, free text and numbers are refused with ValueError."""
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date(value)


def test_parse_date_refuses_datetimes() -> None:
    """A datetime is refused: registers work in whole days."""
    with pytest.raises(ValueError):
        parse_date(datetime(2024, 1, 1, 12, 0))


@pytest.mark.parametrize("value", ["20240101", "2024-W01-1", "2024-1-1", "+2024-01-01"])
def test_parse_date_insists_on_yyyy_mm_dd(value: str) -> None:
    """Only the documented YYYY-MM-DD form is accepted as text, as in rule files."""
    with pytest.raises(ValueError):
        parse_date(value)


def test_to_date_names_record_and_field() -> None:
    """to_date raises a DataError carrying the record and field it was given."""
    with pytest.raises(DataError) as info:
        to_date("31-12-2024", record="professional p1", field="on")
    assert info.value.record == "professional p1"
    assert info.value.field == "on"
    assert "professional p1" in str(info.value) and "'on'" in str(info.value)


# -- DatePolicy.add --------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "kwargs", "clamp", "roll"), [
    (date(2024, 2, 29), {"years": 1}, date(2025, 2, 28), date(2025, 3, 1)),
    (date(2024, 2, 29), {"years": 4}, date(2028, 2, 29), date(2028, 2, 29)),
    (date(2024, 2, 29), {"years": 100}, date(2124, 2, 29), date(2124, 2, 29)),
    (date(2000, 2, 29), {"years": 100}, date(2100, 2, 28), date(2100, 3, 1)),
    (date(2024, 3, 31), {"months": 1}, date(2024, 4, 30), date(2024, 5, 1)),
    (date(2024, 5, 31), {"months": 4}, date(2024, 9, 30), date(2024, 10, 1)),
    (date(2024, 1, 31), {"months": 2}, date(2024, 3, 31), date(2024, 3, 31)),
    (date(2024, 1, 30), {"months": 1}, date(2024, 2, 29), date(2024, 3, 1)),
    (date(2025, 1, 31), {"months": 1}, date(2025, 2, 28), date(2025, 3, 1)),
    (date(2023, 12, 31), {"years": 1, "months": 2}, date(2025, 2, 28), date(2025, 3, 1)),
])
def test_add_month_ends(start: date, kwargs: dict[str, int], clamp: date, roll: date) -> None:
    """29 February and the 31st: clamp keeps the month, roll moves to the next month's 1st."""
    assert CLAMP.add(start, **kwargs) == clamp
    assert ROLL.add(start, **kwargs) == roll


@pytest.mark.parametrize(("start", "kwargs", "roll"), [
    (date(2025, 1, 31), {"months": 1}, date(2025, 3, 1)),
    (date(2024, 1, 31), {"months": 1}, date(2024, 3, 1)),
    (date(2024, 8, 31), {"months": 6}, date(2025, 3, 1)),
])
def test_roll_goes_to_the_first_of_the_next_month(start: date, kwargs: dict[str, int],
                                                  roll: date) -> None:
    """Under roll a missing day becomes the 1st of the next month (not 2 or 3 March)."""
    assert ROLL.add(start, **kwargs) == roll


def test_roll_is_monotone() -> None:
    """A later start never gives an earlier date under roll (31 Jan vs 1 Feb + 1 month)."""
    assert ROLL.add(date(2025, 1, 31), months=1) <= ROLL.add(date(2025, 2, 1), months=1)


def test_add_days_after_months() -> None:
    """Days are added after years and months (31 Jan + 1 month + 1 day = 1 March)."""
    assert CLAMP.add(date(2025, 1, 31), months=1, days=1) == date(2025, 3, 1)
    assert CLAMP.add(date(2025, 1, 31), days=-31) == date(2024, 12, 31)


def test_add_nothing_is_identity() -> None:
    """Adding zero returns the same date under both policies."""
    assert CLAMP.add(date(2024, 2, 29)) == ROLL.add(date(2024, 2, 29)) == date(2024, 2, 29)


@given(day=dates(), years=st.integers(-20, 20), months=st.integers(-30, 30))
def test_add_policies_agree_when_the_day_exists(day: date, years: int, months: int) -> None:
    """Clamp and roll differ only when the day is missing from the target month."""
    total = day.year * 12 + day.month - 1 + years * 12 + months
    year, month = divmod(total, 12)
    month += 1
    clamp, roll = CLAMP.add(day, years=years, months=months), ROLL.add(day, years=years,
                                                                       months=months)
    last = _last_of_month(year, month)
    if day.day <= last:
        assert clamp == roll == date(year, month, day.day)
    else:
        assert clamp == date(year, month, last)
        assert roll == clamp + timedelta(days=1)  # the first of the next month


@given(day=dates(), years=st.integers(0, 20), months=st.integers(0, 30))
def test_add_is_monotone_in_the_day(day: date, years: int, months: int) -> None:
    """A later start never gives an earlier result, under clamp and under roll."""
    nxt = day + timedelta(days=1)
    for policy in (CLAMP, ROLL):
        assert policy.add(nxt, years=years, months=months) >= policy.add(day, years=years,
                                                                         months=months)


@given(day=dates(), years=st.integers(1, 10))
def test_add_years_twenty_nine_february(day: date, years: int) -> None:
    """From 29 February, clamp lands on 28 Feb and roll on 1 March in a common year."""
    if (day.month, day.day) != (2, 29):
        day = date(2024, 2, 29)
    target = day.year + years
    if calendar.isleap(target):
        assert CLAMP.add(day, years=years) == ROLL.add(day, years=years) == date(target, 2, 29)
    else:
        assert CLAMP.add(day, years=years) == date(target, 2, 28)
        assert ROLL.add(day, years=years) == date(target, 3, 1)


# -- Window -------------------------------------------------------------------------------------


def test_exclusive_window_excludes_its_end() -> None:
    """[start, end): the due date belongs to the next window."""
    w = Window(date(2020, 1, 1), date(2024, 1, 1))
    assert w.last_day == date(2023, 12, 31)
    assert date(2020, 1, 1) in w and date(2023, 12, 31) in w
    assert date(2024, 1, 1) not in w and date(2019, 12, 31) not in w
    assert w.days == 1461


def test_inclusive_window_includes_its_end() -> None:
    """[start, end]: the due date still belongs to the window."""
    w = Window(date(2020, 1, 1), date(2024, 1, 1), True)
    assert w.last_day == date(2024, 1, 1)
    assert date(2024, 1, 1) in w
    assert w.days == 1462


def test_window_contains_only_dates() -> None:
    """Non-dates are simply not in a window."""
    w = Window(date(2020, 1, 1), date(2024, 1, 1))
    assert "2021-01-01" not in w
    assert None not in w


def test_policy_window_follows_declared_end() -> None:
    """DatePolicy.window uses the declared month end and window end."""
    w = DatePolicy("roll", "inclusive").window(date(2024, 2, 29), years=1)
    assert w == Window(date(2024, 2, 29), date(2025, 3, 1), True)
    assert CLAMP.window(date(2024, 2, 29), years=1) == Window(date(2024, 2, 29),
                                                              date(2025, 2, 28), False)


@given(start=dates(), length=st.integers(0, 3000), inclusive=st.booleans(), day=dates())
def test_window_contains_matches_last_day(start: date, length: int, inclusive: bool,
                                          day: date) -> None:
    """A day is in a window exactly when start <= day <= last_day; days counts them."""
    end = start + timedelta(days=length)
    w = Window(start, end, inclusive)
    assert w.last_day == (end if inclusive else end - timedelta(days=1))
    assert (day in w) == (start <= day <= w.last_day)
    assert (end in w) == inclusive
    assert w.days == length + (1 if inclusive else 0)


def test_clipped_to() -> None:
    """clipped_to keeps the part up to a day; before the start it is empty."""
    w = Window(date(2020, 1, 1), date(2024, 1, 1))
    assert w.clipped_to(date(2030, 1, 1)) is w
    part = w.clipped_to(date(2021, 6, 30))
    assert part.start == date(2020, 1, 1) and part.last_day == date(2021, 6, 30)
    assert w.clipped_to(date(2019, 1, 1)).days == 0


@given(start=dates(date(2000, 1, 1), date(2040, 1, 1)), length=st.integers(1, 3000),
       inclusive=st.booleans(), last=dates(date(1999, 1, 1), date(2050, 1, 1)))
def test_clipped_to_property(start: date, length: int, inclusive: bool, last: date) -> None:
    """A clipped window holds exactly the days of the window up to ``last``."""
    w = Window(start, start + timedelta(days=length), inclusive)
    part = w.clipped_to(last)
    expected = max(0, (min(last, w.last_day) - start).days + 1)
    assert part.days == expected
    assert part.start == start


# -- Window.split -------------------------------------------------------------------------------


def _assert_partition(window: Window, parts: list[Window]) -> None:
    assert parts, "a non-empty window has at least one part"
    assert parts[0].start == window.start
    assert parts[-1].end == window.end and parts[-1].end_inclusive == window.end_inclusive
    assert parts[-1].last_day == window.last_day
    for before, after in itertools.pairwise(parts):
        assert before.last_day + timedelta(days=1) == after.start  # no gap, no overlap
        assert before.days > 0
    assert sum(p.days for p in parts) == window.days


def test_split_cycle_years() -> None:
    """A 4-year exclusive cycle splits into four years counted from its start."""
    w = Window(date(2020, 3, 15), date(2024, 3, 15))
    parts = list(w.split(CLAMP, years=1))
    assert [p.start for p in parts] == [date(y, 3, 15) for y in range(2020, 2024)]
    _assert_partition(w, parts)


def test_split_calendar_years() -> None:
    """calendar_years cuts at 1 January; the first and last parts are partial years."""
    w = Window(date(2020, 3, 15), date(2024, 3, 15))
    parts = list(w.split(CLAMP, calendar_years=True))
    assert [p.start for p in parts] == [date(2020, 3, 15), *(date(y, 1, 1)
                                                             for y in range(2021, 2025))]
    _assert_partition(w, parts)


def test_split_months_from_month_end_does_not_drift() -> None:
    """Blocks of months are counted from the start, so 31 January stays the 31st."""
    w = Window(date(2023, 1, 31), date(2024, 1, 31))
    parts = list(w.split(CLAMP, months=1))
    assert parts[1].start == date(2023, 2, 28)
    assert parts[2].start == date(2023, 3, 31)
    _assert_partition(w, parts)


def test_split_inclusive_end_joins_the_last_period() -> None:
    """With an inclusive due date, the due date belongs to the last year, not a 1-day year."""
    w = Window(date(2020, 1, 1), date(2024, 1, 1), True)
    parts = list(w.split(CLAMP, years=1))
    assert len(parts) == 4
    assert parts[-1] == Window(date(2023, 1, 1), date(2024, 1, 1), True)
    _assert_partition(w, parts)


def test_split_needs_a_length() -> None:
    """Splitting into zero-length steps is refused instead of looping forever."""
    with pytest.raises(ValueError):
        list(Window(date(2020, 1, 1), date(2021, 1, 1)).split(CLAMP))


def test_split_empty_window_gives_nothing() -> None:
    """A window without days has no parts."""
    assert list(Window(date(2020, 1, 1), date(2020, 1, 1)).split(CLAMP, years=1)) == []


_SPLIT = dict(start=dates(date(2000, 1, 1), date(2040, 12, 31)), years=st.integers(0, 6),
              months=st.integers(0, 14), inclusive=st.booleans(),
              policy=st.sampled_from([CLAMP, ROLL]), step=st.sampled_from(
                  ["cycle_year", "calendar_year", "months"]), block=st.integers(1, 13))


def _check_split(start: date, years: int, months: int, inclusive: bool, policy: DatePolicy,
                 step: str, block: int) -> None:
    if years == months == 0:
        months = 1
    w = policy.window(start, years=years, months=months)
    w = Window(w.start, w.end, inclusive)
    if step == "cycle_year":
        parts = list(w.split(policy, years=1))
    elif step == "calendar_year":
        parts = list(w.split(policy, calendar_years=True))
        assert all(p.start.month == p.start.day == 1 for p in parts[1:])
    else:
        parts = list(w.split(policy, months=block))
    _assert_partition(w, parts)


@given(**_SPLIT)
def test_split_partitions_the_window(start: date, years: int, months: int, inclusive: bool,
                                     policy: DatePolicy, step: str, block: int) -> None:
    """Sub-windows partition the window: first start, last end, no gap and no overlap."""
    _check_split(start, years, months, inclusive, policy, step, block)


@pytest.mark.slow
@settings(max_examples=SLOW_EXAMPLES)
@given(**_SPLIT)
def test_split_partitions_the_window_thoroughly(start: date, years: int, months: int,
                                                inclusive: bool, policy: DatePolicy, step: str,
                                                block: int) -> None:
    """The partition property on many more examples (slow)."""
    _check_split(start, years, months, inclusive, policy, step, block)


# -- dateutil arithmetic equals the hand-written arithmetic it replaced -------------------------


def _old_add_months(day: date, months: int, roll: bool) -> date:
    """The month arithmetic before python-dateutil, kept as the oracle."""
    if months == 0:
        return day
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    if day.day <= last:
        return date(year, month + 1, day.day)
    if roll:
        return date(year, month + 1, last) + timedelta(days=1)
    return date(year, month + 1, last)


def _old_split(window: Window, policy: DatePolicy, years: int, months: int,
               calendar_years: bool) -> list[Window]:
    """Window.split before python-dateutil, kept as the oracle."""
    out = []
    cursor = window.start
    step = 0
    while cursor <= window.last_day:
        if calendar_years:
            nxt = date(cursor.year + 1, 1, 1)
        else:
            step += 1
            nxt = policy.add(window.start, years=years * step, months=months * step)
        if nxt >= window.end:
            out.append(Window(cursor, window.end, window.end_inclusive))
            break
        out.append(Window(cursor, nxt, False))
        cursor = nxt
    return out


@settings(max_examples=500)
@given(day=dates(date(1601, 1, 1), date(2399, 12, 31)), years=st.integers(-100, 100),
       months=st.integers(-1300, 1300), roll=st.booleans(), days=st.integers(-400, 400))
def test_add_equals_the_old_arithmetic(day: date, years: int, months: int, roll: bool,
                                       days: int) -> None:
    """DatePolicy.add (relativedelta) gives the old result for any date, month end and 29 Feb."""
    policy = ROLL if roll else CLAMP
    old = _old_add_months(day, years * 12 + months, roll) + timedelta(days=days)
    assert policy.add(day, years=years, months=months, days=days) == old


@settings(max_examples=1000)
@given(day=dates(), months=st.integers(-12 * 200, 12 * 200), roll=st.booleans())
def test_add_months_fast_path_equals_relativedelta(day: date, months: int, roll: bool) -> None:
    """The month arithmetic without dateutil (days up to the 28th) is dateutil's answer."""
    assert _add_months(day, months, roll) == _add_months_relativedelta(day, months, roll)


@given(day=st.integers(1, 28), month=st.integers(1, 12), months=st.integers(-24, 24),
       roll=st.booleans(), low=st.booleans())
def test_add_months_fast_path_fails_as_relativedelta(day: int, month: int, months: int,
                                                     roll: bool, low: bool) -> None:
    """Past the first or last representable year both ways raise the same ValueError."""
    start = date(1, month, day) if low else date(9999, month, day)
    months = -abs(months) - 12 if low else abs(months) + 12
    with pytest.raises(ValueError) as fast:
        _add_months(start, months, roll)
    with pytest.raises(ValueError) as slow:
        _add_months_relativedelta(start, months, roll)
    assert str(fast.value) == str(slow.value)


@settings(max_examples=300)
@given(start=dates(date(1601, 1, 1), date(2399, 12, 31)), length=st.integers(0, 4000),
       inclusive=st.booleans(), roll=st.booleans(), years=st.integers(0, 3),
       months=st.integers(0, 25), calendar_years=st.booleans())
def test_split_equals_the_old_loop(start: date, length: int, inclusive: bool, roll: bool,
                                   years: int, months: int, calendar_years: bool) -> None:
    """Window.split (rrule grids) gives exactly the old sub-windows, empty windows included."""
    if not calendar_years and years == months == 0:
        months = 1
    policy = ROLL if roll else CLAMP
    window = Window(start, start + timedelta(days=length), inclusive)
    got = list(window.split(policy, years=years, months=months, calendar_years=calendar_years))
    assert got == _old_split(window, policy, years, months, calendar_years)


def test_split_reaches_the_last_representable_year() -> None:
    """A window ending in 9999 splits without computing a 1 January of year 10000."""
    window = Window(date(9998, 6, 1), date(9999, 12, 31), True)
    parts = list(window.split(CLAMP, calendar_years=True))
    assert [(p.start, p.end) for p in parts] == [(date(9998, 6, 1), date(9999, 1, 1)),
                                                (date(9999, 1, 1), date(9999, 12, 31))]
    assert list(window.split(CLAMP, years=1))[-1].end == date(9999, 12, 31)
@given(**_SPLIT)
def test_every_cuts_as_the_split_it_names(start: date, years: int, months: int,
                                          inclusive: bool, policy: DatePolicy, step: str,
                                          block: int) -> None:
    """Every(kind).parts gives the parts of the Window.split call the kind stands for."""
    w = policy.window(start, years=years, months=max(months, 1 if years == 0 else 0))
    w = Window(w.start, w.end, inclusive)
    every = Every("months", block) if step == "months" else Every(step)  # type: ignore[arg-type]
    expected = {"cycle_year": lambda: w.split(policy, years=1),
                "calendar_year": lambda: w.split(policy, calendar_years=True),
                "months": lambda: w.split(policy, months=block)}[step]()
    assert list(every.parts(w, policy)) == list(expected)


def test_every_reads_and_writes_as_in_a_rule_file() -> None:
    """Kinds without a length take no months; blocks take a positive number of them."""
    assert Every("cycle_year").to_json() == "cycle_year"
    assert Every("months", 6).to_json() == {"months": 6}
    assert str(Every("months", 6)) == "{months: 6}"
    assert Every("cycle_year").step_months == 12
    assert Every("calendar_year").step_months == 0
    for bad in (lambda: Every("months"), lambda: Every("months", 0),
                lambda: Every("cycle_year", 12)):
        with pytest.raises(ValueError):
            bad()
