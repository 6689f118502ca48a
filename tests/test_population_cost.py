"""The cost of a variant: hours to close every gap, hours added or saved, euros in parts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from vakmanschap.errors import RuleError
from vakmanschap.population import simulate
from vakmanschap.population.compare import Comparison, compare, hours_short
from vakmanschap.population.cost import cost_curve, variant_cost
from vakmanschap.population.cost_model import load_cost_model, parse_cost_model

SHIPPED = Path(__file__).parent.parent / "rules" / "costs" / "rijksambtenaar.yaml"
ON = "2030-01-01"


@pytest.fixture(scope="module")
def demo() -> tuple[Any, Any, Any]:
    from vakmanschap.population.generate import generate

    rules = vk.load_rules("rijksambtenaar")
    return rules, generate(400, 5, rules), simulate(generate(400, 5, rules), rules, ON)


def test_parts_add_up_and_gap_hours_are_the_hours_short(demo: tuple[Any, Any, Any]) -> None:
    """Time plus fees is the cost; gap hours are the hours short of those who fail; the
    groups add up to the whole."""
    rules, pop, _ = demo
    model = load_cost_model(SHIPPED)
    comparison = compare(pop, rules, rules.with_changes({"totaal.min": 120}), ON)
    report = variant_cost(comparison, model)
    (row,) = report.table().rows
    assert row["cost_variant"] == pytest.approx(row["time_cost_variant"] + row["fees_variant"])
    assert row["cost_difference"] == pytest.approx(row["cost_variant"] - row["cost_base"])
    short = hours_short(comparison.variant)
    assert row["gap_hours_variant"] == pytest.approx(
        short[~comparison.variant.met].sum(), abs=0.01)
    assert row["saves_hours"] > 0 and row["adds_hours"] == 0
    assert row["fees_variant"] == pytest.approx(50 * row["gap_hours_variant"], abs=0.01)
    grouped = report.table("organisation").rows
    for name in ("assessed", "gap_hours_base", "cost_variant", "saves_hours"):
        assert sum(r[name] for r in grouped) == pytest.approx(row[name], abs=0.05)


def test_a_harder_variant_adds_hours_for_those_who_pass(demo: tuple[Any, Any, Any]) -> None:
    """Raising the minimum makes people who passed add hours and saves none."""
    rules, pop, base = demo
    harder = simulate(pop, rules.with_changes({"totaal.min": 200}), ON)
    (row,) = variant_cost(Comparison(base, harder), load_cost_model(SHIPPED)).table().rows
    assert row["adds_hours"] > 0 and row["saves_hours"] == 0
    assert row["cost_adds"] > 0 and row["cost_difference"] > 0


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(low=st.integers(0, 240), step=st.integers(0, 80))
def test_cost_grows_with_the_minimum(demo: tuple[Any, Any, Any], low: int, step: int) -> None:
    """A higher minimum never costs less to close every gap (monotone cost)."""
    rules, pop, base = demo
    model = load_cost_model(SHIPPED)
    costs = []
    for value in (low, low + step):
        variant = simulate(pop, rules.with_changes({"totaal.min": value}), ON)
        costs.append(variant_cost(Comparison(base, variant), model).table().rows[0])
    assert costs[0]["cost_variant"] <= costs[1]["cost_variant"] + 1e-6
    assert costs[0]["gap_hours_variant"] <= costs[1]["gap_hours_variant"] + 1e-9


def test_cost_curve_has_a_row_per_value_and_group(demo: tuple[Any, Any, Any]) -> None:
    """The sweep's cost table has one row per value and group; the value as given costs
    nothing extra."""
    rules, pop, base = demo
    table = cost_curve(pop, rules, "totaal.min", [120, 160], ON, load_cost_model(SHIPPED),
                       by="part_time", base=base)
    assert len(table.rows) == 4
    assert [r["cost_difference"] for r in table.rows if r["totaal.min"] == 160] == [0, 0]


def test_a_model_for_other_categories_is_refused(demo: tuple[Any, Any, Any]) -> None:
    """A gap category or fee the rules do not know is an error naming the categories."""
    base = demo[2]
    text = SHIPPED.read_text(encoding="utf-8").replace("value: formeel", "value: cursus")
    with pytest.raises(RuleError, match=r"gap_category 'cursus'.*formeel"):
        variant_cost(Comparison(base, base), parse_cost_model(text))


def test_cost_chart_is_written(demo: tuple[Any, Any, Any], tmp_path: Path) -> None:
    """The cost chart is a PNG per group."""
    base = demo[2]
    report = variant_cost(Comparison(base, base), load_cost_model(SHIPPED))
    report.plot("organisation", tmp_path / "cost.png")
    assert (tmp_path / "cost.png").stat().st_size > 1000
    assert np.isclose(report.table().rows[0]["cost_difference"], 0.0)
