"""``share``: a minimum or maximum share of some categories in the total of the window.

The total (denominator) is every activity that passes the node's filter; the part
(numerator) those of them in ``part_categories``. A maximum share is not monotonic: one
more informal activity can turn "met" into "not met" (docs/rule-language.md says so).
The shortfall is the amount that would bring the share within bounds: more activities in
the part for a minimum, more activities outside it for a maximum.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.columnar.arrays import F64, Bools, IntArray, column, take
from vakmanschap.engine.columnar.columns import NodeColumns
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.plan.need import AMOUNT
from vakmanschap.engine.primitives.activity_filter import effective_category
from vakmanschap.engine.primitives.base import ActivityRequirement, primitive
from vakmanschap.engine.primitives.drawing import activity_keys
from vakmanschap.engine.primitives.param_info import EASIER, HARDER, param
from vakmanschap.engine.primitives.schema_fields import filter_schema, unit_schema
from vakmanschap.model.words import Lang, fmt_amount
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import DatedS, Field, Num, Record, Ref, SeqOf

if TYPE_CHECKING:
    import numpy as np
else:
    from vakmanschap.lazy import numpy as np

if TYPE_CHECKING:

    from vakmanschap.engine.columnar.context import ColumnarContext
    from vakmanschap.engine.columnar.fates import Fates
    from vakmanschap.engine.plan.model import PlanStep
    from vakmanschap.engine.plan.need import Need, Options
    from vakmanschap.engine.plan.planner import Planner
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab

__all__ = ["Share", "share_outcome"]

_FRACTION = Num("a fraction between 0 and 1", minimum=0, maximum=1)


def _bounds_problem(low: Dated | None, high: Dated | None) -> str | None:
    if low is None and high is None:
        return "give 'min', 'max' or both"
    if low is not None and high is not None:
        for day, value in low.values:
            top = high.at(max(day, high.values[0][0]))
            if value > top:
                return f"min ({value}) is above max ({top}): no one can ever meet this requirement"
    return None


def _bounds(out: dict[str, Any], raw: Any, loc: Any, checker: Any) -> Any:
    problem = _bounds_problem(out.get("min"), out.get("max"))
    return checker.error(loc, problem) if problem else out


@primitive
@attrs.frozen(kw_only=True)
class Share(ActivityRequirement):
    """The share of ``part_categories`` in the total stays within ``min``/``max``."""

    key = "share"
    words = ("aandeel van categorieën", "share of categories")
    doc = "Share of some categories in the total of matching activities: at least/at most."
    schema = Record({
        "part_categories": Field(SeqOf(Ref("categories"), min_items=1, unique=True),
                                 required=True),
        "min": Field(DatedS(_FRACTION, "minimum share")),
        "max": Field(DatedS(_FRACTION, "maximum share")),
        "unit": unit_schema(),
        **filter_schema(),
    }, "share of categories in the total", post=_bounds)

    part_categories: tuple[str, ...] = param("categorieën van het aandeel",
                                             "categories of the share")
    min: Dated | None = param("minimum", "minimum", unit="share", sweep=HARDER, default=None)
    max: Dated | None = param("maximum", "maximum", unit="share", sweep=EASIER, default=None)

    def parameters_problem(self) -> str | None:
        return _bounds_problem(self.min, self.max)

    reads_only_its_facts = True  # reads the activities of its window and the parameter date only.
    counts_only_admitted = True

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        unit = self.unit or ctx.unit
        outcomes, passed = self.filter.scan(ctx, unit)
        part = sum(a.amount_c for a in passed if a.category in self.part_categories)
        whole = sum(a.amount_c for a in passed)
        outcomes.extend((a.seq, a.amount_c, "counted", "") for a in passed)
        low = self.min.at(ctx.params_on) if self.min is not None else None
        high = self.max.at(ctx.params_on) if self.max is not None else None
        share = part / whole if whole else 0.0
        missing_c = 0
        if low is not None and low > 0 and (whole == 0 or share < low):
            # (part + x) / (whole + x) >= low  <=>  x >= (low*whole - part) / (1 - low)
            missing_c = math.ceil((low * whole - part) / (1 - low) - 1e-9) if low < 1 else (
                whole - part) or 1
            missing_c = max(missing_c, 1)
        if high is not None and whole and share > high:
            # part / (whole + y) <= high  <=>  y >= part / high - whole
            missing_c = (math.ceil(part / high - whole - 1e-9) if high > 0 else 0) or 1
        met = missing_c == 0
        bound = low if low is not None else high
        return self.result(ctx, met=met, required=bound, actual=round(share, 4), unit="share",
                           outcomes=tuple(outcomes), scanned=True, shortfall=missing_c / 100,
                           detail={"part": part / 100, "total": whole / 100, "unit": unit,
                                   "min": low, "max": high})

    def phrase(self, result: RequirementResult, lang: Lang) -> str:
        d = result.detail
        pct = fmt_amount(round((result.actual or 0) * 100, 1), lang)
        bounds = []
        if d.get("min") is not None:
            bounds.append(("minstens " if lang == "nl" else "at least ")
                          + fmt_amount(d["min"] * 100, lang) + "%")
        if d.get("max") is not None:
            bounds.append(("hoogstens " if lang == "nl" else "at most ")
                          + fmt_amount(d["max"] * 100, lang) + "%")
        joined = " en ".join(bounds) if lang == "nl" else " and ".join(bounds)
        return (f"aandeel {pct}% ({joined})" if lang == "nl" else f"share {pct}% ({joined})")

    # -- completion plan: what a plan must add to satisfy this requirement --

    def plan_needs(self, result: RequirementResult, planner: Planner) -> Options:
        """The amount that brings the share within bounds: in the part categories for a
        minimum, outside them for a maximum. Its activities count in the whole total, so
        they say nothing about "waarvan" (``nests`` is false)."""
        part = frozenset(self.part_categories)
        own = frozenset(self.filter.categories) if self.filter.categories is not None else None
        low = result.detail.get("min")
        if low is not None and (result.detail.get("total", 0) == 0
                                or (result.actual or 0.0) < low):
            cats = part if own is None else part & own
        else:
            cats = (own or frozenset(planner.rules.categories)) - part
        need = planner.activity_need(
            result, self.filter, self.unit, AMOUNT, categories=cats, nests=False,
            amount_c=max(1, round((result.shortfall or 0) * 100)))
        return need.cost(), [need]

    def plan_step(self, need: Need, last: RequirementResult, planner: Planner) -> PlanStep:
        """An ``amount`` step: the hours or points that bring the share within bounds."""
        return need.step(AMOUNT, achievable=last.met, amount=need.planned_c / 100,
                         unit=need.unit)

    # -- population: columnar evaluation --

    def columnar_outcomes(self, ctx: ColumnarContext) -> Fates:
        """Every activity that passes the window and the filter counts in full."""
        return self.columnar_counted_in_full(ctx)

    def columnar(self, ctx: ColumnarContext) -> NodeColumns:
        """Per person the part and the whole of the selected activities, then the share's
        outcome as :meth:`evaluate` computes it (:func:`share_outcome`)."""
        frame = ctx.frame
        sel = ctx.select(self.filter, self.unit or frame.rules.unit)
        amount = sel.amounts()
        table = np.zeros(len(frame.rules.categories), dtype=bool)
        table[frame.category_codes(self.part_categories)] = True
        in_part = table[sel.pick(effective_category(frame))]
        part = sel.sum(np.where(in_part, amount, 0))
        whole = sel.sum(amount)
        low = ctx.param(self.min)
        high = ctx.param(self.max)
        met, actual, missing = share_outcome(part, whole, low, high, ctx.mask)
        bound = low if low is not None else high
        return NodeColumns(ctx.key(self), self, ctx, met, actual, bound, missing / 100,
                           stats={"part": part, "whole": whole}, unit="share")

    def sweep_closed_form(self, name: str) -> bool:
        """Both bounds: the part and the whole are fixed."""
        return name in ("min", "max")

    def sweep_stats(self, columns: NodeColumns, names: Collection[str], people: IntArray
                    ) -> dict[str, Any]:
        ctx, stats = columns.ctx, columns.stats
        return {"part": stats["part"][people], "whole": stats["whole"][people],
                "low": take(ctx.param(self.min), people),
                "high": take(ctx.param(self.max), people)}

    def sweep_met(self, stats: dict[str, Any], values: Mapping[str, Any]) -> Any:
        low = values["min"] if "min" in values else column(stats["low"])
        high = values["max"] if "max" in values else column(stats["high"])
        met, _, _ = share_outcome(column(stats["part"]), column(stats["whole"]), low, high,
                                  None)
        return met

    # -- random rule files: Hypothesis strategy --

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        params: dict[str, Any] = {"part_categories": draw.subset(vocab.categories, max_size=2),
                                  **activity_keys(draw, vocab)}
        bounds = draw.choice(("min", "max", "both"))
        if bounds == "both":  # a rule file refuses a minimum above the maximum
            params["min"], params["max"] = sorted((draw.fraction(), draw.fraction()))
        else:
            params[bounds] = draw.dated(draw.fraction)
        return params

def share_outcome(part: IntArray, whole: IntArray, low: Any, high: Any, mask: Bools | None
                  ) -> tuple[Bools, F64, Any]:
    """Met, ``round(share, 4)`` and the missing hundredths, as ``Share.evaluate`` computes
    them (the same float operations, element by element); the rounded share only for the
    people in ``mask`` (none when it is None)."""
    partf = part.astype(np.float64)
    wholef = whole.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(whole != 0, partf / np.where(whole != 0, wholef, 1.0), 0.0)
    # per person (n,), or people x values (n, V) in a sweep: everything broadcasts
    bounds = [np.shape(b) for b in (low, high) if b is not None]
    missing = np.zeros(np.broadcast_shapes(np.shape(part), *bounds), dtype=np.int64)
    if low is not None:
        lowf = np.asarray(low, dtype=np.float64)
        short = (lowf > 0) & ((whole == 0) | (share < lowf))
        with np.errstate(divide="ignore", invalid="ignore"):
            below_one = np.ceil((lowf * wholef - partf) / (1 - lowf) - 1e-9)
        at_one = np.where(whole - part != 0, whole - part, 1)
        value = np.where(lowf < 1, np.nan_to_num(below_one, nan=0.0, posinf=0.0, neginf=0.0),
                         at_one)
        missing = np.where(short, np.maximum(value, 1), missing).astype(np.int64)
    if high is not None:
        highf = np.asarray(high, dtype=np.float64)
        over = (whole != 0) & (share > highf)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(highf > 0, np.ceil(partf / np.where(highf > 0, highf, 1.0)
                                                 - wholef - 1e-9), 0)
        value = np.where(value != 0, value, 1)
        missing = np.where(over, value, missing).astype(np.int64)
    met = missing == 0
    rounded = np.zeros(len(part), dtype=np.float64)
    if mask is not None:
        idx = np.flatnonzero(mask)
        rounded[idx] = [round(x, 4) for x in share[idx].tolist()]
    return met, rounded, missing
