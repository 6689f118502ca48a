"""Solving backwards: the parameter value that meets a pass-rate or cost target."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import vakmanschap as vk
from vakmanschap.errors import RuleError
from vakmanschap.population import simulate
from vakmanschap.population.cost_model import load_cost_model
from vakmanschap.population.solve import parse_target, solutions_table, solve

SHIPPED = Path(__file__).parent.parent / "rules" / "costs" / "rijksambtenaar.yaml"
ON = "2030-01-01"


@pytest.fixture(scope="module")
def demo() -> tuple[Any, Any]:
    from vakmanschap.population.generate import generate

    rules = vk.load_rules("rijksambtenaar").with_changes(
        {"themas.min": 0, "formeel.min": 0, "reflectie.allow_missed": 4})
    return rules, generate(500, 7, rules)


def test_solve_meets_a_pass_rate_target_put_back_through_simulate(
        demo: tuple[Any, Any]) -> None:
    """The value found meets the target in simulate, and the next stricter value does not."""
    rules, pop = demo
    (found,) = solve(pop, rules, "totaal.min", "pass_rate=0.30", ON)
    assert found.value is not None and "monotone" in found.method
    again = simulate(pop, rules.with_changes({"totaal.min": found.value}), ON)
    assert again.pass_rate >= 0.30 and again.pass_rate == pytest.approx(found.achieved)
    stricter = simulate(pop, rules.with_changes({"totaal.min": found.value + 1}), ON)
    assert stricter.pass_rate < 0.30


def test_solve_per_group(demo: tuple[Any, Any]) -> None:
    """Per group, each value found meets the target for that group."""
    rules, pop = demo
    found = solve(pop, rules, "totaal.min", "pass_rate>=25%", ON, by="part_time")
    assert len(found) == 2
    for solution in found:
        assert solution.value is not None
        result = simulate(pop, rules.with_changes({"totaal.min": solution.value}), ON)
        members = pop.attributes["part_time"].astype(str) == solution.group["part_time"]
        rate = (result.met & members).sum() / (result.assessed & members).sum()
        assert rate >= 0.25
    assert "part_time" in str(solutions_table(found))


def test_unreachable_target_says_so(demo: tuple[Any, Any]) -> None:
    """A target no value of the grid meets gives no value and the best achieved."""
    rules, pop = demo
    (found,) = solve(pop, rules, "totaal.min", "pass_rate=0.99", ON, values=range(0, 50, 10))
    assert found.value is None and "no value" in found.method and found.achieved < 0.99


def test_cost_target_by_bisection(demo: tuple[Any, Any]) -> None:
    """A cost target is met by the largest minimum whose gaps cost at most the amount."""
    rules, pop = demo
    model = load_cost_model(SHIPPED)
    (loose,) = solve(pop, rules, "totaal.min", "cost<=1e12", ON, model=model,
                     values=range(100, 201, 10))
    assert loose.value == 200 and "bisection" in loose.method
    (middle,) = solve(pop, rules, "totaal.min", f"cost<={loose.achieved / 2}", ON,
                      model=model, values=range(100, 201, 10))
    assert middle.value is not None and middle.value < 200
    assert middle.achieved <= loose.achieved / 2


def test_a_parameter_that_is_not_monotone_is_searched_value_by_value(
        demo: tuple[Any, Any]) -> None:
    """Without a closed form the sweep evaluates every value and the method says so."""
    rules, pop = demo
    (found,) = solve(pop, rules, "eed-of-belofte.within_months_of_entry", "pass_rate>=0.0",
                     ON, values=[1, 3, 6])
    assert found.value == 3 and found.current == 3
    assert "not known to be monotone" in found.method and "every value" in found.method


@pytest.mark.parametrize("text", ["pass_rate", "pass_rate=2", "cost>=x", "rate=0.5"])
def test_bad_targets_are_refused(text: str) -> None:
    """A target that is not 'pass_rate=0.9' or 'cost<=N' is an error showing the forms."""
    with pytest.raises(RuleError, match="pass_rate"):
        parse_target(text)


def test_cost_target_needs_a_model(demo: tuple[Any, Any]) -> None:
    """A cost target without a cost model is refused."""
    rules, pop = demo
    with pytest.raises(RuleError, match="cost model"):
        solve(pop, rules, "totaal.min", "cost<=100", ON, values=[1, 2])
