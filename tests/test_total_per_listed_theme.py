"""Tests for ``total_per_listed_theme``: a minimum per theme on the professional's own list."""

from __future__ import annotations

from typing import Any

import pytest

import vakmanschap as vk
from helpers import act, person, root, rules_for
from vakmanschap.engine.primitives import REGISTRY

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
