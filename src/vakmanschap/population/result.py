"""Simulating a population under a rule set, and the per-person result columns.

:func:`simulate` assigns every person a window, rule version and parameter date
(:mod:`~vakmanschap.population.windows`), evaluates the requirement tree of each rule version
and group columnar (:mod:`vakmanschap.engine.columnar`) and returns a
:class:`PopulationResult`: per person the status, and per requirement (keyed as
:func:`~vakmanschap.engine.columnar.columns.result_keys` keys a per-person tree) met, actual,
required and shortfall.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any

import attrs
import numpy as np

from vakmanschap.engine.assessment import Assessment
from vakmanschap.engine.columnar.columns import NodeColumns
from vakmanschap.engine.columnar.frame import PopulationFrame
from vakmanschap.engine.columnar.memo import ColumnarMemo
from vakmanschap.engine.columnar.walk import evaluate_tree
from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.model.periods import to_date
from vakmanschap.population import frames
from vakmanschap.population.csv_columns import PersonRecords, write_columns
from vakmanschap.population.fact_tables import F64, Bools
from vakmanschap.population.grouping import group_labels
from vakmanschap.population.person_frames import person_columns
from vakmanschap.population.result_columns import (
    ALL_FIELDS,
    AMOUNT_FIELDS,
    Column,
    Outcome,
    build_columns,
)
from vakmanschap.population.store import Population
from vakmanschap.population.tables import Table, text_target
from vakmanschap.population.vocabulary import check_vocabulary
from vakmanschap.population.windows import Assignment, assign_through
from vakmanschap.progress import Progress, part, report

__all__ = ["Column", "PopulationResult", "simulate"]

STATUS_MET, STATUS_NOT_MET, STATUS_NOT_REGISTERED = "met", "not_met", "not_registered"


def simulate(population: Population, rules: RuleSet, on: date | str, *,
             group: str | None = None, progress: Progress | None = None,
             memo: ColumnarMemo | None = None) -> PopulationResult:
    """Assess every person of ``population`` on ``on`` under ``rules`` (columnar).

    ``group`` as in :meth:`RuleSet.assess`: by default ``reregistration`` for people with a
    running cycle and ``registration`` for the others (when the rule version defines
    registration levels; else they are reported as not registered). ``progress`` (optional)
    is called as ``progress("evaluate", done, total)`` (:mod:`vakmanschap.progress`).

    ``memo``: the first evaluation through a :class:`ColumnarMemo` records its node columns;
    a later one (a variant) reuses those that are the same by content and evaluates only the
    nodes that changed and their ancestors (:func:`~vakmanschap.population.compare.compare`).
    """
    day = to_date(on, field="on")
    assignment = assign_through(memo, population, rules, day, group)
    check_vocabulary(population, rules)
    frame = PopulationFrame(population, rules, day, assignment, progress, memo)
    roots = []
    plans = len(assignment.plans)
    for index, plan in enumerate(assignment.plans):
        report(progress, "evaluate", index, plans)
        frame.progress = part(progress, "evaluate", index, plans)
        members = assignment.plan == index
        roots.append(evaluate_tree(frame, plan.version, plan.group, members))
    report(progress, "evaluate", plans, plans)
    frame.release()
    return PopulationResult(population, rules, day, group, assignment, tuple(roots),
                            tuple(sorted(frame.per_person)), memo)


@attrs.frozen(eq=False)
class PopulationResult:
    """The outcome of :func:`simulate`: per person status, per requirement columns."""

    population: Population
    rules: RuleSet
    on: date
    group: str | None
    assignment: Assignment
    roots: tuple[NodeColumns, ...]  # one per plan, in the order of assignment.plans
    fallbacks: tuple[str, ...] = ()  # primitives evaluated person by person
    #: The memo this result was evaluated through (a baseline for variants), if any.
    memo: ColumnarMemo | None = attrs.field(default=None, repr=False)
    _cache: dict[str, Any] = attrs.field(factory=dict, init=False, repr=False)

    # -- per person --------------------------------------------------------------------

    @property
    def size(self) -> int:
        """Number of people."""
        return self.population.size

    @property
    def assessed(self) -> Bools:
        """People judged under some requirement group (False: not registered)."""
        return np.asarray(self.assignment.plan >= 0)

    @property
    def met(self) -> Bools:
        """Per person: every requirement of their group met."""
        if "met" not in self._cache:
            met = np.zeros(self.size, dtype=bool)
            for index, root in enumerate(self.roots):
                members = self.assignment.plan == index
                met[members] = root.met[members]
            self._cache["met"] = met
        out: Bools = self._cache["met"]
        return out

    @property
    def status(self) -> Any:
        """Per person: ``met``, ``not_met`` or ``not_registered``."""
        out = np.full(self.size, STATUS_NOT_MET, dtype=object)
        out[self.met] = STATUS_MET
        out[~self.assessed] = STATUS_NOT_REGISTERED
        return out

    @property
    def pass_rate(self) -> float:
        """Share of assessed people who meet the requirements."""
        assessed = int(self.assessed.sum())
        return float(self.met.sum()) / assessed if assessed else 0.0

    @property
    def level(self) -> Any:
        """Per person: the level reached (registration) or held (a running cycle)."""
        out = self.assignment.level.copy()
        for index, root in enumerate(self.roots):
            if "level" in root.stats:
                members = self.assignment.plan == index
                out[members] = root.stats["level"][members]
        return out

    def plan_labels(self) -> Any:
        """Per person: ``version:group`` (empty when not registered)."""
        labels = np.array([p.label for p in self.assignment.plans] + [""], dtype=object)
        return labels[self.assignment.plan]

    # -- per requirement ---------------------------------------------------------------

    @property
    def columns(self) -> dict[str, Column]:
        """Every requirement key (tree order) -> its :class:`Column`."""
        if "columns" not in self._cache:
            self._cache["columns"] = self._build_columns()
        out: dict[str, Column] = self._cache["columns"]
        return out

    def column(self, key: str) -> Column:
        """The column of requirement ``key`` (a rule id; ``id[p]`` inside a period)."""
        try:
            return self.columns[key]
        except KeyError:
            from vakmanschap.errors import RuleError

            raise RuleError(f"no requirement {key!r} in this result; known: "
                            f"{', '.join(self.columns)}") from None

    def outcomes(self) -> dict[str, Outcome]:
        """Every requirement key (tree order) -> for whom it applies, who met it, and where it
        failed (:class:`Outcome`): the yes/no part of :attr:`columns`, without its three
        float arrays per requirement (at 1,000,000 people 3 MB per requirement instead of
        27 MB: what the per-person tables of ``compare`` need)."""
        if "columns" in self._cache:
            return {k: Outcome(c.applies, c.met, c.failed)
                    for k, c in self._cache["columns"].items()}
        if "outcomes" not in self._cache:
            self._cache["outcomes"] = {
                key: Outcome(c["applies"], c["met"], c["failed"])
                for key, c in build_columns(self, ("applies", "met", "failed")).items()}
        out: dict[str, Outcome] = self._cache["outcomes"]
        return out

    def shortfalls_where_failed(self, keys: Sequence[str]) -> Iterator[F64]:
        """For each of ``keys``: per person the shortfall where the requirement failed (0
        elsewhere), built one requirement at a time (nothing kept)."""
        outcomes = self.outcomes()  # the failed masks, found once for every key
        for key in keys:
            col = build_columns(self, AMOUNT_FIELDS, only=key)[key]
            yield np.where(outcomes[key].failed, np.nan_to_num(col["shortfall"], nan=0.0), 0.0)

    def _build_columns(self) -> dict[str, Column]:
        return {key: Column(key=key, **value)
                for key, value in build_columns(self, ALL_FIELDS).items()}

    def first_failed(self) -> Any:
        """Per person: the first unmet requirement (tree order) with nothing unmet below it,
        or None."""
        out = np.full(self.size, None, dtype=object)
        for key, col in reversed(list(self.outcomes().items())):
            out[col.failed] = key
        return out

    def failed(self) -> Any:
        """Per person: the unmet requirements with nothing unmet below them, ``;``-joined."""
        out = np.full(self.size, "", dtype=object)
        for key, col in self.columns.items():
            idx = np.flatnonzero(col.failed)
            if len(idx):
                out[idx] = [f"{s};{key}" if s else key for s in out[idx].tolist()]
        return out

    def assessment(self, i: int | str) -> Assessment:
        """Person ``i`` (index or id) assessed by :meth:`RuleSet.assess`: the explained tree."""
        index = self.population.index(i) if isinstance(i, str) else i
        return self.rules.assess(self.population.professional(index), self.on,
                                 group=self.group)  # type: ignore[arg-type]

    # -- summaries ---------------------------------------------------------------------

    def summary(self, by: str | Sequence[str] | None = None) -> Table:
        """Pass rates overall, or per value of grouping column(s) ``by``."""
        keys = [by] if isinstance(by, str) else list(by or [])
        groups = group_labels(self.population, keys)
        rows = []
        met, assessed = self.met, self.assessed
        for label, members in groups:
            n = int(members.sum())
            a = int((assessed & members).sum())
            m = int((met & members).sum())
            rows.append({**label, "people": n, "assessed": a, "met": m, "not_met": a - m,
                         "pass_rate": m / a if a else float("nan")})
        title = f"{self.rules.register} on {self.on.isoformat()}" + (
            f", by {', '.join(keys)}" if keys else "")
        return Table.of(title, rows, [*keys, "people", "assessed", "met", "not_met",
                                      "pass_rate"], percent=("pass_rate",))

    def requirements(self) -> Table:
        """Per requirement: for how many it applies, is met, and is the failing point."""
        rows = []
        for key, col in self.columns.items():
            applies = int(col.applies.sum())
            met = int((col.met & col.applies).sum())
            unmet = col.applies & ~col.met
            short = col.shortfall[unmet]
            short = short[~np.isnan(short)]
            rows.append({"requirement": key, "kind": col.kind, "applies": applies, "met": met,
                         "not_met": applies - met, "failing_point": int(col.failed.sum()),
                         "mean_shortfall": float(short.mean()) if len(short) else float("nan"),
                         "unit": col.unit or ""})
        return Table.of(f"requirements of {self.rules.register} on {self.on.isoformat()}",
                        rows)

    def hours(self, node: str | None = None, by: str | Sequence[str] | None = None) -> Table:
        """Where the hours go per group: what requirement ``node`` (default: the first
        ``total``) counts, caps per cap and excludes per reason
        (:func:`vakmanschap.population.hours.hours_table`)."""
        from vakmanschap.population.hours import hours_table

        return hours_table(self, node, by)

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_() + self.requirements()._repr_html_()

    def __str__(self) -> str:
        return f"{self.summary()}\n\n{self.requirements()}"

    # -- per person tables ---------------------------------------------------------------

    def records(self, requirements: bool = True) -> PersonRecords:
        """Column names and rows of the per-person table (as CSV and pandas get it), with
        its columns (:class:`~vakmanschap.population.csv_columns.PersonRecords`)."""
        pop = self.population
        cols: list[tuple[str, Any]] = [("id", pop.ids)]
        cols += [(name, values) for name, values in pop.attributes.items()]
        start = self.assignment.start
        due = self.assignment.due
        regular = self.assignment.plan >= 0
        cols += [("plan", self.plan_labels()), ("status", self.status),
                 ("met", self.met), ("cycle_start", _iso(np.where(due > 0, start, 0))),
                 ("due", _iso(np.where(regular, due, 0))), ("level", self.level),
                 ("first_failed", self.first_failed()), ("failed", self.failed())]
        if requirements:
            for key, col in self.columns.items():
                met = col.met.astype(object)
                met[~col.applies] = None
                cols.append((f"{key}.met", met))
                if not np.isnan(col.actual[col.applies]).all():
                    cols.append((f"{key}.actual", col.actual))
                    cols.append((f"{key}.required", col.required))
                    cols.append((f"{key}.shortfall", col.shortfall))
        values = [v for _, v in cols]
        return PersonRecords([c for c, _ in cols], lambda: values, self.size)

    def to_pandas(self, requirements: bool = True) -> Any:
        """One row per person, indexed by ``id``: attributes, status, failing requirements and,
        with ``requirements``, met/actual/required/shortfall per requirement (needs pandas;
        the types are those of :mod:`vakmanschap.population.frames`)."""
        return frames.to_pandas(person_columns(self, requirements), index="id")

    def to_arrow(self, requirements: bool = True) -> Any:
        """The table of :meth:`to_pandas` as an Arrow table, ``id`` its first column (needs
        pyarrow)."""
        return frames.to_arrow(person_columns(self, requirements))

    def to_csv(self, target: str | Path | IO[str], requirements: bool = True) -> None:
        """Write the per-person table as CSV (booleans as true/false, NaN as empty)."""
        records = self.records(requirements)
        with text_target(target) as handle:
            write_columns(handle, records[0], records.columns(), records.size, _csv_cell)

    def to_dict(self, people: bool = False) -> dict[str, Any]:
        """JSON-ready summary (and, with ``people``, the per-person rows)."""
        out: dict[str, Any] = {
            "register": self.rules.register, "on": self.on.isoformat(), "group": self.group,
            "people": self.size, "assessed": int(self.assessed.sum()),
            "met": int(self.met.sum()), "pass_rate": self.pass_rate,
            "plans": [p.label for p in self.assignment.plans],
            "evaluated_per_person": list(self.fallbacks),
            "load": self.population.report.to_dict(),
            "requirements": self.requirements().to_dict()["rows"],
        }
        if people:
            out["rows"] = list(self.person_rows())
        return out

    def person_rows(self) -> Iterator[dict[str, Any]]:
        """The per-person rows of :meth:`to_dict` (``people=True``), made as they are read."""
        names, rows = self.records(True)
        for row in rows:
            yield {k: _json_cell(v) for k, v in zip(names, row, strict=True)}

    def to_json(self, target: str | Path | IO[str] | None = None, people: bool = False
                ) -> str | None:
        """Write :meth:`to_dict` as JSON to a path or stream; without a target, return it."""
        text = json.dumps(self.to_dict(people), ensure_ascii=False, indent=2)
        if target is None:
            return text
        if isinstance(target, str | Path):
            Path(target).write_text(text + "\n", encoding="utf-8")
        else:
            target.write(text + "\n")
        return None


def _iso(ordinals: Any) -> Any:
    cache: dict[int, str | None] = {0: None}
    out = np.empty(len(ordinals), dtype=object)
    for k, value in enumerate(ordinals.tolist()):
        if value not in cache:
            cache[value] = date.fromordinal(value).isoformat()
        out[k] = cache[value]
    return out


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value != value:
        return ""
    return value


def _json_cell(value: Any) -> Any:
    if isinstance(value, float) and value != value:
        return None
    return value
