"""The outcome of :func:`~vakmanschap.population.projection.project`: counts per rule set,
draw, year, group and outcome, and their tables (mean over draws and a 90 % band)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import attrs
import numpy as np

from vakmanschap.population.fact_tables import IntArray
from vakmanschap.population.projection.assumptions import Assumptions
from vakmanschap.population.projection.run import OUTCOMES
from vakmanschap.population.tables import Table, text_target

__all__ = ["ProjectionResult"]

BAND = (5.0, 95.0)


@attrs.frozen(eq=False)
class ProjectionResult:
    """``counts[rule set, draw, year, group, outcome]`` (rule set 0: the rules, 1: the
    variant when there is one); ``years`` the labels of the years, ``groups`` the value of
    each grouping column per group."""

    counts: IntArray
    years: tuple[str, ...]
    groups: tuple[Mapping[str, str], ...]
    by: tuple[str, ...]
    names: tuple[str, ...]
    seed: int
    assumptions: Assumptions
    people: int

    @property
    def draws(self) -> int:
        """Number of draws."""
        return int(self.counts.shape[1])

    @property
    def has_variant(self) -> bool:
        """Whether a variant was projected beside the rules."""
        return bool(self.counts.shape[0] > 1)

    def expected(self, outcome: str, rules: int = 0) -> Any:
        """Mean over draws, per year and group, of ``outcome``."""
        return self.counts[rules, :, :, :, OUTCOMES.index(outcome)].mean(axis=0)

    def table(self, total: bool = False) -> Table:
        """One row per year, group and outcome: the mean and the 90 % band under the rules,
        the variant, and of their difference (variant minus rules, draw by draw).
        ``total``: add up the groups."""
        counts = self.counts.sum(axis=3, keepdims=True) if total else self.counts
        groups = ({k: "all" for k in self.by},) if total else self.groups
        rows = []
        for k, year in enumerate(self.years):
            for g, label in enumerate(groups):
                for o, outcome in enumerate(OUTCOMES):
                    base = counts[0, :, k, g, o].astype(np.float64)
                    row: dict[str, Any] = {"year": year, **label, "outcome": outcome,
                                           **_stats("rules", base)}
                    if self.has_variant:
                        variant = counts[1, :, k, g, o].astype(np.float64)
                        row.update(_stats("variant", variant))
                        row.update(_stats("difference", variant - base))
                    rows.append(row)
        title = (f"projection of {self.people} people, {self.draws} draws (seed {self.seed})"
                 + (f", by {', '.join(self.by)}" if self.by and not total else ""))
        return Table.of(title, rows)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: settings, the assumptions and the rows of :meth:`table`."""
        return {"people": self.people, "draws": self.draws, "seed": self.seed,
                "years": list(self.years), "by": list(self.by), "rules": list(self.names),
                "band": list(BAND), "assumptions": self.assumptions.to_dict(),
                "total": self.table(total=True).to_dict()["rows"],
                "rows": self.table().to_dict()["rows"] if self.by else []}

    def to_json(self, target: str | Path | IO[str] | None = None) -> str | None:
        """Write (or return) :meth:`to_dict` as JSON."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
        if target is None:
            return text
        with text_target(target) as handle:
            handle.write(text + "\n")
        return None

    def __str__(self) -> str:
        parts = [str(self.table(total=True))]
        if self.by:
            parts.append(str(self.table()))
        return "\n\n".join(parts)

    def _repr_html_(self) -> str:
        return self.table(total=True)._repr_html_()


def _stats(prefix: str, values: Sequence[float] | Any) -> dict[str, float]:
    low, high = np.percentile(values, BAND)
    return {f"{prefix}": round(float(np.mean(values)), 2), f"{prefix}_p5": float(low),
            f"{prefix}_p95": float(high)}
