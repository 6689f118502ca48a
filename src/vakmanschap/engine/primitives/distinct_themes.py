"""``distinct_themes``: at least k of the listed themes covered by matching activities.

One activity may cover several themes and then counts for each of them with its full amount
(SRPO: one offer can be certified for several themes). A theme is covered when the amount of
matching activities in it reaches ``min_per_theme`` (default: any one activity covers it).
``prorate`` (either form, as on ``total``) reduces ``min_per_theme`` by the same factor as a
total's minimum, rounded up as ``round`` declares; the number of themes is not reduced.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.amounts import is_scalar, prorated_minimum
from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.columnar.arrays import IntArray, column, narrow, take, whole
from vakmanschap.engine.columnar.columns import NodeColumns
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.phrases import amount_phrase
from vakmanschap.engine.plan.need import THEME, each
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
    known_alike_later,
)
from vakmanschap.model.words import Lang, fmt_amount, unit_name
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import DatedS, Field, Num, Record, Ref, SeqOf

if TYPE_CHECKING:
    from datetime import date

    import numpy as np

    from vakmanschap.model.records import Professional
else:
    from vakmanschap.lazy import numpy as np

if TYPE_CHECKING:

    from vakmanschap.engine.columnar.context import ColumnarContext
    from vakmanschap.engine.plan.model import PlanStep
    from vakmanschap.engine.plan.need import Need, Options
    from vakmanschap.engine.plan.planner import Planner
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab

__all__ = ["DistinctThemes", "covered_themes", "theme_threshold"]


@primitive
@attrs.frozen(kw_only=True)
class DistinctThemes(ActivityRequirement):
    """At least ``min`` distinct themes out of ``of`` (default: all themes of the file)."""

    key = "distinct_themes"
    words = ("aantal gedekte thema's", "number of themes covered")
    doc = ("At least `min` of the themes in `of` covered; one activity may cover several "
           "themes.")
    schema = Record({
        "min": Field(DatedS(Num(minimum=0, integer=True), "themes to cover"), required=True),
        "of": Field(SeqOf(Ref("themes"), min_items=1, unique=True)),
        "min_per_theme": Field(DatedS(Num(minimum=0), "amount needed to cover one theme")),
        "unit": unit_schema(),
        **{k: v for k, v in filter_schema().items() if k != "themes"},
        "prorate": Field(PRORATE_SCHEMA, default=()),
        "round": Field(ROUND_SCHEMA, default="hundredth"),
    }, "distinct themes covered")

    min: Dated = param("minimum", "minimum", unit="themes", sweep=HARDER)
    of: tuple[str, ...] | None = param("thema's waaruit gekozen wordt", "themes to choose from",
                                       default=None)
    min_per_theme: Dated | None = param("minimum per thema", "minimum per theme", unit=OWN,
                                        sweep=HARDER, default=None)
    prorate: Prorate = param("naar rato", "pro rata", default=(), converter=as_prorate)
    round: str = param("afronding", "rounding", default="hundredth")


    counts_only_admitted = True  # (and the leaves, for pro rata)

    def same_judged_later(self, professional: Professional, on: date, later: date) -> bool:
        """Reads its window's activities and the parameter date, and the leaves known on
        the date judged when it prorates by months."""
        return known_alike_later(self.prorate, professional, on, later)

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        unit = self.unit or ctx.unit
        listed = self.of if self.of is not None else tuple(ctx.rules.themes)
        wanted = frozenset(listed)
        outcomes, passed = self.filter.scan(ctx, unit)
        per_theme = dict.fromkeys(listed, 0)
        for act in passed:
            hit = wanted.intersection(act.themes)
            if not hit:
                outcomes.append((act.seq, 0, "theme", ""))
                continue
            for theme in hit:
                per_theme[theme] += act.amount_c
            outcomes.append((act.seq, act.amount_c, "counted", ""))
        need = self.min_per_theme.at(ctx.params_on) if self.min_per_theme else None
        if need and self.prorate:  # the amount per theme, prorated like a total's minimum
            threshold = max(1, prorated_minimum(need, factor(self.prorate, ctx), self.round))
            need = threshold / 100
        else:
            threshold = theme_threshold(need)
        covered = tuple(t for t in listed if per_theme[t] >= threshold and per_theme[t] > 0)
        missing = tuple(t for t in listed if t not in covered)
        required = int(self.min.at(ctx.params_on))
        return self.result(ctx, met=len(covered) >= required, required=float(required),
                           actual=float(len(covered)), unit="themes", outcomes=tuple(outcomes),
                           scanned=True,
                           detail={"covered": covered, "missing": missing, "unit": unit,
                                   "min_per_theme": need,
                                   "missing_titles": tuple(ctx.rules.themes[t].title
                                                           for t in missing),
                                   "amount_per_theme": {t: per_theme[t] / 100 for t in listed}})

    def phrase(self, result: RequirementResult, lang: Lang) -> str:
        text = amount_phrase(result, lang)
        need = result.detail.get("min_per_theme")
        if need:
            unit = unit_name(result.detail.get("unit", ""), need, lang)
            text += (f" (minstens {fmt_amount(need, lang)} {unit} per thema)" if lang == "nl"
                     else f" (at least {fmt_amount(need, lang)} {unit} per theme)")
        missing = result.detail.get("missing_titles", ())
        if not result.met and missing:
            names = ", ".join(title(lang) for title in missing)
            text += (f" (nog niet gedekt: {names})" if lang == "nl" else
                     f" (not yet covered: {names})")
        return text

    # -- completion plan: what a plan must add to satisfy this requirement --

    def plan_needs(self, result: RequirementResult, planner: Planner) -> Options:
        """One need per theme still to cover, the cheapest themes first (those already
        started), each with the amount it misses (or one activity without a minimum)."""
        listed = tuple(self.of) if self.of is not None else tuple(planner.rules.themes)
        covered = set(result.detail.get("covered", ()))
        amounts = result.detail.get("amount_per_theme", {})
        need = result.detail.get("min_per_theme")  # prorated as evaluate found it
        threshold = round(need * 100) if need else planner.cents(self.min_per_theme)
        options = []
        for theme in listed:
            if theme in covered:
                continue
            have = round(amounts.get(theme, 0) * 100)
            missing = (threshold - have) if threshold else 100
            options.append((max(missing, 1), listed.index(theme), theme))
        wanted = max(1, math.ceil((result.required or 0) - (result.actual or 0)))
        return each([planner.activity_need(result, self.filter, self.unit, THEME, themes=None,
                                           theme=theme, amount_c=missing,
                                           count=0 if threshold else 1)
                     for missing, _, theme in sorted(options)[:wanted]])

    def plan_step(self, need: Need, last: RequirementResult, planner: Planner) -> PlanStep:
        """A ``theme`` step: the amount missing in the theme, or one activity in it."""
        theme = need.theme or ""
        named = planner.rules.themes.get(theme)
        return need.step(THEME, achievable=theme in last.detail.get("covered", ()),
                         amount=None if need.count else need.planned_c / 100, unit=need.unit,
                         count=1 if need.count else None, theme=theme,
                         theme_title=named.title if named else None)

    # -- population: columnar evaluation --

    def columnar(self, ctx: ColumnarContext) -> NodeColumns:
        """Per person and listed theme the amount of selected activities in it; themes
        covered counted against the minimum. Without ``min_per_theme`` a theme is covered
        by any activity in it with an amount (amounts are never negative), so the themes
        held are one bitwise union per person instead of a sum per theme (the sums are
        found when a sweep asks for them: :meth:`sweep_stats`)."""
        frame = ctx.frame
        required = whole(ctx.param(self.min))
        if self.min_per_theme is None and frame.nonnegative_amounts:
            sel = ctx.select(self.filter, self.unit or frame.rules.unit)
            themes = sel.pick(frame.activities.themes)
            held = sel.bit_union(np.where(sel.amounts() > 0, themes, themes.dtype.type(0)))
            covered = np.zeros(frame.n, dtype=np.int64)
            for theme in self._listed(ctx):
                bits = frame.theme_bits([theme])
                if bits:
                    covered += (held & held.dtype.type(bits)) != 0
            return NodeColumns(ctx.key(self), self, ctx, covered >= required, narrow(covered),
                               required, None, unit="themes")
        sums = self._theme_sums(ctx)
        covered = covered_themes(sums, self._threshold(ctx), np.zeros(frame.n, dtype=np.int64))
        return NodeColumns(ctx.key(self), self, ctx, covered >= required, narrow(covered),
                           required, None, stats={"sums": [narrow(s) for s in sums]},
                           unit="themes")

    def _listed(self, ctx: ColumnarContext) -> tuple[str, ...]:
        return self.of if self.of is not None else tuple(ctx.frame.rules.themes)

    def _theme_sums(self, ctx: ColumnarContext) -> list[IntArray]:
        """Per listed theme, per person the amount of the selected activities in it."""
        frame = ctx.frame
        sel = ctx.select(self.filter, self.unit or frame.rules.unit)
        themes = sel.pick(frame.activities.themes)
        amount = sel.amounts()
        sums: list[IntArray] = []
        for theme in self._listed(ctx):
            bits = frame.theme_bits([theme])
            if not bits:
                sums.append(np.zeros(frame.n, dtype=np.int64))
                continue
            has = (themes & themes.dtype.type(bits)) != 0
            sums.append(sel.sum(np.where(has, amount, 0)))
        return sums

    def _threshold(self, ctx: ColumnarContext) -> Any:
        """Per person the amount that covers a theme, prorated as :meth:`evaluate` does."""
        need = ctx.param(self.min_per_theme)
        if need is None or not self.prorate:
            return theme_threshold(need)
        prorated = prorated_minimum(need, factor_columns(self.prorate, ctx), self.round)
        return np.where(np.asarray(need) != 0, np.maximum(prorated, 1), 1)

    def sweep_closed_form(self, name: str) -> bool:
        """The minimum and the amount per theme (not prorated): the sums per theme are
        fixed."""
        return name == "min" or (name == "min_per_theme" and not self.prorate)

    def sweep_stats(self, columns: NodeColumns, names: Collection[str], people: IntArray
                    ) -> dict[str, Any]:
        ctx = columns.ctx
        sums = columns.stats.get("sums")
        if sums is None:  # covered by a union of themes: the sums are found now
            sums = self._theme_sums(ctx)
        return {"sums": [x[people] for x in sums],
                "min": take(ctx.param(self.min), people),
                "threshold": take(self._threshold(ctx), people)}

    def sweep_met(self, stats: dict[str, Any], values: Mapping[str, Any]) -> Any:
        threshold = theme_threshold(values["min_per_theme"]) if "min_per_theme" in values \
            else column(stats["threshold"])
        covered = covered_themes([column(x) for x in stats["sums"]], threshold, 0)
        minimum = values["min"] if "min" in values else column(stats["min"])
        return covered >= whole(minimum)

    # -- random rule files: Hypothesis strategy --

    @classmethod
    def drawable(cls, vocab: Vocab) -> bool:
        return bool(vocab.themes)

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        params: dict[str, Any] = {
            "min": draw.dated(lambda: draw.integer(0, len(vocab.themes))),
            **activity_keys(draw, vocab, themes=False)}
        if draw.boolean():
            params["of"] = draw.subset(vocab.themes)
        if draw.chance(3):
            params["min_per_theme"] = draw.dated(draw.amount)
            prorate = draw_prorate(draw, lists=True)
            if prorate:
                params["prorate"] = prorate
                params["round"] = draw.choice(("hundredth", "whole"))
        return params


def theme_threshold(need: Any) -> Any:
    """The amount (hundredths) that covers a theme: ``min_per_theme``, else any activity
    (one hundredth); for one value or per person."""
    if need is None:
        return 1
    if is_scalar(need):
        return round(need * 100) if need else 1
    need = np.asarray(need, dtype=np.float64)
    return np.where(need != 0, np.rint(need * 100), 1).astype(np.int64)


def covered_themes(sums: list[Any], threshold: Any, zeros: Any) -> Any:
    """Per person (and value, in a sweep: the shapes broadcast) the number of themes whose
    sum reaches the threshold, added to ``zeros``."""
    covered = zeros
    for s in sums:
        covered = covered + ((s >= threshold) & (s > 0))
    return covered

