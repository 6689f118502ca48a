"""The ``total_capped_per_period`` primitive: a cycle total with a maximum per sub-period."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import act, person, root, rules_for, statuses
from strategies import activity_lists


def capped_rules(params: str, **kwargs: object) -> vk.RuleSet:
    """A rule file whose re-registration is ``total_capped_per_period: {<params>}``."""
    return rules_for(f"{{id: pe, title: PE-uren, source: 'NBA PE-reglement', "  # type: ignore[arg-type]
                     f"total_capped_per_period: {{{params}}}}}", **kwargs)


# NBA, accountant in business: 120 hours per 3-year cycle; at most 20 hours of unstructured
# activity (here: informeel) per calendar year count.
NBA = capped_rules("min: 120, every: calendar_year, cap: 20, capped_categories: [informeel]",
                   years=3)
ON_NBA = date(2022, 12, 31)


def test_uncapped_categories_count_in_full() -> None:
    """Activities outside ``capped_categories`` count in full, whatever the period."""
    r = root(NBA, person([act("a1", "2020-03-01", 70), act("a2", "2020-04-01", 50)]), ON_NBA)
    assert (r.met, r.actual, r.required, r.shortfall) == (True, 120.0, 120.0, 0.0)


def test_capped_category_counts_at_most_the_cap_per_calendar_year() -> None:
    """Unstructured hours beyond 20 in one calendar year are capped, not lost silently."""
    acts = [act("f", "2020-02-01", 60), act("i1", "2020-05-01", 15, category="informeel"),
            act("i2", "2020-06-01", 15, category="informeel"),
            act("i3", "2021-06-01", 25, category="informeel")]
    r = root(NBA, person(acts), ON_NBA)
    assert (r.met, r.actual, r.shortfall) == (False, 100.0, 20.0)
    assert statuses(r) == {"f": ("counted", 60.0, "counted"),
                           "i1": ("counted", 15.0, "counted"),
                           "i2": ("capped", 5.0, "cap_per_period"),
                           "i3": ("capped", 20.0, "cap_per_period")}
    assert r.detail["counted_per_period"] == {"2020-01-01 – 2020-12-31": 20.0,
                                              "2021-01-01 – 2021-12-31": 20.0,
                                              "2022-01-01 – 2022-12-31": 0.0}


def test_the_reason_names_the_period_in_both_languages() -> None:
    """A capped activity says which period was at its maximum, in Dutch and English."""
    acts = [act("i1", "2021-02-01", 30, category="informeel")]
    (outcome,) = root(NBA, person(acts), ON_NBA).activities
    assert outcome.reason_text("nl") == ("afgetopt: de periode 2021-01-01 – 2021-12-31 zit aan "
                                         "het maximum")
    assert outcome.reason_text("en") == ("capped: the period 2021-01-01 – 2021-12-31 is at its "
                                         "maximum")
    assert outcome.to_dict()["status"] == "capped"


def test_the_earliest_activity_takes_the_room_first() -> None:
    """Within a period the room goes in chronological order, whatever the input order."""
    late, early = (act("late", "2020-09-01", 15, category="informeel"),
                   act("early", "2020-02-01", 15, category="informeel"))
    for order in ([late, early], [early, late]):
        assert statuses(root(NBA, person(order), ON_NBA)) == {
            "early": ("counted", 15.0, "counted"), "late": ("capped", 5.0, "cap_per_period")}


def test_without_capped_categories_every_matching_activity_is_capped() -> None:
    """Without ``capped_categories`` the cap applies to everything the filter passes."""
    rules = capped_rules("min: 40, every: cycle_year, cap: 10")
    acts = [act("a", "2020-01-10", 30), act("b", "2021-01-10", 30, category="reflectie")]
    r = root(rules, person(acts))
    assert (r.actual, r.met) == (20.0, False)


def test_months_blocks_and_an_inclusive_due_date() -> None:
    """``{months: 6}`` cuts half years; an activity on an inclusive due date counts in the
    last period."""
    rules = capped_rules("min: 20, every: {months: 6}, cap: 5",
                         date_policy="{month_end: clamp, window_end: inclusive}")
    acts = [act("a", "2020-01-01", 8), act("b", "2020-07-01", 8), act("due", "2024-01-01", 8)]
    r = root(rules, person(acts), date(2024, 1, 1))
    assert [o.counted for o in r.activities] == [5.0, 5.0, 5.0]


def test_dated_minimum_and_cap_are_read_at_the_cycle_start() -> None:
    """The minimum and the cap may change over time; a cycle uses the values in force when it
    began (the rule file's default)."""
    rules = capped_rules("min: {2000-01-01: 10, 2021-01-01: 50}, every: calendar_year, "
                         "cap: {2000-01-01: 4, 2021-01-01: 40}")
    r = root(rules, person([act("a", "2020-06-01", 12)]))
    assert (r.required, r.actual, r.met) == (10.0, 4.0, False)


def test_filters_exclude_with_a_reason_before_the_cap() -> None:
    """The filter runs first; what it excludes never takes up a period's room."""
    rules = capped_rules("min: 10, every: calendar_year, cap: 10, categories: [formeel]")
    acts = [act("x", "2021-01-01", 10, category="reflectie"), act("f", "2021-02-01", 10)]
    assert statuses(root(rules, person(acts))) == {"x": ("excluded", 0.0, "category"),
                                                   "f": ("counted", 10.0, "counted")}


@pytest.mark.parametrize(("params", "message"), [
    ("min: 10, cap: 5", "every"),
    ("min: 10, every: weekly, cap: 5", "weekly"),
    ("min: 10, every: calendar_year", "cap"),
    ("min: 10, every: calendar_year, cap: 5, capped_categories: [onbekend]", "onbekend"),
    ("min: 10, every: calendar_year, cap: -1", "cap"),
])
def test_bad_rule_files_are_located(params: str, message: str) -> None:
    """Missing or wrong keys are rule-file errors naming the file, line and the key."""
    with pytest.raises(vk.RuleFileError) as caught:
        capped_rules(params)
    assert "test.yaml:" in str(caught.value) and message in str(caught.value)


def test_the_explanation_and_plan_name_what_is_missing() -> None:
    """An unmet total is explained with its amounts; the plan asks for uncapped hours."""
    assessment = NBA.assess(person([act("i", "2020-05-01", 30, category="informeel")]),
                            date(2022, 6, 30))
    text = assessment.explain()
    assert "PE-uren: 20 van 120 uur" in text
    (step,) = assessment.plan().steps
    assert (step.requirement, step.amount, step.achievable) == ("pe", 100.0, True)


def test_a_plan_inside_one_period_when_everything_is_capped() -> None:
    """With every activity capped, the plan puts the missing hours in a period with room, or
    says that no single period has room enough."""
    rules = capped_rules("min: 30, every: calendar_year, cap: 20", years=2)
    on = date(2021, 3, 1)
    fits = rules.assess(person([act("a", "2020-03-01", 20)]), on).plan()
    (step,) = fits.steps
    assert (step.amount, step.achievable) == (10.0, True)
    too_much = rules.assess(person([act("a", "2020-03-01", 5)]), on).plan()
    (step,) = too_much.steps
    assert step.achievable is False


@settings(max_examples=60, deadline=None)
@given(acts=activity_lists(NBA, max_size=12), cap=st.integers(0, 40), extra=st.integers(0, 40))
def test_a_higher_cap_never_lowers_the_total(acts: list[vk.Activity], cap: int,
                                             extra: int) -> None:
    """Monotone in the declared direction: raising the cap (EASIER) never lowers what counts,
    and every activity is counted, capped or excluded with a reason."""
    def run(value: int) -> vk.RequirementResult:
        rules = capped_rules(f"min: 50, every: calendar_year, cap: {value}", years=3)
        return root(rules, person(acts), ON_NBA)

    low, high = run(cap), run(cap + extra)
    assert (high.actual or 0) >= (low.actual or 0)
    assert low.met <= high.met
    assert {o.activity_id for o in low.activities} == {a.id for a in acts}
    assert all(o.counted <= o.amount for o in low.activities)


def test_population_agrees_with_assess() -> None:
    """The person-by-person default makes ``simulate`` give what ``assess`` gives."""
    people = [person([act("i1", "2020-05-01", 30, category="informeel"),
                      act("f", "2021-05-01", 95)], ident="p1"),
              person([act("f", "2020-05-01", 120)], ident="p2")]
    result = vk.simulate(vk.Population.from_professionals(people), NBA, ON_NBA)
    assert list(result.met) == [NBA.assess(p, ON_NBA).met for p in people] == [False, True]
