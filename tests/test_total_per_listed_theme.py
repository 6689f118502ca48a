"""Tests for ``total_per_listed_theme``: a minimum per theme on the professional's own list."""

from __future__ import annotations

from typing import Any

import pytest

import vakmanschap as vk
from helpers import ON, act, person, root, rules_for
from vakmanschap.engine.primitives import REGISTRY
from vakmanschap.population import Population, simulate
from vakmanschap.population.hours import hour_sums

_NODE = "{id: gebieden, title: Per rechtsgebied, total_per_listed_theme: {attribute: rg, min: %s}}"


def _who(listed: str | None, *activities: Any) -> vk.Professional:
    attributes = {} if listed is None else {"rg": listed}
    return person(activities=list(activities), attributes=attributes)


def _t(ident: str, amount: float, *themes: str) -> vk.Activity:
    return act(ident, "2022-03-01", amount, themes=themes)


def test_every_listed_theme_reaches_the_minimum():
    """Ten on each of two listed themes meets the requirement."""
    r = root(rules_for(_NODE % 10), _who("t1;t2", _t("a1", 10, "t1"), _t("a2", 12, "t2")))
    assert r.met and r.required == 20 and r.actual == 20


def test_one_theme_short_is_unmet_with_its_shortfall():
    """A listed theme below the minimum leaves the requirement unmet by its gap."""
    r = root(rules_for(_NODE % 10), _who("t1, t2", _t("a1", 14, "t1"), _t("a2", 6, "t2")))
    assert not r.met and r.shortfall == 4 and r.detail["short"] == {"t2": 4}


def test_an_activity_on_two_listed_themes_counts_for_both():
    """One activity covering two listed themes counts on each with its full amount."""
    r = root(rules_for(_NODE % 10), _who("t1;t2", _t("a1", 10, "t1", "t2")))
    assert r.met


def test_no_list_requires_nothing():
    """Without the attribute nothing is required."""
    r = root(rules_for(_NODE % 10), _who(None, _t("a1", 1, "t3")))
    assert r.met and r.required == 0


def test_activity_off_the_list_is_excluded_with_a_reason():
    """An activity on no listed theme is excluded as theme_not_listed."""
    r = root(rules_for(_NODE % 10), _who("t1", _t("a1", 10, "t3")))
    reasons = {o[2] for o in r.outcomes}
    assert not r.met and "theme_not_listed" in reasons
    assert "theme_not_listed" in REGISTRY["total_per_listed_theme"].reasons


def test_missing_attribute_key_is_reported():
    """A node without ``attribute`` is a rule-file error naming the key."""
    with pytest.raises(vk.RuleFileError, match="attribute"):
        rules_for("{id: g, title: G, total_per_listed_theme: {min: 10}}")


@pytest.mark.parametrize("minimum", [0, 5, 10, 15])
def test_monotone_in_the_minimum(minimum: int):
    """Raising the minimum never turns unmet into met (sweep direction HARDER)."""
    who = _who("t1;t2", _t("a1", 9, "t1"), _t("a2", 11, "t2"))
    met_low = root(rules_for(_NODE % minimum), who).met
    met_high = root(rules_for(_NODE % (minimum + 5)), who).met
    assert met_low or not met_high


def test_the_minimum_per_theme_is_prorated_like_a_total():
    """With ``prorate`` by months a suspending leave lowers the minimum per listed theme."""
    node = ("{id: gebieden, title: Per rechtsgebied, total_per_listed_theme: {attribute: rg, "
            "min: 10, prorate: {by: months_registered, term_months: 48, leave: {illness: 6}}, "
            "round: whole}}")
    ill = (vk.Leave(id="l", start="2020-01-01", end="2021-12-31", kind="illness"),)
    who = person(activities=[_t("a1", 5, "t1")], attributes={"rg": "t1"}, leaves=ill)
    r = root(rules_for(node), who)
    assert r.met and r.required == 5 and r.detail["short"] == {}


# -- population: the columnar form agrees with assess --


def _both(rules: vk.RuleSet, people: list[vk.Professional]) -> vk.PopulationResult:
    """Simulate ``people`` and check every person's node against ``assess``'s, exactly."""
    result = simulate(Population.from_professionals(people), rules, ON)
    assert "total_per_listed_theme" not in result.fallbacks
    col = result.columns["gebieden"]
    for i, who in enumerate(people):
        own = root(rules, who)
        assert (bool(col.met[i]), float(col.actual[i]), float(col.required[i]),
                float(col.shortfall[i])) == (own.met, own.actual, own.required,
                                             own.shortfall), who.id
    return result


def _people(*lists: str | None) -> list[vk.Professional]:
    acts = (_t("a1", 6, "t1", "t2"), _t("a2", 7, "t2"), _t("a3", 3, "t4"))
    return [person(activities=acts, ident=f"p{k}",
                   attributes={} if listed is None else {"rg": listed})
            for k, listed in enumerate(lists)]


def test_population_empty_list_requires_nothing():
    """An empty, blank or missing list is met with nothing required, in both evaluators."""
    result = _both(rules_for(_NODE % 10), _people("", " ; ,", None))
    assert list(result.columns["gebieden"].required) == [0, 0, 0]


def test_population_activity_on_two_listed_themes_counts_for_both():
    """An activity covering two listed themes counts for each, in full, as assess counts it."""
    result = _both(rules_for(_NODE % 13), _people("t1;t2", "t2", "t1, t3", "t2;t2;t4"))
    col = result.columns["gebieden"]
    assert list(col.actual) == [6 + 13, 13, 6, 13 + 3]
    assert list(col.met) == [False, True, False, False]


def test_population_without_the_attribute_requires_nothing():
    """A population without the attribute column: everyone met, nothing required."""
    _both(rules_for(_NODE % 10), _people(None, None))


def test_population_unknown_theme_is_the_same_error():
    """A listed theme the rules lack stops the evaluation with assess's DataError, naming the
    first such person and the attribute."""
    rules = rules_for(_NODE % 10)
    people = _people("t1", "t1; zeerecht", "vreemd")
    with pytest.raises(vk.DataError) as own:
        root(rules, people[1])
    with pytest.raises(vk.DataError) as found:
        simulate(Population.from_professionals(people), rules, ON)
    assert str(found.value) == str(own.value)
    assert found.value.record == "professional p1"
    assert found.value.field == "attributes.rg" and "'zeerecht'" in str(found.value)


def test_population_prorated_minimum_per_theme():
    """The minimum per listed theme is prorated per person as assess prorates it."""
    node = ("{id: gebieden, title: Per rechtsgebied, total_per_listed_theme: {attribute: rg, "
            "min: 10, prorate: {by: months_registered, term_months: 48, leave: {illness: 6}}, "
            "round: %s}}")
    ill = (vk.Leave(id="l", start="2020-01-01", end="2021-06-30", kind="illness"),)
    people = [person(activities=[_t("a1", 6.2, "t1"), _t("a2", 9, "t2")], ident=f"p{k}",
                     attributes={"rg": "t1;t2"}, leaves=ill if k % 2 else ())
              for k in range(4)]
    for rounding in ("whole", "hundredth"):
        col = _both(rules_for(node % rounding), people).columns["gebieden"]
        assert col.required[0] > col.required[1]


def test_population_hours_counted_or_not_listed():
    """Where the hours go: counted in full when on a listed theme, else theme_not_listed."""
    result = _both(rules_for(_NODE % 10), _people("t1", "t4"))
    sums = hour_sums(result, "gebieden")
    table = {r: [int(x) for x in sums.counted[:, k]] for k, r in enumerate(sums.reasons)}
    amounts = {r: [int(x) for x in sums.amount[:, k]] for k, r in enumerate(sums.reasons)}
    assert table["counted"] == [600, 300]
    assert amounts["theme_not_listed"] == [1000, 1300]
