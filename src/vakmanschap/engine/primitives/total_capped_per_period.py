"""``total_capped_per_period``: a cycle total to which each sub-period contributes at most a cap.

The rule shape of registers that count development over a multi-year cycle but limit how much
of it one year may bring in:

* NBA (accountants in business): 120 PE hours per three-year cycle, of which "at most 20 hours
  of unstructured activity (self-study, training on the job) per calendar year" count;
* NOvA (advocaten): intervisie and peer review count "met max van 4 punten per jaar".

Matching activities (the filter) are taken in chronological order (ties by activity id, so the
input order never matters). An activity in one of ``capped_categories`` (default: every
matching activity) counts only as far as its sub-period (``every``, cut as ``per_period`` cuts
the cycle) still has room under ``cap``; the excess is reported as capped
(``cap_per_period``). What counts adds up to the cycle total, which must reach ``min``.
"""

from __future__ import annotations

import bisect
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.amounts import cents
from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.plan.need import AMOUNT
from vakmanschap.engine.primitives.base import ActivityRequirement, Requirement, primitive
from vakmanschap.engine.primitives.drawing import activity_keys
from vakmanschap.engine.primitives.param_info import EASIER, HARDER, OWN, param
from vakmanschap.engine.primitives.schema_fields import filter_schema, unit_schema
from vakmanschap.model.periods import Every, Window
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import DatedS, EveryS, Field, Num, Record, Ref, SeqOf

if TYPE_CHECKING:

    from vakmanschap.engine.plan.model import PlanStep
    from vakmanschap.engine.plan.need import Need, Options
    from vakmanschap.engine.plan.planner import Planner
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab

__all__ = ["TotalCappedPerPeriod"]

_AMOUNT = Num("an amount in the requirement's unit", minimum=0)


@primitive
@attrs.frozen(kw_only=True)
class TotalCappedPerPeriod(ActivityRequirement):
    """Sum of matching activities over the cycle, each sub-period contributing at most ``cap``
    of its activities in ``capped_categories``."""

    key = "total_capped_per_period"
    words = ("totaal met een maximum per periode", "total with a maximum per period")
    doc = ("Sum of matching activities in the window, at least `min`, where the activities of "
           "`capped_categories` (default: all) count at most `cap` per sub-period (`every`).")
    schema = Record({
        "min": Field(DatedS(_AMOUNT, "the minimum over the cycle"), required=True),
        "every": Field(EveryS(), required=True),
        "cap": Field(DatedS(_AMOUNT, "the most that counts per sub-period"), required=True),
        "capped_categories": Field(SeqOf(Ref("categories"), min_items=1, unique=True)),
        "unit": unit_schema(),
        **filter_schema(),
    }, "a cycle total with a maximum per sub-period")
    reasons = MappingProxyType({"cap_per_period": (
        "afgetopt: de periode {arg} zit aan het maximum",
        "capped: the period {arg} is at its maximum")})

    min: Dated = param("minimum", "minimum", unit=OWN, sweep=HARDER)
    every: Every = param("periode van het maximum", "period of the maximum")
    cap: Dated = param("maximum per periode", "maximum per period", unit=OWN, sweep=EASIER)
    capped_categories: tuple[str, ...] | None = param(
        "categorieën met een maximum per periode", "categories with a maximum per period",
        default=None)

    reads_only_its_facts = True  # reads the activities of its window and the parameter date only.
    counts_only_admitted = True

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        unit = self.unit or ctx.unit
        outcomes, passed = self.filter.scan(ctx, unit)
        cap_c = cents(self.cap.at(ctx.params_on))
        parts = tuple(self.every.parts(ctx.window, ctx.policy))
        starts = [part.start for part in parts]
        used = [0] * len(parts)
        capped = self.capped_categories
        total = 0
        for act in passed:  # chronological, ties by id
            counted, reason, arg = act.amount_c, "counted", ""
            if capped is None or act.category in capped:
                index = bisect.bisect_right(starts, act.day) - 1
                room = cap_c - used[index]
                if counted > room:
                    counted, reason, arg = room, "cap_per_period", _period(parts[index])
                used[index] += counted
            total += counted
            outcomes.append((act.seq, counted, reason, arg))
        required_c = cents(self.min.at(ctx.params_on))
        detail = {"cap": cap_c / 100, "counted_per_period": {
            _period(part): amount / 100 for part, amount in zip(parts, used, strict=True)}}
        return self.result(ctx, met=total >= required_c, required=required_c / 100,
                           actual=total / 100, unit=unit, outcomes=tuple(outcomes),
                           detail=detail, scanned=True)

    # -- completion plan: what a plan must add to satisfy this requirement --

    def plan_needs(self, result: RequirementResult, planner: Planner) -> Options:
        """The amount missing: in a category without the cap when the filter allows one
        (it counts in full); else inside the first remaining period that still has room
        for all of it. The plan does not spread one shortfall over several periods: when
        no single period has room, the need is marked not plannable and says so."""
        missing_c = round((result.shortfall or 0) * 100)
        capped = self.capped_categories
        if capped is not None and (self.filter.categories is None
                                   or set(self.filter.categories) - set(capped)):
            need = planner.activity_need(result, self.filter, self.unit, AMOUNT,
                                         amount_c=missing_c, excluded=frozenset(capped))
            return need.cost(), [need]
        lo, hi = planner.dates(result)
        cap_c = planner.cents(self.cap) or 0
        counted = result.detail.get("counted_per_period", {})
        window = result.window
        parts = tuple(self.every.parts(window, planner.rules.date_policy)) if window else ()
        for part in parts:
            start, last = max(lo, part.start), min(hi, part.last_day)
            if start <= last and cap_c - round(counted.get(_period(part), 0) * 100) >= missing_c:
                need = planner.activity_need(result, self.filter, self.unit, AMOUNT,
                                             amount_c=missing_c, lo=start, hi=last)
                return need.cost(), [need]
        need = planner.activity_need(result, self.filter, self.unit, AMOUNT,
                                     amount_c=missing_c, plannable=False)
        return need.cost(), [need]

    def plan_step(self, need: Need, last: RequirementResult, planner: Planner) -> PlanStep:
        """An ``amount`` step: the hours or points found missing."""
        return need.step(AMOUNT, achievable=last.met and need.possible,
                         amount=need.planned_c / 100, unit=need.unit)

    # -- population: columnar evaluation --

    # Evaluated person by person (the default of Requirement.columnar): the room left per
    # sub-period depends on the chronological order within each person's period.
    columnar = Requirement.columnar

    # -- random rule files: Hypothesis strategy --

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        params: dict[str, Any] = {
            "min": draw.dated(draw.amount), "cap": draw.dated(draw.amount),
            "every": draw.choice(("cycle_year", "calendar_year", {"months": 6})),
            **activity_keys(draw, vocab)}
        if draw.boolean():
            params["capped_categories"] = draw.subset(vocab.categories, max_size=2)
        return params


def _period(part: Window) -> str:
    """A sub-period as people read it: its first and last day."""
    return f"{part.start.isoformat()} – {part.last_day.isoformat()}"
