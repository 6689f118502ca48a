"""The ``total`` primitive: sums, filters, caps and pro rata."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from conftest import SLOW_EXAMPLES
from helpers import ON, act, person, root, rules_for, statuses
from strategies import activities, activity_lists
from vakmanschap.engine.primitives.total import prorated_minimum


def total_rules(params: str, **kwargs: object) -> vk.RuleSet:
    """A rule file whose re-registration is ``total: {<params>}``."""
    return rules_for(f"{{id: tot, title: Totaal, total: {{{params}}}}}", **kwargs)  # type: ignore[arg-type]


PLAIN = total_rules("min: 40")


# -- sums and filters ---------------------------------------------------------------------------


def test_sums_activities_in_the_cycle() -> None:
    """Activities inside the cycle are summed; met when the sum reaches the minimum."""
    r = root(PLAIN, person([act("a1", "2021-01-01", 25), act("a2", "2023-12-31", 15)]))
    assert (r.met, r.actual, r.required, r.unit, r.shortfall) == (True, 40.0, 40.0, "hours", 0.0)


def test_shortfall_is_the_missing_amount() -> None:
    """When not met, the shortfall is required minus actual."""
    r = root(PLAIN, person([act("a1", "2021-01-01", 27.5)]))
    assert (r.met, r.actual, r.shortfall) == (False, 27.5, 12.5)


def test_window_edges_and_assessment_date() -> None:
    """The due date (exclusive) and days before the start or after ``on`` do not count."""
    acts = [act("before", "2019-12-31", 5), act("first", "2020-01-01", 5),
            act("due", "2024-01-01", 5), act("later", "2023-06-02", 5)]
    r = root(PLAIN, person(acts), on="2023-06-01")
    s = statuses(r)
    assert s["first"] == ("counted", 5.0, "counted")
    assert s["before"] == ("excluded", 0.0, "outside_window")
    assert s["due"][2] in ("outside_window", "after_on")
    assert s["later"] == ("excluded", 0.0, "after_on")
    assert r.actual == 5.0


def test_inclusive_window_counts_the_due_date() -> None:
    """With window_end inclusive an activity on the due date still counts."""
    rules = total_rules("min: 40", date_policy="{window_end: inclusive}")
    r = root(rules, person([act("due", "2024-01-01", 5)]), on="2024-01-01")
    assert r.actual == 5.0


@pytest.mark.parametrize(("params", "activity", "reason"), [
    ("min: 1, categories: [reflectie]", act("x", "2021-01-01", category="formeel"), "category"),
    ("min: 1, accredited: true", act("x", "2021-01-01", category="reflectie", accredited=False),
     "not_accredited"),
    ("min: 1, accredited: false", act("x", "2021-01-01", category="reflectie"), "accredited"),
    ("min: 1, providers: [NSO]", act("x", "2021-01-01", provider="Other"), "provider"),
    ("min: 1, providers: [NSO]", act("x", "2021-01-01"), "provider"),
    ("min: 1, themes: [t1]", act("x", "2021-01-01", themes=["t2"]), "theme"),
    ("min: 1", act("x", "2021-01-01", unit="points"), "unit"),
    ("min: 1, per_activity_min: 10", act("x", "2021-01-01", 9.99), "below_minimum"),
])
def test_exclusions_have_reasons(params: str, activity: vk.Activity, reason: str) -> None:
    """Every filter rejection is an exclusion with its reason code."""
    r = root(total_rules(params), person([activity]))
    assert statuses(r) == {"x": ("excluded", 0.0, reason)}
    assert r.actual == 0.0


def test_matching_filters_count() -> None:
    """Activities passing every filter count in full."""
    rules = total_rules("min: 1, categories: [formeel], accredited: true, providers: [NSO], "
                        "themes: [t1, t2], per_activity_min: 10")
    r = root(rules, person([act("x", "2021-01-01", 10, provider="NSO", themes=["t2", "t3"])]))
    assert statuses(r) == {"x": ("counted", 10.0, "counted")}


def test_unaccredited_formal_counts_as_informal() -> None:
    """An unaccredited activity of a category with if_unaccredited is reclassified."""
    rules = total_rules("min: 1, categories: [informeel]")
    r = root(rules, person([act("f", "2021-01-01", 8, accredited=False),
                            act("g", "2021-01-01", 8, accredited=True)]))
    assert statuses(r)["f"] == ("counted", 8.0, "counted")
    assert statuses(r)["g"] == ("excluded", 0.0, "category")
    assert r.activities[1].reason_text("nl") == "categorie formeel telt hier niet"


def test_unit_override_counts_points_in_an_hours_file() -> None:
    """``unit: points`` makes a total count points even when the file counts hours."""
    rules = total_rules("min: 10, unit: points")
    r = root(rules, person([act("p", "2021-01-01", 12, unit="points"),
                            act("h", "2021-01-01", 12)]))
    assert (r.actual, r.unit) == (12.0, "points")
    assert statuses(r)["h"][2] == "unit"


# -- caps ---------------------------------------------------------------------------------------


def test_cap_per_activity() -> None:
    """An activity counts at most the per-activity cap; the excess is reported as capped."""
    rules = total_rules("min: 40, caps: {per_activity: 10}")
    r = root(rules, person([act("big", "2021-01-01", 12), act("small", "2021-02-01", 8)]))
    assert statuses(r) == {"big": ("capped", 10.0, "cap_per_activity"),
                           "small": ("counted", 8.0, "counted")}
    assert r.activities[0].reason_text("en") == "capped at 10 per activity"
    assert r.actual == 18.0


def test_cap_per_day_in_chronological_order_with_ties_by_id() -> None:
    """The daily cap is filled in date order, ties broken by activity id (not input order)."""
    rules = total_rules("min: 40, caps: {per_day: 10}")
    acts = [act("b", "2021-01-01", 8), act("a", "2021-01-01", 8), act("c", "2021-01-02", 8)]
    r = root(rules, person(acts))
    assert statuses(r) == {"a": ("counted", 8.0, "counted"),
                           "b": ("capped", 2.0, "cap_per_day"),
                           "c": ("counted", 8.0, "counted")}


def test_cap_per_category() -> None:
    """A category counts at most its cap over the window; other categories are not capped."""
    rules = total_rules("min: 40, caps: {per_category: {informeel: 12}}")
    acts = [act("i1", "2021-01-01", 8, category="informeel"),
            act("i2", "2021-02-01", 8, category="informeel"),
            act("i3", "2021-03-01", 8, category="informeel"),
            act("f", "2021-03-01", 30)]
    s = statuses(root(rules, person(acts)))
    assert s["i1"] == ("counted", 8.0, "counted")
    assert s["i2"] == ("capped", 4.0, "cap_per_category")
    assert s["i3"] == ("capped", 0.0, "cap_per_category")
    assert s["f"] == ("counted", 30.0, "counted")


def test_caps_apply_in_order_activity_day_category() -> None:
    """Per-activity, then per-day, then per-category caps; the last cap that bit is named."""
    rules = total_rules("min: 40, caps: {per_activity: 10, per_day: 15, "
                        "per_category: {informeel: 12}}")
    acts = [act("a0", "2021-01-01", 12), act("a1", "2021-01-01", 8),
            act("a2", "2021-02-01", 8, category="informeel"),
            act("a3", "2021-03-01", 8, category="informeel")]
    r = root(rules, person(acts))
    assert statuses(r) == {"a0": ("capped", 10.0, "cap_per_activity"),
                           "a1": ("capped", 5.0, "cap_per_day"),
                           "a2": ("counted", 8.0, "counted"),
                           "a3": ("capped", 4.0, "cap_per_category")}
    assert r.actual == 27.0


def test_day_room_is_used_only_by_counted_amounts() -> None:
    """Hours cut by the category cap do not take room under the daily cap."""
    rules = total_rules("min: 40, caps: {per_day: 10, per_category: {informeel: 5}}")
    acts = [act("a", "2021-01-01", 8, category="informeel"),
            act("b", "2021-01-01", 8, category="reflectie")]
    r = root(rules, person(acts))
    assert statuses(r)["a"] == ("capped", 5.0, "cap_per_category")
    assert statuses(r)["b"] == ("capped", 5.0, "cap_per_day")
    assert r.actual == 10.0


# -- pro rata and dated minimums ----------------------------------------------------------------


def test_prorate_fte() -> None:
    """``prorate: [fte]`` multiplies the minimum by the part-time factor (never above 1)."""
    rules = total_rules("min: 160, prorate: [fte]")
    assert root(rules, person(fte=0.5)).required == 80.0
    assert root(rules, person(fte=1.2)).required == 160.0


def test_prorate_late_entry_and_rounding() -> None:
    """Late entry scales by the share of the window's days; rounding is always up."""
    rules = total_rules("min: 40, prorate: [fte, late_entry]")
    p = person(fte=0.3, entered_service="2022-01-01")
    # 40 * 0.3 * 730 / 1461 = 5.9958...: up to the hundredth, or to a whole unit.
    assert root(rules, p).required == 6.0
    whole = total_rules("min: 40, prorate: [fte, late_entry], round: whole")
    assert root(whole, p).required == 6.0
    rules = total_rules("min: 10, prorate: [late_entry]")
    p = person(entered_service="2023-07-01")  # 184 of 1461 days remain
    assert root(rules, p).required == math.ceil(10 * 184 / 1461 * 100) / 100
    assert root(total_rules("min: 10, prorate: [late_entry], round: whole"), p).required == 2.0


def test_entry_before_the_window_changes_nothing() -> None:
    """Entering service before the cycle starts gives the full minimum."""
    rules = total_rules("min: 40, prorate: [late_entry]")
    assert root(rules, person(entered_service="2010-01-01")).required == 40.0
    assert root(rules, person()).required == 40.0


def test_dated_minimum_is_read_at_the_cycle_start() -> None:
    """A minimum that changes over time is read at the start of the cycle by default."""
    rules = total_rules("min: {2000-01-01: 160, 2022-01-01: 120}")
    assert root(rules, person()).required == 160.0
    assert root(rules, person(registered="2022-01-01"), on="2024-01-01").required == 120.0


@pytest.mark.parametrize(("minimum", "factor", "rounding", "expected"), [
    (40, 1.0, "hundredth", 4000),
    (40, 0.5, "hundredth", 2000),
    (40, 1 / 3, "hundredth", 1334),
    (40, 1 / 3, "whole", 1400),
    (0.01, 0.5, "hundredth", 1),
    (0, 0.7, "whole", 0),
])
def test_prorated_minimum(minimum: float, factor: float, rounding: str, expected: int) -> None:
    """The prorated minimum in hundredths is rounded up as declared."""
    assert prorated_minimum(minimum, factor, rounding) == expected


@given(st.integers(0, 100_000).map(lambda c: c / 100), st.floats(0, 1), st.booleans())
def test_prorated_minimum_bounds(minimum: float, factor: float, whole: bool) -> None:
    """min * factor <= prorated < min * factor + one rounding step, and never above min."""
    got = prorated_minimum(minimum, factor, "whole" if whole else "hundredth") / 100
    exact = minimum * factor
    step = 1 if whole else 0.01
    assert exact - 1e-6 <= got < exact + step + 1e-6
    if not whole:
        assert got <= minimum + 1e-9


# -- properties ----------------------------------------------------------------------------------


RULE_VARIANTS = {
    "plain": PLAIN,
    "filtered": total_rules("min: 40, categories: [formeel, reflectie], themes: [t1, t2, t3]"),
    "capped": total_rules("min: 40, caps: {per_activity: 20, per_day: 30, "
                          "per_category: {informeel: 25, reflectie: 10}}, per_activity_min: 1"),
    "prorated": total_rules("min: 40, prorate: [fte, late_entry]"),
}
PER_ACTIVITY_CAP = total_rules("min: 40, caps: {per_activity: 15}")
CAPS = {"per_activity": 20.0, "per_day": 30.0, "per_category": {"informeel": 25.0,
                                                                  "reflectie": 10.0}}


def _check_conservation(rules: vk.RuleSet, acts: list[vk.Activity]) -> None:
    r = root(rules, person(acts))
    outcomes = r.activities
    assert sorted(o.activity_id for o in outcomes) == sorted(a.id for a in acts)
    by_id = {a.id: a for a in acts}
    for o in outcomes:
        assert o.status in ("counted", "capped", "excluded")
        assert o.amount == by_id[o.activity_id].amount
        assert 0 <= o.counted <= o.amount
        if o.status == "counted":
            assert o.counted == o.amount
        if o.status == "excluded":
            assert o.counted == 0
    assert round(sum(o.counted for o in outcomes) * 100) == round(r.actual * 100)
    assert r.met == (r.actual >= r.required)


@given(st.sampled_from(sorted(RULE_VARIANTS)), st.data())
def test_conservation(variant: str, data: st.DataObject) -> None:
    """Each activity appears once with a status; the counted amounts add up to ``actual``."""
    rules = RULE_VARIANTS[variant]
    _check_conservation(rules, data.draw(activity_lists(rules)))


@pytest.mark.slow
@settings(max_examples=SLOW_EXAMPLES)
@given(st.sampled_from(sorted(RULE_VARIANTS)), st.data())
def test_conservation_thoroughly(variant: str, data: st.DataObject) -> None:
    """Conservation on many more examples and longer activity lists (slow)."""
    rules = RULE_VARIANTS[variant]
    _check_conservation(rules, data.draw(activity_lists(rules, max_size=40)))


@given(st.data())
def test_caps_are_never_exceeded(data: st.DataObject) -> None:
    """No activity, day or category counts more than its cap."""
    rules = RULE_VARIANTS["capped"]
    acts = data.draw(activity_lists(rules, max_size=20))
    r = root(rules, person(acts))
    days: dict[date, float] = defaultdict(float)
    cats: dict[str, float] = defaultdict(float)
    by_id = {a.id: a for a in acts}
    for o in r.activities:
        a = by_id[o.activity_id]
        assert o.counted <= CAPS["per_activity"]
        days[a.on] += o.counted
        category = a.category if a.accredited else (
            rules.categories[a.category].if_unaccredited or a.category)
        cats[category] += o.counted
    assert all(v <= CAPS["per_day"] + 1e-9 for v in days.values())
    for name, cap in CAPS["per_category"].items():  # type: ignore[union-attr]
        assert cats[name] <= cap + 1e-9


@given(st.sampled_from(["plain", "filtered", "prorated"]), st.data())
def test_adding_an_activity_never_lowers_actual(variant: str, data: st.DataObject) -> None:
    """Without caps, one more activity never lowers ``actual`` (nor turns met into not met)."""
    rules = RULE_VARIANTS[variant]
    acts = data.draw(activity_lists(rules))
    extra = data.draw(activities(rules, "extra"))
    p = person(acts, fte=data.draw(st.sampled_from([0.5, 1.0])))
    before = root(rules, p)
    after = root(rules, person([*acts, extra], fte=p.fte))
    assert after.actual >= before.actual
    assert after.met or not before.met


@given(st.data())
def test_adding_an_activity_with_per_activity_cap_never_lowers_actual(
        data: st.DataObject) -> None:
    """A per-activity cap alone keeps the total monotone."""
    rules = PER_ACTIVITY_CAP
    acts = data.draw(activity_lists(rules))
    extra = data.draw(activities(rules, "extra"))
    assert root(rules, person([*acts, extra])).actual >= root(rules, person(acts)).actual


@given(st.sampled_from(sorted(RULE_VARIANTS)), st.data())
def test_input_order_does_not_matter(variant: str, data: st.DataObject) -> None:
    """Shuffling the activities changes nothing: amounts, met, and each activity's outcome."""
    rules = RULE_VARIANTS[variant]
    acts = data.draw(activity_lists(rules))
    shuffled = data.draw(st.permutations(acts))
    a, b = root(rules, person(acts)), root(rules, person(shuffled))
    assert (a.met, a.actual, a.required, a.shortfall) == (b.met, b.actual, b.required,
                                                          b.shortfall)
    assert statuses(a) == statuses(b)


@given(st.sampled_from([0.1, 0.5, 0.8, 1.0, 1.5]),
       st.one_of(st.none(), st.dates(date(2015, 1, 1), date(2024, 6, 1))))
def test_prorated_required_is_between_zero_and_the_minimum(
        fte: float, entry: date | None) -> None:
    """Pro rata never asks more than the minimum, nor less than the exact prorated amount."""
    rules = RULE_VARIANTS["prorated"]
    r = root(rules, person(fte=fte, entered_service=entry), on=ON)
    assert 0 <= r.required <= 40
    days = 1461
    remaining = days if entry is None or entry <= date(2020, 1, 1) else max(
        0, (date(2023, 12, 31) - entry).days + 1)
    exact = 40 * min(fte, 1) * remaining / days
    assert exact - 1e-6 <= r.required < exact + 0.01 + 1e-6


@given(st.data(), st.sampled_from(["40", "12.5", "{2020-01-01: 30, 2022-01-01: 45}"]),
       st.sampled_from(["", ", per_activity_min: 2", ", caps: {per_activity: 8}"]))
def test_minimum_resolved_once_equals_the_prorated_one(data: st.DataObject, minimum: str,
                                                       extra: str) -> None:
    """A total without pro rata (its minimum resolved once per node when it has one value)
    judges a full-time professional exactly as the same total prorated by fte."""
    plain = total_rules(f"min: {minimum}{extra}")
    prorated = total_rules(f"min: {minimum}{extra}, prorate: [fte]")
    acts = data.draw(activity_lists(plain, max_size=12))
    pro = person(acts, fte=1.0)
    a, b = root(plain, pro), root(prorated, pro)
    assert (a.met, a.required, a.actual, a.shortfall, a.outcomes, dict(a.detail)) == (
        b.met, b.required, b.actual, b.shortfall, b.outcomes, dict(b.detail))
