"""The per-person tables of a simulation and a comparison as typed columns
(:mod:`vakmanschap.population.frames`): what ``to_pandas()`` and ``to_arrow()`` give."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from vakmanschap.population.frames import Typed, infer

if TYPE_CHECKING:
    from vakmanschap.population.compare import Comparison
    from vakmanschap.population.result import PopulationResult
    from vakmanschap.population.store import Population

__all__ = ["comparison_columns", "person_columns"]

STATUSES = ("met", "not_met", "not_registered")
FLIPS = ("loses", "gains", "same")


def _people(population: Population) -> list[Typed]:
    """The id and the grouping columns, each typed from its values."""
    return [Typed("id", "text", np.asarray(population.ids, dtype=object)),
            *(infer(name, values) for name, values in population.attributes.items())]


def _keys(values: Any, keys: list[str], name: str) -> Typed:
    """A category over requirement keys (tree order), None where there is none."""
    return Typed(name, "category", values, categories=tuple(keys))


def person_columns(result: PopulationResult, requirements: bool = True) -> list[Typed]:
    """One row per person, as :meth:`PopulationResult.records` has it, typed."""
    start, due = result.assignment.start, result.assignment.due
    regular = result.assignment.plan >= 0
    failed = result.failed().copy()
    failed[failed == ""] = None
    levels = np.array([None if v is None or v == "" else str(v)
                       for v in result.level.tolist()], dtype=object)
    keys = list(result.columns)
    cols = [*_people(result.population),
            Typed("plan", "category", result.plan_labels(),
                  categories=tuple(p.label for p in result.assignment.plans)),
            Typed("status", "category", result.status, categories=STATUSES),
            Typed("met", "bool", result.met.astype(object)),
            Typed("cycle_start", "date", np.where(due > 0, start, 0)),
            Typed("due", "date", np.where(regular, due, 0)),
            Typed("level", "category", levels),
            _keys(result.first_failed(), keys, "first_failed"),
            Typed("failed", "text", failed)]
    if requirements:
        for key, col in result.columns.items():
            met = col.met.astype(object)
            met[~col.applies] = None
            cols.append(Typed(f"{key}.met", "bool", met))
            if not np.isnan(col.actual[col.applies]).all():
                cols += [Typed(f"{key}.{name}", "float", getattr(col, name))
                         for name in ("actual", "required", "shortfall")]
    return cols


def comparison_columns(comparison: Comparison) -> list[Typed]:
    """One row per person, as :meth:`Comparison.records` has it, typed."""
    base, variant = comparison.base, comparison.variant
    keys = list(dict.fromkeys([*base.columns, *variant.columns]))
    short_a, short_b = comparison.hours_short()
    return [*_people(comparison.population),
            Typed("status_base", "category", base.status, categories=STATUSES),
            Typed("status_variant", "category", variant.status, categories=STATUSES),
            Typed("flip", "category", comparison.flip, categories=FLIPS),
            _keys(comparison.diverges_at(), keys, "diverges_at"),
            _keys(base.first_failed(), keys, "first_failed_base"),
            _keys(variant.first_failed(), keys, "first_failed_variant"),
            Typed("hours_short_base", "float", short_a),
            Typed("hours_short_variant", "float", short_b),
            Typed("extra_hours", "float", comparison.extra())]
