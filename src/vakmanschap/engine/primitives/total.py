"""``total``: the sum of hours or points of matching activities in the window, at least a minimum.

Caps are applied per activity in chronological order (ties broken by activity id, so the
input order never matters): first the per-activity maximum, then the room left that day, then
the room left in the category; only what finally counts uses up the day's and the category's
room. An activity below ``per_activity_min`` is excluded, not rounded up
(SRPO: an activity is worth 10 to 100 points).

Pro rata (``prorate``): ``fte`` multiplies the minimum by min(fte, 1); ``late_entry`` by the
share of the window's days from the professional's entry date on. The prorated minimum is
rounded up (to the hundredth, or to a whole unit with ``round: whole``): never in the
professional's disfavour by more than the rounding step, and declared, not accidental.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.primitives.base import (
    ActivityRequirement,
    Requirement,
    filter_schema,
    primitive,
    take_filter,
    unit_schema,
)
from vakmanschap.engine.primitives.drawing import activity_keys
from vakmanschap.engine.primitives.param_info import EASIER, HARDER, OWN, param
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import DatedS, Field, MapOf, Num, Record, SeqOf, Str

if TYPE_CHECKING:
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab

__all__ = ["Total", "prorate_factor", "prorated_minimum"]

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

PRORATE_SCHEMA = SeqOf(Str(choices=("fte", "late_entry")), unique=True)
ROUND_SCHEMA = Str("rounding of a prorated minimum (always up)", choices=("hundredth", "whole"))


def prorate_factor(ctx: EvalContext, prorate: tuple[str, ...]) -> float:
    """The factor applied to a minimum: min(fte, 1) and/or the share of the window after entry."""
    factor = 1.0
    if "fte" in prorate:
        factor *= min(ctx.professional.fte, 1.0)
    if "late_entry" in prorate:
        entry = ctx.professional.entry_date
        window = ctx.window
        if entry is not None and entry > window.start:
            remaining = (window.last_day - entry).days + 1
            factor *= max(0, remaining) / window.days
    return factor


def prorated_minimum(minimum: float, factor: float, rounding: str) -> int:
    """The minimum in hundredths after pro rata, rounded up as declared."""
    raw = round(minimum * 100) * factor
    if rounding == "whole":
        return math.ceil(raw / 100 - 1e-9) * 100
    return math.ceil(raw - 1e-9)


@primitive
@attrs.frozen(kw_only=True)
class Total(ActivityRequirement):
    """Sum of matching activities, capped as declared, against a (prorated) minimum."""

    key = "total"
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
        factory=dict)
    prorate: tuple[str, ...] = param("naar rato", "pro rata", default=())
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

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        unit = self.unit or ctx.unit
        outcomes, passed = self.filter.scan(ctx, unit)
        when = ctx.params_on

        def cents(param: Dated | None) -> int | None:
            value = param.at(when) if param is not None else None
            return None if value is None else round(value * 100)

        floor_c, act_cap, day_cap = (cents(self.per_activity_min), cents(self.cap_per_activity),
                                     cents(self.cap_per_day))
        cat_caps = {k: cents(v) for k, v in self.cap_per_category.items()}
        used_day: dict[Any, int] = {}
        used_cat: dict[str, int] = {}
        total = 0
        for act in passed:  # chronological, ties by id
            amount = act.amount_c
            if floor_c is not None and amount < floor_c:
                outcomes.append((act.seq, 0, "below_minimum", _fmt(floor_c)))
                continue
            counted, reason, arg = amount, "counted", ""
            if act_cap is not None and counted > act_cap:
                counted, reason, arg = act_cap, "cap_per_activity", _fmt(act_cap)
            # The day and category rooms are both checked before either is booked: hours one
            # cap refuses must not use up the other's room (one more activity must never lower
            # the total).
            if day_cap is not None:
                room = day_cap - used_day.get(act.day, 0)
                if counted > room:
                    counted, reason, arg = room, "cap_per_day", _fmt(day_cap)
            cat_cap = cat_caps.get(act.category)
            if cat_cap is not None:
                room = cat_cap - used_cat.get(act.category, 0)
                if counted > room:
                    counted, reason, arg = room, "cap_per_category", act.category
                used_cat[act.category] = used_cat.get(act.category, 0) + counted
            if day_cap is not None:
                used_day[act.day] = used_day.get(act.day, 0) + counted
            total += counted
            outcomes.append((act.seq, counted, reason, arg))
        required_c = prorated_minimum(self.min.at(when), prorate_factor(ctx, self.prorate),
                                      self.round)
        return self.result(ctx, met=total >= required_c, required=required_c / 100,
                           actual=total / 100, unit=unit, outcomes=tuple(outcomes), scanned=True)

    # -- completion plan: what a plan must add to satisfy this requirement --

    # -- population: columnar evaluation --

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
        prorate = draw.subset(("fte", "late_entry"), min_size=0)
        if prorate:
            params["prorate"] = prorate
        if draw.boolean():
            params["round"] = draw.choice(("hundredth", "whole"))
        return params


def _fmt(cents: int) -> str:
    return f"{cents / 100:g}"
