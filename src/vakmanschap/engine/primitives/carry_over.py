"""``carry_over``: a shortfall made good with the surplus of the period before, up to a limit.

The rule shape of NOvA (Verordening op de advocatuur art. 4.4 lid 4): an advocate "kan een
tekort aan opleidingspunten [...] tot een maximum van tien punten compenseren met een overschot
aan punten dat hij in het voorafgaande kalenderjaar heeft behaald".

``requires`` is an amount requirement (``total``, ``total_capped_per_period``, ...). It is
judged in the window as usual; when it falls short it is judged again in the previous period
(the ``months`` before the window's start, default 12: the calendar year before a calendar
year). What it exceeded its own minimum by there is the surplus; at most ``max`` of it, and no
more than the shortfall, is carried over. Met when what counts now plus the carry-over reaches
the minimum. Like every node with children its result's ``required`` counts children (one);
the amounts are in ``detail`` (``required_amount``, ``actual_amount``, ``carried``). A surplus
is only ever carried one period forward, and a period's surplus is measured before any
carry-over into it (a period that needed a carry-over has no surplus).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import attrs
from dateutil.relativedelta import relativedelta

from vakmanschap.engine.amounts import cents
from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.columnar.columns import NodeColumns
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.primitives.base import Requirement, primitive
from vakmanschap.engine.primitives.param_info import EASIER, OWN, param
from vakmanschap.engine.primitives.requirement_ref import RequirementRef
from vakmanschap.model.periods import Window
from vakmanschap.model.words import Lang
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import DatedS, Field, Num, Record

if TYPE_CHECKING:
    import numpy as np
else:
    from vakmanschap.lazy import numpy as np

if TYPE_CHECKING:
    from vakmanschap.engine.columnar.context import ColumnarContext
    from vakmanschap.engine.plan.need import Options
    from vakmanschap.engine.plan.planner import Planner
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab

__all__ = ["CarryOver"]


@primitive
@attrs.frozen(kw_only=True)
class CarryOver(Requirement):
    """``requires``, with a shortfall made good by at most ``max`` of the surplus of the
    previous period."""

    key = "carry_over"
    words = ("overschot uit de vorige periode", "surplus carried over from the previous period")
    doc = ("An amount requirement whose shortfall may be made good with its surplus in the "
           "previous period (`months` before the window), at most `max`.")
    schema = Record({
        "max": Field(DatedS(Num("an amount in the requirement's unit", minimum=0),
                            "the most of the surplus that is carried over"), required=True),
        "months": Field(Num("the length of the previous period in months", minimum=1,
                            integer=True), default=12),
        "requires": Field(RequirementRef(), required=True),
    }, "a requirement with carry-over of the previous period's surplus")

    max: Dated = param("maximaal overgeheveld overschot", "most surplus carried over",
                       unit=OWN, sweep=EASIER)
    months: int = param("lengte van de vorige periode", "length of the previous period",
                        unit="months", default=12)
    requires: Requirement

    def children(self) -> tuple[Requirement, ...]:
        return (self.requires,)

    def previous(self, window: Window) -> Window:
        """The period before ``window``: ``months`` months up to the window's start."""
        return Window(window.start - relativedelta(months=self.months), window.start)

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        now = self.requires.evaluate(ctx) if ctx.earlier is None else ctx.earlier.judge(
            self.requires, ctx)
        required = now.required
        actual = now.actual if now.actual is not None else 0.0
        detail: dict[str, Any] = {"carried": 0.0, "surplus_before": 0.0}
        carried_c = 0
        if not now.met and required is not None:
            before_window = self.previous(ctx.window)
            before = self.requires.evaluate(
                ctx.with_window(before_window, before_window.end))
            surplus_c = max(0, cents(before.actual or 0) - cents(before.required or 0))
            short_c = max(0, cents(required) - cents(actual))
            carried_c = min(surplus_c, cents(self.max.at(ctx.params_on)), short_c)
            detail = {"carried": carried_c / 100, "surplus_before": surplus_c / 100,
                      "period_before": f"{before_window.start.isoformat()} – "
                                       f"{before_window.last_day.isoformat()}"}
        met = now.met or (required is not None and cents(actual) + carried_c >= cents(required))
        detail["required_amount"] = required
        detail["actual_amount"] = (cents(actual) + carried_c) / 100
        # A node with children reports in ``required`` how many of them must be met (routes,
        # explanations): one, its requirement made good with the carry-over.
        return self.result(ctx, met=met, required=1.0, actual=1.0 if met else 0.0,
                           unit="requirements", children=(now,), detail=detail)

    def phrase(self, result: RequirementResult, lang: Lang) -> str:
        """What the carry-over did: ``4 overgeheveld uit de vorige periode``; else whether
        it was needed, or why it could not help (no surplus before)."""
        d = result.detail
        carried = d.get("carried", 0)
        nl = lang == "nl"
        if carried:
            return (f"{carried:g} overgeheveld uit de vorige periode" if nl
                    else f"{carried:g} carried over from the previous period")
        if result.met:
            return "voldaan zonder overheveling" if nl else "met without carry-over"
        return ("geen overschot uit de vorige periode om het tekort aan te vullen" if nl
                else "no surplus from the previous period to make up the shortfall")

    # -- completion plan: what a plan must add to satisfy this requirement --

    def plan_needs(self, result: RequirementResult, planner: Planner) -> Options:
        """What ``requires`` misses on its own: the plan does not count on the carry-over
        (the surplus it brings is already in this result; the plan adds the rest)."""
        return planner.needs(result.children[0])

    # -- population: columnar evaluation --

    def columnar(self, ctx: ColumnarContext) -> NodeColumns:
        """``requires`` in everyone's window, and again in the previous period (a context of
        the same people narrowed to it, not a child of the result); the carry-over as
        :meth:`evaluate` computes it, in hundredths."""
        now = ctx.evaluate(self.requires)
        n = ctx.frame.n
        starts = np.asarray(np.broadcast_to(ctx.start, (n,)))
        before_start = starts.copy()  # people outside the context keep theirs
        for day in np.unique(starts[ctx.mask]).tolist():  # few distinct window starts
            shifted = date.fromordinal(int(day)) - relativedelta(months=self.months)
            before_start[starts == day] = shifted.toordinal()
        short_now = ctx.mask & ~now.met
        before = ctx.sub(short_now, before_start, starts, np.zeros(n, dtype=bool),
                         f"{ctx.suffix}<{self.id}:before>").evaluate(self.requires)

        def hundredths(values: Any) -> Any:
            arr = np.broadcast_to(np.asarray(values, dtype=np.float64), (n,))
            return np.rint(np.nan_to_num(arr) * 100).astype(np.int64)

        required = np.broadcast_to(np.asarray(now.required, dtype=np.float64), (n,))
        surplus = np.maximum(0, hundredths(before.actual) - hundredths(before.required))
        short = np.maximum(0, hundredths(required) - hundredths(now.actual))
        carried = np.minimum(np.minimum(surplus, cents(ctx.param(self.max))), short)
        carried = np.where(short_now & ~np.isnan(required), carried, 0)
        met = now.met | (~np.isnan(required) & (hundredths(now.actual) + carried
                                                  >= hundredths(required)))
        return NodeColumns(ctx.key(self), self, ctx, met, met.astype(np.int64), 1, None,
                           [now], stats={"carried": carried / 100}, unit="requirements")

    # -- random rule files: Hypothesis strategy --

    nests = True

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        params: dict[str, Any] = {"max": draw.dated(draw.amount), "requires": child()}
        if draw.boolean():
            params["months"] = draw.choice((12, 6, 36))
        return params
