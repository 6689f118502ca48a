"""Tests for the ``carry_over`` primitive: a shortfall made good with last period's surplus."""

from __future__ import annotations

from typing import Any

import pytest

import vakmanschap as vk
from helpers import FILE, act, person, root, rule_text

_NODE = ("{id: po, title: PO, carry_over: {max: %s, requires: "
         "{id: jaar, title: Jaar, total: {min: 20}}}}")


def _rules(max_: str = "10") -> vk.RuleSet:
    text = rule_text(_NODE % max_, years=1).replace(
        "cycle: {years: 1, months: 0, next_due: from_decision}",
        "cycle: {years: 1, grid: 2020-01-01}")
    return vk.parse_rules(text, FILE)


def _who(*activities: Any) -> vk.Professional:
    return person(activities=list(activities), registered="2020-01-01")


def test_met_without_carry_over():
    """Twenty points in the year meet the minimum with nothing carried."""
    r = root(_rules(), _who(act("a1", "2022-03-01", 20)), "2022-12-31")
    assert r.met and r.detail["actual_amount"] == 20 and r.detail["carried"] == 0


def test_surplus_of_last_year_fills_the_shortfall():
    """Twenty-eight last year (surplus eight) and sixteen now: four are carried."""
    r = root(_rules(), _who(act("a0", "2021-03-01", 28), act("a1", "2022-03-01", 16)),
                             "2022-12-31")
    assert r.met and r.detail["actual_amount"] == 20 and r.detail["carried"] == 4


def test_carry_over_is_capped():
    """At most ``max`` of the surplus is carried."""
    r = root(_rules(), _who(act("a0", "2021-03-01", 60), act("a1", "2022-03-01", 5)),
                             "2022-12-31")
    assert not r.met and r.detail["actual_amount"] == 15 and r.children[0].shortfall == 15


def test_only_the_previous_period_counts():
    """A surplus of two periods back is not carried."""
    r = root(_rules(), _who(act("a0", "2020-03-01", 60), act("a1", "2022-03-01", 15)),
                             "2022-12-31")
    assert not r.met and r.detail["carried"] == 0


def test_bad_max_is_reported():
    """A negative maximum is a rule error with its location."""
    with pytest.raises(vk.RuleFileError, match=r"carry_over.max: must be >= 0"):
        _rules("-1")


def test_phrase_says_what_the_carry_over_did():
    """Its line says what was carried, that none was needed, or that there was no surplus,
    never nothing at all."""
    rules = _rules()
    node = rules.versions[0].reregistration
    assert node is not None
    cases = [(_who(act("a0", "2021-03-01", 28), act("a1", "2022-03-01", 16)),
              "4 overgeheveld uit de vorige periode", "4 carried over from the previous period"),
             (_who(act("a1", "2022-03-01", 20)),
              "voldaan zonder overheveling", "met without carry-over"),
             (_who(act("a1", "2022-03-01", 15)),
              "geen overschot uit de vorige periode om het tekort aan te vullen",
              "no surplus from the previous period to make up the shortfall")]
    for who, nl, en in cases:
        r = root(rules, who, "2022-12-31")
        assert (node.phrase(r, "nl"), node.phrase(r, "en")) == (nl, en)
        assert f"PO: {nl}" in rules.assess(who, "2022-12-31").explain()
