"""Sweeps reuse one evaluation and still equal evaluating each variant in full."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from population_strategies import ON, population, rule_text
from vakmanschap.engine.overlay import parameter_paths
from vakmanschap.errors import DataError, RuleError
from vakmanschap.population import Population, simulate
from vakmanschap.population.sweep import sweep

VALUES = st.lists(st.sampled_from([0, 0.25, 0.5, 1, 2, 3, 4.5, 8, 40, 120, 160]),
                  min_size=1, max_size=4)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=rule_text(), people=population(), on=ON, data=st.data())
def test_sweep_equals_full_evaluation_of_each_variant(text: str, people: list[vk.Professional],
                                                      on: date, data: st.DataObject) -> None:
    """For any parameter (or pair) and values, sweep counts equal with_changes evaluations."""
    rules = vk.parse_rules(text)
    paths = sorted(parameter_paths(rules))
    if not paths:
        return
    pop = Population.from_professionals(people)
    try:
        simulate(pop, rules, on)
    except DataError:
        return
    first = data.draw(st.sampled_from(paths))
    scoped = data.draw(st.booleans())
    key = first if scoped else first.split(":", 1)[1]
    values = data.draw(VALUES)
    second = data.draw(st.sampled_from([None, *paths]))
    key2 = None if second is None or second.split(":", 1)[1] == key.split(":")[-1] else \
        second.split(":", 1)[1]
    values2 = data.draw(VALUES) if key2 else []
    try:
        result = sweep(pop, rules, key, values, on, parameter2=key2, values2=values2)
    except RuleError:  # a value the parameter does not take (e.g. 0.5 for a count)
        with pytest.raises(RuleError):
            for v in values:
                for w in values2 or [None]:
                    rules.with_changes({key: v, **({key2: w} if key2 else {})})
        return
    for i, v in enumerate(values):
        for j, w in enumerate(values2 or [None]):
            changes = {key: v, **({key2: w} if key2 else {})}
            variant = simulate(pop, rules.with_changes(changes), on)
            index = (i,) if key2 is None else (i, j)
            assert result.met[index] == int(variant.met.sum()), (changes, index)
            base = simulate(pop, rules, on).met
            assert result.loses[index] == int((base & ~variant.met).sum())



def test_sweep_curve_is_monotone_and_grouped() -> None:
    """Raising a minimum never lets more people pass; group counts add up to the total."""
    from vakmanschap.population.generate import generate

    rules = vk.load_rules("rijksambtenaar")
    pop = generate(400, 3, rules)
    result = sweep(pop, rules, "totaal.min", range(0, 241, 20), "2033-01-01",
                   by="organisation")
    assert (np.diff(result.met) <= 0).all()
    assert (result.group_met.sum(axis=-1) == result.met).all()
    assert result.group_assessed.sum() == result.assessed
    assert "pass_rate" in str(result)
    assert len(result.group_table().rows) == 13
    grid = sweep(pop, rules, "totaal.min", [100, 160], "2033-01-01",
                 parameter2="formeel.min", values2=[40, 80])
    assert grid.met.shape == (2, 2)
    assert grid.met[0, 0] >= grid.met[1, 1]


def test_a_rule_named_like_the_registration_root_is_swept() -> None:
    """A route's rule with the id ``registratie`` is the swept node, not the synthetic root
    of an initial registration that shares its id."""
    from helpers import act, person, rules_for

    rules = rules_for("""
        levels:
          - {level: n1, requires: {id: registratie, title: Registratie, total: {min: 10}}}
          - {level: n2, requires: {id: andere, title: Andere, count: {min: 3}}}
        """, group="registration")
    people = [person([act("a", "2023-06-01", hours)], registered=None, ident=f"p{hours}")
              for hours in (5, 12, 30)]
    people.append(person([act(f"k{k}", "2023-06-01", 1) for k in range(3)], registered=None,
                         ident="other-route"))
    pop = Population.from_professionals(people)
    on = date(2023, 12, 31)
    result = sweep(pop, rules, "registratie.min", [4, 11, 20, 40], on)
    assert result.met.tolist() == [
        int(simulate(pop, rules.with_changes({"registratie.min": v}), on).met.sum())
        for v in (4, 11, 20, 40)] == [4, 3, 2, 1]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=rule_text(root="total_per_listed_theme"), people=population(), on=ON,
       values=VALUES)
def test_sweep_of_the_minimum_per_listed_theme(text: str, people: list[vk.Professional],
                                               on: date, values: list[float]) -> None:
    """Sweeping the minimum per listed theme (re-thresholded from the sums per theme, pro
    rata included) equals evaluating each variant in full."""
    rules = vk.parse_rules(text)
    node = rules.versions[0].reregistration
    assert node is not None and node.key == "total_per_listed_theme"
    pop = Population.from_professionals(people)
    try:
        simulate(pop, rules, on)
    except DataError:
        return
    key = f"{node.id}.min"
    result = sweep(pop, rules, key, values, on)
    for i, v in enumerate(values):
        variant = simulate(pop, rules.with_changes({key: v}), on)
        assert result.met[i] == int(variant.met.sum()), (v, i)
