"""The cost of a variant, per group: hours to close every gap, hours added or saved, euros.

:func:`variant_cost` takes a :class:`~vakmanschap.population.compare.Comparison` and a
:class:`~vakmanschap.population.cost_model.CostModel` and reports, per group of ``by``:

* **gap hours** under the base and under the variant: the sum over people who do not meet
  the rules of their *hours short* (:func:`~vakmanschap.population.compare.hours_short`:
  the largest shortfall among their failing hour requirements, the least they must add);
  people who fail only on something other than hours (an oath, a reflection count) add 0;
* for the people who **already pass the base**: the hours the variant **adds** (their hours
  short under the variant) and the hours it **saves** (how much lower the variant sets their
  largest hour requirement: hours they need not do next term);
* **euros** of each, in parts: the time (hours x the person's hourly cost by scale) and the
  fees (the course fees of the model's gap category, per organisation when it has its own).

:func:`cost_curve` does the same for each value of one parameter (one evaluation per value).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import attrs
import numpy as np

from vakmanschap.engine.primitives import REGISTRY
from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.errors import RuleError
from vakmanschap.population.compare import Comparison, hours_short
from vakmanschap.population.cost_model import CostModel
from vakmanschap.population.fact_tables import F64
from vakmanschap.population.grouping import group_labels
from vakmanschap.population.result import PopulationResult, simulate
from vakmanschap.population.store import Population
from vakmanschap.population.tables import Table

__all__ = ["CostReport", "cost_curve", "largest_required", "variant_cost"]

MONEY = ("time_cost_base", "fees_base", "cost_base", "time_cost_variant", "fees_variant",
         "cost_variant", "cost_adds", "cost_saves", "cost_difference")


def largest_required(result: PopulationResult) -> F64:
    """Per person the largest required amount among the hour requirements that apply to
    them (``total``; 0 when none applies), in the rule file's unit."""
    out = np.zeros(result.size)
    for col in result.columns.values():
        primitive = REGISTRY.get(col.kind)
        if primitive is not None and primitive.shortfall_is_activity_amount:
            out = np.maximum(out, np.where(col.applies, np.nan_to_num(col.required), 0.0))
    return out


def _check_model(model: CostModel, rules: RuleSet, population: Population) -> None:
    categories = set(rules.categories)
    if str(model.gap_category.value) not in categories:
        raise RuleError(f"cost model {model.name}: gap_category {model.gap_category.value!r} "
                        f"is not a category of {rules.register}; its categories: "
                        f"{', '.join(sorted(categories))}")
    unknown = sorted({c for fees in [model.fees, *model.organisation_fees.values()]
                      for c in fees} - categories)
    if unknown:
        raise RuleError(f"cost model {model.name}: fees for {', '.join(unknown)}, not a "
                        f"category of {rules.register}; its categories: "
                        f"{', '.join(sorted(categories))}")
    if model.scale_column not in population.attributes:
        raise RuleError(f"cost model {model.name} prices by the column {model.scale_column!r}; "
                        f"the population has: {', '.join(population.attributes) or '(none)'}")


@attrs.frozen(eq=False)
class CostReport:
    """Per person hours and euros of a comparison under a cost model; :meth:`table` sums
    them per group."""

    comparison: Comparison
    model: CostModel
    parts: dict[str, F64]  # per person: hours and euros, keyed as the table's columns

    def table(self, by: str | Sequence[str] | None = None) -> Table:
        """One row per group of ``by`` (or one row overall): people, hours and euros."""
        keys = [by] if isinstance(by, str) else list(by or [])
        population = self.comparison.population
        base, variant = self.comparison.base, self.comparison.variant
        assessed = base.assessed | variant.assessed
        rows = []
        for label, members in group_labels(population, keys):
            here = members & assessed
            row: dict[str, Any] = {**label, "assessed": int(here.sum()),
                                   "gap_people_base": int((here & ~base.met).sum()),
                                   "gap_people_variant": int((here & ~variant.met).sum()),
                                   "passing_base": int((here & base.met).sum())}
            for name, values in self.parts.items():
                row[name] = round(float(values[here].sum()), 2)
            rows.append(row)
        title = (f"cost of the variant ({self.model.currency}, model {self.model.name})"
                 + (f", by {', '.join(keys)}" if keys else ""))
        columns = [*keys, "assessed", "gap_people_base", "gap_hours_base", "gap_people_variant",
                   "gap_hours_variant", "passing_base", "adds_hours", "saves_hours", *MONEY]
        return Table.of(title, rows, columns)

    def to_dict(self, by: str | Sequence[str] | None = None) -> dict[str, Any]:
        """JSON-ready: the model's formula and the table's rows."""
        return {"model": self.model.name, "currency": self.model.currency,
                "formula": self.model.describe()[0],
                "rows": self.table(by).to_dict()["rows"]}

    def plot(self, by: str, path: Any = None) -> Any:
        """Bars per group: the euros of closing every gap (time and fees) under the base and
        the variant (see :func:`vakmanschap.population.plots.cost_chart`)."""
        from vakmanschap.population.plots import cost_chart

        return cost_chart(self.table(by), by, self.model.currency, path)


def variant_cost(comparison: Comparison, model: CostModel) -> CostReport:
    """Hours and euros of ``comparison`` under ``model``; see the module docstring."""
    base, variant = comparison.base, comparison.variant
    population = comparison.population
    _check_model(model, base.rules, population)
    rate = model.hourly_of(population.attributes[model.scale_column])
    orgs = population.attributes.get(model.organisation_column)
    short_base, short_variant = hours_short(base), hours_short(variant)
    gap_base = np.where(base.assessed & ~base.met, short_base, 0.0)
    gap_variant = np.where(variant.assessed & ~variant.met, short_variant, 0.0)
    passing = base.assessed & base.met
    adds = np.where(passing, short_variant, 0.0)
    saves = np.where(passing, np.maximum(
        0.0, largest_required(base) - largest_required(variant)), 0.0)

    def euros(hours: F64) -> tuple[F64, F64]:
        return hours * rate, np.asarray(model.fees_of(hours, orgs), dtype=np.float64)

    time_base, fees_base = euros(gap_base)
    time_variant, fees_variant = euros(gap_variant)
    time_adds, fees_adds = euros(adds)
    time_saves, fees_saves = euros(saves)
    parts = {"gap_hours_base": gap_base, "gap_hours_variant": gap_variant, "adds_hours": adds,
             "saves_hours": saves, "time_cost_base": time_base, "fees_base": fees_base,
             "cost_base": time_base + fees_base, "time_cost_variant": time_variant,
             "fees_variant": fees_variant, "cost_variant": time_variant + fees_variant,
             "cost_adds": time_adds + fees_adds, "cost_saves": time_saves + fees_saves,
             "cost_difference": time_variant + fees_variant - time_base - fees_base}
    return CostReport(comparison, model, parts)


def cost_curve(population: Population, rules: RuleSet, parameter: str, values: Any,
               on: date | str, model: CostModel, *, by: str | Sequence[str] | None = None,
               group: str | None = None, base: PopulationResult | None = None) -> Table:
    """For each value of ``parameter``: the cost table of the rules with that value against
    the rules as given, one row per value and group (one evaluation per value)."""
    first = base if base is not None else simulate(population, rules, on, group=group)
    keys = [by] if isinstance(by, str) else list(by or [])
    rows: list[dict[str, Any]] = []
    columns: tuple[str, ...] = ()
    for value in values:
        number = float(value)
        changed = rules.with_changes({parameter: int(number) if number == int(number)
                                      else number})
        second = simulate(population, changed, first.on, group=group)
        table = variant_cost(Comparison(first, second), model).table(keys)
        columns = table.columns
        rows.extend({parameter: number, **row} for row in table.rows)
    return Table.of(f"cost per value of {parameter} ({model.currency}, model {model.name})",
                    rows, [parameter, *columns])
