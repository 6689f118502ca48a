"""Per requirement: how many people fail it alone, and how many fail it together with others.

A person's *failing points* are their unmet requirements with nothing unmet below them
(:attr:`~vakmanschap.population.result.Column.failed`, what ``Assessment.shortfalls`` lists).
A requirement is failed **alone** by people for whom it is the only failing point (meeting it
would make them pass), and **together** by people who have other failing points too (meeting
it alone would not). Read from the result's columns; nothing is evaluated again.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vakmanschap.population.grouping import group_labels
from vakmanschap.population.result import PopulationResult
from vakmanschap.population.tables import Table

__all__ = ["failing_together"]


def failing_together(result: PopulationResult, by: str | Sequence[str] | None = None) -> Table:
    """One row per failing requirement (and group of ``by``): people failing it ``alone``,
    ``together`` with others, and how many failing points those others have on average."""
    keys = [by] if isinstance(by, str) else list(by or [])
    columns = [(key, col.failed) for key, col in result.columns.items() if col.failed.any()]
    points = np.zeros(result.size, dtype=np.int64)
    for _, failed in columns:
        points += failed
    rows = []
    for label, members in group_labels(result.population, keys):
        for key, failed in columns:
            here = failed & members
            if not here.any():
                continue
            alone = here & (points == 1)
            together = here & (points > 1)
            rows.append({**label, "requirement": key, "failing": int(here.sum()),
                         "alone": int(alone.sum()), "together": int(together.sum()),
                         "other_points_mean": float((points[together] - 1).mean())
                         if together.any() else 0.0})
    return Table.of(f"who fails each requirement alone or with others ({result.rules.register} "
                    f"on {result.on.isoformat()})", rows,
                    [*keys, "requirement", "failing", "alone", "together", "other_points_mean"])
