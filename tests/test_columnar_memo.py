"""Reusing a baseline's node columns for a variant: only what changed is evaluated again, and
nothing is reused across a changed rule, population or date."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from population_strategies import ON, population, rule_text
from vakmanschap.engine.columnar.memo import ColumnarMemo
from vakmanschap.errors import VakmanschapError
from vakmanschap.population import Population, simulate
from vakmanschap.population.compare import compare
from vakmanschap.population.generate import generate
from vakmanschap.population.result import PopulationResult

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _same_results(a: PopulationResult, b: PopulationResult) -> None:
    """Every column of ``a`` equals the one of ``b`` (NaN equal to NaN), keys in order."""
    assert list(a.columns) == list(b.columns)
    for key, ca in a.columns.items():
        cb = b.columns[key]
        for name in ("applies", "met", "failed"):
            assert np.array_equal(getattr(ca, name), getattr(cb, name)), (key, name)
        for name in ("actual", "required", "shortfall"):
            assert np.array_equal(getattr(ca, name), getattr(cb, name), equal_nan=True), (
                key, name)
    assert np.array_equal(a.met, b.met)
    assert a.status.tolist() == b.status.tolist()


def _changes(rules: vk.RuleSet, pick: int, value: int) -> dict[str, Any]:
    """One numeric parameter of some node of the first version, set to ``value``."""
    names = [f"{node.id}.{name}" for root in rules.versions[0].requirements()
             for node in root.walk() for name in node.parameters() if "." not in name]
    assume(names)
    return {names[pick % len(names)]: value}


@SETTINGS
@given(text=rule_text(), people=population(), on=ON, pick=st.integers(0, 50),
       value=st.integers(0, 60))
def test_variant_through_the_memo_equals_its_own_evaluation(
        text: str, people: list[vk.Professional], on: date, pick: int, value: int) -> None:
    """Random rule files, people and a changed parameter: the variant evaluated through the
    baseline's memo gives exactly what a fresh evaluation of the variant gives."""
    rules = vk.parse_rules(text, "generated.yaml")
    try:
        variant = rules.with_changes(_changes(rules, pick, value))
    except VakmanschapError:
        assume(False)
    pop = Population.from_professionals(people)
    memo = ColumnarMemo()
    try:  # people the rules cannot judge (a rule needs a date they lack) are refused
        base = simulate(pop, rules, on, memo=memo)
        simulate(pop, variant, on)
    except VakmanschapError:
        assume(False)
    _same_results(base, simulate(pop, rules, on))
    _same_results(simulate(pop, variant, on, memo=memo), simulate(pop, variant, on))
    comparison = compare(pop, base, variant, on)
    _same_results(comparison.variant, simulate(pop, variant, on))


@SETTINGS
@given(text=rule_text(), people=population(), on=ON, hours=st.integers(1, 40))
def test_a_changed_population_or_date_reuses_nothing(
        text: str, people: list[vk.Professional], on: date, hours: int) -> None:
    """A baseline recorded for one population (or date) gives nothing to another population
    with one activity changed (or another date): no hit, and the same result as fresh."""
    rules = vk.parse_rules(text, "generated.yaml")
    pop = Population.from_professionals(people)
    memo = ColumnarMemo()
    try:
        simulate(pop, rules, on, memo=memo)
    except VakmanschapError:
        assume(False)
    first = people[0]
    changed = [attrs.evolve(first, activities=(
        *first.activities, vk.Activity(id="extra", on=on, category="formeel",
                                       hours=hours, accredited=True))), *people[1:]]
    other = Population.from_professionals(changed)
    _same_results(simulate(other, rules, on, memo=memo), simulate(other, rules, on))
    later = date.fromordinal(on.toordinal() + 1)
    _same_results(simulate(pop, rules, later, memo=memo), simulate(pop, rules, later))
    assert memo.hits == 0


def test_a_threshold_change_reuses_every_unchanged_node() -> None:
    """Changing one minimum of the civil-servant rules evaluates that node and its
    ancestors again and reuses the baseline's columns of every other node."""
    rules = vk.load_rules("rijksambtenaar")
    pop = generate(300, 5, rules)
    memo = ColumnarMemo()
    simulate(pop, rules, "2033-01-01", memo=memo)
    variant = rules.with_changes({"formeel.min": 100})
    result = simulate(pop, variant, "2033-01-01", memo=memo)
    _same_results(result, simulate(pop, variant, "2033-01-01"))
    assert memo.hits >= 3 and memo.misses >= 1


def test_compare_refuses_a_base_result_of_another_population() -> None:
    """A base result evaluated for another population is refused, not silently compared."""
    rules = vk.load_rules("rijksambtenaar")
    base = simulate(generate(20, 1, rules), rules, "2033-01-01", memo=ColumnarMemo())
    with pytest.raises(ValueError, match="another population"):
        compare(generate(20, 2, rules), base, rules, "2033-01-01")


@SETTINGS
@given(text=rule_text(), people=population(), on=ON)
def test_a_changed_reclassification_reuses_no_shared_view(
        text: str, people: list[vk.Professional], on: date) -> None:
    """A variant whose unaccredited formal activities stay formal (no reclassification) is
    given its own per-activity categories, not the baseline's (kept in the memo): the same
    result as a fresh evaluation."""
    moved = text.replace("    if_unaccredited: informeel\n", "")
    assume(moved != text)
    rules, variant = vk.parse_rules(text, "a.yaml"), vk.parse_rules(moved, "b.yaml")
    pop = Population.from_professionals(people)
    memo = ColumnarMemo()
    try:
        simulate(pop, rules, on, memo=memo)
        fresh = simulate(pop, variant, on)
    except VakmanschapError:
        assume(False)
    _same_results(simulate(pop, variant, on, memo=memo), fresh)
    assert memo.hits == 0


def test_a_parameter_variant_takes_the_baselines_categories() -> None:
    """A threshold change takes the per-activity categories the baseline built (the same
    array), and gives what a fresh evaluation gives."""
    rules = vk.load_rules("rijksambtenaar")
    pop = generate(200, 3, rules)
    memo = ColumnarMemo()
    simulate(pop, rules, "2033-01-01", memo=memo)
    kept = dict(memo._views)
    assert "effective_category" in kept
    variant = rules.with_changes({"formeel.min": 100})
    result = simulate(pop, variant, "2033-01-01", memo=memo)
    _same_results(result, simulate(pop, variant, "2033-01-01"))
    assert memo._views["effective_category"] is kept["effective_category"]


_MOVED = """
register: t
title: T
source: test
unit: hours
categories:
  formeel: {title: Formeel, if_unaccredited: informeel}
  informeel: Informeel
versions:
  - id: v
    title: V
    valid_from: 2000-01-01
    source: test
    cycle: {years: 5}
    reregistration: {id: formeel, title: Formeel, total: {min: 5, categories: [formeel]}}
"""


def test_a_rule_set_without_the_reclassification_counts_unaccredited_formal_hours() -> None:
    """Through the baseline's memo, a rule set that no longer reclassifies unaccredited
    formal activities counts them as formal (the baseline's categories are not reused)."""
    person = vk.Professional(
        id="p", activities=[vk.Activity(id="a", on="2021-01-01", category="formeel", hours=10,
                                        accredited=False)],
        events=[vk.RegisterEvent(id="r", kind="registered", on="2020-01-01")])
    pop = Population.from_professionals([person])
    rules = vk.parse_rules(_MOVED)
    variant = vk.parse_rules(_MOVED.replace(", if_unaccredited: informeel", ""))
    memo = ColumnarMemo()
    assert not simulate(pop, rules, "2024-01-01", memo=memo).met[0]
    assert simulate(pop, variant, "2024-01-01", memo=memo).met[0]


def test_a_changed_minimum_of_a_total_is_judged_from_the_baselines_sums() -> None:
    """R1's ``totaal.min`` changed: the variant's ``totaal`` is judged from the baseline's
    sums (no pass over the activities) and equals a fresh evaluation; a changed category
    cap changes the sums, so it is evaluated afresh."""
    rules = vk.load_rules(Path(__file__).parent.parent / "benchmarks" / "r1.yaml")
    pop = generate(300, 7, rules)
    memo = ColumnarMemo()
    simulate(pop, rules, "2033-01-01", memo=memo)
    for changes, judged in (({"totaal.min": 120}, 1), ({"totaal.min": 170, "formeel.min": 90}, 3),
                            ({"totaal.cap_per_category.informeel": 10}, 3)):
        variant = rules.with_changes(changes)
        _same_results(simulate(pop, variant, "2033-01-01", memo=memo),
                      simulate(pop, variant, "2033-01-01"))
        assert memo.rethresholded == judged, changes
