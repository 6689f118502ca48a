"""Asking backwards: which value of a parameter meets a target (a pass rate, a cost).

:func:`solve` searches a grid of values of one parameter (``totaal.min``) for the value that
meets a target, overall or per group:

* ``pass_rate>=0.90`` (``pass_rate=0.90`` means the same: at least): the pass rate of every
  value of the grid comes from one :func:`~vakmanschap.population.sweep.sweep`. When the
  parameter is **monotone** (its primitive declares a sweep direction, ``param_info``, and
  has a closed form) the sweep finds each person's breakpoint by binary search, the values
  meeting the target form one run at one end of the grid, and the answer is the value at
  the run's inner edge: the strictest value that still meets the target (for a minimum, the
  largest; for a cap, the smallest). When it is **not known to be monotone** (no declared
  direction, or no closed form to find breakpoints with) the sweep evaluates every
  value of the grid (honestly, no shortcut), the values meeting the target may form several
  runs, and the answer is the value meeting it closest to the current value; the method
  says so.
* ``cost<=EUROS`` (with a cost model): the euros of closing every gap under the value
  (:func:`~vakmanschap.population.cost.variant_cost`, ``cost_variant``). A monotone
  parameter makes the cost monotone too (a higher minimum leaves more people further
  short), so the edge is found by bisection over the grid, about log2(N) evaluations. A
  parameter that is not monotone is refused for a cost target when the grid has more than
  :data:`MAX_GRID_EVALUATIONS` values (each would need its own evaluation).

The result says which value, what it achieves, how it was found, and the curve searched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import attrs
import numpy as np

from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.errors import RuleError
from vakmanschap.model.periods import to_date
from vakmanschap.population.compare import Comparison
from vakmanschap.population.cost import variant_cost
from vakmanschap.population.cost_model import CostModel
from vakmanschap.population.grouping import group_labels
from vakmanschap.population.result import simulate
from vakmanschap.population.store import Population
from vakmanschap.population.sweep import sweep
from vakmanschap.population.tables import Table
from vakmanschap.rules.change_keys import parse_change_key
from vakmanschap.rules.params import Dated

__all__ = ["MAX_GRID_EVALUATIONS", "Solution", "Target", "current_value", "parse_target",
           "solve"]

MAX_GRID_EVALUATIONS = 60
DEFAULT_POINTS = 400  # grid points when no grid is given and the value is not whole

_TARGET = re.compile(r"^\s*(pass_rate|cost)\s*(>=|<=|=)\s*([0-9][0-9.eE+-]*)\s*(%?)\s*$")


@attrs.frozen
class Target:
    """What to meet: ``measure relation value`` (``pass_rate >= 0.9``)."""

    measure: str
    relation: str
    value: float

    def met(self, achieved: Any) -> Any:
        """Whether ``achieved`` (one value or an array) meets the target."""
        achieved = np.asarray(achieved, dtype=np.float64)
        if self.relation == ">=":
            return achieved >= self.value - 1e-12
        return achieved <= self.value + 1e-9

    def __str__(self) -> str:
        return f"{self.measure} {self.relation} {_number(self.value)}"


def _number(value: float) -> str:
    return f"{value:,.10g}" if abs(value) >= 1000 else f"{value:g}"


def parse_target(text: str) -> Target:
    """``pass_rate=0.90``, ``pass_rate>=90%``, ``cost<=250000``; ``=`` means at least for a
    pass rate and at most for a cost."""
    found = _TARGET.match(text)
    if found is None:
        raise RuleError(f"target {text!r}: write pass_rate=0.90 (at least 90 %), "
                        "pass_rate>=90% or cost<=250000 (euros)")
    measure, relation, number, percent = found.groups()
    try:
        value = float(number) / (100.0 if percent else 1.0)
    except ValueError:
        raise RuleError(f"target {text!r}: {number!r} is not a number") from None
    if relation == "=":
        relation = ">=" if measure == "pass_rate" else "<="
    if measure == "pass_rate" and not 0.0 <= value <= 1.0:
        raise RuleError(f"target {text!r}: a pass rate lies between 0 and 1 (or 0% and 100%)")
    return Target(measure, relation, value)


def current_value(rules: RuleSet, parameter: str, on: date) -> float | None:
    """The value of ``parameter`` in the rules on ``on`` (the first rule version that has
    it), or None when it is not a single number."""
    key = parse_change_key(parameter)
    for version in rules.versions:
        if key.version is not None and version.id != key.version:
            continue
        for root in version.requirements():
            for node in root.walk():
                if node.id != key.rule:
                    continue
                value = getattr(node, key.parameter, None)
                if key.key is not None and value is not None:
                    value = value.get(key.key) if hasattr(value, "get") else None
                if isinstance(value, Dated):
                    try:
                        value = value.at(on)
                    except RuleError:
                        value = value.values[0][1]
                if isinstance(value, int | float) and not isinstance(value, bool):
                    return float(value)
    return None


@attrs.frozen
class Solution:
    """The value found for one group (``group`` empty: everyone)."""

    parameter: str
    measure: str
    relation: str
    target: float
    group: dict[str, str]
    value: float | None  # None: no value of the grid meets the target
    achieved: float  # the measure at ``value`` (at the best value when none meets it)
    current: float | None
    method: str
    values: tuple[float, ...]  # the values evaluated, ascending
    curve: tuple[float, ...]  # the measure at each

    def row(self) -> dict[str, Any]:
        """One row of the solutions table."""
        return {**self.group, "parameter": self.parameter, "current": self.current,
                "value": self.value, self.measure: self.achieved,
                "target": str(Target(self.measure, self.relation, self.target)),
                "method": self.method}

    def plot(self, path: Any = None) -> Any:
        """The curve searched, the target and the value found
        (:func:`vakmanschap.population.plots.solve_chart`)."""
        from vakmanschap.population.plots import solve_chart

        return solve_chart(self, path)


def solutions_table(solutions: Sequence[Solution]) -> Table:
    """The solutions as a table, one row per group."""
    measure = solutions[0].measure if solutions else "pass_rate"
    return Table.of(f"solve {solutions[0].parameter if solutions else ''}",
                    [s.row() for s in solutions],
                    percent=("pass_rate",) if measure == "pass_rate" else ())


def _grid(values: Any, current: float | None, parameter: str) -> np.ndarray[Any, Any]:
    if values is not None:
        grid = np.unique(np.asarray([float(v) for v in values], dtype=np.float64))
        if not len(grid):
            raise RuleError("solve needs at least one value to search")
        return grid
    if current is None:
        raise RuleError(f"{parameter} has no single current value to search around: give the "
                        "values to search (--values 0:200:1)")
    top = max(2.0 * current, 1.0)
    if current == int(current):
        return np.arange(0.0, np.floor(top) + 1.0)
    return np.linspace(0.0, top, DEFAULT_POINTS + 1)


def _edge(grid: np.ndarray[Any, Any], ok: Any, current: float | None, monotone: bool
          ) -> tuple[int | None, str]:
    """The index of the answer among ``grid`` and how it was chosen."""
    ok = np.asarray(ok, dtype=bool)
    if not ok.any():
        return None, "no value of the grid meets the target"
    if ok.all() and monotone:
        return -1, "every value of the grid meets the target"
    if monotone:
        return (int(np.flatnonzero(ok)[-1]) if ok[0] else int(np.flatnonzero(ok)[0])), ""
    candidates = np.flatnonzero(ok)
    anchor = current if current is not None else float(grid[0])
    best = int(candidates[np.argmin(np.abs(grid[candidates] - anchor))])
    runs = int(np.count_nonzero(np.diff(ok.astype(np.int8)) == 1) + int(ok[0]))
    return best, (f"{len(candidates)} values in {runs} run(s) meet it; the one closest to the "
                  "current value")


def _solution(parameter: str, target: Target, label: dict[str, str], grid: Any, curve: Any,
              current: float | None, direction: int, method: str) -> Solution:
    ok = target.met(curve)
    index, how = _edge(grid, ok, current, direction != 0)
    if index == -1:  # monotone and all of the grid meets it: the strictest end
        index = len(grid) - 1 if direction < 0 else 0
    if index is None:
        best = int(np.argmax(curve) if target.relation == ">=" else np.argmin(curve))
        return Solution(parameter, target.measure, target.relation, target.value, label, None,
                        float(curve[best]), current, f"{method}; {how}",
                        tuple(map(float, grid)), tuple(map(float, curve)))
    return Solution(parameter, target.measure, target.relation, target.value, label,
                    float(grid[index]), float(curve[index]), current,
                    method + (f"; {how}" if how else ""), tuple(map(float, grid)),
                    tuple(map(float, curve)))


def _words(direction: int) -> str:
    return {-1: "monotone (harder as it grows)", 1: "monotone (easier as it grows)"}.get(
        direction, "not known to be monotone")


def solve(population: Population, rules: RuleSet, parameter: str, target: Target | str,
          on: date | str, *, values: Any = None, by: str | Sequence[str] | None = None,
          model: CostModel | None = None, group: str | None = None) -> list[Solution]:
    """The value of ``parameter`` meeting ``target``, overall or per group of ``by``; see
    the module docstring. ``values`` is the grid searched (default: 0 to twice the current
    value, by whole numbers when the value is whole)."""
    day = to_date(on, field="on")
    goal = parse_target(target) if isinstance(target, str) else target
    current = current_value(rules, parameter, day)
    grid = _grid(values, current, parameter)
    keys = [by] if isinstance(by, str) else list(by or [])
    base = simulate(population, rules, day, group=group)
    if goal.measure == "pass_rate":
        result = sweep(population, rules, parameter, grid, day, by=keys or None, base=base)
        method = (f"{_words(result.direction)}: one sweep of {len(grid)} values"
                  + (", breakpoints by binary search" if result.direction else
                     ", every value evaluated"))
        if not keys:
            return [_solution(parameter, goal, {}, grid, np.asarray(result.pass_rate), current,
                              result.direction, method)]
        out = []
        for g, label in enumerate(result.groups):
            assessed = result.group_assessed[g]
            curve = result.group_met[:, g] / assessed if assessed else np.zeros(len(grid))
            out.append(_solution(parameter, goal, dict(label), grid, curve, current,
                                 result.direction, method))
        return out
    if model is None:
        raise RuleError("a cost target needs a cost model (--costs FILE)")
    direction = sweep(population, rules, parameter, grid[:1], day, base=base).direction
    labels = [label for label, _ in group_labels(population, keys)]
    cache: dict[int, list[float]] = {}

    def cost_at(i: int) -> list[float]:
        if i not in cache:
            value = float(grid[i])
            changed = rules.with_changes({parameter: int(value) if value == int(value)
                                          else value})
            report = variant_cost(Comparison(base, simulate(population, changed, day,
                                                            group=group)), model)
            cache[i] = [float(r["cost_variant"]) for r in report.table(keys).rows]
        return cache[i]

    if direction == 0 and len(grid) > MAX_GRID_EVALUATIONS:
        raise RuleError(f"{parameter} is not monotone, so a cost target needs every value "
                        f"evaluated; give at most {MAX_GRID_EVALUATIONS} values (--values), "
                        f"not {len(grid)}")
    return [_cost_solution(parameter, goal, label, g, grid, cost_at, current, direction)
            for g, label in enumerate(labels)]


def _cost_solution(parameter: str, goal: Target, label: dict[str, str], g: int, grid: Any,
                   cost_at: Callable[[int], list[float]], current: float | None,
                   direction: int) -> Solution:
    """Bisection over the grid for one group (monotone), or every value (not monotone)."""
    if direction == 0:
        curve = np.array([cost_at(i)[g] for i in range(len(grid))])
        return _solution(parameter, goal, label, grid, curve, current, 0,
                         f"not monotone: every one of {len(grid)} values evaluated")
    lo, hi = 0, len(grid) - 1
    first, last = goal.met(cost_at(lo)[g]), goal.met(cost_at(hi)[g])
    if first != last:  # the edge lies between: keep ok(lo) == first, ok(hi) == last
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if goal.met(cost_at(mid)[g]) == first:
                lo = mid
            else:
                hi = mid
    probed = sorted({lo, hi, 0, len(grid) - 1})
    points = np.asarray(grid)[probed]
    curve = np.array([cost_at(i)[g] for i in probed])
    return _solution(parameter, goal, label, points, curve, current, direction,
                     f"{_words(direction)}: bisection over {len(grid)} values, "
                     f"{len(probed)} evaluated for this group")
