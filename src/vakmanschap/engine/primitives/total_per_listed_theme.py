"""``total_per_listed_theme``: a minimum for every theme on the professional's own list.

The rule shape of a register whose requirement depends on what the person registered for.
NOvA (Verordening op de advocatuur art. 4.4 lid 2): "ten minste tien opleidingspunten op ieder
rechtsgebied waarop hij zich het daaropvolgende kalenderjaar gaat registreren". The list is a
person attribute (``attribute``: its value names the themes, separated by ``;`` or ``,``);
each listed theme needs ``min`` of the matching activities that cover it. An activity that
covers two listed themes counts for both with its full amount. An empty or missing list
requires nothing. ``prorate`` (either form, as on ``total``) reduces the minimum per theme by
the same factor as a total's minimum, rounded up as ``round`` declares.
"""

from __future__ import annotations

import math
import re
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.amounts import cents, prorated_minimum
from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.plan.need import AMOUNT
from vakmanschap.engine.primitives.base import ActivityRequirement, Requirement, primitive
from vakmanschap.engine.primitives.drawing import activity_keys
from vakmanschap.engine.primitives.param_info import HARDER, OWN, param
from vakmanschap.engine.primitives.schema_fields import filter_schema, unit_schema
from vakmanschap.engine.prorata import (
    PRORATE_SCHEMA,
    ROUND_SCHEMA,
    Prorate,
    as_prorate,
    draw_prorate,
    factor,
)
from vakmanschap.errors import DataError
from vakmanschap.model.records import Professional
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import DatedS, Field, Num, Record, Str

if TYPE_CHECKING:
    from vakmanschap.engine.plan.model import PlanStep
    from vakmanschap.engine.plan.need import Need, Options
    from vakmanschap.engine.plan.planner import Planner
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab

__all__ = ["TotalPerListedTheme", "listed_themes"]

_SPLIT = re.compile(r"[;,]")


def listed_themes(professional: Professional, attribute: str) -> tuple[str, ...]:
    """The themes the professional's ``attribute`` lists (``;`` or ``,`` between them),
    stripped, without empties or repeats, in their order."""
    raw = professional.attributes.get(attribute, "") or ""
    seen: dict[str, None] = {}
    for part in _SPLIT.split(str(raw)):
        if part.strip():
            seen.setdefault(part.strip(), None)
    return tuple(seen)


@primitive
@attrs.frozen(kw_only=True)
class TotalPerListedTheme(ActivityRequirement):
    """At least ``min`` of matching activities for every theme the person's ``attribute``
    lists (NOvA: ten points per registered field of law)."""

    key = "total_per_listed_theme"
    words = ("minimum per eigen thema", "minimum per own theme")
    doc = ("Sum of matching activities per theme listed in the professional's attribute "
           "`attribute` (themes separated by ; or ,), at least `min` for each listed theme.")
    schema = Record({
        "attribute": Field(Str("the person attribute listing the themes"), required=True),
        "min": Field(DatedS(Num("an amount in the requirement's unit", minimum=0),
                            "the minimum per listed theme"), required=True),
        "unit": unit_schema(),
        **filter_schema(),
        "prorate": Field(PRORATE_SCHEMA, default=()),
        "round": Field(ROUND_SCHEMA, default="hundredth"),
    }, "a minimum per theme on the professional's own list")
    reasons = MappingProxyType({"theme_not_listed": (
        "geen van de eigen thema's ({arg})", "none of the own themes ({arg})")})

    attribute: str = param("kenmerk met de eigen thema's", "attribute listing the own themes")
    min: Dated = param("minimum per thema", "minimum per theme", unit=OWN, sweep=HARDER)
    prorate: Prorate = param("naar rato", "pro rata", default=(), converter=as_prorate)
    round: str = param("afronding", "rounding", default="hundredth")

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        unit = self.unit or ctx.unit
        outcomes, passed = self.filter.scan(ctx, unit)
        listed = listed_themes(ctx.professional, self.attribute)
        unknown = [t for t in listed if t not in ctx.rules.themes]
        if unknown:  # a listed name the rules do not know is an error, not a theme ignored
            raise DataError(f"unknown theme {unknown[0]!r} in the list; allowed: "
                            f"{', '.join(ctx.rules.themes)}",
                            record=f"professional {ctx.professional.id}",
                            field=f"attributes.{self.attribute}")
        per_theme = dict.fromkeys(listed, 0)
        for act in passed:
            covered = [t for t in listed if t in act.themes]
            for theme in covered:
                per_theme[theme] += act.amount_c
            if covered:
                outcomes.append((act.seq, act.amount_c, "counted", ""))
            else:
                outcomes.append((act.seq, 0, "theme_not_listed", ", ".join(listed) or "-"))
        min_c = cents(self.min.at(ctx.params_on)) if not self.prorate else \
            prorated_minimum(self.min.at(ctx.params_on), factor(self.prorate, ctx), self.round)
        actual_c = sum(min(amount, min_c) for amount in per_theme.values())
        short = {t: (min_c - a) / 100 for t, a in per_theme.items() if a < min_c}
        detail = {"themes": {t: a / 100 for t, a in per_theme.items()}, "short": short,
                  "min_per_theme": min_c / 100}
        return self.result(ctx, met=not short, required=min_c * len(listed) / 100,
                           actual=actual_c / 100, unit=unit, outcomes=tuple(outcomes),
                           detail=detail, scanned=True)

    # -- completion plan: what a plan must add to satisfy this requirement --

    def plan_needs(self, result: RequirementResult, planner: Planner) -> Options:
        """The first listed theme still short: activities of that theme, its shortfall (a
        next round of the plan finds the next theme)."""
        short: dict[str, float] = dict(result.detail.get("short", {}))
        theme, missing = next(iter(short.items()), ("", result.shortfall or 0))
        flt = attrs.evolve(self.filter, themes=(theme,)) if theme else self.filter
        need = planner.activity_need(result, flt, self.unit, AMOUNT,
                                     amount_c=max(1, math.ceil(missing * 100)))
        return need.cost(), [need]

    def plan_step(self, need: Need, last: RequirementResult, planner: Planner) -> PlanStep:
        """An ``amount`` step: the hours or points found missing."""
        return need.step(AMOUNT, achievable=last.met and need.possible,
                         amount=need.planned_c / 100, unit=need.unit)

    # -- population: columnar evaluation --

    # Evaluated person by person (the default of Requirement.columnar): the list of themes
    # is each person's own, so the selection of activities differs per person.
    columnar = Requirement.columnar

    # -- random rule files: Hypothesis strategy --

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        # "thema" is the attribute the people strategies fill with a list of theme names
        params = {"attribute": "thema",
                  "min": draw.dated(draw.amount), **activity_keys(draw, vocab, themes=False)}
        prorate = draw_prorate(draw, lists=True)
        if prorate:
            params["prorate"] = prorate
            params["round"] = draw.choice(("hundredth", "whole"))
        return params
