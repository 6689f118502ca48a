"""The ``share`` primitive: a minimum or maximum share of categories in the total."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import act, assess, person, root, rules_for, statuses
from strategies import activity_lists


def share_rules(params: str, **kwargs: object) -> vk.RuleSet:
    """A rule file whose re-registration is ``share: {<params>}``."""
    return rules_for(f"{{id: aandeel, title: Aandeel, share: {{{params}}}}}", **kwargs)  # type: ignore[arg-type]


AT_MOST_QUARTER = share_rules("part_categories: [informeel], max: 0.25")
AT_LEAST_60 = share_rules("part_categories: [formeel], min: 0.6")
BETWEEN = share_rules("part_categories: [formeel, reflectie], min: 0.3, max: 0.8")
HALF_FORMAL = [act("f", "2021-01-01", 10), act("i", "2021-01-01", 10, category="informeel")]


def test_maximum_share_not_met_and_shortfall() -> None:
    """A share above the maximum is not met; the shortfall is the other hours needed."""
    r = root(AT_MOST_QUARTER, person(HALF_FORMAL))
    assert (r.met, r.actual, r.required, r.unit) == (False, 0.5, 0.25, "share")
    assert r.shortfall == 20.0  # 10 / (20 + 20) = 25%
    assert r.detail == {"part": 10.0, "total": 20.0, "unit": "hours", "min": None,
                        "max": 0.25}


def test_minimum_share_not_met_and_shortfall() -> None:
    """A share below the minimum: the shortfall is the part hours needed."""
    r = root(AT_LEAST_60, person(HALF_FORMAL))
    assert (r.met, r.actual, r.required) == (False, 0.5, 0.6)
    assert r.shortfall == 5.0  # (10 + 5) / (20 + 5) = 60%


def test_share_within_bounds_is_met() -> None:
    """A share between min and max is met with no shortfall."""
    r = root(BETWEEN, person(HALF_FORMAL))
    assert r.met and r.shortfall == 0.0


def test_maximum_share_without_activities_is_met() -> None:
    """No activities at all: a maximum share is trivially met."""
    assert root(AT_MOST_QUARTER, person()).met


def test_minimum_share_without_activities_is_not_met() -> None:
    """No activities at all: a positive minimum share is not met."""
    r = root(AT_LEAST_60, person())
    assert not r.met and r.shortfall > 0


def test_zero_minimum_share_is_always_met() -> None:
    """A minimum share of 0 is met even without activities."""
    assert root(share_rules("part_categories: [formeel], min: 0"), person()).met


def test_min_above_max_is_a_rule_file_problem() -> None:
    """A share whose minimum exceeds its maximum is refused when the file is loaded."""
    with pytest.raises(vk.RuleFileError):
        share_rules("part_categories: [formeel], min: 0.8, max: 0.2")


def test_share_needs_a_bound() -> None:
    """A share without min or max is a rule-file problem."""
    with pytest.raises(vk.RuleFileError, match="give 'min', 'max' or both"):
        share_rules("part_categories: [formeel]")


def test_share_bounds_are_fractions() -> None:
    """Share bounds are fractions between 0 and 1."""
    with pytest.raises(vk.RuleFileError, match="<= 1"):
        share_rules("part_categories: [formeel], max: 25")


def test_reclassified_activities_count_in_their_new_category() -> None:
    """An unaccredited formal activity counts as informal in the share."""
    acts = [act("f", "2021-01-01", 10), act("u", "2021-01-01", 10, accredited=False)]
    r = root(AT_MOST_QUARTER, person(acts))
    assert r.detail["part"] == 10.0 and not r.met


def test_filter_decides_the_total() -> None:
    """Only activities passing the filter make up the total (the denominator)."""
    rules = share_rules("part_categories: [informeel], max: 0.25, categories: [informeel, "
                        "reflectie]")
    acts = [act("f", "2021-01-01", 100), act("i", "2021-01-01", 10, category="informeel"),
            act("r", "2021-01-01", 30, category="reflectie")]
    r = root(rules, person(acts))
    assert r.detail["total"] == 40.0 and r.met
    assert statuses(r)["f"] == ("excluded", 0.0, "category")


def test_share_explanation() -> None:
    """The explanation gives the share in per cent and the bound, in Dutch and English."""
    a = assess(AT_MOST_QUARTER, person(HALF_FORMAL))
    assert "aandeel 50% (hoogstens 25%)" in a.explain("nl")
    assert "er is 20 uur bij nodig" in a.explain("nl")
    assert "share 50% (at most 25%)" in a.explain("en")
    assert "20 hours more needed" in a.explain("en")
    b = assess(BETWEEN, person([act("i", "2021-01-01", 10, category="informeel")]))
    assert "(minstens 30% en hoogstens 80%)" in b.explain("nl")
    assert "(at least 30% and at most 80%)" in b.explain("en")


# -- properties ----------------------------------------------------------------------------------


def _within(rules: vk.RuleSet, acts: list[vk.Activity]) -> bool:
    r = root(rules, person(acts))
    low, high = r.detail["min"], r.detail["max"]
    part, total = r.detail["part"], r.detail["total"]
    if total == 0:
        return low is None or low == 0
    share = part / total
    return (low is None or share >= low - 1e-12) and (high is None or share <= high + 1e-12)


@given(st.sampled_from([AT_MOST_QUARTER, AT_LEAST_60, BETWEEN]), st.data())
def test_met_means_within_bounds(rules: vk.RuleSet, data: st.DataObject) -> None:
    """Met exactly when the share of the part lies within the bounds (with activities)."""
    acts = data.draw(activity_lists(rules))
    r = root(rules, person(acts))
    if r.detail["total"] > 0:
        assert r.met == _within(rules, acts)
    assert (r.shortfall == 0) == r.met


@given(st.sampled_from([AT_MOST_QUARTER, AT_LEAST_60]), st.data())
def test_shortfall_is_enough_and_minimal(rules: vk.RuleSet, data: st.DataObject) -> None:
    """Adding the shortfall (part hours for a minimum, other hours for a maximum) meets the
    requirement; one hundredth less does not."""
    acts = data.draw(activity_lists(rules, unit="hours"))
    r = root(rules, person(acts))
    if r.met:
        return
    minimum = r.detail["min"] is not None
    category = "formeel" if minimum else "reflectie"

    def with_extra(amount: float) -> bool:
        extra = act("extra", "2021-06-01", round(amount, 2), category=category)
        return root(rules, person([*acts, extra])).met

    assert with_extra(r.shortfall)
    if r.shortfall > 0.01:
        assert not with_extra(r.shortfall - 0.01)


@given(st.data())
def test_input_order_does_not_matter(data: st.DataObject) -> None:
    """Shuffling the activities changes nothing."""
    acts = data.draw(activity_lists(BETWEEN))
    a = root(BETWEEN, person(acts))
    b = root(BETWEEN, person(data.draw(st.permutations(acts))))
    assert (a.met, a.actual, a.shortfall, a.detail) == (b.met, b.actual, b.shortfall, b.detail)
    assert statuses(a) == statuses(b)
