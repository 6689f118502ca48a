"""``count``: the number of matching activities in the window, at least a minimum."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.columnar.arrays import IntArray, column, narrow, whole
from vakmanschap.engine.columnar.columns import NodeColumns
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.plan.need import ACTIVITIES
from vakmanschap.engine.primitives.base import ActivityRequirement, primitive
from vakmanschap.engine.primitives.drawing import activity_keys
from vakmanschap.engine.primitives.param_info import HARDER, param
from vakmanschap.engine.primitives.schema_fields import filter_schema, unit_schema
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import DatedS, Field, Num, Record

if TYPE_CHECKING:

    from vakmanschap.engine.columnar.context import ColumnarContext
    from vakmanschap.engine.columnar.fates import Fates
    from vakmanschap.engine.plan.model import PlanStep
    from vakmanschap.engine.plan.need import Need, Options
    from vakmanschap.engine.plan.planner import Planner
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab

__all__ = ["Count"]


@primitive
@attrs.frozen(kw_only=True)
class Count(ActivityRequirement):
    """At least ``min`` matching activities (e.g. one intervisie meeting)."""

    key = "count"
    words = ("aantal activiteiten", "number of activities")
    doc = "Number of matching activities in the window, at least `min`."
    schema = Record({
        "min": Field(DatedS(Num(minimum=0, integer=True), "the minimum number"), required=True),
        "unit": unit_schema(),
        **filter_schema(),
    }, "number of matching activities")

    min: Dated = param("minimum", "minimum", unit="activities", sweep=HARDER)

    reads_only_its_facts = True  # reads the activities of its window and the parameter date only.
    counts_only_admitted = True

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        unit = self.unit or ctx.unit
        outcomes, passed = self.filter.scan(ctx, unit)
        outcomes.extend((a.seq, a.amount_c, "counted", "") for a in passed)
        required = int(self.min.at(ctx.params_on))
        return self.result(ctx, met=len(passed) >= required, required=float(required),
                           actual=float(len(passed)), unit="activities",
                           outcomes=tuple(outcomes), scanned=True)

    # -- completion plan: what a plan must add to satisfy this requirement --

    def plan_needs(self, result: RequirementResult, planner: Planner) -> Options:
        """The number of matching activities missing (at least one)."""
        need = planner.activity_need(
            result, self.filter, self.unit, ACTIVITIES,
            count=max(1, math.ceil((result.required or 0) - (result.actual or 0))))
        return need.cost(), [need]

    def plan_step(self, need: Need, last: RequirementResult, planner: Planner) -> PlanStep:
        """An ``activities`` step: the number of activities found missing."""
        return need.step(ACTIVITIES, achievable=last.met, count=need.count)

    # -- population: columnar evaluation --

    def columnar_outcomes(self, ctx: ColumnarContext) -> Fates:
        """Every activity that passes the window and the filter counts in full."""
        return self.columnar_counted_in_full(ctx)

    def columnar(self, ctx: ColumnarContext) -> NodeColumns:
        """The number of selected activities per person against the minimum."""
        count = ctx.select(self.filter, self.unit or ctx.frame.rules.unit).count()
        required = whole(ctx.param(self.min))
        return NodeColumns(ctx.key(self), self, ctx, count >= required, narrow(count),
                           required, None, unit="activities")

    def sweep_closed_form(self, name: str) -> bool:
        """The minimum: the count is fixed."""
        return name == "min"

    def sweep_stats(self, columns: NodeColumns, names: Collection[str], people: IntArray
                    ) -> dict[str, Any]:
        return {"count": columns.actual[people]}

    def sweep_met(self, stats: dict[str, Any], values: Mapping[str, Any]) -> Any:
        return column(stats["count"]) >= whole(values["min"])

    # -- random rule files: Hypothesis strategy --

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        return {"min": draw.dated(lambda: draw.integer(0, 6)), **activity_keys(draw, vocab)}
