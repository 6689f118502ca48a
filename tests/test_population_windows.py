"""Window assignment: found once per population and cycle shape, and given to a threshold
variant through the memo, never to a rule set whose terms differ."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from population_strategies import ON, population, rule_text
from vakmanschap.engine.columnar.memo import ColumnarMemo
from vakmanschap.errors import VakmanschapError
from vakmanschap.population import Population, simulate
from vakmanschap.population.generate import generate
from vakmanschap.population.windows import Assignment, assign, assign_through, cycle_shape

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FIELDS = ("plan", "start", "end", "incl", "params_on", "decided", "due")


def _same_assignment(a: Assignment, b: Assignment) -> None:
    """Every per-person array and the plans' version ids and groups are equal."""
    for name in FIELDS:
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.level.tolist() == b.level.tolist()
    assert [p.label for p in a.plans] == [p.label for p in b.plans]


def test_a_threshold_variant_takes_the_baselines_assignment() -> None:
    """A changed minimum keeps the cycle shape: the variant is given the baseline's arrays
    (the same objects), its plans holding the variant's own versions."""
    rules = vk.load_rules("rijksambtenaar")
    variant = rules.with_changes({"formeel.min": 100})
    assert cycle_shape(variant) == cycle_shape(rules)
    pop = generate(200, 3, rules)
    memo = ColumnarMemo()
    base = simulate(pop, rules, "2033-01-01", memo=memo)
    found = assign_through(memo, pop, variant, date(2033, 1, 1))
    assert found.start is base.assignment.start and found.plan is base.assignment.plan
    assert all(plan.version in variant.versions for plan in found.plans)
    _same_assignment(found, assign(pop, variant, date(2033, 1, 1)))


def test_without_a_memo_the_assignment_is_found_afresh() -> None:
    """No memo: :func:`assign_through` is :func:`assign`."""
    rules = vk.load_rules("rijksambtenaar")
    pop = generate(50, 4, rules)
    _same_assignment(assign_through(None, pop, rules, date(2033, 1, 1)),
                     assign(pop, rules, date(2033, 1, 1)))


@SETTINGS
@given(text=rule_text(), people=population(), on=ON, years=st.integers(1, 6),
       months=st.integers(0, 11))
def test_a_changed_term_reuses_no_assignment(text: str, people: list[vk.Professional],
                                             on: date, years: int, months: int) -> None:
    """Random rule files and people, the term length changed: the cycle shape differs, the
    baseline's assignment is not reused, and the variant through the memo is its own fresh
    assignment and evaluation; a population with the same people but another store, or
    another date, is assigned afresh too."""
    rules = vk.parse_rules(text, "generated.yaml")
    try:
        variant = rules.with_changes({"cycle.years": years, "cycle.months": months})
    except VakmanschapError:
        assume(False)
    assume(cycle_shape(variant) != cycle_shape(rules))
    pop = Population.from_professionals(people)
    memo = ColumnarMemo()
    try:
        base = simulate(pop, rules, on, memo=memo)
        fresh = simulate(pop, variant, on)
    except VakmanschapError:
        assume(False)
    through = simulate(pop, variant, on, memo=memo)
    assert through.assignment.start is not base.assignment.start
    _same_assignment(through.assignment, fresh.assignment)
    assert np.array_equal(through.met, fresh.met)
    other = Population.from_professionals(people)
    assert assign_through(memo, other, rules, on).start is not base.assignment.start
    later = date.fromordinal(on.toordinal() + 1)
    _same_assignment(assign_through(memo, pop, rules, later), assign(pop, rules, later))
