"""``work_hours``: hours worked in the window, from employment records (BIG werkervaringseis).

Counting basis (BIG, docs/registers/sources.md §2.2): the contract hours per week, spread
evenly over the days of the employment (hours x days / 7); hours worked more or less than the
contract are ignored. Leave inside an employment:

* kinds in ``leave_counts`` count as work (BIG: pregnancy and maternity leave);
* kinds in ``leave_capped`` count up to ``weeks_per_year`` times the weekly hours per calendar
  year (BIG: sick leave up to six times the weekly working time per year);
* every other kind does not count (BIG: parental leave).

``interruption_max_years`` (BIG until 30 November 2022: 2): hours worked before an
interruption longer than that many years do not count. An interruption is a run of days
without counted work (no employment in a counted role, or leave that does not count). The
parameter may be ``null`` from a date on, which abolishes the rule (BIG from 1 December 2022).

``min_per_week`` instead of ``min`` asks for an average (SKJ jeugdzorgwerkers, sources §3.2:
"minimaal 2 jaar werkervaring [...] van gemiddeld 16 uur per week"): the hours counted as above,
times 7, divided by the days of the stretch judged: with ``over_months`` the best stretch of
that many months inside the window up to the assessment date, else the whole window (so, like
``min``, hours not yet worked count as none). ``roles_of_level: true`` counts only
employments whose role has the name of the registered level ("the registered profession").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.employment_time import contract_hours as _contract_hours
from vakmanschap.engine.employment_time import pieces as _pieces
from vakmanschap.engine.employment_time import year_split as _year_split
from vakmanschap.engine.phrases import amount_phrase
from vakmanschap.engine.plan.need import WORK_HOURS
from vakmanschap.engine.primitives.asks import Asks
from vakmanschap.engine.primitives.base import Requirement, primitive
from vakmanschap.engine.primitives.param_info import EASIER, HARDER, param
from vakmanschap.engine.weekly_average import best_stretch, daily_hours
from vakmanschap.model.frozen_map import FrozenMap, frozen_map
from vakmanschap.model.records import Employment, LeaveKind
from vakmanschap.model.words import Lang, fmt_amount, fmt_date
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import (
    INVALID,
    Bool,
    DatedS,
    Field,
    MapOf,
    Num,
    Record,
    Ref,
    Schema,
    SeqOf,
    Str,
)

if TYPE_CHECKING:
    from vakmanschap.engine.plan.model import PlanStep
    from vakmanschap.engine.plan.need import Need, Options
    from vakmanschap.engine.plan.planner import Planner
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab
    from vakmanschap.engine.reuse import Change

__all__ = ["WorkHours", "counted_work_hours"]

_KINDS = tuple(k.value for k in LeaveKind)


class _NullableYears(Schema):
    doc = "years, or null when the rule does not apply"

    def check(self, value: Any, loc: Any, checker: Any) -> Any:
        if value is None:
            return None
        return Num(minimum=0).check(value, loc, checker)

    def json(self) -> dict[str, Any]:
        return {"oneOf": [{"type": "number", "minimum": 0}, {"type": "null"}]}


def _frozen_caps(value: Mapping[str, Mapping[str, float]] | None
                 ) -> FrozenMap[str, FrozenMap[str, float]] | None:
    """``leave_capped`` read-only at both levels, so rule sets and variants share nothing
    writable (issue 16, item 5)."""
    if value is None:
        return None
    return FrozenMap({kind: frozen_map(cap) for kind, cap in value.items()})


def _leave_post(out: dict[str, Any], raw: Any, loc: Any, checker: Any) -> Any:
    if out is not INVALID and (out.get("min") is None) == (out.get("min_per_week") is None):
        return checker.error(loc, "give exactly one of 'min' (hours) and 'min_per_week' "
                             "(an average)")
    if out is not INVALID and out.get("over_months") and out.get("min_per_week") is None:
        return checker.error(loc.key(raw, "over_months"), "'over_months' needs 'min_per_week'")
    if out is not INVALID and out.get("roles_of_level") and out.get("roles"):
        return checker.error(loc.key(raw, "roles_of_level"),
                             "give 'roles' or 'roles_of_level: true', not both")
    if out is not INVALID and out.get("roles_of_level"):
        roles = checker.names.get("roles", ())
        missing = [lv for lv in checker.names.get("levels", ()) if lv not in roles]
        if missing:
            return checker.error(loc.key(raw, "roles_of_level"),
                                 "roles_of_level counts the role named like the registered "
                                 f"level; declare under roles: {', '.join(missing)}")
    both = set(out.get("leave_counts") or ()) & set(out.get("leave_capped") or {})
    if both:
        return checker.error(loc, f"leave kind(s) {', '.join(sorted(both))} listed both as "
                             "counting and as capped")
    for kind in out.get("leave_capped") or {}:
        if kind not in _KINDS:
            return checker.error(loc.key(raw, "leave_capped"), f"unknown leave kind {kind!r}; "
                                 f"allowed: {', '.join(_KINDS)}")
    return out if out is not INVALID else INVALID


@primitive
@attrs.frozen(kw_only=True)
class WorkHours(Requirement):
    """At least ``min`` hours of work in the window (roles, leave and interruptions declared)."""

    key = "work_hours"
    words = ("gewerkte uren", "hours worked")
    doc = "Hours worked in the window from employment records, at least `min`."
    schema = Record({
        "min": Field(DatedS(Num(minimum=0), "minimum hours")),
        "min_per_week": Field(DatedS(Num(minimum=0, maximum=168), "minimum weekly average")),
        "over_months": Field(Num(minimum=1, maximum=1200, integer=True)),
        "roles": Field(SeqOf(Ref("roles"), min_items=1, unique=True)),
        "roles_of_level": Field(Bool(), default=False),
        "leave_counts": Field(SeqOf(Str(choices=_KINDS), unique=True), default=()),
        "leave_capped": Field(MapOf(Record({
            "weeks_per_year": Field(Num(minimum=0, maximum=53), required=True)}),
            key_doc="a leave kind"),
            default=None),
        "interruption_max_years": Field(DatedS(_NullableYears())),
        "max_weekly_hours": Field(Num(minimum=1, maximum=168), default=48),
    }, "hours worked", post=_leave_post)

    min: Dated | None = param("minimum", "minimum", unit="hours", sweep=HARDER, default=None)
    min_per_week: Dated | None = param("minimum gemiddeld per week", "minimum weekly average",
                                       unit="hours", sweep=HARDER, default=None)
    over_months: int | None = param("over zoveel maanden", "over this many months",
                                    unit="months", default=None)
    roles: tuple[str, ...] | None = param("functie", "role", default=None)
    roles_of_level: bool = param("functie van het geregistreerde beroep",
                                 "role of the registered profession", default=False)
    leave_counts: tuple[str, ...] = param("verlof dat als werk telt", "leave that counts as work",
                                          default=())
    leave_capped: Mapping[str, Mapping[str, float]] | None = param(
        "verlof dat beperkt als werk telt", "leave that counts up to a cap", default=None,
        converter=_frozen_caps)
    interruption_max_years: Dated | None = param(
        "langste toegestane onderbreking", "longest interruption allowed", unit="years",
        sweep=EASIER, default=None)
    # Only the plan reads this: what a week can hold when the plan judges whether the hours
    # missing can still be worked before the deadline. Default 48, the average weekly
    # maximum of the Arbeidstijdenwet (art. 5:7: "gemiddeld ten hoogste 48 uur per week" over
    # 16 weeks); a rule file may set another figure for its sector.
    max_weekly_hours: float = param("meeste uren per week in een plan",
                                    "most hours a week in a plan", unit="hours", default=48)

    def counted_roles(self, ctx: EvalContext) -> tuple[str, ...] | None:
        """The roles whose hours count: ``roles``, or the registered level's name."""
        if self.roles_of_level:
            return (ctx.level,) if ctx.level is not None else ()
        return self.roles

    def kept(self, result: RequirementResult, change: Change) -> bool:
        """Kept when no employment is added and, judged later, its window ended by the
        earlier date (it counts the hours up to the assessment date: ``counted_work_hours``;
        employments and leaves are read whatever their dates)."""
        window = result.window
        return not change.employments and window is not None and (
            not change.later or window.last_day <= change.earlier_on)

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        years = (self.interruption_max_years.at(ctx.params_on)
                 if self.interruption_max_years is not None else None)
        counts, capped = ctx.rules.compiled(self, _leave_rules)
        roles = self.counted_roles(ctx)
        hours, cutoff = counted_work_hours(ctx, roles, counts, capped, years)
        detail: dict[str, Any] = {"interruption_max_years": years}
        if cutoff is not None:
            detail["counted_from"] = cutoff
        if self.min_per_week is not None:
            return self._average(ctx, roles, capped, cutoff, detail)
        assert self.min is not None  # the schema asks for exactly one of min, min_per_week
        required = float(self.min.at(ctx.params_on))
        return self.result(ctx, met=round(hours * 100) >= round(required * 100),
                           required=required, actual=round(hours, 2), unit="hours",
                           detail=detail)

    def _average(self, ctx: EvalContext, roles: tuple[str, ...] | None,
                 capped: dict[str, float], cutoff: date | None, detail: dict[str, Any]
                 ) -> RequirementResult:
        """The weekly average over the best stretch of ``over_months`` (or the window)."""
        assert self.min_per_week is not None
        window = ctx.window
        lo = (cutoff or window.start).toordinal()
        hi = min(window.last_day, ctx.on).toordinal()
        days = daily_hours(_pieces(ctx, roles, lo, hi), ctx.rules.compiled(self, _leave_rules)[0],
                           capped, lo, hi)
        if self.over_months is not None:
            span = (ctx.policy.add(window.start, months=self.over_months) - window.start).days
        else:
            span = (window.last_day - window.start).days + 1
        total, offset = best_stretch(days, span)
        average = total * 7 / span if span > 0 else 0.0
        required = float(self.min_per_week.at(ctx.params_on))
        detail.update(per_week=True, span_days=span, over_months=self.over_months,
                      stretch_start=date.fromordinal(lo + offset) if len(days) else None)
        return self.result(ctx, met=round(average * 100) >= round(required * 100),
                           required=required, actual=round(average, 2), unit="hours",
                           detail=detail)

    def phrase(self, result: RequirementResult, lang: Lang) -> str:
        if result.detail.get("per_week"):
            return _per_week_phrase(result, lang)
        text = amount_phrase(result, lang)
        start = result.detail.get("counted_from")
        if start is not None:
            years = result.detail.get("interruption_max_years")
            text += (f" (uren vóór {fmt_date(start, lang)} tellen niet: werkonderbreking langer "
                     f"dan {years:g} jaar)" if lang == "nl" else
                     f" (hours before {fmt_date(start, lang)} do not count: interruption longer "
                     f"than {years:g} years)")
        return text

    def asks(self) -> Asks:
        """Work in its roles (any, or the registered level's, when it names none)."""
        return Asks(work=True, roles=self.roles or (), roles_of_level=self.roles_of_level)

    # -- completion plan: what a plan must add to satisfy this requirement --

    def plan_needs(self, result: RequirementResult, planner: Planner) -> Options:
        """The hours of work missing, in the time left (an average: the register decides)."""
        if self.min_per_week is not None:
            return Requirement.plan_needs(self, result, planner)
        need = planner.need(result, WORK_HOURS,
                            amount_c=round((result.shortfall or 0) * 100))
        cost = need.cost()
        if not self._fits(need, planner):
            # Hours no week can hold rank with the impossible: a route with a course or an
            # exam that can still be done is the better plan.
            cost = (1, *cost[1:])
        return cost, [need]

    def _fits(self, need: Need, planner: Planner) -> bool:
        """Whether contract and extra hours together fit in ``max_weekly_hours``."""
        contract = _contract_hours(planner.person.employments, self._plan_roles(planner), need.lo)
        days = (need.hi - need.lo).days + 1
        weekly = need.amount_c * 7 / days / 100 if days > 0 else math.inf
        return contract + weekly <= self.max_weekly_hours + 1e-9

    def plan_fact(self, need: Need, planner: Planner) -> Employment | None:
        """An employment over the time left with the weekly hours that give the hours
        missing (rounded up to the hundredth); none when a week is too short for them."""
        days = (need.hi - need.lo).days + 1
        weekly = math.ceil(need.amount_c * 7 / days) / 100
        if weekly > 168:
            return None
        roles = self._plan_roles(planner)
        return Employment(id=planner.next_id(), start=need.lo, end=need.hi,
                          hours_per_week=weekly, role=roles[0] if roles else None)

    def _plan_roles(self, planner: Planner) -> tuple[str, ...] | None:
        if self.roles_of_level:
            level = planner.assessment.level
            return (level,) if level is not None else ()
        return self.roles

    def plan_step(self, need: Need, last: RequirementResult, planner: Planner) -> PlanStep:
        """A ``work_hours`` step: the hours missing (the planned employment may add a little
        more: its weekly hours are rounded up to the hundredth)."""
        contract = _contract_hours(planner.person.employments, self._plan_roles(planner), need.lo)
        return need.step(WORK_HOURS, achievable=last.met and need.possible,
                         amount=need.amount_c / 100, unit="hours",
                         feasible=self._fits(need, planner), contract_hours=contract,
                         max_weekly_hours=self.max_weekly_hours)

    # -- population: columnar evaluation --

    # Evaluated person by person (the default of Requirement.columnar): employment pieces,
    # leave caps per calendar year and interruptions have no columnar form yet.
    columnar = Requirement.columnar

    # -- random rule files: Hypothesis strategy --

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        params: dict[str, Any]
        if draw.chance(4):
            params = {"min_per_week": draw.dated(lambda: draw.choice((0, 8, 16, 40)))}
            if draw.boolean():
                params["over_months"] = draw.choice((1, 12, 24))
        else:
            params = {"min": draw.dated(lambda: draw.choice((0, 100, 500, 2000))
                                        if draw.boolean() else draw.integer(0, 4000))}
        if vocab.roles and draw.boolean():
            params["roles"] = draw.subset(vocab.roles, max_size=2)
        elif vocab.levels and set(vocab.levels) <= set(vocab.roles) and draw.boolean():
            params["roles_of_level"] = True
        counting = draw.subset(_KINDS, min_size=0, max_size=2)
        if counting:
            params["leave_counts"] = counting
        rest = [k for k in _KINDS if k not in counting]
        if rest and draw.boolean():
            params["leave_capped"] = {draw.choice(rest): {"weeks_per_year": draw.integer(0, 10)}}
        if draw.boolean():
            params["interruption_max_years"] = draw.dated(lambda: draw.choice((1, 2, 2.5)))
        return params


def _per_week_phrase(result: RequirementResult, lang: Lang) -> str:
    actual = fmt_amount(result.actual or 0, lang)
    need = fmt_amount(result.required or 0, lang)
    months = result.detail.get("over_months")
    if lang == "nl":
        span = f"over de beste {months} maanden" if months else "over de periode"
        return f"gemiddeld {actual} uur per week {span} (vereist: {need})"
    span = f"over the best {months} months" if months else "over the period"
    return f"on average {actual} hours a week {span} (required: {need})"


def _leave_rules(node: WorkHours) -> tuple[frozenset[str], dict[str, float]]:
    """The leave kinds that count as work, and the weeks a year of those counted up to a cap
    (worked out once per node: :meth:`RuleSet.compiled`)."""
    return frozenset(node.leave_counts), {k: v["weeks_per_year"]
                                          for k, v in (node.leave_capped or {}).items()}


def counted_work_hours(ctx: EvalContext, roles: tuple[str, ...] | None,
                       counts: frozenset[str], capped: dict[str, float],
                       interruption_years: float | None) -> tuple[float, date | None]:
    """Hours that count in the context's window up to its assessment date, and the first day
    from which hours count when an interruption cut off earlier hours (else None)."""
    window = ctx.window
    last = min(window.last_day, ctx.on)
    lo, hi = window.start.toordinal(), last.toordinal()
    if hi < lo or (roles is not None and not any(
            job.role in roles for job in ctx.professional.employments)):
        # No piece of work (BIG: the routes of the other professions): no hours, and no
        # interruption cuts anything off (the cutoff's gaps are between pieces of work).
        return 0.0, None
    pieces = sorted(_pieces(ctx, roles, lo, hi))
    work_days = [(a, b) for a, b, _, kind in pieces
                 if kind is None or kind in counts or kind in capped]
    cutoff = _cutoff(work_days, lo, hi, interruption_years, ctx) if interruption_years else None
    start_from = cutoff.toordinal() if cutoff is not None else lo
    total = 0.0
    used: dict[tuple[str, int, float], float] = {}
    for a, b, weekly, kind in pieces:
        a = max(a, start_from)
        if a > b or (kind is not None and kind not in counts and kind not in capped):
            continue
        if kind is None or kind in counts:
            total += weekly * (b - a + 1) / 7
            continue
        for s, e, year in _year_split(a, b):
            key = (kind, year, weekly)
            room = capped[kind] * weekly - used.get(key, 0.0)
            take = min(room, weekly * (e - s + 1) / 7)
            if take > 0:
                used[key] = used.get(key, 0.0) + take
                total += take
    return total, cutoff


def _cutoff(work: list[tuple[int, int]], lo: int, hi: int, years: float,
            ctx: EvalContext) -> date | None:
    """The first day after the latest interruption longer than ``years`` (None if none)."""
    merged: list[list[int]] = []
    for a, b in sorted(work):
        if merged and a <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    gaps = [(merged[i][1] + 1, merged[i + 1][0] - 1) for i in range(len(merged) - 1)]
    if merged and merged[-1][1] < hi:
        gaps.append((merged[-1][1] + 1, hi))
    whole, frac = int(years), years - int(years)
    result = None
    for s, e in gaps:
        start = date.fromordinal(s)
        limit = ctx.policy.add(start, years=whole, months=round(frac * 12))
        if limit <= date.fromordinal(e):
            result = date.fromordinal(e + 1)
    return result
