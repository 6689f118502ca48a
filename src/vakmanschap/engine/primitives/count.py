"""``count``: the number of matching activities in the window, at least a minimum."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.primitives.base import (
    ActivityRequirement,
    filter_schema,
    primitive,
    unit_schema,
)
from vakmanschap.engine.primitives.drawing import activity_keys
from vakmanschap.engine.primitives.param_info import HARDER, param
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import DatedS, Field, Num, Record

if TYPE_CHECKING:
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab

__all__ = ["Count"]


@primitive
@attrs.frozen(kw_only=True)
class Count(ActivityRequirement):
    """At least ``min`` matching activities (e.g. one intervisie meeting)."""

    key = "count"
    doc = "Number of matching activities in the window, at least `min`."
    schema = Record({
        "min": Field(DatedS(Num(minimum=0, integer=True), "the minimum number"), required=True),
        "unit": unit_schema(),
        **filter_schema(),
    }, "number of matching activities")

    min: Dated = param("minimum", "minimum", unit="activities", sweep=HARDER)

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        unit = self.unit or ctx.unit
        outcomes, passed = self.filter.scan(ctx, unit)
        outcomes.extend((a.seq, a.amount_c, "counted", "") for a in passed)
        required = int(self.min.at(ctx.params_on))
        return self.result(ctx, met=len(passed) >= required, required=float(required),
                           actual=float(len(passed)), unit="activities",
                           outcomes=tuple(outcomes), scanned=True)

    # -- completion plan: what a plan must add to satisfy this requirement --

    # -- population: columnar evaluation --

    # -- random rule files: Hypothesis strategy --

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        return {"min": draw.dated(lambda: draw.integer(0, 6)), **activity_keys(draw, vocab)}
