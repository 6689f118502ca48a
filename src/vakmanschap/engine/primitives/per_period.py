"""``per_period``: a requirement applied to each year (or other sub-window) of the cycle.

``every: cycle_year`` cuts the cycle into years counted from its start (the last one may be
shorter); ``calendar_year`` cuts at 1 January; ``{months: n}`` into blocks of n months.
Each sub-window has its own deadline (its end). ``allow_missed`` periods may fail (e.g. one
missed year in five). Periods that end before the professional's entry date are not
applicable when ``skip_before_entry`` is set; periods that start after the assessment date
are not judged when ``started_only`` is set (a mid-cycle "on track" check).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.columnar.arrays import IntArray, column, narrow, take, whole
from vakmanschap.engine.columnar.columns import NodeColumns
from vakmanschap.engine.columnar.periods import PeriodParts, part_index, split_windows
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.phrases import amount_phrase
from vakmanschap.engine.plan.need import cheapest
from vakmanschap.engine.primitives.base import Requirement, primitive
from vakmanschap.engine.primitives.param_info import EASIER, param
from vakmanschap.engine.primitives.requirement_ref import RequirementRef
from vakmanschap.model.periods import Every
from vakmanschap.model.words import Lang
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import Bool, DatedS, EveryS, Field, Num, Record

if TYPE_CHECKING:
    import numpy as np
else:
    from vakmanschap.lazy import numpy as np

if TYPE_CHECKING:
    from datetime import date

    from vakmanschap.engine.columnar.context import ColumnarContext
    from vakmanschap.engine.plan.need import Options
    from vakmanschap.engine.plan.planner import Planner
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab
    from vakmanschap.model.records import Professional

__all__ = ["PerPeriod"]


@primitive
@attrs.frozen(kw_only=True)
class PerPeriod(Requirement):
    """Apply ``requires`` to every sub-window of the cycle."""

    key = "per_period"
    words = ("eis per periode", "requirement per period")
    doc = "Apply a requirement to each year (or n-month block) of the cycle."
    schema = Record({
        "every": Field(EveryS(), required=True),
        "requires": Field(RequirementRef(), required=True),
        "allow_missed": Field(DatedS(Num(minimum=0, integer=True)), default=None),
        "skip_before_entry": Field(Bool(), default=False),
        "started_only": Field(Bool("judge only periods that have started on the assessment "
                                   "date (an on-track check mid-cycle)"), default=False),
    }, "a requirement per sub-window")

    every: Every = param("periode", "period")
    requires: Requirement
    allow_missed: Dated | None = param("aantal periodes dat mag ontbreken",
                                       "periods that may be missed", unit="periods",
                                       sweep=EASIER, default=None)
    skip_before_entry: bool = param("periodes vóór indiensttreding tellen niet",
                                    "periods before entry do not count", default=False)
    started_only: bool = param("alleen begonnen periodes tellen", "only started periods count",
                               default=False)

    outcome_counts_children = True  # met: enough of its periods met (``allow_missed``).

    def children(self) -> tuple[Requirement, ...]:
        return (self.requires,)

    blind_to_records = True  # reads the entry date and its windows; its children say theirs.

    def same_judged_later(self, professional: Professional, on: date, later: date) -> bool:
        """Only ``started_only`` reads the date (a period that starts after it is not
        judged)."""
        return not self.started_only

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        window = ctx.window
        parts = self.every.parts(window, ctx.policy)
        entry = ctx.professional.entry_date
        results: list[RequirementResult] = []
        skipped = not_started = 0
        for part in parts:
            if self.skip_before_entry and entry is not None and part.last_day < entry:
                skipped += 1
                continue
            if self.started_only and part.start > ctx.on:
                not_started += 1
                continue
            if part.end == window.end:
                deadline = ctx.deadline
            else:
                # Under an inclusive policy a deadline is the last allowed day ("uiterlijk").
                deadline = part.last_day if window.end_inclusive else part.end
            sub = ctx.with_window(part, deadline)
            results.append(self.requires.evaluate(sub) if sub.earlier is None
                           else sub.earlier.judge(self.requires, sub))
        missed_allowed = int(self.allow_missed.at(ctx.params_on)) if self.allow_missed else 0
        needed = max(0, len(results) - missed_allowed)
        met_count = sum(1 for r in results if r.met)
        return self.result(ctx, met=met_count >= needed, required=float(needed),
                           actual=float(met_count), unit="periods", children=tuple(results),
                           detail={"periods": len(results), "skipped_before_entry": skipped,
                                   "not_started": not_started, "allow_missed": missed_allowed})

    def phrase(self, result: RequirementResult, lang: Lang) -> str:
        return amount_phrase(result, lang)

    # -- completion plan: what a plan must add to satisfy this requirement --

    def plan_needs(self, result: RequirementResult, planner: Planner) -> Options:
        """The cheapest unmet periods, as many as are still missing (``allow_missed``
        spares the dearest)."""
        missing = max(1, math.ceil((result.required or 0) - (result.actual or 0)))
        return cheapest([planner.needs(c) for c in result.children if not c.met], missing)

    # -- population: columnar evaluation --

    def columnar(self, ctx: ColumnarContext) -> NodeColumns:
        """Every person's window cut as :meth:`Every.parts` cuts it, the sub-requirement
        evaluated for each part (a context per part index), met parts counted."""
        frame = ctx.frame
        parts = split_windows(ctx, self.every)
        entry = frame.people.entry
        children: list[NodeColumns] = []
        met_count = np.zeros(frame.n, dtype=np.int64)
        evaluated = np.zeros(frame.n, dtype=np.int64)
        width = parts.start.shape[0]
        # Which part each activity of the window falls in, found once when a part's dense
        # view is first needed: a part's activities are then the window's with that index
        # (parts are consecutive and cover the window). A child whose filter passes few
        # activities tests its part's window on those alone (ColumnarContext.select).
        index: list[Any] = []
        for p in range(width):
            exists = ctx.mask & (parts.count > p)
            last = np.where(parts.incl[p], parts.end[p], parts.end[p] - 1)
            mask = exists
            if self.skip_before_entry:
                mask = exists & ~((entry != 0) & (last < entry))
            if self.started_only:  # periods not yet started are not judged
                mask = mask & (parts.start[p] <= frame.on_ord)
            sub = ctx.sub(mask, parts.start[p], parts.end[p], parts.incl[p], f"[{p}]")
            if 1 < width <= 250:
                sub.restrict_active(_part_view(ctx, parts, index, p, mask, exists))
            child = sub.evaluate(self.requires)
            children.append(child)
            met_count += child.met & mask
            evaluated += mask
        allowed = whole(ctx.param(self.allow_missed)) if self.allow_missed is not None else 0
        needed = np.maximum(0, evaluated - allowed)
        return NodeColumns(ctx.key(self), self, ctx, met_count >= needed, narrow(met_count),
                           narrow(needed), None, children, stats={"evaluated": evaluated},
                           unit="periods")

    def sweep_closed_form(self, name: str) -> bool:
        """Missed periods allowed: the periods met and judged are fixed."""
        return name == "allow_missed"

    def sweep_stats(self, columns: NodeColumns, names: Collection[str], people: IntArray
                    ) -> dict[str, Any]:
        ctx = columns.ctx
        allowed = whole(ctx.param(self.allow_missed)) if self.allow_missed is not None else 0
        return {"met_count": columns.actual[people],
                "evaluated": columns.stats["evaluated"][people],
                "allowed": take(allowed, people)}

    def sweep_met(self, stats: dict[str, Any], values: Mapping[str, Any]) -> Any:
        return column(stats["met_count"]) >= self.sweep_needed(stats, values)

    def sweep_needed(self, stats: dict[str, Any], values: Mapping[str, Any]) -> Any:
        allowed = whole(values["allow_missed"]) if "allow_missed" in values else column(
            stats["allowed"])
        return np.maximum(0, column(stats["evaluated"]) - allowed)

    def child_suffixes(self, result: RequirementResult) -> tuple[str, ...]:
        """Periods are numbered among all parts of the window, skipped ones included."""
        offset = int(result.detail.get("skipped_before_entry", 0))
        return tuple(f"[{offset + k}]" for k in range(len(result.children)))

    # -- random rule files: Hypothesis strategy --

    nests = True

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        every = draw.choice(("cycle_year", "calendar_year", "months"))
        params: dict[str, Any] = {
            "every": {"months": draw.choice((6, 7, 3))} if every == "months" else every,
            "requires": child()}
        if draw.boolean():
            params["allow_missed"] = draw.dated(lambda: draw.integer(0, 2))
        if draw.boolean():
            params["skip_before_entry"] = True
        if draw.chance(4):
            params["started_only"] = True
        return params


def _part_view(ctx: ColumnarContext, parts: PeriodParts, index: list[Any], p: int, mask: Any,
               exists: Any) -> Callable[[], Any]:
    """How part ``p``'s activities are found from the window's: those with part index ``p``
    (``index`` keeps the index, found once for every part), of the people in ``mask``."""
    def build() -> Any:
        if not index:
            index.append(part_index(ctx, parts))
        active = ctx.active() & (index[0] == p)
        if (mask != exists).any():
            active &= ctx.frame.expand(mask)
        return active

    return build
