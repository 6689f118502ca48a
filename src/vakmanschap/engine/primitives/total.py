"""``total``: the sum of hours or points of matching activities in the window, at least a minimum.

Caps are applied per activity in chronological order (ties broken by activity id, so the
input order never matters): first the per-activity maximum, then the room left that day, then
the room left in the category; only what finally counts uses up the day's and the category's
room. An activity below ``per_activity_min`` is excluded, not rounded up
(SRPO: an activity is worth 10 to 100 points).

Pro rata (``prorate``): ``fte`` multiplies the minimum by min(fte, 1); ``late_entry`` by the
share of the window's days from the professional's entry date on; the mapping form
``{by: months_registered, ...}`` by the months of the term the duty applied
(:mod:`vakmanschap.engine.prorata`), and with ``caps: true`` the caps per category too (caps
per activity and per day are not amounts of the term and stay). A prorated amount is rounded
up (to the hundredth, or to a whole unit with ``round: whole``): never in the professional's
disfavour by more than the rounding step, and declared, not accidental.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.amounts import cents, meets_prorated_minimum
from vakmanschap.engine.amounts import prorated_minimum as prorated_minimum
from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.columnar.arrays import IntArray, column, narrow, running_cap, take
from vakmanschap.engine.columnar.caps import day_and_category
from vakmanschap.engine.columnar.columns import NodeColumns
from vakmanschap.engine.columnar.fates import Fates, apply_caps
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.plan.need import AMOUNT
from vakmanschap.engine.primitives.activity_filter import effective_category
from vakmanschap.engine.primitives.base import ActivityRequirement, Requirement, primitive
from vakmanschap.engine.primitives.capped_count import VARIES, count_capped, fixed_cents
from vakmanschap.engine.primitives.drawing import activity_keys
from vakmanschap.engine.primitives.param_info import EASIER, HARDER, OWN, param
from vakmanschap.engine.primitives.results import amount_result
from vakmanschap.engine.primitives.schema_fields import (
    dated_value_schema,
    filter_schema,
    take_filter,
    unit_schema,
)
from vakmanschap.engine.prorata import (
    PRORATE_SCHEMA,
    ROUND_SCHEMA,
    MonthsProRata,
    Prorate,
    as_prorate,
    draw_prorate,
    factor,
    factor_columns,
    known_alike_later,
    prorated_cap,
)
from vakmanschap.model.frozen_map import FrozenMap, frozen_map
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import DatedS, Field, MapOf, Num, Record, Schema

if TYPE_CHECKING:
    from datetime import date

    import numpy as np

    from vakmanschap.engine.columnar.context import ColumnarContext
    from vakmanschap.engine.plan.model import PlanStep
    from vakmanschap.engine.plan.need import Need, Options
    from vakmanschap.engine.plan.planner import Planner
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab
    from vakmanschap.model.records import Professional
else:
    from vakmanschap.lazy import numpy as np

__all__ = ["Total", "prorated_minimum"]

_AMOUNT = Num("an amount in the requirement's unit", minimum=0)


def _caps_post(out: dict[str, Any], raw: Any, loc: Any, checker: Any) -> Any:
    categories = out.get("per_category") or {}
    for name in categories:
        if name not in checker.names.get("categories", ()):
            return checker.error(loc.key_itself(raw.get("per_category", {}), name),
                                 f"unknown category {name!r}; allowed: "
                                 f"{', '.join(checker.names.get('categories', ()))}")
    return out


CAPS_SCHEMA = Record({
    "per_activity": Field(DatedS(_AMOUNT, "maximum counted per activity")),
    "per_day": Field(DatedS(_AMOUNT, "maximum counted per calendar day")),
    "per_category": Field(MapOf(DatedS(_AMOUNT), "maximum counted per category in the window",
                                key_doc="a category")),
}, "caps on what counts; the excess is reported as capped", post=_caps_post)



@primitive
@attrs.frozen(kw_only=True)
class Total(ActivityRequirement):
    """Sum of matching activities, capped as declared, against a (prorated) minimum."""

    key = "total"
    words = ("totaal van de activiteiten", "total of activities")
    doc = "Sum of hours or points of matching activities in the window, at least `min`."
    schema = Record({
        "min": Field(DatedS(_AMOUNT, "the minimum"), required=True),
        "unit": unit_schema(),
        **filter_schema(),
        "per_activity_min": Field(DatedS(_AMOUNT, "activities worth less are excluded")),
        "caps": Field(CAPS_SCHEMA),
        "prorate": Field(PRORATE_SCHEMA, default=()),
        "round": Field(ROUND_SCHEMA, default="hundredth"),
    }, "sum of matching activities")

    min: Dated = param("minimum", "minimum", unit=OWN, sweep=HARDER)
    per_activity_min: Dated | None = param("minimum per activiteit", "minimum per activity",
                                           unit=OWN, default=None)
    cap_per_activity: Dated | None = param("maximum per activiteit", "maximum per activity",
                                           unit=OWN, sweep=EASIER, default=None)
    cap_per_day: Dated | None = param("maximum per dag", "maximum per day", unit=OWN,
                                      sweep=EASIER, default=None)
    cap_per_category: Mapping[str, Dated] = param(
        "maximum voor categorie {arg}", "maximum for category {arg}", unit=OWN, sweep=EASIER,
        factory=FrozenMap, converter=frozen_map)
    prorate: Prorate = param("naar rato", "pro rata", default=(), converter=as_prorate)
    round: str = param("afronding", "rounding", default="hundredth")

    @classmethod
    def build(cls, common: dict[str, Any], params: Any) -> Requirement:
        params = dict(params)
        caps = params.pop("caps") or {}
        return cls(**common, filter=take_filter(params),
                   cap_per_activity=caps.get("per_activity"), cap_per_day=caps.get("per_day"),
                   cap_per_category=caps.get("per_category") or {}, **params)

    def parameters(self) -> dict[str, Dated]:
        out = super().parameters()
        out.update({f"cap_per_category.{k}": v for k, v in self.cap_per_category.items()})
        return out

    def parameter_schema(self, name: str) -> Schema | None:
        # The caps are fields cap_per_<x> here but keys per_<x> under `caps` in a rule file.
        field, dot, _ = name.partition(".")
        if field.startswith("cap_per_"):
            spec = CAPS_SCHEMA.fields.get(field.removeprefix("cap_"))
            return dated_value_schema(spec.schema if spec else None, keyed=bool(dot))
        return super().parameter_schema(name)

    counts_only_admitted = True  # (and the leaves, for pro rata)

    def same_judged_later(self, professional: Professional, on: date, later: date) -> bool:
        """Reads its window's activities and the parameter date, and the leaves known on
        the date judged when it prorates by months."""
        return known_alike_later(self.prorate, professional, on, later)

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        unit = self.unit or ctx.unit
        outcomes, passed = self.filter.scan(ctx, unit)
        when = ctx.params_on
        # What is the same at every date is resolved once per node (RuleSet.compiled).
        fixed = ctx.rules.compiled(self, _fixed)
        if fixed[3] is not None:  # no pro rata, no caps per category, one minimum
            total = count_capped(passed, outcomes, fixed[0], fixed[1], fixed[2], {})
            return amount_result(self, ctx, total >= fixed[3], fixed[3] / 100, total / 100,
                                 unit, tuple(outcomes), None)
        floor_c, act_cap, day_cap = fixed[:3]
        if VARIES in fixed:
            floor_c, act_cap, day_cap = (cents(p.at(when)) if p is not None else None
                                         for p in _params(self))
        found = self._factor(ctx)
        cat_caps = {k: self._cap(cents(v.at(when)), found)
                    for k, v in self.cap_per_category.items()} if self.cap_per_category else {}
        total = count_capped(passed, outcomes, floor_c, act_cap, day_cap, cat_caps)
        required_c = prorated_minimum(self.min.at(when), found, self.round)
        return amount_result(self, ctx, total >= required_c, required_c / 100, total / 100,
                             unit, tuple(outcomes),
                             {"cap_factor": found} if self._caps_prorated else None)

    def _factor(self, ctx: EvalContext) -> float:
        """The pro rata factor of the minimum for this professional in this window."""
        return factor(self.prorate, ctx)

    @property
    def _caps_prorated(self) -> bool:
        return isinstance(self.prorate, MonthsProRata) and self.prorate.caps

    def _cap(self, cap_c: Any, found: Any) -> Any:
        """A cap per category in hundredths, prorated like the minimum when ``caps: true``."""
        return prorated_cap(self.prorate, cap_c, found, self.round)

    # -- completion plan: what a plan must add to satisfy this requirement --

    def plan_needs(self, result: RequirementResult, planner: Planner) -> Options:
        """The hours or points missing, in a category not yet at its cap, within the caps
        per activity and per day (with what already counts that day) and at least the
        minimum per activity."""
        day_cap_c = planner.cents(self.cap_per_day)
        full: frozenset[str] = frozenset()
        per_day: dict[date, int] = {}  # what counts per day matters only under a cap per day
        if self.cap_per_category or day_cap_c is not None:
            per_cat, per_day = planner.counted(result)
            caps = {name: planner.cents(v) for name, v in self.cap_per_category.items()}
            if "cap_factor" in result.detail:  # caps prorated like the minimum
                caps = {n: self._cap(c, result.detail["cap_factor"]) for n, c in caps.items()}
            full = frozenset(c for c, cap in caps.items()
                             if cap is not None and per_cat.get(c, 0) >= cap)
        need = planner.activity_need(
            result, self.filter, self.unit, AMOUNT,
            amount_c=round((result.shortfall or 0) * 100), excluded=full,
            floor_c=planner.cents(self.per_activity_min),
            cap_c=planner.cents(self.cap_per_activity), day_cap_c=day_cap_c, day_used=per_day)
        return need.cost(), [need]

    def plan_step(self, need: Need, last: RequirementResult, planner: Planner) -> PlanStep:
        """An ``amount`` step: the hours or points found missing."""
        return need.step(AMOUNT, achievable=last.met, amount=need.planned_c / 100,
                         unit=need.unit)

    # -- population: columnar evaluation --

    shortfall_is_activity_amount = True

    def columnar(self, ctx: ColumnarContext) -> NodeColumns:
        """The counted total per person: caps in chronological order as :meth:`evaluate`
        applies them, the category caps last (see :meth:`columnar_parts`)."""
        rest, parts = self.columnar_parts(ctx)
        return self._judged(ctx, {"rest": narrow(rest),
                                  "parts": {c: narrow(p) for c, p in parts.items()}})

    def columnar_from(self, baseline: NodeColumns, ctx: ColumnarContext) -> NodeColumns | None:
        """Only the minimum (or its rounding) changed: the baseline's sums, judged anew."""
        old = baseline.node
        if not isinstance(old, Total) or attrs.evolve(old, min=self.min,
                                                      round=self.round) != self:
            return None
        return self._judged(ctx, baseline.stats)

    def _judged(self, ctx: ColumnarContext, stats: dict[str, Any]) -> NodeColumns:
        """The counted total (``rest`` and the capped categories' parts) against the
        minimum."""
        total = stats["rest"].astype(np.int64)
        for name, part in stats["parts"].items():
            total += np.minimum(part, self._cap_columns(ctx, name))
        required_c = prorated_minimum(ctx.param(self.min), self.columnar_factor(ctx),
                                      self.round)
        return NodeColumns(ctx.key(self), self, ctx, total >= required_c, total / 100,
                           required_c / 100, None, stats=stats,
                           unit=self.unit or ctx.frame.rules.unit)

    def columnar_outcomes(self, ctx: ColumnarContext) -> Fates:
        """Window, filter, ``below_minimum``, then the caps as :meth:`evaluate` applies them."""
        fates, passed = self.columnar_scan(ctx)
        floor, frame = cents(ctx.param(self.per_activity_min)), ctx.frame
        if floor is not None:
            below = passed & (frame.activities.amount < frame.expand(floor))
            fates.mark(below, "below_minimum")
            passed &= ~below
        caps = {code: self._cap_columns(ctx, name) for name in self.cap_per_category
                for code in frame.category_codes([name])}
        apply_caps(fates, passed, cents(ctx.param(self.cap_per_activity)),
                   cents(ctx.param(self.cap_per_day)), caps, effective_category(frame))
        return fates

    def columnar_factor(self, ctx: ColumnarContext) -> Any:
        """The pro rata factor per person (1.0 for everyone without ``prorate``)."""
        return factor_columns(self.prorate, ctx)

    def _cap_columns(self, ctx: ColumnarContext, name: str) -> Any:
        """The cap of category ``name`` per person (hundredths), prorated as declared."""
        return self._cap(cents(ctx.param(self.cap_per_category[name])), self.columnar_factor(ctx))

    def columnar_parts(self, ctx: ColumnarContext, categories: Sequence[str] = ()
                       ) -> tuple[IntArray, dict[str, IntArray]]:
        """Per person what this node counts before its category caps, split into the
        categories that have a cap (and ``categories``) and the rest (hundredths).

        Per-activity minimum and cap, then the per-day cap in chronological order (ties by
        id), as a running cap: what is counted after activity *i* of a day is
        ``min(S_i, cap)``. The category caps come last; because a running cap adds up to
        ``min(sum, cap)``, the counted total is ``rest + sum(min(part_c, cap_c))``.
        """
        frame = ctx.frame
        unit = self.unit or frame.rules.unit
        sel = ctx.select(self.filter, unit)
        floor = cents(ctx.param(self.per_activity_min))
        if floor is not None:
            sel = sel.narrow(sel.pick(frame.activities.amount) >= sel.per_person(floor))
        counted = sel.amounts()
        act_cap = cents(ctx.param(self.cap_per_activity))
        if act_cap is not None:
            counted = np.minimum(counted, sel.per_person(act_cap))
        day_cap = cents(ctx.param(self.cap_per_day))
        split = [c for c in [*self.cap_per_category, *categories] if frame.category_codes([c])]
        eff = sel.pick(effective_category(frame)) if split else None
        if day_cap is not None:
            capped = running_cap(counted, sel.group_start(), sel.per_person(day_cap))
            if self.cap_per_category:
                caps = {codes[0]: self._cap_columns(ctx, name)
                        for name in self.cap_per_category
                        if (codes := frame.category_codes([name]))}
                counted = day_and_category(sel, counted, capped, day_cap, caps, eff)
            else:
                counted = capped
        parts: dict[str, IntArray] = {}
        if not split:
            return sel.sum(counted), parts
        rest = sel.sum(counted)  # less each category's part (exact: whole hundredths)
        for name in dict.fromkeys(split):
            in_cat = eff == frame.category_codes([name])[0]
            parts[name] = sel.sum(np.where(in_cat, counted, 0))
            rest -= parts[name]
        return rest, parts

    def sweep_closed_form(self, name: str) -> bool:
        """The minimum; a category cap when there is no day cap (the total is then
        ``rest + sum(min(part_c, cap_c))``)."""
        if name.startswith("cap_per_category."):  # not when the caps are prorated
            return self.cap_per_day is None and not self._caps_prorated
        return name == "min"

    def sweep_stats(self, columns: NodeColumns, names: Collection[str], people: IntArray
                    ) -> dict[str, Any]:
        ctx, stats = columns.ctx, columns.stats
        caps = [n.split(".", 1)[1] for n in names if n.startswith("cap_per_category.")]
        rest, parts = stats["rest"], stats["parts"]
        if any(c not in parts for c in caps):
            rest, parts = self.columnar_parts(ctx, caps)
        return {"rest": rest[people], "parts": {c: p[people] for c, p in parts.items()},
                "caps": {c: take(self._cap_columns(ctx, c), people)
                         for c in parts if c in self.cap_per_category},
                "factor": take(self.columnar_factor(ctx), people),
                "min": take(ctx.param(self.min), people)}

    def sweep_met(self, stats: dict[str, Any], values: Mapping[str, Any]) -> Any:
        total: Any = column(stats["rest"]).astype(np.int64)
        for c, part in stats["parts"].items():
            name = f"cap_per_category.{c}"
            cap = cents(values[name]) if name in values else column(stats["caps"].get(c))
            total = total + (column(part) if cap is None else np.minimum(column(part), cap))
        minimum = values["min"] if "min" in values else column(stats["min"])
        return meets_prorated_minimum(total, minimum, column(stats["factor"]), self.round)

    # -- random rule files: Hypothesis strategy --

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        params: dict[str, Any] = {"min": draw.dated(draw.amount), **activity_keys(draw, vocab)}
        # ``caps`` option: which caps may be drawn (a property may exclude one it does not hold
        # for, e.g. per_day for monotonicity).
        allowed = vocab.option("caps", ("per_activity", "per_day", "per_category"))
        caps: dict[str, Any] = {}
        if "per_activity" in allowed and draw.boolean():
            caps["per_activity"] = draw.dated(draw.amount)
        if "per_day" in allowed and draw.chance(3):
            caps["per_day"] = draw.dated(draw.amount)
        if "per_category" in allowed and draw.boolean():
            caps["per_category"] = {c: draw.dated(draw.amount)
                                    for c in draw.subset(vocab.categories, max_size=2)}
        if caps:
            params["caps"] = caps
        if draw.chance(4):
            params["per_activity_min"] = draw.dated(draw.amount)
        prorate = draw_prorate(draw, lists=True)
        if prorate:
            params["prorate"] = prorate
        if draw.boolean():
            params["round"] = draw.choice(("hundredth", "whole"))
        return params


def _params(node: Total) -> tuple[Dated | None, ...]:
    return node.per_activity_min, node.cap_per_activity, node.cap_per_day


def _fixed(node: Total) -> tuple[Any, ...]:
    """The floor, the caps per activity and per day in hundredths (or VARIES), and the
    minimum in hundredths when it is the same for everyone at every date (no pro rata, no
    caps per category, one value), else None."""
    fixed = fixed_cents(_params(node))
    plain = (not node.prorate and not node.cap_per_category and node.min.is_constant
             and VARIES not in fixed)
    return (*fixed, prorated_minimum(node.min.values[0][1], 1.0, node.round) if plain else None)
