"""``share``: a minimum or maximum share of some categories in the total of the window.

The total (denominator) is every activity that passes the node's filter; the part
(numerator) those of them in ``part_categories``. A maximum share is not monotonic: one
more informal activity can turn "met" into "not met" (docs/rule-language.md says so).
The shortfall is the amount that would bring the share within bounds: more activities in
the part for a minimum, more activities outside it for a maximum.
"""

from __future__ import annotations

import math
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
from vakmanschap.engine.primitives.param_info import EASIER, HARDER, param
from vakmanschap.model.words import Lang, fmt_amount
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import DatedS, Field, Num, Record, Ref, SeqOf

if TYPE_CHECKING:
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab

__all__ = ["Share"]

_FRACTION = Num("a fraction between 0 and 1", minimum=0, maximum=1)


def _bounds(out: dict[str, Any], raw: Any, loc: Any, checker: Any) -> Any:
    low, high = out.get("min"), out.get("max")
    if low is None and high is None:
        return checker.error(loc, "give 'min', 'max' or both")
    if low is not None and high is not None:
        for day, value in low.values:
            if value > high.at(max(day, high.values[0][0])):
                return checker.error(loc, f"min ({value}) is above max "
                                     f"({high.at(max(day, high.values[0][0]))}): no one can "
                                     "ever meet this requirement")
    return out


@primitive
@attrs.frozen(kw_only=True)
class Share(ActivityRequirement):
    """The share of ``part_categories`` in the total stays within ``min``/``max``."""

    key = "share"
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

    # -- population: columnar evaluation --

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
