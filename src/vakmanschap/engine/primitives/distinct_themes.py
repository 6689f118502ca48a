"""``distinct_themes``: at least k of the listed themes covered by matching activities.

One activity may cover several themes and then counts for each of them with its full amount
(SRPO: one offer can be certified for several themes). A theme is covered when the amount of
matching activities in it reaches ``min_per_theme`` (default: any one activity covers it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.phrases import amount_phrase
from vakmanschap.engine.primitives.base import (
    ActivityRequirement,
    filter_schema,
    primitive,
    unit_schema,
)
from vakmanschap.engine.primitives.drawing import activity_keys
from vakmanschap.engine.primitives.param_info import HARDER, OWN, param
from vakmanschap.model.words import Lang, fmt_amount, unit_name
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import DatedS, Field, Num, Record, Ref, SeqOf

if TYPE_CHECKING:
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab

__all__ = ["DistinctThemes"]


@primitive
@attrs.frozen(kw_only=True)
class DistinctThemes(ActivityRequirement):
    """At least ``min`` distinct themes out of ``of`` (default: all themes of the file)."""

    key = "distinct_themes"
    doc = ("At least `min` of the themes in `of` covered; one activity may cover several "
           "themes.")
    schema = Record({
        "min": Field(DatedS(Num(minimum=0, integer=True), "themes to cover"), required=True),
        "of": Field(SeqOf(Ref("themes"), min_items=1, unique=True)),
        "min_per_theme": Field(DatedS(Num(minimum=0), "amount needed to cover one theme")),
        "unit": unit_schema(),
        **{k: v for k, v in filter_schema().items() if k != "themes"},
    }, "distinct themes covered")

    min: Dated = param("minimum", "minimum", unit="themes", sweep=HARDER)
    of: tuple[str, ...] | None = param("thema's waaruit gekozen wordt", "themes to choose from",
                                       default=None)
    min_per_theme: Dated | None = param("minimum per thema", "minimum per theme", unit=OWN,
                                        sweep=HARDER, default=None)


    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        unit = self.unit or ctx.unit
        listed = self.of if self.of is not None else tuple(ctx.rules.themes)
        wanted = frozenset(listed)
        outcomes, passed = self.filter.scan(ctx, unit)
        per_theme = dict.fromkeys(listed, 0)
        for act in passed:
            hit = act.themes & wanted
            if not hit:
                outcomes.append((act.seq, 0, "theme", ""))
                continue
            for theme in hit:
                per_theme[theme] += act.amount_c
            outcomes.append((act.seq, act.amount_c, "counted", ""))
        need = self.min_per_theme.at(ctx.params_on) if self.min_per_theme else None
        threshold = round(need * 100) if need else 1
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

    # -- population: columnar evaluation --

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
        return params

