"""Tests for vakmanschap.population.result_columns: the per-requirement columns of a result."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import HealthCheck, given, settings

import vakmanschap as vk
from population_strategies import ON, population, rule_text
from vakmanschap.population import simulate
from vakmanschap.population.generate import generate
from vakmanschap.population.store import Population


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=rule_text(), people=population(), on=ON)
def test_outcomes_are_the_bool_part_of_the_columns(text: str, people: list[vk.Professional],
                                                   on: date) -> None:
    """outcomes() equals applies, met and failed of the full columns, and each shortfall
    where failed equals the full column's, for any rule file and population."""
    rules = vk.parse_rules(text)
    try:
        light = simulate(Population.from_professionals(people), rules, on)
        full = simulate(Population.from_professionals(people), rules, on)
        outcomes = light.outcomes()
    except vk.VakmanschapError:
        return
    columns = full.columns
    assert list(outcomes) == list(columns)
    for key, col in columns.items():
        got = outcomes[key]
        assert np.array_equal(got.applies, col.applies)
        assert np.array_equal(got.met, col.met)
        assert np.array_equal(got.failed, col.failed)
    for key, short in zip(columns, light.shortfalls_where_failed(list(columns)), strict=True):
        col = columns[key]
        expected = np.where(col.failed, np.nan_to_num(col.shortfall, nan=0.0), 0.0)
        assert np.array_equal(short, expected)


def test_outcomes_follow_columns_once_built() -> None:
    """After the full columns are built, outcomes() reads them instead of building again."""
    people = generate(200, 1, vk.builtin_rules("srpo"), start=date(2021, 1, 1))
    result = simulate(people, vk.builtin_rules("srpo"), date(2025, 6, 1))
    columns = result.columns
    for key, got in result.outcomes().items():
        assert got.met is columns[key].met
