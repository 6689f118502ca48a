"""``per_period``: a requirement applied to each year (or other sub-window) of the cycle.

``every: cycle_year`` cuts the cycle into years counted from its start (the last one may be
shorter); ``calendar_year`` cuts at 1 January; ``{months: n}`` into blocks of n months.
Each sub-window has its own deadline (its end). ``allow_missed`` periods may fail (e.g. one
missed year in five). Periods that end before the professional's entry date are not
applicable when ``skip_before_entry`` is set; periods that start after the assessment date
are not judged when ``started_only`` is set (a mid-cycle "on track" check).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.primitives.base import Requirement, primitive
from vakmanschap.engine.primitives.param_info import EASIER, param
from vakmanschap.model.words import Lang
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import Bool, DatedS, Field, Num, Record, Schema, Str

if TYPE_CHECKING:
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab

__all__ = ["PerPeriod"]


class _EverySchema(Schema):
    doc = "cycle_year, calendar_year, or {months: n}"

    def check(self, value: Any, loc: Any, checker: Any) -> Any:
        if isinstance(value, str):
            return Str(choices=("cycle_year", "calendar_year")).check(value, loc, checker)
        out = Record({"months": Field(Num(minimum=1, integer=True), required=True)},
                     "blocks of n months").check(value, loc, checker)
        return out if not isinstance(out, dict) else f"months:{out['months']}"

    def json(self) -> dict[str, Any]:
        return {"oneOf": [{"enum": ["cycle_year", "calendar_year"]}, {
            "type": "object", "additionalProperties": False, "required": ["months"],
            "properties": {"months": {"type": "integer", "minimum": 1}}}]}


class _RequirementRef(Schema):
    def check(self, value: Any, loc: Any, checker: Any) -> Any:
        from vakmanschap.engine.rulefile.requirement_schema import REQUIREMENT

        return REQUIREMENT.check(value, loc, checker)

    def json(self) -> dict[str, Any]:
        return {"$ref": "#/$defs/requirement"}


@primitive
@attrs.frozen(kw_only=True)
class PerPeriod(Requirement):
    """Apply ``requires`` to every sub-window of the cycle."""

    key = "per_period"
    doc = "Apply a requirement to each year (or n-month block) of the cycle."
    schema = Record({
        "every": Field(_EverySchema(), required=True),
        "requires": Field(_RequirementRef(), required=True),
        "allow_missed": Field(DatedS(Num(minimum=0, integer=True)), default=None),
        "skip_before_entry": Field(Bool(), default=False),
        "started_only": Field(Bool("judge only periods that have started on the assessment "
                                   "date (an on-track check mid-cycle)"), default=False),
    }, "a requirement per sub-window")

    every: str = param("periode", "period")
    requires: Requirement
    allow_missed: Dated | None = param("aantal periodes dat mag ontbreken",
                                       "periods that may be missed", unit="periods",
                                       sweep=EASIER, default=None)
    skip_before_entry: bool = param("periodes vóór indiensttreding tellen niet",
                                    "periods before entry do not count", default=False)
    started_only: bool = param("alleen begonnen periodes tellen", "only started periods count",
                               default=False)

    def children(self) -> tuple[Requirement, ...]:
        return (self.requires,)

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        window = ctx.window
        if self.every == "calendar_year":
            parts = window.split(ctx.policy, calendar_years=True)
        elif self.every == "cycle_year":
            parts = window.split(ctx.policy, years=1)
        else:
            parts = window.split(ctx.policy, months=int(self.every.split(":")[1]))
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
            results.append(self.requires.evaluate(ctx.with_window(part, deadline)))
        missed_allowed = int(self.allow_missed.at(ctx.params_on)) if self.allow_missed else 0
        needed = max(0, len(results) - missed_allowed)
        met_count = sum(1 for r in results if r.met)
        return self.result(ctx, met=met_count >= needed, required=float(needed),
                           actual=float(met_count), unit="periods", children=tuple(results),
                           detail={"periods": len(results), "skipped_before_entry": skipped,
                                   "not_started": not_started, "allow_missed": missed_allowed})

    def phrase(self, result: RequirementResult, lang: Lang) -> str:
        from vakmanschap.engine.phrases import amount_phrase

        return amount_phrase(result, lang)

    # -- completion plan: what a plan must add to satisfy this requirement --

    # -- population: columnar evaluation --

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
