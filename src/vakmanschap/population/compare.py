"""Comparing two rule sets (a base and a variant) over one population: who flips and why.

:func:`compare` evaluates the population under both and gives, per person: the status under
each, whether they flip (``loses``: meets the base but not the variant; ``gains``: the other
way round), the requirement where the two outcomes part (the first requirement in tree order
whose outcome differs while none below it does: the *source* of the difference), and the
hours (or points) still missing under each. The *hours short* of a person are the largest
shortfall among their failing ``total`` requirements (a lower bound of what is still to be
done); ``extra`` is how much more the variant asks of them than the base.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import IO, Any

import attrs
import numpy as np

from vakmanschap.engine.columnar.columns import NodeColumns
from vakmanschap.engine.columnar.memo import ColumnarMemo
from vakmanschap.engine.primitives import REGISTRY
from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.model.periods import to_date
from vakmanschap.model.words import Lang
from vakmanschap.population import frames
from vakmanschap.population.csv_columns import PersonRecords, write_columns
from vakmanschap.population.fact_tables import F64, Bools
from vakmanschap.population.grouping import group_labels
from vakmanschap.population.person_frames import comparison_columns
from vakmanschap.population.result import PopulationResult, simulate
from vakmanschap.population.store import Population
from vakmanschap.population.tables import Table, text_target
from vakmanschap.progress import Progress, part, report

__all__ = ["Comparison", "compare", "hours_short"]

LOSES, GAINS, SAME = "loses", "gains", "same"


def hours_short(result: PopulationResult) -> F64:
    """Per person the largest shortfall among their failing requirements whose shortfall is
    an amount of activities (``total``; 0 when none fails), in the rule file's unit."""
    out = np.zeros(result.size)
    kinds = {occ.key: occ.kind for root in result.roots for occ in root.walk()}
    keys = [key for key, kind in kinds.items()
            if (primitive := REGISTRY.get(kind)) is not None
            and primitive.shortfall_is_activity_amount]
    for short in result.shortfalls_where_failed(keys):
        np.maximum(out, short, out=out)
    return out


def _sources(result: PopulationResult, differs: dict[str, Bools]) -> dict[str, Bools]:
    """Per key: people for whom the key differs and no child of it differs."""
    out: dict[str, Bools] = {}

    def visit(occ: NodeColumns) -> None:
        here = differs.get(occ.key)
        below = np.zeros(result.size, dtype=bool)
        for child in occ.children:
            child_diff = differs.get(child.key)
            if child_diff is not None:
                below |= child_diff & child.ctx.mask
            visit(child)
        if here is not None:
            out[occ.key] = out.get(occ.key, np.zeros(result.size, bool)) | (here & ~below)

    for root in result.roots:
        visit(root)
    for key, diff in differs.items():  # keys only the variant has
        out.setdefault(key, diff)
    return out


@attrs.frozen(eq=False)
class Comparison:
    """The outcome of :func:`compare`; see the module docstring."""

    base: PopulationResult
    variant: PopulationResult

    @property
    def population(self) -> Population:
        """The population compared."""
        return self.base.population

    @property
    def flip(self) -> Any:
        """Per person ``loses``, ``gains`` or ``same``."""
        out = np.full(self.base.size, SAME, dtype=object)
        a, b = self.base.met, self.variant.met
        out[a & ~b] = LOSES
        out[~a & b] = GAINS
        return out

    @property
    def loses(self) -> Bools:
        """People who meet the base requirements but not the variant's."""
        return np.asarray(self.base.met & ~self.variant.met)

    @property
    def gains(self) -> Bools:
        """People who meet the variant's requirements but not the base's."""
        return np.asarray(~self.base.met & self.variant.met)

    def diverges_at(self) -> Any:
        """Per person the first requirement (tree order) where the outcomes part, taking the
        deepest one on that branch; None when every outcome is the same."""
        a, b = self.base.outcomes(), self.variant.outcomes()
        differs: dict[str, Bools] = {}
        for key in list(a) + [k for k in b if k not in a]:
            ca, cb = a.get(key), b.get(key)
            if ca is None or cb is None:
                col = ca or cb
                assert col is not None
                differs[key] = col.applies.copy()
            else:
                differs[key] = (ca.applies != cb.applies) | (ca.applies & (ca.met != cb.met))
        sources = _sources(self.base, differs)
        out = np.full(self.base.size, None, dtype=object)
        for key in reversed(list(differs)):
            out[sources[key]] = key
        return out

    def hours_short(self) -> tuple[F64, F64]:
        """Per person the hours short under the base and under the variant."""
        return hours_short(self.base), hours_short(self.variant)

    def extra(self) -> F64:
        """Per person how many more hours the variant asks than the base (0 or more)."""
        base, variant = self.hours_short()
        out: F64 = np.maximum(0.0, np.round(variant - base, 2))
        return out

    # -- tables ------------------------------------------------------------------------------

    def summary(self, by: str | Sequence[str] | None = None) -> Table:
        """Pass rates under both, who loses and gains, per group of ``by`` (or overall)."""
        keys = [by] if isinstance(by, str) else list(by or [])
        assessed = self.base.assessed | self.variant.assessed
        a, b = self.base.met, self.variant.met
        extra = self.extra()
        rows = []
        for label, members in group_labels(self.population, keys):
            n = int((assessed & members).sum())
            lose = self.loses & members
            rows.append({
                **label, "assessed": n, "met_base": int((a & members).sum()),
                "met_variant": int((b & members).sum()),
                "pass_base": float((a & members).sum() / n) if n else float("nan"),
                "pass_variant": float((b & members).sum() / n) if n else float("nan"),
                "loses": int(lose.sum()), "gains": int((self.gains & members).sum()),
                "extra_hours_mean": float(extra[members & (extra > 0)].mean())
                if (members & (extra > 0)).any() else 0.0,
            })
        title = (f"{self.base.rules.register}: base vs variant on {self.base.on.isoformat()}"
                 + (f", by {', '.join(keys)}" if keys else ""))
        return Table.of(title, rows, percent=("pass_base", "pass_variant"))

    def reasons(self) -> Table:
        """Per requirement: how many people's outcomes part there, and how many lose or gain."""
        at = self.diverges_at()
        flip = self.flip
        rows = []
        keys = [k for k in dict.fromkeys(at.tolist()) if k is not None]
        for key in keys:
            here = at == key
            rows.append({"requirement": key, "people": int(here.sum()),
                         "loses": int((here & (flip == LOSES)).sum()),
                         "gains": int((here & (flip == GAINS)).sum())})
        rows.sort(key=lambda r: (-r["people"], r["requirement"]))
        return Table.of("where the outcomes part", rows,
                        ["requirement", "people", "loses", "gains"])

    def __str__(self) -> str:
        return f"{self.summary()}\n\n{self.reasons()}"

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_() + self.reasons()._repr_html_()

    # -- per person ------------------------------------------------------------------------

    def records(self) -> PersonRecords:
        """Column names and rows of the per-person table. The columns are computed when the
        first row is read (or ``columns()`` called), not before (a command computes its other
        tables first)."""
        pop = self.population
        names = ["id", *pop.attributes, "status_base", "status_variant", "flip",
                 "diverges_at", "first_failed_base", "first_failed_variant",
                 "hours_short_base", "hours_short_variant", "extra_hours"]

        def columns() -> list[Any]:
            short_a, short_b = self.hours_short()
            return [pop.ids, *pop.attributes.values(), self.base.status, self.variant.status,
                    self.flip, self.diverges_at(), self.base.first_failed(),
                    self.variant.first_failed(), short_a, short_b, self.extra()]

        return PersonRecords(names, columns, self.base.size)

    def to_pandas(self) -> Any:
        """One row per person, indexed by ``id`` (needs pandas; the types are those of
        :mod:`vakmanschap.population.frames`)."""
        return frames.to_pandas(comparison_columns(self), index="id")

    def to_arrow(self) -> Any:
        """The table of :meth:`to_pandas` as an Arrow table, ``id`` its first column (needs
        pyarrow)."""
        return frames.to_arrow(comparison_columns(self))

    def to_csv(self, target: str | Any | IO[str]) -> None:
        """Write the per-person table as CSV."""

        records = self.records()
        with text_target(target) as handle:
            write_columns(handle, records[0], records.columns(), records.size, _none_empty)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary: totals, reasons, and the two results' summaries."""
        return {"on": self.base.on.isoformat(), "register": self.base.rules.register,
                "assessed": int((self.base.assessed | self.variant.assessed).sum()),
                "met_base": int(self.base.met.sum()), "met_variant": int(self.variant.met.sum()),
                "loses": int(self.loses.sum()), "gains": int(self.gains.sum()),
                "reasons": self.reasons().to_dict()["rows"],
                "summary": self.summary().to_dict()["rows"]}

    def to_json(self, target: Any = None) -> str | None:
        """Write :meth:`to_dict` as JSON to a path or stream; without a target, return it."""
        import json
        from pathlib import Path

        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
        if target is None:
            return text
        if isinstance(target, str | Path):
            Path(target).write_text(text + "\n", encoding="utf-8")
        else:
            target.write(text + "\n")
        return None

    def plot(self, by: str, path: Any = None, lang: Lang = "nl") -> Any:
        """Bar chart of who loses and gains per group, its words in ``lang`` (see
        :func:`vakmanschap.population.plots.flips_chart`)."""
        from vakmanschap.population.plots import flips_chart

        return flips_chart(self, by, path, lang)


def compare(population: Population, base: RuleSet | PopulationResult, variant: RuleSet,
            on: date | str, *, group: str | None = None,
            progress: Progress | None = None) -> Comparison:
    """Evaluate ``population`` on ``on`` under ``base`` and ``variant`` and compare.

    The variant costs only what it changes: the base is evaluated through a
    :class:`~vakmanschap.engine.columnar.memo.ColumnarMemo`, and the variant reuses every
    node the same by content (its parameters, its children), evaluating only the changed
    nodes and their ancestors. ``base`` may be a result already evaluated with a memo
    (``simulate(..., memo=ColumnarMemo())``): a stack of variants then shares one baseline.
    ``progress`` (optional) is called as ``progress("compare", done, total)`` over both
    evaluations (:mod:`vakmanschap.progress`).
    """
    day = to_date(on, field="on")
    if isinstance(base, PopulationResult):
        first = base
        if first.population is not population or first.on != day or first.group != group:
            raise ValueError("the base result was evaluated for another population, date or "
                             "group than this comparison's")
        memo = first.memo
    else:
        memo = ColumnarMemo()
        first = simulate(population, base, day, group=group,
                         progress=part(progress, "compare", 0, 2), memo=memo)
    second = simulate(population, variant, day, group=group,
                      progress=part(progress, "compare", 1, 2), memo=memo)
    report(progress, "compare", 1, 1)
    return Comparison(first, second)


def _none_empty(value: Any) -> Any:
    return "" if value is None else value
