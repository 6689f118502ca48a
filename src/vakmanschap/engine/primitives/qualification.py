"""``qualification``: holds a qualification of a kind (and level, ECTS) by the assessment date.

Options mirror the SRPO rules: ``obtained_after_last_registration`` (a master counts for
herregistratie only when obtained after the most recent (her)registratiedatum) and
``accredited_when_awarded`` (the diploma must be issued before the programme's accreditation
expired). ``in_progress: true`` accepts a programme being followed (RDO in opleiding).
``max_age_months`` asks for a diploma at most that old on the assessment date (KP: "Diploma
niet ouder dan vijf jaar?", ``max_age_months: 60``), as ``attestation.max_age_months``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.plan.need import QUALIFICATION, kind_titles
from vakmanschap.engine.primitives.base import Asks, Requirement, primitive
from vakmanschap.engine.primitives.param_info import EASIER, HARDER, param
from vakmanschap.engine.primitives.results import condition_result
from vakmanschap.model.records import Qualification
from vakmanschap.model.words import Lang
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import MAX_MONTHS, Bool, DatedS, Field, Num, Record, Ref, SeqOf, Str

if TYPE_CHECKING:
    from datetime import date

    from vakmanschap.engine.plan.model import PlanStep
    from vakmanschap.engine.plan.need import Need, Options
    from vakmanschap.engine.plan.planner import Planner
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab
    from vakmanschap.engine.reuse import Change
    from vakmanschap.model.records import Professional

__all__ = ["QualificationRequirement"]


@primitive
@attrs.frozen(kw_only=True)
class QualificationRequirement(Requirement):
    """A matching qualification exists."""

    key = "qualification"
    words = ("kwalificatie", "qualification")
    doc = "Holds a qualification of one of `kinds` (optionally level, ECTS, timing)."
    schema = Record({
        "kinds": Field(SeqOf(Ref("qualification_kinds"), min_items=1, unique=True),
                       required=True),
        "levels": Field(SeqOf(Str(), min_items=1, unique=True)),
        "min_ects": Field(DatedS(Num(minimum=0))),
        "obtained_after_last_registration": Field(Bool(), default=False),
        "accredited_when_awarded": Field(Bool(), default=False),
        "in_progress": Field(Bool("a programme still being followed counts"), default=False),
        "max_age_months": Field(DatedS(Num(minimum=0, maximum=MAX_MONTHS, integer=True))),
    }, "a qualification")

    kinds: tuple[str, ...] = param("soorten", "kinds")
    levels: tuple[str, ...] | None = param("niveaus", "levels", default=None)
    min_ects: Dated | None = param("minimum aantal ECTS", "minimum ECTS", unit="ECTS",
                                   sweep=HARDER, default=None)
    obtained_after_last_registration: bool = param(
        "behaald na de laatste registratie", "obtained after the last registration",
        default=False)
    accredited_when_awarded: bool = param("geaccrediteerd bij diplomering",
                                          "accredited when awarded", default=False)
    in_progress: bool = param("opleiding in uitvoering telt", "programme in progress counts",
                              default=False)
    max_age_months: Dated | None = param(
        "hoogstens zo oud (maanden)", "at most this old (months)", unit="months",
        sweep=EASIER, default=None)

    def same_judged_later(self, professional: Professional, on: date, later: date) -> bool:
        """The assessment date hides a programme started or a diploma awarded after it and
        makes a diploma too old (``max_age_months``): the same later when neither can
        happen."""
        return self.max_age_months is None and not any(
            (q.started_on is not None and on < q.started_on <= later)
            or (q.awarded_on is not None and on < q.awarded_on <= later)
            for q in professional.qualifications)

    def kept(self, result: RequirementResult, change: Change) -> bool:
        """Kept when no qualification is added (and the date alike)."""
        return change.alike_later(self) and not change.qualifications

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        min_ects = self.min_ects.at(ctx.params_on) if self.min_ects is not None else None
        max_age = (int(self.max_age_months.at(ctx.params_on))
                   if self.max_age_months is not None else None)
        rejected: dict[str, str] = {}
        match = None
        for q in ctx.professional.qualifications:
            reason = self._reject(q, ctx, min_ects, max_age)
            if reason is None:
                match = q
                break
            rejected[q.id] = reason
        detail: dict[str, Any] = {"rejected": rejected}
        if match is not None:
            detail["qualification"] = match.id
            detail["kind"] = match.kind
        return condition_result(self, ctx, match is not None, detail, ctx.deadline)

    def _reject(self, q: Any, ctx: EvalContext, min_ects: float | None,
                max_age: int | None = None) -> str | None:
        """Why qualification ``q`` does not count, as ``code`` or ``code:argument``."""
        if q.kind not in self.kinds:
            return f"kind:{q.kind}"
        if self.levels is not None and q.level not in self.levels:
            return f"level:{q.level or '-'}"
        if min_ects is not None and (q.ects or 0) < min_ects:
            return f"ects:{q.ects or 0:g} < {min_ects:g}"
        if q.awarded_on is None:
            if not self.in_progress:
                return "not_awarded"
            if q.started_on is not None and q.started_on > ctx.on:
                return "starts_after_on"
            return None
        if q.awarded_on > ctx.on:
            return "awarded_after_on"
        if self.obtained_after_last_registration and ctx.last_registration is not None and (
                q.awarded_on <= ctx.last_registration):
            return "before_last_registration"
        if self.accredited_when_awarded and not _accredited_when_awarded(q):
            return "not_accredited_when_awarded"
        if max_age is not None and ctx.policy.add(q.awarded_on, months=max_age) < ctx.on:
            return f"too_old:{max_age}"
        return None

    def phrase(self, result: RequirementResult, lang: Lang) -> str:
        found = result.detail.get("qualification")
        if found:
            return f"voldaan met {found}" if lang == "nl" else f"met by {found}"
        rejected = result.detail.get("rejected", {})
        if rejected:
            why = "; ".join(f"{k}: {_reason(v, lang)}" for k, v in rejected.items())
            return (f"geen passende kwalificatie ({why})" if lang == "nl"
                    else f"no matching qualification ({why})")
        return "geen passende kwalificatie" if lang == "nl" else "no matching qualification"

    def asks(self) -> Asks:
        """The qualification kinds it names."""
        return Asks(qualification_kinds=self.kinds)

    # -- completion plan: what a plan must add to satisfy this requirement --

    def plan_needs(self, result: RequirementResult, planner: Planner) -> Options:
        """A diploma from the assessment date on (after the last registration when it must
        be obtained after it; young enough when it has a maximum age); one new diploma is
        dearer than any amount."""
        lo = planner.start
        if self.obtained_after_last_registration and planner.last_registration is not None:
            lo = max(lo, planner.last_registration + timedelta(days=1))
        if self.max_age_months is not None:
            # Young enough on the horizon the plan is checked on.
            months = int(self.max_age_months.at(planner.horizon))
            policy = planner.rules.date_policy
            fresh = policy.add(planner.horizon, months=-months)
            while policy.add(fresh, months=months) < planner.horizon:
                fresh += timedelta(days=1)
            lo = max(lo, fresh)
        need = planner.need(result, QUALIFICATION, lo=lo, hi=planner.horizon, diplomas=1)
        return need.cost(), [need]

    def plan_fact(self, need: Need, planner: Planner) -> Qualification:
        """A qualification of the first kind (and level) listed, with the ECTS asked for."""
        min_ects = planner.value(self.min_ects)
        return Qualification(
            id=planner.next_id(), kind=self.kinds[0],
            level=self.levels[0] if self.levels else None, ects=min_ects, awarded_on=need.lo,
            accredited_until=need.lo if self.accredited_when_awarded else None)

    def plan_step(self, need: Need, last: RequirementResult, planner: Planner) -> PlanStep:
        """A ``qualification`` step naming the kinds that count."""
        return need.step(QUALIFICATION, achievable=last.met and need.possible,
                         kinds=self.kinds,
                         kind_titles=kind_titles(planner.rules.qualification_kinds, self.kinds))

    # -- population: columnar evaluation --

    # Evaluated person by person (the default of Requirement.columnar): qualifications are
    # not in the population store.
    columnar = Requirement.columnar

    # -- random rule files: Hypothesis strategy --

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        params: dict[str, Any] = {
            "kinds": draw.subset(vocab.qualification_kinds, max_size=2),
            "obtained_after_last_registration": draw.boolean(),
            "in_progress": draw.boolean()}
        if draw.boolean():
            params["min_ects"] = draw.dated(lambda: draw.integer(0, 120))
        if draw.chance(4):
            params["accredited_when_awarded"] = True
        if draw.chance(4):
            params["max_age_months"] = draw.dated(lambda: draw.integer(0, 120))
        return params


_REASONS = {
    "kind": ("soort {arg} telt hier niet", "kind {arg} does not count here"),
    "level": ("niveau {arg} telt hier niet", "level {arg} does not count here"),
    "ects": ("{arg} ECTS is te weinig", "{arg} ECTS is too little"),
    "not_awarded": ("nog niet behaald", "not yet awarded"),
    "starts_after_on": ("begint na de beoordelingsdatum", "starts after the assessment date"),
    "awarded_after_on": ("behaald na de beoordelingsdatum", "awarded after the assessment date"),
    "before_last_registration": ("behaald vóór de laatste (her)registratie",
                                 "obtained before the last (re-)registration"),
    "not_accredited_when_awarded": ("opleiding niet geaccrediteerd bij diplomering",
                                    "programme not accredited when awarded"),
    "too_old": ("ouder dan {arg} maanden", "older than {arg} months"),
}


def _reason(code: str, lang: Lang) -> str:
    name, _, arg = code.partition(":")
    nl, en = _REASONS[name]
    return (nl if lang == "nl" else en).format(arg=arg)


def _accredited_when_awarded(q: Qualification) -> bool:
    """The qualification's own flag when it states one, else its accreditation's last day."""
    if q.accredited is not None:
        return q.accredited
    return q.accredited_until is not None and q.awarded_on is not None and (
        q.awarded_on <= q.accredited_until)
