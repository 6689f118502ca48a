"""``attestation``: a solemn act or endorsement, optionally within a time limit.

``within_months_of_entry: 3`` encodes the ambtseed rule (Ambtenarenwet 2017 art. 7: oath or
promise within 3 months of entering service). ``in_cycle: true`` asks for an attestation
dated inside the cycle (e.g. endorsing the code of conduct once per cycle). ``by`` sets a
deadline inside or after the cycle: the attestation must be dated from the cycle's start and
before its start (``from: cycle_start``) or its end (``from: cycle_end``, the day after its
last day) plus a duration (NBA: a PE plan before 1 April, a compliance statement before
1 February of the next year). ``by.counts_from`` moves the first day an attestation counts
from the cycle's start to such a point too, so that a document given after the term counts
for that term only (NBA: a compliance statement counts from 1 February of the term's year up
to 1 February of the next, not also for the year it is given in).
``max_age_months: 6`` asks for a document at most that old on the assessment date (SKJ: "een
uittreksel uit het handelsregister [...] niet ouder dan 6 maanden"): one dated ``d`` counts
when ``d`` plus that many months is not before the assessment date.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.columnar.arrays import whole
from vakmanschap.engine.columnar.columns import NodeColumns
from vakmanschap.engine.columnar.dates import months_after
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.plan.need import ATTESTATION, kind_titles
from vakmanschap.engine.primitives.asks import Asks, Due
from vakmanschap.engine.primitives.base import Requirement, primitive
from vakmanschap.engine.primitives.param_info import EASIER, param
from vakmanschap.errors import DataError
from vakmanschap.model.periods import DatePolicy, Window
from vakmanschap.model.records import Attestation, Professional
from vakmanschap.model.words import Lang, fmt_date
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import (
    INVALID,
    MAX_MONTHS,
    Bool,
    DatedS,
    Field,
    Num,
    Record,
    Ref,
    SeqOf,
    Str,
)

if TYPE_CHECKING:
    import numpy as np
else:
    from vakmanschap.lazy import numpy as np

if TYPE_CHECKING:
    from vakmanschap.engine.columnar.context import ColumnarContext
    from vakmanschap.engine.plan.model import PlanStep
    from vakmanschap.engine.plan.need import Need, Options
    from vakmanschap.engine.plan.planner import Planner
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab
    from vakmanschap.engine.reuse import Change

__all__ = ["AttestationRequirement"]

_ANCHORS = ("cycle_start", "cycle_end")


def _point(what: str) -> Record:
    """A day relative to a term: its start or the day after its end, plus months and days."""
    return Record({
        "from": Field(Str("what the day counts from", choices=_ANCHORS), required=True),
        "months": Field(Num(minimum=0, maximum=MAX_MONTHS, integer=True), default=0),
        "days": Field(Num(minimum=0, maximum=366, integer=True), default=0),
    }, what)


def _by_post(out: Any, raw: Any, loc: Any, checker: Any) -> Any:
    """The first day that counts must come before the deadline (same anchor: comparable
    without a term; from different anchors the order depends on the term's length)."""
    if out is INVALID or not isinstance(out, dict) or out.get("counts_from") is None:
        return out
    first = out["counts_from"]
    if first is not INVALID and first["from"] == out["from"] and (
            (first["months"], first["days"]) >= (out["months"], out["days"])):
        return checker.error(loc.key(raw, "counts_from"),
                             "counts_from must be before the deadline of 'by' (from the same "
                             "point, fewer months or days); nothing would count")
    return out


@primitive
@attrs.frozen(kw_only=True)
class AttestationRequirement(Requirement):
    """An attestation of one of ``kinds`` exists (in time, when a limit is given)."""

    key = "attestation"
    words = ("eed, belofte of verklaring", "oath, promise or attestation")
    doc = "An attestation (oath, promise, endorsement) of one of `kinds`, optionally in time."
    schema = Record({
        "kinds": Field(SeqOf(Ref("attestation_kinds"), min_items=1, unique=True),
                       required=True),
        "within_months_of_entry": Field(DatedS(Num(minimum=0, maximum=MAX_MONTHS, integer=True))),
        "in_cycle": Field(Bool(), default=False),
        "by": Field(Record({
            "from": Field(Str("what the deadline counts from", choices=_ANCHORS),
                          required=True),
            "months": Field(Num(minimum=0, maximum=MAX_MONTHS, integer=True), default=0),
            "days": Field(Num(minimum=0, maximum=366, integer=True), default=0),
            "counts_from": Field(_point("the first day an attestation counts (default: the "
                                        "cycle's start)"), default=None),
        }, "a deadline: dated from the cycle start (or counts_from) and before this point",
            post=_by_post), default=None),
        "max_age_months": Field(DatedS(Num(minimum=0, maximum=MAX_MONTHS, integer=True))),
    }, "an attestation")

    @classmethod
    def build(cls, common: dict[str, Any], params: dict[str, Any]) -> AttestationRequirement:
        params = dict(params)
        by = params.pop("by", None)
        if by is not None:
            params.update(by_from=by["from"], by_months=int(by["months"]),
                          by_days=int(by["days"]))
            first = by.get("counts_from")
            if first is not None:
                params.update(counts_from=first["from"], counts_months=int(first["months"]),
                              counts_days=int(first["days"]))
        return cls(**common, **params)

    kinds: tuple[str, ...] = param("soorten", "kinds")
    within_months_of_entry: Dated | None = param(
        "termijn na indiensttreding", "time limit after entering service", unit="months",
        sweep=EASIER, default=None)
    in_cycle: bool = param("binnen de periode", "within the cycle", default=False)
    by_from: str | None = param("termijn telt vanaf", "deadline counts from", default=None)
    by_months: int = param("termijn in maanden", "deadline in months", unit="months",
                           default=0)
    by_days: int = param("termijn in dagen", "deadline in days", unit="days", default=0)
    counts_from: str | None = param("telt vanaf", "counts from", default=None)
    counts_months: int = param("telt vanaf, maanden", "counts from, months", unit="months",
                               default=0)
    counts_days: int = param("telt vanaf, dagen", "counts from, days", unit="days", default=0)

    def earliest_in(self, window: Window, policy: DatePolicy) -> date:
        """The first day an attestation counts for a cycle ``window``: the cycle's start, or
        ``by.counts_from``."""
        if self.counts_from is None:
            return window.start
        anchor = (window.start if self.counts_from == "cycle_start"
                  else window.last_day + timedelta(days=1))
        return policy.add(anchor, months=self.counts_months, days=self.counts_days)

    def deadline_in(self, window: Window, policy: DatePolicy) -> date | None:
        """The first day too late under ``by`` for a cycle ``window`` (None without ``by``)."""
        if self.by_from is None:
            return None
        anchor = (window.start if self.by_from == "cycle_start"
                  else window.last_day + timedelta(days=1))
        return policy.add(anchor, months=self.by_months, days=self.by_days)
    max_age_months: Dated | None = param(
        "hoogstens zo oud (maanden)", "at most this old (months)", unit="months",
        sweep=EASIER, default=None)

    def same_judged_later(self, professional: Professional, on: date, later: date) -> bool:
        """The assessment date hides attestations dated after it and makes one stale
        (``max_age_months``): the same later when neither can happen."""
        return self.max_age_months is None and not any(
            on < att.on <= later for att in professional.attestations)

    def kept(self, result: RequirementResult, change: Change) -> bool:
        """Kept when no attestation is added (and the date alike)."""
        return change.alike_later(self) and not change.attestations

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        months = (self.within_months_of_entry.at(ctx.params_on)
                  if self.within_months_of_entry is not None else None)
        limit = None
        earliest = None
        if months is not None:
            entry = ctx.professional.entry_date
            if entry is None:
                raise self._needs_entry(ctx.professional.id)
            limit = ctx.policy.add(entry, months=int(months))
            earliest = entry
        by = self.deadline_in(ctx.window, ctx.policy)
        if by is not None:  # both limits hold when both are given
            first = self.earliest_in(ctx.window, ctx.policy)
            earliest = max(earliest or first, first)
            if by > date.min:
                limit = min(limit or by, by - timedelta(days=1))
            else:  # a window from the first day of the calendar: nothing can be before it
                limit, earliest = date.min, date.min + timedelta(days=1)
        max_age = (self.max_age_months.at(ctx.params_on)
                    if self.max_age_months is not None else None)
        found = None
        late = None
        stale = None
        for att in sorted(ctx.professional.attestations, key=lambda a: (a.on, a.id)):
            if att.kind not in self.kinds or att.on > ctx.on:
                continue
            if self.in_cycle and att.on not in ctx.window and by is None:
                continue
            if earliest is not None and att.on < earliest:
                continue
            if limit is not None and att.on > limit:
                late = late or att
                continue
            if max_age is not None and ctx.policy.add(att.on, months=int(max_age)) < ctx.on:
                stale = att
                continue
            found = att
            break
        # The limit is the last day allowed: an oath on that day is in time ("uiterlijk").
        # Without one the deadline is the term's due date, worded as the term words it.
        detail: dict[str, Any] = {"limit": limit}
        if limit is not None:
            detail["deadline_inclusive"] = True
        if found is not None:
            detail.update(attestation=found.id, kind=found.kind, date=found.on)
        elif late is not None:
            detail.update(late=late.id, late_date=late.on)
        elif stale is not None:
            detail.update(stale=stale.id, stale_date=stale.on, max_age_months=max_age)
        return self.result(ctx, met=found is not None, required=None, actual=None, unit=None,
                           detail=detail, shortfall=None,
                           deadline=limit if limit is not None else ctx.deadline)

    def phrase(self, result: RequirementResult, lang: Lang) -> str:
        d = result.detail
        if "attestation" in d:
            return (f"{d['kind']} op {fmt_date(d['date'], lang)}" if lang == "nl"
                    else f"{d['kind']} on {fmt_date(d['date'], lang)}")
        kinds = " of ".join(self.kinds) if lang == "nl" else " or ".join(self.kinds)
        if "late" in d:
            late = fmt_date(d["late_date"], lang)
            return (f"{kinds} te laat afgelegd ({late})" if lang == "nl"
                    else f"{kinds} taken too late ({late})")
        if "stale" in d:
            old = fmt_date(d["stale_date"], lang)
            months = d["max_age_months"]
            return (f"{kinds} te oud ({old}; hoogstens {months:g} maanden)" if lang == "nl"
                    else f"{kinds} too old ({old}; at most {months:g} months)")
        return f"geen {kinds}" if lang == "nl" else f"no {kinds}"

    def asks(self) -> Asks:
        """The kinds it names and the days of each term they count on: up to the deadline of
        ``by``, else any day of the term with ``in_cycle`` (None: any day)."""
        first = (None if self.counts_from is None else
                 (self.counts_from, self.counts_months, self.counts_days))
        due = (Due(self.by_from, self.by_months, self.by_days, first)
               if self.by_from is not None
               else Due() if self.in_cycle else None)
        return Asks(attestation_kinds=self.kinds, due=due)

    # -- completion plan: what a plan must add to satisfy this requirement --

    def plan_needs(self, result: RequirementResult, planner: Planner) -> Options:
        """An attestation from the assessment date on, inside the cycle when it must be,
        and by its time limit."""
        lo, hi = planner.start, planner.horizon
        if self.in_cycle and result.window is not None and self.by_from is None:
            lo, hi = max(lo, result.window.start), min(hi, result.window.last_day)
        limit = result.detail.get("limit")
        if limit is not None:
            hi = min(hi, limit)
        if self.counts_from is not None and result.window is not None:
            lo = max(lo, self.earliest_in(result.window, planner.rules.date_policy))
        max_age = result.detail.get("max_age_months")
        if self.max_age_months is not None:
            # Fresh on the horizon the plan is checked on: not older than allowed by then.
            months = int(self.max_age_months.at(planner.horizon) if max_age is None else max_age)
            policy = planner.rules.date_policy
            fresh = policy.add(planner.horizon, months=-months)
            while policy.add(fresh, months=months) < planner.horizon:
                fresh += timedelta(days=1)
            lo = max(lo, fresh)
        need = planner.need(result, ATTESTATION, lo=lo, hi=hi)
        return need.cost(), [need]

    def plan_fact(self, need: Need, planner: Planner) -> Attestation:
        """An attestation of the first kind listed, on the first day allowed."""
        return Attestation(id=planner.next_id(), kind=self.kinds[0], on=need.lo)

    def plan_step(self, need: Need, last: RequirementResult, planner: Planner) -> PlanStep:
        """An ``attestation`` step naming the kinds that count."""
        return need.step(ATTESTATION, achievable=last.met and need.possible,
                         kinds=self.kinds,
                         kind_titles=kind_titles(planner.rules.attestation_kinds, self.kinds))
    def _needs_entry(self, professional_id: str) -> DataError:
        return DataError(f"rule {self.id!r} ({self.location}) needs the date of entering "
                         "service; give 'entered_service' or an employment",
                         record=f"professional {professional_id}", field="entered_service")

    # -- population: columnar evaluation --

    def columnar(self, ctx: ColumnarContext) -> NodeColumns:
        """Per person whether any attestation of the kinds passes the checks of
        :meth:`evaluate`: not after ``on``; in the window with ``in_cycle``; from the entry
        date up to entry plus ``within_months_of_entry`` (per distinct entry date); dated no
        more than ``max_age_months`` before ``on``."""
        frame = ctx.frame
        n = frame.n
        att = frame.people.attestations
        wanted = np.zeros(len(att.kinds) + 1, dtype=bool)
        for k, name in enumerate(att.kinds):
            wanted[k] = name in self.kinds
        person = att.person
        sel = wanted[att.kind] & (att.on <= frame.on_ord) & ctx.mask[person]
        if self.by_from is not None:
            policy = frame.rules.date_policy
            anchor = ctx.start if self.by_from == "cycle_start" else ctx.last + 1
            by = months_after(anchor, self.by_months, ctx.mask, policy)
            by = np.where(ctx.mask, by + self.by_days, 0)
            first = ctx.start
            if self.counts_from is not None:
                anchor = ctx.start if self.counts_from == "cycle_start" else ctx.last + 1
                first = months_after(anchor, self.counts_months, ctx.mask, policy)
                first = np.where(ctx.mask, first + self.counts_days, 0)
            sel &= (att.on >= first[person]) & (att.on < by[person])
        elif self.in_cycle:
            sel &= (att.on >= ctx.start[person]) & (att.on <= ctx.last[person])
        months = ctx.param(self.within_months_of_entry)
        if months is not None:
            entry = frame.people.entry
            lacking = np.flatnonzero(ctx.mask & (entry == 0))
            if len(lacking):
                raise self._needs_entry(str(frame.people.ids[int(lacking[0])]))
            limit = months_after(entry, whole(months), ctx.mask, frame.rules.date_policy)
            sel &= (att.on >= entry[person]) & (att.on <= limit[person])
        age = ctx.param(self.max_age_months)
        if age is not None:
            months = np.broadcast_to(whole(age), (n,))[person]
            fresh = months_after(att.on, months, sel, frame.rules.date_policy)
            sel &= fresh >= frame.on_ord
        met = np.bincount(person[sel], minlength=n)[:n] > 0 if len(att) else np.zeros(n, bool)
        return NodeColumns(ctx.key(self), self, ctx, met, np.nan, np.nan, np.nan)

    # -- random rule files: Hypothesis strategy --

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        params: dict[str, Any] = {"kinds": draw.subset(vocab.attestation_kinds),
                                  "in_cycle": draw.boolean()}
        if draw.boolean():
            params["within_months_of_entry"] = draw.dated(lambda: draw.integer(0, 14))
        if draw.boolean():
            by = params["by"] = {"from": draw.choice(_ANCHORS), "months": draw.integer(0, 14),
                                 "days": draw.integer(0, 40)}
            if draw.boolean():
                first = {"from": draw.choice(_ANCHORS), "months": draw.integer(0, 14),
                         "days": draw.integer(0, 40)}
                if first["from"] != by["from"] or (
                        (first["months"], first["days"]) < (by["months"], by["days"])):
                    by["counts_from"] = first
            params["max_age_months"] = draw.dated(lambda: draw.integer(0, 24))
        return params
