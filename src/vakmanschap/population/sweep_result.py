"""The outcome of a sweep: pass counts per parameter value (or grid point), as tables, files
and plots."""

from __future__ import annotations

from typing import Any

import attrs

from vakmanschap.errors import RuleError
from vakmanschap.model.words import Lang, Text
from vakmanschap.population.tables import Table

__all__ = ["SweepResult"]


@attrs.frozen(eq=False)
class SweepResult:
    """Pass rates per parameter value (``values2`` set for a two-parameter grid)."""

    parameter: str
    values: tuple[float, ...]
    met: Any  # people meeting the requirements: shape (len(values),) or (len(values), len(values2))
    assessed: int
    base_met: int
    loses: Any  # people meeting them under the rules as given, not under the value(s)
    parameter2: str | None = None
    values2: tuple[float, ...] = ()
    groups: tuple[dict[str, str], ...] = ()
    group_met: Any = None  # (values..., groups)
    group_assessed: Any = None
    by: tuple[str, ...] = ()
    # the parameters in words, with the rule's title and the unit (axes of plots)
    label: Text | None = None
    label2: Text | None = None
    direction: int = 0  # as the value grows: -1 harder, +1 easier, 0 not known monotone

    @property
    def pass_rate(self) -> Any:
        """Share of assessed people meeting the requirements, per value (or grid point)."""
        return self.met / self.assessed if self.assessed else self.met * 0.0

    def table(self) -> Table:
        """One row per value (and second value), with pass counts and rates."""
        rows = []
        for i, v in enumerate(self.values):
            if self.parameter2 is None:
                rows.append({self.parameter: v, "met": int(self.met[i]),
                             "pass_rate": float(self.pass_rate[i]), "loses": int(self.loses[i])})
                continue
            for j, w in enumerate(self.values2):
                rows.append({self.parameter: v, self.parameter2: w, "met": int(self.met[i, j]),
                             "pass_rate": float(self.pass_rate[i, j]),
                             "loses": int(self.loses[i, j])})
        title = f"sweep of {self.parameter}" + (f" and {self.parameter2}"
                                                 if self.parameter2 else "") + \
            f" ({self.assessed} assessed, {self.base_met} meet the rules as given)"
        return Table.of(title, rows, percent=("pass_rate",))

    def group_table(self) -> Table:
        """Pass rate per value (rows) and group (columns) of a one-parameter sweep with
        ``by``."""
        if self.group_met is None or self.parameter2 is not None:
            raise RuleError("group rates need a one-parameter sweep with 'by'")
        names = [" / ".join(g.values()) for g in self.groups]
        rows = []
        for i, v in enumerate(self.values):
            row: dict[str, Any] = {self.parameter: v}
            for g, name in enumerate(names):
                a = self.group_assessed[g]
                row[name] = float(self.group_met[i, g] / a) if a else float("nan")
            rows.append(row)
        return Table.of(f"pass rate by {', '.join(self.by)}", rows, percent=tuple(names))

    def __str__(self) -> str:
        return str(self.table())

    def _repr_html_(self) -> str:
        return self.table()._repr_html_()

    def to_pandas(self) -> Any:
        """The table as a pandas DataFrame (needs pandas; see :meth:`Table.to_pandas`)."""
        return self.table().to_pandas()

    def to_arrow(self) -> Any:
        """The table as an Arrow table (needs pyarrow; see :meth:`Table.to_arrow`)."""
        return self.table().to_arrow()

    def to_csv(self, target: Any = None) -> str | None:
        """Write the table as CSV (see :meth:`Table.to_csv`)."""
        return self.table().to_csv(target)

    def to_json(self, target: Any = None) -> str | None:
        """Write the table as JSON (see :meth:`Table.to_json`)."""
        return self.table().to_json(target)

    def plot(self, path: Any = None, lang: Lang = "nl") -> Any:
        """A pass-rate curve (or one curve per second value), its words in ``lang``; see
        :func:`vakmanschap.population.plots.sweep_curve`."""
        from vakmanschap.population.plots import sweep_curve

        return sweep_curve(self, path, lang)
