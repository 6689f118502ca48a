"""The ``per_period`` primitive: a requirement applied to each year (or block) of the cycle."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from conftest import SLOW_EXAMPLES
from helpers import CYCLE_END, REGISTERED, act, assess, person, root, rules_for
from strategies import activity_lists
from vakmanschap.engine.primitives.per_period import PerPeriod
from vakmanschap.model.periods import Every


def per_period_rules(every: str, extra: str = "", inner: str = "count: {min: 1, categories: "
                     "[reflectie]}", **kwargs: object) -> vk.RuleSet:
    """Re-registration ``per_period: {every: <every>, <extra>, requires: {<inner>}}``."""
    more = f", {extra}" if extra else ""
    return rules_for(f"{{id: jaarlijks, title: Jaarlijks, per_period: {{every: {every}{more}, "
                     f"requires: {{id: jaar, title: Reflectie per jaar, {inner}}}}}}}",
                     **kwargs)  # type: ignore[arg-type]


YEARLY = per_period_rules("cycle_year")
CALENDAR = per_period_rules("calendar_year")
HALF_YEARS = per_period_rules("{months: 6}")


def reflections(*days: str) -> list[vk.Activity]:
    """One reflection activity on each day."""
    return [act(f"r{i}", day, 1, category="reflectie") for i, day in enumerate(days)]


def test_each_cycle_year_is_judged() -> None:
    """A 4-year cycle gives four yearly results with their own windows and deadlines."""
    r = root(YEARLY, person(reflections("2020-05-01", "2021-05-01", "2023-05-01")))
    assert (r.met, r.actual, r.required, r.unit) == (False, 3.0, 4.0, "periods")
    assert [c.window.start for c in r.children] == [date(y, 1, 1) for y in range(2020, 2024)]
    assert [c.met for c in r.children] == [True, True, False, True]
    assert [c.deadline for c in r.children] == [date(y, 1, 1) for y in range(2021, 2025)]
    assert r.detail["periods"] == 4


def test_years_count_from_the_registration_date() -> None:
    """Cycle years start on the registration date, not on 1 January."""
    r = root(YEARLY, person(registered="2020-07-01"), on="2024-06-30")
    assert [c.window.start for c in r.children] == [date(y, 7, 1) for y in range(2020, 2024)]


def test_calendar_years() -> None:
    """calendar_year cuts at 1 January: a cycle starting mid-year has five parts."""
    r = root(CALENDAR, person(registered="2020-07-01"), on="2024-06-30")
    starts = [c.window.start for c in r.children]
    assert starts == [date(2020, 7, 1), *(date(y, 1, 1) for y in range(2021, 2025))]
    assert r.children[-1].window.last_day == date(2024, 6, 30)


def test_blocks_of_months() -> None:
    """``{months: 6}`` judges every half year of the cycle."""
    r = root(HALF_YEARS, person(reflections("2020-02-01")))
    assert len(r.children) == 8
    assert r.children[1].window.start == date(2020, 7, 1)
    assert [c.met for c in r.children] == [True] + [False] * 7


def test_allow_missed() -> None:
    """``allow_missed: 1`` tolerates one failed period."""
    rules = per_period_rules("cycle_year", "allow_missed: 1")
    r = root(rules, person(reflections("2020-05-01", "2021-05-01", "2023-05-01")))
    assert (r.met, r.required, r.detail["allow_missed"]) == (True, 3.0, 1)


def test_skip_before_entry() -> None:
    """With skip_before_entry, periods that ended before the entry date are not judged."""
    rules = per_period_rules("cycle_year", "skip_before_entry: true")
    r = root(rules, person(reflections("2022-05-01", "2023-05-01"),
                           entered_service="2022-03-01"))
    assert r.met and r.detail["skipped_before_entry"] == 2 and len(r.children) == 2


def test_started_only_skips_future_periods() -> None:
    """With started_only, periods starting after the assessment date are not judged yet."""
    rules = per_period_rules("cycle_year", "started_only: true")
    r = root(rules, person(reflections("2020-05-01", "2021-05-01")), on="2021-06-01")
    assert r.met and r.detail["not_started"] == 2 and len(r.children) == 2


def test_inner_total_sees_only_its_period() -> None:
    """An inner total sums only the activities of its own period."""
    rules = per_period_rules("cycle_year", inner="total: {min: 10}")
    acts = [act("a", "2020-06-01", 30), act("b", "2021-06-01", 10), act("c", "2022-06-01", 9)]
    r = root(rules, person(acts))
    assert [c.actual for c in r.children] == [30.0, 10.0, 9.0, 0.0]
    assert [c.shortfall for c in r.children] == [0.0, 0.0, 1.0, 10.0]


def test_inclusive_cycle_keeps_the_due_date_in_the_last_year() -> None:
    """With window_end inclusive the due date belongs to the fourth year (no fifth period)."""
    rules = per_period_rules("cycle_year", date_policy="{window_end: inclusive}")
    r = root(rules, person(reflections("2020-05-01", "2021-05-01", "2022-05-01", "2024-01-01")),
             on="2024-01-01")
    assert len(r.children) == 4
    assert r.children[-1].window.last_day == date(2024, 1, 1)
    assert r.met


def test_inclusive_cycle_period_deadline_is_its_last_day() -> None:
    """Under an inclusive policy a year's deadline reads 'uiterlijk' its own last day."""
    rules = per_period_rules("cycle_year", date_policy="{window_end: inclusive}")
    text = assess(rules, person(), on="2020-06-01").explain("nl")
    assert "uiterlijk 31 december 2020" in text
    assert "uiterlijk 1 januari 2021" not in text


def test_exclusive_cycle_period_deadline_reads_before() -> None:
    """Under the default exclusive policy a year's deadline reads 'vóór' the next year."""
    text = assess(YEARLY, person(), on="2020-06-01").explain("nl")
    assert "in de periode 1 januari 2020 – 31 december 2020" in text
    assert "vóór 1 januari 2021" in text


# -- properties ----------------------------------------------------------------------------------


COUNT_ALL = {every: per_period_rules(every, inner="count: {min: 1}")
             for every in ("cycle_year", "calendar_year", "{months: 5}")}


def _check_partition(every: str, registered: date, acts: list[vk.Activity]) -> None:
    rules = COUNT_ALL[every]
    on = registered + timedelta(days=4 * 366)
    r = root(rules, person(acts, registered=registered), on=on)
    windows = [c.window for c in r.children]
    assert windows[0].start == registered
    for before, after in itertools.pairwise(windows):
        assert before.last_day + timedelta(days=1) == after.start
    cycle = vk.DatePolicy().window(registered, years=4)
    assert windows[-1].last_day == cycle.last_day
    # Every activity in the cycle is counted in exactly one period.
    in_cycle = sum(1 for a in acts if a.unit == "hours" and a.on in cycle)
    assert sum(c.actual for c in r.children) == in_cycle
    met = sum(1 for c in r.children if c.met)
    assert r.met == (met >= r.required) and r.actual == met


_PARTITION = dict(every=st.sampled_from(sorted(COUNT_ALL)),
                  registered=st.dates(date(2019, 1, 1), date(2021, 12, 31)), data=st.data())


@given(**_PARTITION)
def test_periods_partition_the_cycle(every: str, registered: date, data: st.DataObject) -> None:
    """Sub-windows partition the cycle without gap or overlap; each activity counts once."""
    acts = data.draw(activity_lists(YEARLY, start=registered - timedelta(days=30),
                                    end=registered + timedelta(days=4 * 366)))
    _check_partition(every, registered, acts)


@pytest.mark.slow
@settings(max_examples=SLOW_EXAMPLES)
@given(**_PARTITION)
def test_periods_partition_the_cycle_thoroughly(every: str, registered: date,
                                                data: st.DataObject) -> None:
    """The partition property on many more examples (slow)."""
    acts = data.draw(activity_lists(YEARLY, start=registered - timedelta(days=30),
                                    end=registered + timedelta(days=4 * 366)))
    _check_partition(every, registered, acts)


@given(st.data())
def test_input_order_does_not_matter(data: st.DataObject) -> None:
    """Shuffling the activities changes no period's outcome."""
    acts = data.draw(activity_lists(YEARLY, start=REGISTERED, end=CYCLE_END))
    a = root(YEARLY, person(acts))
    b = root(YEARLY, person(data.draw(st.permutations(acts))))
    assert [(c.met, c.actual) for c in a.children] == [(c.met, c.actual) for c in b.children]


def test_every_is_a_typed_value() -> None:
    """The rule file's ``every`` becomes an :class:`Every` (the syntax is unchanged)."""
    def every(rules: vk.RuleSet) -> Every:
        node = rules.versions[0].requirement("reregistration")
        assert isinstance(node, PerPeriod)
        return node.every

    assert every(YEARLY) == Every("cycle_year")
    assert every(CALENDAR) == Every("calendar_year")
    assert every(HALF_YEARS) == Every("months", 6)
