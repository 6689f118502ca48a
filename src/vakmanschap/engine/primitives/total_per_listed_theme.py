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
from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.amounts import cents, meets_prorated_minimum, prorated_minimum
from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.columnar.arrays import Bools, IntArray, column, narrow, take
from vakmanschap.engine.columnar.columns import NodeColumns
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.plan.need import AMOUNT
from vakmanschap.engine.primitives.base import ActivityRequirement, primitive
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
    factor_columns,
)
from vakmanschap.errors import DataError
from vakmanschap.model.records import Professional
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import DatedS, Field, Num, Record, Str

if TYPE_CHECKING:
    import numpy as np

    from vakmanschap.engine.columnar.context import ColumnarContext
    from vakmanschap.engine.columnar.fates import Fates
    from vakmanschap.engine.plan.model import PlanStep
    from vakmanschap.engine.plan.need import Need, Options
    from vakmanschap.engine.plan.planner import Planner
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab
else:
    from vakmanschap.lazy import numpy as np

__all__ = ["TotalPerListedTheme", "listed_themes"]

_SPLIT = re.compile(r"[;,]")


def listed_themes(professional: Professional, attribute: str) -> tuple[str, ...]:
    """The themes the professional's ``attribute`` lists (``;`` or ``,`` between them),
    stripped, without empties or repeats, in their order."""
    return parse_listed(professional.attributes.get(attribute, ""))


def parse_listed(raw: Any) -> tuple[str, ...]:
    """The themes one attribute value lists (:func:`listed_themes`)."""
    seen: dict[str, None] = {}
    for part in _SPLIT.split(str(raw or "")):
        if part.strip():
            seen.setdefault(part.strip(), None)
    return tuple(seen)


def unknown_listed(listed: Sequence[str], known: Collection[str], professional_id: str,
                   attribute: str) -> DataError | None:
    """The error for the first listed theme the rules do not know (None: all known)."""
    unknown = [t for t in listed if t not in known]
    if not unknown:
        return None
    return DataError(f"unknown theme {unknown[0]!r} in the list; allowed: {', '.join(known)}",
                     record=f"professional {professional_id}", field=f"attributes.{attribute}")


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

    counts_only_admitted = True  # (and the attribute listing the themes, and the leaves)

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        unit = self.unit or ctx.unit
        outcomes, passed = self.filter.scan(ctx, unit)
        listed = listed_themes(ctx.professional, self.attribute)
        # a listed name the rules do not know is an error, not a theme ignored
        error = unknown_listed(listed, ctx.rules.themes, ctx.professional.id, self.attribute)
        if error is not None:
            raise error
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

    shortfall_is_activity_amount = True

    def columnar(self, ctx: ColumnarContext) -> NodeColumns:
        """Per listed theme the sum of the selected activities covering it (full amount,
        for each listed theme an activity covers), for the people who list it; as
        :meth:`evaluate`: actual the sums up to the minimum, required the minimum times the
        number listed, met when no listed theme is short."""
        frame = ctx.frame
        unit = self.unit or frame.rules.unit
        lists = self._lists(ctx)
        min_c = self._min_columns(ctx)
        count = np.zeros(frame.n, dtype=np.int64)
        actual = np.zeros(frame.n, dtype=np.int64)
        short = np.zeros(frame.n, dtype=bool)
        sums_of: dict[str, IntArray] = {}  # per theme anyone lists (a sweep reuses them)
        if lists.themes:
            sel = ctx.select(self.filter, unit)
            themes = sel.pick(frame.activities.themes)
            amount = sel.amounts()
            zero = amount.dtype.type(0)
            for theme, on_list in lists.on_list(ctx.mask).items():
                bits = frame.theme_bits([theme])
                sums = sel.sum(np.where((themes & themes.dtype.type(bits)) != 0, amount, zero)
                               ) if bits else np.zeros(frame.n, dtype=np.int64)
                count += on_list
                actual += np.where(on_list, np.minimum(sums, min_c), 0)
                short |= on_list & (sums < min_c)
                sums_of[theme] = narrow(sums)
        return NodeColumns(ctx.key(self), self, ctx, ~short, actual / 100, min_c * count / 100,
                           None, stats={"sums": sums_of}, unit=unit)

    def columnar_outcomes(self, ctx: ColumnarContext) -> Fates:
        """Window and filter, then ``counted`` (in full) for an activity covering a listed
        theme, ``theme_not_listed`` for the others."""
        fates, passed = self.columnar_scan(ctx)
        frame = ctx.frame
        themes = frame.activities.themes
        lists = self._lists(ctx)
        bits = np.array([frame.theme_bits(listed) for listed in lists.parsed], dtype=themes.dtype)
        person_bits = np.zeros(frame.n, dtype=themes.dtype)
        if len(bits):
            person_bits[ctx.mask] = bits[lists.codes[ctx.mask]]
        covers = passed & ((themes & frame.expand(person_bits)) != 0)
        fates.mark(covers, "counted", frame.activities.amount)
        if (passed & ~covers).any():
            fates.mark(passed & ~covers, "theme_not_listed")
        return fates

    def sweep_closed_form(self, name: str) -> bool:
        """The minimum: the sums per listed theme are fixed."""
        return name == "min"

    def sweep_stats(self, columns: NodeColumns, names: Collection[str], people: IntArray
                    ) -> dict[str, Any]:
        ctx, sums = columns.ctx, columns.stats["sums"]
        on_list = self._lists(ctx).on_list(ctx.mask) if sums else {}
        return {"sums": [s[people] for s in sums.values()],
                "on_list": [on_list[theme][people] for theme in sums],
                "factor": take(factor_columns(self.prorate, ctx), people) if self.prorate
                else None,
                "min": take(ctx.param(self.min), people), "people": len(people)}

    def sweep_met(self, stats: dict[str, Any], values: Mapping[str, Any]) -> Any:
        """Met when no listed theme's sum is below the (prorated) minimum."""
        minimum = values["min"] if "min" in values else column(stats["min"])
        met: Any = np.ones((stats["people"], 1), dtype=bool)
        for sums, on_list in zip(stats["sums"], stats["on_list"], strict=True):
            sums = column(sums)
            ok = sums >= cents(minimum) if stats["factor"] is None else \
                meets_prorated_minimum(sums, minimum, column(stats["factor"]), self.round)
            met = met & (ok | ~column(on_list))
        return met

    def _lists(self, ctx: ColumnarContext) -> _Lists:
        """Everyone's list (parsed once per distinct value of the attribute); the error of
        :meth:`evaluate` for the first person judged here whose list names an unknown theme."""
        frame = ctx.frame
        lists = frame.cached(("listed_themes", self.attribute),
                             lambda: _Lists.of(frame.people.attributes.get(self.attribute),
                                               frame.n, frame.rules.themes))
        if lists.bad:
            bad = ctx.mask & np.isin(lists.codes, list(lists.bad))
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                error = unknown_listed(lists.parsed[lists.codes[i]], frame.rules.themes,
                                       str(frame.people.ids[i]), self.attribute)
                if error is not None:
                    raise error
        return lists

    def _min_columns(self, ctx: ColumnarContext) -> Any:
        """The minimum per theme per person (hundredths), prorated as :meth:`evaluate` does."""
        if not self.prorate:
            return cents(ctx.param(self.min))
        return prorated_minimum(ctx.param(self.min), factor_columns(self.prorate, ctx),
                                self.round)

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


@attrs.frozen(eq=False)
class _Lists:
    """Everyone's list of themes: the distinct lists (``parsed``), per person the index of
    theirs (``codes``), the indices of lists naming a theme the rules lack (``bad``) and
    every theme listed by anyone (``themes``, in order of first appearance)."""

    parsed: tuple[tuple[str, ...], ...]
    codes: IntArray
    themes: tuple[str, ...]
    bad: frozenset[int]

    @classmethod
    def of(cls, values: Any, n: int, known: Collection[str] = ()) -> _Lists:
        """The lists of ``values`` (one attribute value per person; None: nobody lists)."""
        if values is None:
            return cls((), np.zeros(n, dtype=np.int64), (), frozenset())
        raw = list(values)
        index = {value: k for k, value in enumerate(dict.fromkeys(raw))}
        parsed = tuple(parse_listed(value) for value in index)
        codes = np.fromiter((index[value] for value in raw), dtype=np.int64, count=len(raw))
        themes = tuple(dict.fromkeys(t for listed in parsed for t in listed))
        bad = frozenset(k for k, listed in enumerate(parsed) if any(t not in known for t in listed))
        return cls(parsed, codes, themes, bad)

    def on_list(self, mask: Bools) -> dict[str, Bools]:
        """Per listed theme whether each person in ``mask`` lists it."""
        out = {}
        for theme in self.themes:
            has = np.array([theme in listed for listed in self.parsed], dtype=bool)
            out[theme] = has[self.codes] & mask
        return out
