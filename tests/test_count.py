"""The ``count`` primitive: the number of matching activities in the window."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import act, person, root, rules_for, statuses
from strategies import activities, activity_lists


def count_rules(params: str, **kwargs: object) -> vk.RuleSet:
    """A rule file whose re-registration is ``count: {<params>}``."""
    return rules_for(f"{{id: cnt, title: Intervisie, count: {{{params}}}}}", **kwargs)  # type: ignore[arg-type]


REFLECTION = count_rules("min: 2, categories: [reflectie]")
ANY = count_rules("min: 3")


def test_counts_matching_activities() -> None:
    """Each matching activity counts once, whatever its amount."""
    acts = [act("r1", "2021-01-01", 0.5, category="reflectie"),
            act("r2", "2022-01-01", 40, category="reflectie"),
            act("f", "2022-01-01", 40)]
    r = root(REFLECTION, person(acts))
    assert (r.met, r.actual, r.required, r.unit, r.shortfall) == (True, 2.0, 2.0, "activities",
                                                                  0.0)
    assert statuses(r)["f"] == ("excluded", 0.0, "category")
    assert statuses(r)["r1"][0] == "counted"


def test_shortfall_in_activities() -> None:
    """Not met: the shortfall is the number of activities missing."""
    r = root(REFLECTION, person([act("r1", "2021-01-01", category="reflectie")]))
    assert (r.met, r.actual, r.shortfall) == (False, 1.0, 1.0)


def test_zero_minimum_is_always_met() -> None:
    """``min: 0`` is met without activities."""
    assert root(count_rules("min: 0"), person()).met


def test_window_and_date_exclusions() -> None:
    """Activities outside the cycle or after the assessment date are not counted."""
    acts = [act("old", "2019-12-31"), act("in", "2021-01-01"), act("future", "2023-01-01")]
    r = root(ANY, person(acts), on="2022-12-31")
    assert r.actual == 1.0
    assert statuses(r)["old"][2] == "outside_window"
    assert statuses(r)["future"][2] == "after_on"


@pytest.mark.parametrize(("params", "kwargs", "counted"), [
    ("min: 1, themes: [t1]", {"themes": ["t1", "t2"]}, True),
    ("min: 1, themes: [t1]", {"themes": ["t2"]}, False),
    ("min: 1, accredited: true", {"accredited": False, "category": "reflectie"}, False),
    ("min: 1, providers: [NSO]", {"provider": "NSO"}, True),
    ("min: 1, unit: points", {}, False),
])
def test_filters(params: str, kwargs: dict[str, object], counted: bool) -> None:
    """Count uses the same activity filters as total."""
    r = root(count_rules(params), person([act("x", "2021-01-01", **kwargs)]))  # type: ignore[arg-type]
    assert (r.actual == 1.0) == counted


def test_dated_minimum() -> None:
    """A dated minimum is read at the start of the cycle."""
    rules = count_rules("min: {2000-01-01: 1, 2021-01-01: 5}")
    assert root(rules, person()).required == 1.0
    assert root(rules, person(registered="2021-06-01"), on="2022-01-01").required == 5.0


@given(st.data())
def test_actual_is_the_number_of_counted_activities(data: st.DataObject) -> None:
    """``actual`` equals the number of activities with status counted; the rest are excluded."""
    acts = data.draw(activity_lists(REFLECTION))
    r = root(REFLECTION, person(acts))
    counted = [o for o in r.activities if o.status == "counted"]
    assert r.actual == len(counted)
    assert {o.status for o in r.activities} <= {"counted", "excluded"}
    assert sorted(o.activity_id for o in r.activities) == sorted(a.id for a in acts)
    assert r.met == (r.actual >= r.required)


@given(st.data())
def test_adding_an_activity_never_lowers_the_count(data: st.DataObject) -> None:
    """One more activity never lowers the count (and never turns met into not met)."""
    acts = data.draw(activity_lists(REFLECTION))
    extra = data.draw(activities(REFLECTION, "extra"))
    before, after = root(REFLECTION, person(acts)), root(REFLECTION, person([*acts, extra]))
    assert after.actual - before.actual in (0.0, 1.0)
    assert after.met or not before.met


@given(st.data())
def test_input_order_does_not_matter(data: st.DataObject) -> None:
    """Shuffling the activities changes neither the count nor any activity's outcome."""
    acts = data.draw(activity_lists(ANY))
    a, b = root(ANY, person(acts)), root(ANY, person(data.draw(st.permutations(acts))))
    assert (a.met, a.actual) == (b.met, b.actual)
    assert statuses(a) == statuses(b)
