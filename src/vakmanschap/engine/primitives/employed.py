"""``employed``: the professional holds a job in one of the listed roles on the assessment date.

Registers that tie a registration to the position one holds use it: under the SRPO's old titles
a deputy head (adjunct-directeur) could register as RADO with a basisbekwaam qualification,
while a head (directeur) needed vakbekwaam for RDO. An employment counts when it runs on the
assessment date (its ``end`` is the last day worked, inclusive) and, with ``min_hours_per_week``,
has at least that many contract hours a week.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.primitives.asks import Asks
from vakmanschap.engine.primitives.base import Requirement, primitive
from vakmanschap.engine.primitives.condition import ConditionRequirement
from vakmanschap.engine.primitives.param_info import HARDER, param
from vakmanschap.model.words import Lang, fmt_amount
from vakmanschap.rules.schema import Field, Num, Record, Ref, SeqOf

if TYPE_CHECKING:
    from datetime import date

    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab
    from vakmanschap.engine.reuse import Change
    from vakmanschap.model.records import Professional

__all__ = ["Employed"]


@primitive
@attrs.frozen(kw_only=True)
class Employed(ConditionRequirement):
    """Employed in one of ``roles`` on the assessment date (at least ``min_hours_per_week``)."""

    key = "employed"
    words = ("in dienst in een functie", "employed in a role")
    doc = ("An employment in one of `roles` runs on the assessment date, with at least "
           "`min_hours_per_week` contract hours (default 0).")
    closes_route = True
    schema = Record({
        "roles": Field(SeqOf(Ref("roles"), min_items=1, unique=True), required=True),
        "min_hours_per_week": Field(Num(minimum=0, maximum=168), default=0),
    }, "employment in a role on the assessment date")

    roles: tuple[str, ...] = param("functies", "roles")
    min_hours_per_week: float = param("minimum uren per week", "minimum hours a week",
                                      unit="hours", sweep=HARDER, default=0)

    def same_judged_later(self, professional: Professional, on: date, later: date) -> bool:
        """The same later when the employments in its roles running then are those running
        on the date judged."""
        return all((job.start <= on and (job.end is None or job.end >= on))
                   == (job.start <= later and (job.end is None or job.end >= later))
                   for job in professional.employments if job.role in self.roles)

    def kept(self, result: RequirementResult, change: Change) -> bool:
        """Kept when no employment is added (and the date alike)."""
        return change.alike_later(self) and not change.employments

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        on = ctx.on
        jobs = [job for job in ctx.professional.employments
                if job.role in self.roles and job.start <= on
                and (job.end is None or job.end >= on)]
        hours = sum(job.hours_per_week for job in jobs)
        held = sorted({job.role for job in jobs if job.role is not None})
        titles = {name: ctx.rules.roles[name].title for name in (*self.roles, *held)
                  if name in ctx.rules.roles}
        met = bool(jobs) and hours + 1e-9 >= self.min_hours_per_week
        # A condition on one's position has no deadline: a plan cannot change it.
        return self.result(ctx, met=met, required=None, actual=None, unit=None,
                           shortfall=None, deadline=None,
                           detail={"roles": held, "hours_per_week": hours, "titles": titles})

    def phrase(self, result: RequirementResult, lang: Lang) -> str:
        titles = result.detail.get("titles", {})

        def name(role: str) -> str:
            title = titles.get(role)
            return title(lang) if title is not None else role

        nl = lang == "nl"
        wanted = (" of " if nl else " or ").join(name(r) for r in self.roles)
        held = result.detail.get("roles") or []
        if not held:
            return (f"niet in dienst als {wanted} op de beoordelingsdatum" if nl
                    else f"not employed as {wanted} on the assessment date")
        text = (f"in dienst als {', '.join(name(r) for r in held)}" if nl
                else f"employed as {', '.join(name(r) for r in held)}")
        if self.min_hours_per_week:
            hours = fmt_amount(result.detail.get("hours_per_week", 0), lang)
            need = fmt_amount(self.min_hours_per_week, lang)
            text += (f", {hours} uur per week (vereist: minstens {need})" if nl
                     else f", {hours} hours a week (required: at least {need})")
        return text

    def asks(self) -> Asks:
        """Work in its roles."""
        return Asks(work=True, roles=self.roles)

    # -- completion plan: what a plan must add to satisfy this requirement --

    # -- population: columnar evaluation --

    # Evaluated person by person (the default of Requirement.columnar): employments are not
    # among the population store's fact tables' columnar inputs for a date test yet.
    columnar = Requirement.columnar

    # -- random rule files: Hypothesis strategy --

    @classmethod
    def drawable(cls, vocab: Vocab) -> bool:
        return bool(vocab.roles)

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        params: dict[str, Any] = {"roles": draw.subset(vocab.roles, max_size=2)}
        if draw.boolean():
            params["min_hours_per_week"] = draw.choice((0, 8, 16, 36))
        return params
