"""The evaluation context: the chronological view of the prepared activities and the window."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import ON, person, rules_for
from strategies import activity_lists
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.primitives.activity_filter import prepare_activities
from vakmanschap.model.periods import Window

RULES = rules_for("{id: t, title: T, total: {min: 1}}")


def context(activities: list[vk.Activity], window: Window) -> EvalContext:
    """A context over ``activities`` judged on ON in ``window``."""
    pro = person(activities)
    return EvalContext(professional=pro, rules=RULES, on=ON, window=window, params_on=ON,
                       deadline=None, last_registration=None, policy=RULES.date_policy,
                       unit="hours", activities=prepare_activities(pro, RULES))


@settings(max_examples=80, deadline=None)
@given(activities=activity_lists(RULES, max_size=12), data=st.data())
def test_chronological_order_breaks_ties_by_id(activities: list[vk.Activity],
                                               data: st.DataObject) -> None:
    """The chronological view is sorted by day, then id, whatever the input order, and
    its days are those of the activities in that order."""
    shuffled = data.draw(st.permutations(activities))
    ctx = context(list(shuffled), Window(date(2000, 1, 1), date(2100, 1, 1)))
    ordered = [(a.day, a.id) for a in ctx.chronological]
    assert ordered == sorted((a.on, a.id) for a in activities)
    assert ctx.days == [day for day, _ in ordered]


def test_same_day_activities_follow_their_ids() -> None:
    """Activities on one day are ordered by id, not by input order."""
    acts = [vk.Activity(id=i, on="2022-05-01", category="formeel", hours=1) for i in "cab"]
    acts.append(vk.Activity(id="z", on="2021-01-01", category="formeel", hours=1))
    ctx = context(acts, Window(date(2020, 1, 1), date(2024, 1, 1)))
    assert [a.id for a in ctx.chronological] == ["z", "a", "b", "c"]


@settings(max_examples=60, deadline=None)
@given(activities=activity_lists(RULES, max_size=10), unit=st.sampled_from(["hours", "points"]))
def test_only_in_says_whether_every_candidate_has_the_unit(activities: list[vk.Activity],
                                                           unit: str) -> None:
    """``WindowSplit.only_in`` is True exactly when every activity in the window has the
    unit (asked twice: the answer is remembered per window, not per unit)."""
    split = context(activities, Window(date(2000, 1, 1), date(2100, 1, 1))).in_window()
    expected = all(a.unit == unit for a in split.candidates)
    other = "points" if unit == "hours" else "hours"
    assert split.only_in(unit) is expected
    assert split.only_in(other) is all(a.unit == other for a in split.candidates)
    assert split.only_in(unit) is expected
