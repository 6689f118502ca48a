"""Tests for the sweeper: a swept rule below a ``carry_over`` (whose outcome reads amounts of
its requirement, in the window and in the period before) is recomputed with the carry-over."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import FILE, act, person, rule_text
from vakmanschap.population import Population, simulate
from vakmanschap.population.sweep import sweep
from vakmanschap.population.sweeper import Sweeper
from vakmanschap.rules.change_keys import parse_change_key

ON = date(2022, 12, 31)  # the last day of the calendar year 2022; the year before is 2021

#: The requirement the carry-over makes good (``%s``: its parameters).
_INNER = {
    "total": "total: {min: %(min)s}",
    "total_capped_per_period": ("total_capped_per_period: {min: %(min)s, cap: %(cap)s, "
                                "every: {months: 6}}"),
    "count": "count: {min: %(whole)s}",
}


def _rules(inner: str = "total", *, min_: float = 20, cap: float = 30, max_: float = 10,
           wrapped: bool = False) -> vk.RuleSet:
    """A one-year cycle on calendar years whose requirement ``jaar`` is made good by at most
    ``max_`` of last year's surplus (``po``); ``wrapped`` puts that under an ``at_least``
    (``alles``, two of two) with a second total (``ander``), so that a counting node sits
    above it."""
    body = _INNER[inner] % {"min": min_, "cap": cap, "whole": int(min_)}
    node = ("{id: po, title: PO, carry_over: {max: " + str(max_)
            + ", requires: {id: jaar, title: Jaar, " + body + "}}}")
    if wrapped:
        node = ("{id: alles, title: Alles, at_least: {k: 2, of: [" + node
                + ", {id: ander, title: Ander, total: {min: 1, categories: [informeel]}}]}}")
    text = rule_text(node, years=1).replace(
        "cycle: {years: 1, months: 0, next_due: from_decision}",
        "cycle: {years: 1, grid: 2020-01-01}")
    return vk.parse_rules(text, FILE)


def _check(rules: vk.RuleSet, people: list[vk.Professional], key: str,
           values: list[float]) -> list[int]:
    """Sweep ``key`` and compare each count with evaluating the variant in full and with
    assessing each person one by one; the counts."""
    pop = Population.from_professionals(people)
    result = sweep(pop, rules, key, values, ON)
    base = simulate(pop, rules, ON).met
    for i, value in enumerate(values):
        variant_rules = rules.with_changes({key: value})
        variant = simulate(pop, variant_rules, ON)
        one_by_one = [variant_rules.assess(p, ON).met for p in people]
        assert variant.met.tolist() == one_by_one, (key, value)
        assert int(result.met[i]) == int(variant.met.sum()), (key, value)
        assert int(result.loses[i]) == int((base & ~variant.met).sum()), (key, value)
    return [int(m) for m in result.met]


def test_minimum_under_a_carry_over_counts_the_carried_amount() -> None:
    """Twenty-eight last year and sixteen now: with a minimum of 22 the surplus of six is
    carried and the person meets it (the sweep used to say not met for 20 and 22)."""
    people = [person([act("a0", "2021-03-01", 28), act("a1", "2022-03-01", 16)])]
    assert _check(_rules(), people, "jaar.min", [16, 20, 22, 24]) == [1, 1, 1, 0]


def test_cap_per_period_under_a_carry_over_counts_the_carried_amount() -> None:
    """The shape seen failing: cap 0.5 and minimum 0.25 per year, 1 hour last year (0.5
    counts, surplus 0.25) and nothing now: the carried 0.25 meets the minimum exactly."""
    people = [person([act("a0", "2021-03-01", 1)])]
    rules = _rules("total_capped_per_period", min_=0.25, cap=0.5, max_=10)
    assert _check(rules, people, "jaar.min", [0.25, 0.26]) == [1, 0]
    assert _check(rules, people, "jaar.cap", [0.25, 0.5, 0.75]) == [0, 1, 1]


def test_cap_per_period_swept_at_the_boundary_of_the_carried_amount() -> None:
    """Sixteen now and twenty-eight last year in one half-year: under a cap of 20 last year
    leaves no surplus over the minimum of 20, under 24 a surplus of four fills the shortfall
    of four exactly."""
    people = [person([act("a0", "2021-03-01", 28), act("a1", "2022-03-01", 16)])]
    rules = _rules("total_capped_per_period")
    assert _check(rules, people, "jaar.cap", [10, 16, 20, 23.99, 24, 30]) == [0, 0, 0, 0, 1, 1]


def test_counting_nodes_above_the_carry_over_still_count_it() -> None:
    """With the carry-over under an ``at_least`` (and a second rule met), the sweep of the
    inner minimum still counts the carried amount, also together with the ``at_least``'s
    own closed form (``k``)."""
    people = [person([act("a0", "2021-03-01", 28), act("a1", "2022-03-01", 16),
                      act("b1", "2022-05-01", 2, category="informeel")])]
    rules = _rules(wrapped=True, min_=19)
    assert _check(rules, people, "jaar.min", [20, 22, 24]) == [1, 1, 0]
    assert _check(rules, people, "alles.k", [1, 2]) == [1, 1]
    pop = Population.from_professionals(people)
    grid = sweep(pop, rules, "jaar.min", [20, 24], ON, parameter2="alles.k", values2=[1, 2])
    assert grid.met.tolist() == [[1, 1], [1, 0]]


def test_the_carry_over_is_the_swept_target_for_a_rule_below_it() -> None:
    """A rule below a carry-over is swept by evaluating the carry-over again (no closed
    form, no breakpoints): the sweeper's target is ``po``, not ``jaar``."""
    people = [person([act("a0", "2021-03-01", 28), act("a1", "2022-03-01", 16)])]
    result = simulate(Population.from_professionals(people), _rules(), ON)
    sweeper = Sweeper(result, [parse_change_key("jaar.min")])
    assert [(t.columns.id, t.closed_form) for t in sweeper.targets] == [("po", False)]
    assert sweeper.direction("jaar.min") == 0


_AMOUNT = st.one_of(st.integers(0, 12).map(lambda k: k / 4),
                    st.integers(0, 300).map(lambda k: k / 100))
_DAYS = st.sampled_from([date(2021, 2, 1), date(2021, 7, 1), date(2021, 12, 31),
                         date(2022, 1, 1), date(2022, 6, 30), date(2022, 7, 1),
                         date(2022, 12, 31)])


@st.composite
def _people(draw: st.DrawFn) -> list[vk.Professional]:
    """One to five people with up to five activities in 2021 and 2022 (half-year edges
    included), amounts in quarters or hundredths."""
    out = []
    for k in range(draw(st.integers(1, 5))):
        acts = [act(f"a{i}", draw(_DAYS), draw(_AMOUNT),
                    category=draw(st.sampled_from(["formeel", "informeel"])))
                for i in range(draw(st.integers(0, 5)))]
        out.append(person(acts, ident=f"p{k}"))
    return out


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(inner=st.sampled_from(sorted(_INNER)), people=_people(), wrapped=st.booleans(),
       params=st.tuples(_AMOUNT, _AMOUNT, _AMOUNT), data=st.data())
def test_sweep_below_a_carry_over_equals_full_evaluation(
        inner: str, people: list[vk.Professional], wrapped: bool,
        params: tuple[float, float, float], data: st.DataObject) -> None:
    """Sweeping any parameter of a carry-over or of the requirement it makes good (minimum,
    cap per period, most carried; hundredths and exact boundaries) equals evaluating each
    variant in full, which equals assessing each person."""
    min_, cap, max_ = params
    rules = _rules(inner, min_=min_, cap=cap, max_=max_, wrapped=wrapped)
    keys = ["jaar.min", "po.max"] + (["jaar.cap"] if inner == "total_capped_per_period"
                                     else [])
    key = data.draw(st.sampled_from(keys))
    # values at the people's own amounts hit the boundaries exactly
    sums: list[float] = [round(sum(a.hours or 0 for a in p.activities), 2) for p in people]
    pool: Any = _AMOUNT if inner != "count" or key != "jaar.min" else st.integers(0, 6)
    values = data.draw(st.lists(st.one_of(pool, st.sampled_from(sums)) if pool is _AMOUNT
                                else pool, min_size=1, max_size=4))
    _check(rules, people, key, values)


def test_a_grid_of_the_carry_over_and_the_rule_below_it() -> None:
    """Sweeping the most carried and the minimum below it together makes one target (the
    carry-over, holding both), and the grid equals evaluating each pair in full."""
    people = [person([act("a0", "2021-03-01", 28), act("a1", "2022-03-01", 16)], ident="p1"),
              person([act("b0", "2021-03-01", 21), act("b1", "2022-03-01", 19)], ident="p2")]
    rules = _rules(wrapped=False)
    pop = Population.from_professionals(people)
    result = simulate(pop, rules, ON)
    sweeper = Sweeper(result, [parse_change_key("jaar.min"), parse_change_key("po.max")])
    assert [(t.columns.id, sorted(t.names)) for t in sweeper.targets] == [
        ("po", ["max", "min"])]
    grid = sweep(pop, rules, "jaar.min", [18, 20, 22], ON, parameter2="po.max",
                 values2=[0, 1, 6])
    full = [[int(simulate(pop, rules.with_changes({"jaar.min": v, "po.max": w}), ON)
                 .met.sum()) for w in (0, 1, 6)] for v in (18, 20, 22)]
    assert grid.met.tolist() == full == [[1, 1, 2], [0, 1, 2], [0, 0, 1]]


def test_nova_yearly_minimum_swept_equals_full_evaluation() -> None:
    """NOvA's 20 points a year (``po-jaar``, below the carry-over ``po-totaal``): the sweep of
    its minimum equals evaluating each variant (before the fix it missed the people whose
    surplus of the year before fills their shortfall)."""
    from vakmanschap.population.generate import generate

    rules = vk.load_rules("nova")
    pop = generate(400, 3, rules)
    values = [1, 20, 30]
    result = sweep(pop, rules, "po-jaar.min", values, "2026-12-31")
    assert result.met.tolist() == [
        int(simulate(pop, rules.with_changes({"po-jaar.min": v}), "2026-12-31").met.sum())
        for v in values]
