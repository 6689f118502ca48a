"""Invariants as properties (issue 5, part 4), on rule sets and professionals drawn by the
public strategies (:mod:`vakmanschap.strategies`).

* conservation: every activity is counted, capped or excluded by every node that looks at
  activities, and the counted amounts add up to the node's actual amount;
* monotonicity: one more activity never turns "met" into "not met" for rules without shares,
  and two examples of where it does not hold (a maximum and a minimum share);
* determinism and independence of input order;
* pro-rata bounds;
* date edge cases: 29 February, month ends, inclusive and exclusive cycle ends.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from vakmanschap import strategies as vks
from vakmanschap.engine.assessment import Assessment
from vakmanschap.engine.primitives.total import prorated_minimum
from vakmanschap.errors import VakmanschapError
from vakmanschap.io import parse_rules

SLOW_EXAMPLES = 600
#: The default size of the drawn-rule-set properties (each example parses a rule file).
FAST = settings(max_examples=30)
ACTIVITY_KINDS = ("total", "count", "share", "distinct_themes")
MONOTONE = ("total", "count", "distinct_themes", "per_period", "all_of", "any_of", "at_least")

RULES = vks.rule_sets(kinds=("total", "count", "share", "distinct_themes", "per_period",
                             "all_of", "any_of", "at_least"))


def assess_or_none(rules: vk.RuleSet, person: vk.Professional, on: date) -> Assessment | None:
    """The assessment, or None when the rules raise a VakmanschapError for this person."""
    try:
        return rules.assess(person, on)
    except VakmanschapError:
        return None


@st.composite
def rules_person_on(draw: st.DrawFn, rules: st.SearchStrategy[vk.RuleSet] = RULES
                    ) -> tuple[vk.RuleSet, vk.Professional, date]:
    """A rule set, a registered professional that fits it and an assessment date."""
    ruleset = draw(rules)
    person = draw(vks.professionals(ruleset, registered=vks.dates(date(2001, 1, 1),
                                                                  date(2003, 12, 31))))
    on = draw(vks.dates(date(2001, 1, 1), date(2010, 12, 31)))
    return ruleset, person, on


# -- conservation ----------------------------------------------------------------------------

def check_conservation(rules: vk.RuleSet, person: vk.Professional, on: date) -> None:
    """Each activity node accounts for every activity once; counted amounts add up."""
    result = assess_or_none(rules, person, on)
    if result is None:
        return
    ids = sorted(a.id for a in person.activities)
    for node in result.result.walk():
        if node.kind not in ACTIVITY_KINDS:
            continue
        outcomes = node.activities
        assert sorted(o.activity_id for o in outcomes) == ids, node.id
        for o in outcomes:
            assert o.status in ("counted", "capped", "excluded")
            if o.status == "counted":
                assert o.counted == o.amount
            elif o.status == "capped":
                assert 0 <= o.counted < o.amount
            else:
                assert o.counted == 0
        counted_c = sum(round(o.counted * 100) for o in outcomes)
        if node.kind == "total":
            assert counted_c == round((node.actual or 0) * 100), node.id
        elif node.kind == "count":
            assert sum(o.status == "counted" for o in outcomes) == node.actual
        elif node.kind == "share":
            assert counted_c == round(node.detail["total"] * 100)
            assert node.detail["part"] <= node.detail["total"]


@FAST
@given(rules_person_on())
def test_conservation(case: tuple[vk.RuleSet, vk.Professional, date]) -> None:
    """Every activity is counted, capped or excluded, and the amounts add up."""
    check_conservation(*case)


@pytest.mark.slow
@settings(max_examples=SLOW_EXAMPLES)
@given(rules_person_on())
def test_conservation_slow(case: tuple[vk.RuleSet, vk.Professional, date]) -> None:
    """Conservation at the larger size."""
    check_conservation(*case)


# -- monotonicity ----------------------------------------------------------------------------

MONOTONE_RULES = vks.rule_sets(kinds=MONOTONE, caps=("per_activity", "per_category"))


def check_monotone(rules: vk.RuleSet, person: vk.Professional, on: date,
                   extra: vk.Activity) -> None:
    """Adding ``extra`` never turns a met requirement (at any node) into an unmet one."""
    before = assess_or_none(rules, person, on)
    if before is None:
        return
    more = attrs.evolve(person, activities=(*person.activities,
                                            attrs.evolve(extra, id="extra")))
    after = rules.assess(more, on)
    # Compared node by node in tree order: ids repeat under per_period (one node per period).
    for old, new in zip(before.result.walk(), after.result.walk(), strict=True):
        assert old.id == new.id
        if old.met:
            assert new.met, f"{new.id} turned unmet by one more activity"


@FAST
@given(rules_person_on(MONOTONE_RULES), st.data())
def test_one_more_activity_never_unmeets(case: tuple[vk.RuleSet, vk.Professional, date],
                                         data: st.DataObject) -> None:
    """For rules without shares (and without day caps) more activity never hurts."""
    rules, person, on = case
    extra = data.draw(vks.activities(rules, start=date(2000, 6, 1), end=date(2011, 1, 1)))
    check_monotone(rules, person, on, extra)


@pytest.mark.slow
@settings(max_examples=SLOW_EXAMPLES)
@given(rules_person_on(MONOTONE_RULES), st.data())
def test_one_more_activity_never_unmeets_slow(case: tuple[vk.RuleSet, vk.Professional, date],
                                              data: st.DataObject) -> None:
    """Monotonicity at the larger size."""
    rules, person, on = case
    extra = data.draw(vks.activities(rules, start=date(2000, 6, 1), end=date(2011, 1, 1)))
    check_monotone(rules, person, on, extra)


SHARE_RULES = """\
register: s
title: S
source: test
unit: hours
categories: {formeel: Formeel, informeel: Informeel}
versions:
  - id: v1
    title: V1
    valid_from: 2000-01-01
    source: test
    cycle: {years: 4}
    reregistration:
      id: aandeel
      title: Aandeel
      share: {part_categories: [informeel], %s}
"""


def _share_case(bound: str, extra_category: str) -> tuple[bool, bool]:
    rules = parse_rules(SHARE_RULES % bound, "share.yaml")
    person = vk.Professional.from_dict({
        "id": "p", "events": [{"id": "r", "kind": "registered", "on": "2020-01-01"}],
        "activities": [
            {"id": "f", "on": "2021-01-01", "hours": 10, "category": "formeel"},
            {"id": "i", "on": "2021-01-02", "hours": 10, "category": "informeel"}]})
    more = attrs.evolve(person, activities=(*person.activities, vk.Activity(
        id="x", on="2021-01-03", hours=1, category=extra_category)))
    on = date(2023, 12, 31)
    return rules.assess(person, on).met, rules.assess(more, on).met


def test_maximum_share_is_not_monotone() -> None:
    """Where monotonicity fails: at most 50% informal is met at 10/20 hours, and one more
    informal hour makes it 11/21 > 50%, so more learning turns "met" into "not met"."""
    assert _share_case("max: 0.5", "informeel") == (True, False)


def test_minimum_share_is_not_monotone_either() -> None:
    """A minimum share fails the same way from the other side: at least 50% informal is met at
    10/20 hours, and one more formal hour makes it 10/21 < 50%."""
    assert _share_case("min: 0.5", "formeel") == (True, False)


DAY_CAP_RULES = """\
register: d
title: D
source: test
unit: hours
categories: {formeel: Formeel, informeel: Informeel}
versions:
  - id: v1
    title: V1
    valid_from: 2000-01-01
    source: test
    cycle: {years: 4}
    reregistration:
      id: totaal
      title: Totaal
      total: {min: 8, caps: {per_day: 8, per_category: {informeel: 0}}}
"""


def test_day_cap_is_not_used_up_by_hours_the_category_cap_refuses() -> None:
    """Hours that do not count (category cap reached) leave the day's room to other hours."""
    rules = parse_rules(DAY_CAP_RULES, "daycap.yaml")
    person = vk.Professional.from_dict({
        "id": "p", "events": [{"id": "r", "kind": "registered", "on": "2020-01-01"}],
        "activities": [{"id": "b", "on": "2021-01-01", "hours": 8, "category": "formeel"}]})
    more = attrs.evolve(person, activities=(*person.activities, vk.Activity(
        id="a", on="2021-01-01", hours=8, category="informeel")))
    on = date(2023, 12, 31)
    assert rules.assess(person, on).met
    assert rules.assess(more, on).met


# -- determinism and input order -------------------------------------------------------------

def _summary(a: Assessment) -> list[Any]:
    """What must not depend on input order: per node met/amounts and per activity outcome."""
    out: list[Any] = [a.met, a.level, a.version, a.deadline]
    for node in a.result.walk():
        out.append((node.id, node.met, node.required, node.actual, node.shortfall,
                    sorted((o.activity_id, o.status, o.counted, o.reason)
                           for o in node.activities)))
    return out


def check_order(rules: vk.RuleSet, person: vk.Professional, on: date, seed: int) -> None:
    """Same result twice, and the same result for shuffled records."""
    first = assess_or_none(rules, person, on)
    if first is None:
        return
    again = rules.assess(person, on)
    assert first.to_dict() == again.to_dict()
    assert first.explain("nl") == again.explain("nl")
    shuffle = random.Random(seed)
    fields = {}
    for name in ("activities", "employments", "leaves", "attestations", "qualifications"):
        items = list(getattr(person, name))
        shuffle.shuffle(items)
        fields[name] = tuple(items)
    shuffled = attrs.evolve(person, **fields)
    assert _summary(rules.assess(shuffled, on)) == _summary(first)


ALL_RULES = vks.rule_sets()


@FAST
@given(rules_person_on(ALL_RULES), st.integers(0, 2**16))
def test_deterministic_and_independent_of_input_order(
        case: tuple[vk.RuleSet, vk.Professional, date], seed: int) -> None:
    """Assessing twice gives the same result; shuffling the records changes nothing."""
    check_order(*case, seed)


@pytest.mark.slow
@settings(max_examples=SLOW_EXAMPLES)
@given(rules_person_on(ALL_RULES), st.integers(0, 2**16))
def test_deterministic_and_independent_of_input_order_slow(
        case: tuple[vk.RuleSet, vk.Professional, date], seed: int) -> None:
    """Order independence at the larger size."""
    check_order(*case, seed)


# -- pro rata --------------------------------------------------------------------------------

@given(st.integers(0, 100_000).map(lambda c: c / 100), st.floats(0, 1),
       st.sampled_from(["hundredth", "whole"]))
def test_prorated_minimum_bounds(minimum: float, factor: float, rounding: str) -> None:
    """The prorated minimum is never below minimum x factor, never above the full minimum
    (rounded), and at most one rounding step above minimum x factor."""
    got = prorated_minimum(minimum, factor, rounding)
    exact = round(minimum * 100) * factor
    step = 100 if rounding == "whole" else 1
    assert exact - 1e-6 <= got < exact + step + 1e-6
    assert got <= math.ceil(round(minimum * 100) / step) * step


PRORATA_RULES = """\
register: p
title: P
source: test
unit: hours
categories: {formeel: Formeel}
versions:
  - id: v1
    title: V1
    valid_from: 2000-01-01
    source: test
    cycle: {years: 4}
    reregistration:
      id: totaal
      title: Totaal
      total: {min: 160, prorate: [fte, late_entry]}
"""


@given(st.sampled_from([0.2, 0.5, 0.8, 1.0, 1.2, 1.5]),
       st.one_of(st.none(), vks.dates(date(2015, 1, 1), date(2024, 6, 1))))
def test_prorated_requirement_within_bounds(fte: float, entered: date | None) -> None:
    """Pro rata never asks more than the full minimum nor less than minimum x fte x share."""
    rules = parse_rules(PRORATA_RULES, "p.yaml")
    person = vk.Professional(id="p", fte=fte, entered_service=entered, events=[
        vk.RegisterEvent(id="r", kind="registered", on=date(2020, 1, 1))])
    node = rules.assess(person, date(2023, 12, 31)).result
    window_days = (date(2024, 1, 1) - date(2020, 1, 1)).days
    share = 1.0
    if entered is not None and entered > date(2020, 1, 1):
        share = max(0, (date(2023, 12, 31) - entered).days + 1) / window_days
    floor = 160 * min(fte, 1.0) * share
    assert node.required is not None
    assert floor - 1e-6 <= node.required <= 160
    assert node.required - floor < 0.01 + 1e-6
    if fte >= 1 and share == 1:
        assert node.required == 160


# -- dates -----------------------------------------------------------------------------------

DATE_RULES = """\
register: d
title: D
source: test
unit: hours
date_policy: {month_end: %(month_end)s, window_end: %(window_end)s}
categories: {formeel: Formeel}
versions:
  - id: v1
    title: V1
    valid_from: 2000-01-01
    source: test
    cycle: {years: %(years)d, months: %(months)d}
    reregistration:
      id: totaal
      title: Totaal
      total: {min: 10}
"""


def _date_rules(month_end: str = "clamp", window_end: str = "exclusive", years: int = 1,
                months: int = 0) -> vk.RuleSet:
    return parse_rules(DATE_RULES % {"month_end": month_end, "window_end": window_end,
                                     "years": years, "months": months}, "dates.yaml")


def _registered(on: date, *activities: vk.Activity) -> vk.Professional:
    return vk.Professional(id="p", activities=activities, events=[
        vk.RegisterEvent(id="r", kind="registered", on=on)])


@pytest.mark.parametrize(("month_end", "start", "years", "months", "due"), [
    ("clamp", date(2024, 2, 29), 1, 0, date(2025, 2, 28)),
    ("roll", date(2024, 2, 29), 1, 0, date(2025, 3, 1)),
    ("clamp", date(2024, 2, 29), 4, 0, date(2028, 2, 29)),
    ("roll", date(2024, 2, 29), 4, 0, date(2028, 2, 29)),
    ("clamp", date(2023, 1, 31), 0, 1, date(2023, 2, 28)),
    ("clamp", date(2024, 1, 31), 0, 1, date(2024, 2, 29)),
    ("clamp", date(2023, 8, 31), 0, 6, date(2024, 2, 29)),
    ("clamp", date(2023, 12, 31), 1, 0, date(2024, 12, 31)),
])
def test_due_dates_on_month_ends_and_29_february(month_end: str, start: date, years: int,
                                                  months: int, due: date) -> None:
    """The due date follows the declared month-end policy (clamp or roll)."""
    rules = _date_rules(month_end, years=years, months=months)
    assessment = rules.assess(_registered(start), start)
    assert assessment.deadline == due


@pytest.mark.parametrize("start", [date(2023, 1, 31), date(2024, 1, 31), date(2024, 1, 30),
                                   date(2023, 3, 31)])
def test_roll_moves_a_missing_month_end_into_the_next_month(start: date) -> None:
    """Under ``roll`` a day missing from the target month lands early in the month after it
    (never clamped back); under ``clamp`` on the target month's last day."""
    clamped = _date_rules("clamp", months=1, years=0).assess(_registered(start), start).deadline
    rolled = _date_rules("roll", months=1, years=0).assess(_registered(start), start).deadline
    assert clamped is not None and rolled is not None
    target_month = start.month % 12 + 1
    assert clamped.month == target_month
    if clamped.day == start.day:  # the day exists in the target month: both agree
        assert rolled == clamped
    else:
        assert rolled.month == target_month % 12 + 1 and rolled.day <= 3


@pytest.mark.parametrize(("window_end", "counts_on_due_date"), [("exclusive", False),
                                                                ("inclusive", True)])
def test_activity_on_the_due_date(window_end: str, counts_on_due_date: bool) -> None:
    """An activity on the due date counts only when the cycle end is declared inclusive."""
    rules = _date_rules(window_end=window_end)
    start, due = date(2024, 2, 29), date(2025, 2, 28)
    person = _registered(start, vk.Activity(id="a", on=due, hours=10, category="formeel"))
    node = rules.assess(person, due).result
    (outcome,) = node.activities
    assert (outcome.status == "counted") == counts_on_due_date
    assert node.met == counts_on_due_date
    if not counts_on_due_date:
        assert outcome.reason == "outside_window"


def test_first_and_last_day_of_the_cycle_count() -> None:
    """The registration date and the day before the due date both belong to the cycle."""
    rules = _date_rules()
    start, due = date(2024, 2, 29), date(2025, 2, 28)
    person = _registered(start,
                         vk.Activity(id="first", on=start, hours=5, category="formeel"),
                         vk.Activity(id="last", on=due - timedelta(days=1), hours=5,
                                     category="formeel"),
                         vk.Activity(id="before", on=start - timedelta(days=1), hours=5,
                                     category="formeel"))
    node = rules.assess(person, due - timedelta(days=1)).result
    status = {o.activity_id: o.status for o in node.activities}
    assert status == {"first": "counted", "last": "counted", "before": "excluded"}
    assert node.met


@given(vks.dates(date(2000, 1, 1), date(2030, 12, 31)), st.sampled_from(["clamp", "roll"]),
       st.sampled_from(["exclusive", "inclusive"]), st.integers(1, 5))
def test_cycle_window_covers_start_to_due(start: date, month_end: str, window_end: str,
                                          years: int) -> None:
    """For any registration date the cycle runs from it to its due date, as declared."""
    rules = _date_rules(month_end, window_end, years=years)
    assessment = rules.assess(_registered(start), start)
    assert assessment.cycle is not None and assessment.deadline is not None
    assert assessment.cycle.start == start
    assert start < assessment.deadline
    last = assessment.cycle.last_day
    assert last == (assessment.deadline if window_end == "inclusive"
                    else assessment.deadline - timedelta(days=1))
    assert assessment.deadline.year == start.year + years
    assert abs((assessment.deadline - date(start.year + years, start.month, 1)).days) <= 31
