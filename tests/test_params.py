"""Parameters whose value changes over time (vakmanschap.rules.params.Dated)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import rules_for
from vakmanschap import RuleError
from vakmanschap.rules.params import Dated

NORM = Dated(((date(2024, 1, 1), 160), (date(2027, 1, 1), 120)))


def test_constant_has_one_value_at_every_date() -> None:
    """A constant parameter has its value at any date, even the earliest."""
    c = Dated.constant(40)
    assert c.is_constant
    assert c.at(date(1, 1, 1)) == c.at(date(9999, 12, 31)) == 40
    assert c.to_json() == 40


def test_dated_value_changes_on_its_effective_date() -> None:
    """The value in force is the one with the latest effective date on or before the day."""
    assert not NORM.is_constant
    assert NORM.at(date(2024, 1, 1)) == 160
    assert NORM.at(date(2026, 12, 31)) == 160
    assert NORM.at(date(2027, 1, 1)) == 120
    assert NORM.at(date(2100, 1, 1)) == 120


def test_before_the_first_value_is_an_error() -> None:
    """Before the first effective date there is no value: RuleError naming the first date."""
    with pytest.raises(RuleError, match="2024-01-01"):
        NORM.at(date(2023, 12, 31))


def test_to_json_uses_iso_dates() -> None:
    """A changing parameter serialises as {date: value} with ISO keys."""
    assert NORM.to_json() == {"2024-01-01": 160, "2027-01-01": 120}
    assert json.loads(json.dumps(NORM.to_json())) == NORM.to_json()


def test_null_value_can_abolish_a_rule() -> None:
    """A dated value may be None from a date on (a rule that is abolished)."""
    d = Dated(((date(2000, 1, 1), 2), (date(2022, 12, 1), None)))
    assert d.at(date(2022, 11, 30)) == 2
    assert d.at(date(2022, 12, 1)) is None


def test_rule_file_dated_parameter_is_sorted() -> None:
    """Dates written out of order in a rule file are sorted by the loader."""
    rules = rules_for("{id: tot, title: Tot, total: {min: {2027-01-01: 120, 2001-01-01: 160}}}")
    node = rules.versions[0].reregistration
    assert node is not None
    assert node.parameters()["min"] == Dated(((date(2001, 1, 1), 160), (date(2027, 1, 1), 120)))


@given(st.lists(st.tuples(st.dates(date(1990, 1, 1), date(2060, 1, 1)), st.integers(0, 500)),
                min_size=1, max_size=6, unique_by=lambda p: p[0]),
       st.dates(date(1980, 1, 1), date(2070, 1, 1)))
def test_at_matches_a_linear_scan(pairs: list[tuple[date, int]], day: date) -> None:
    """at(day) equals the value of the latest pair on or before the day (or raises)."""
    dated = Dated(tuple(sorted(pairs)))
    applicable = [value for when, value in sorted(pairs) if when <= day]
    if applicable:
        assert dated.at(day) == applicable[-1]
    else:
        with pytest.raises(RuleError):
            dated.at(day)


@given(st.lists(st.tuples(st.dates(date(1990, 1, 1), date(2060, 1, 1)), st.integers(0, 500)),
                min_size=1, max_size=6, unique_by=lambda p: p[0]))
def test_value_holds_until_the_next_date(pairs: list[tuple[date, int]]) -> None:
    """Each value holds from its own date up to the day before the next one."""
    ordered = sorted(pairs)
    dated = Dated(tuple(ordered))
    for (when, value), nxt in zip(ordered, [*ordered[1:], None], strict=True):
        assert dated.at(when) == value
        if nxt is not None:
            assert dated.at(nxt[0] - timedelta(days=1)) == value


@given(st.lists(st.tuples(st.dates(date(1990, 1, 1), date(2060, 1, 1)),
                          st.one_of(st.integers(0, 500), st.none())),
                min_size=1, max_size=6, unique_by=lambda p: p[0]),
       st.lists(st.dates(date(1980, 1, 1), date(2070, 1, 1)), min_size=1, max_size=8),
       st.data())
def test_at_days_is_at_for_each_day(pairs: list[tuple[date, int | None]], days: list[date],
                                    data: st.DataObject) -> None:
    """at_days reads at(day) for every day whose person counts, and raises the same error
    for the first such day before every value."""
    dated = Dated(tuple(sorted(pairs)))
    where = np.array(data.draw(st.lists(st.booleans(), min_size=len(days),
                                        max_size=len(days))))
    ordinals = np.array([d.toordinal() for d in days], dtype=np.int32)
    wanted = [day for day, counts in zip(days, where.tolist(), strict=True) if counts]
    first_error = None
    for day in wanted:
        try:
            dated.at(day)
        except RuleError as exc:
            first_error = str(exc)
            break
    if first_error is not None:
        with pytest.raises(RuleError) as raised:
            dated.at_days(ordinals, where)
        assert str(raised.value) == first_error
        return
    got = dated.at_days(ordinals, where)
    for k, day in enumerate(days):
        if where[k]:
            value = got if np.ndim(got) == 0 else got[k]
            assert value == dated.at(day) or (value is None and dated.at(day) is None)
