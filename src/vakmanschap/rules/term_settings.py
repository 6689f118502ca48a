"""Rule-file settings for how a registration term starts, ends, is extended and lapses.

These are the lifecycle keys of a version's ``cycle`` record (docs/lifecycle.md lists every
setting with its default). Each has a default so that a rule file that does not mention them
keeps loading, and each default is written down here, not hidden in the code that uses it::

    cycle:
      years: 5
      next_due: from_previous_due          # see CycleSpec
      early: {after: {years: 3}, start: choice}
      application: {required: true, days_before_due: 1, pending_keeps_registration: true}
      late: {grace: {months: 6}, then: verlopen}
      deferral: {allowed: true, max: {years: 2}, per: term, moves_anchor: true,
                 requested_until: 2022-12-31}

The classes are plain frozen values; the schema records next to them check the YAML and
build them (the loader in :mod:`vakmanschap.engine.rulefile.file_schema` wires them into ``cycle``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from vakmanschap.model.periods import DatePolicy
from vakmanschap.model.words import Lang
from vakmanschap.rules.schema import MAX_MONTHS, MAX_YEARS, Bool, DateS, Field, Num, Record, Str

__all__ = [
    "APPLICATION",
    "DEFERRAL",
    "DURATION",
    "EARLY",
    "LATE",
    "ApplicationSpec",
    "DeferralSpec",
    "Duration",
    "EarlySpec",
    "LateSpec",
]


@attrs.frozen
class Duration:
    """A length of time in years, months, weeks and days (added in that order)."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    def add_to(self, day: date, policy: DatePolicy, times: int = 1) -> date:
        """``day`` plus ``times`` this duration, following the rule file's month-end policy."""
        return policy.add(day, years=self.years * times, months=self.months * times,
                          days=(self.weeks * 7 + self.days) * times)

    def subtract_from(self, day: date, policy: DatePolicy) -> date:
        """``day`` minus this duration."""
        return policy.add(day, years=-self.years, months=-self.months,
                          days=-(self.weeks * 7 + self.days))

    def text(self, lang: Lang = "nl") -> str:
        """``6 maanden``, ``2 jaar``, ``16 weken`` (the parts joined with 'en'/'and')."""
        names = {"years": ("jaar", "jaar", "year", "years"),
                 "months": ("maand", "maanden", "month", "months"),
                 "weeks": ("week", "weken", "week", "weeks"),
                 "days": ("dag", "dagen", "day", "days")}
        parts = []
        for name, (nl1, nln, en1, enn) in names.items():
            value = getattr(self, name)
            if value:
                word = (nl1 if value == 1 else nln) if lang == "nl" else (
                    en1 if value == 1 else enn)
                parts.append(f"{value} {word}")
        return (" en " if lang == "nl" else " and ").join(parts) or "0"

    def to_json(self) -> dict[str, int]:
        """Only the non-zero parts."""
        return {k: v for k, v in attrs.asdict(self).items() if v}


@attrs.frozen
class EarlySpec:
    """Re-registration before the due date.

    ``after``: the earliest point in the term (counted from its start) at which an application
    is accepted; None (default): at any time (BIG, SKJ: as soon as the requirements are met).
    Kwaliteitsregister Paramedici: ``{years: 3}``.

    ``start``: which date starts the next term after an early decision:
    ``next_due`` (default: the cycle's ``next_due`` rule applies to early decisions too),
    ``immediate`` (the decision date), ``regular`` (the regular date: the day after the
    current term ends), or ``choice`` (the professional chooses; the choice is recorded as
    ``term_start`` on the ``reregistered`` event; without it the regular date).
    """

    after: Duration | None = None
    start: str = "next_due"


@attrs.frozen
class ApplicationSpec:
    """The re-registration application.

    ``required`` (default false): when true, a term ends on its due date unless the
    professional applied (``reregistration_applied``) or the register decided
    (``reregistered``); when false, the engine assesses the term on its last day and treats
    a pass as re-registration (a projection for registers without an application step).
    ``days_before_due`` (default 1): an application is on time when received at least this
    many days before the due date (1: by the day before, "vóór de herregistratiedatum";
    NRGD: by the day before expiry). A deferral request has the same deadline.
    ``pending_keeps_registration`` (default true): an application filed on time keeps the
    registration in force until the decision, even after the due date (SKJ, NRGD).
    """

    required: bool = False
    days_before_due: int = 1
    pending_keeps_registration: bool = True


@attrs.frozen
class LateSpec:
    """What happens when a term reaches its due date without re-registration.

    ``grace`` (default none): a period after the due date with status ``onder_voorwaarden``
    in which a late application is still possible (SRPO: 6 months). ``then`` (default
    ``verlopen``): the status after the grace period (or at once without grace):
    ``verlopen`` (registration lapsed: SRPO, NRGD), ``doorgehaald`` (struck off: BIG, NIP)
    or ``maatregel`` (an outcome short of a lapse: not compliant, still registered, the next
    term runs and the register takes the measure named in ``measure``: NBA, NOvA).
    """

    grace: Duration | None = None
    then: str = "verlopen"
    measure: str | None = None


@attrs.frozen
class DeferralSpec:
    """Deferral (uitstel) of the due date, granted by decision (``deferral_granted``).

    ``allowed`` (default true): whether a granted deferral has effect (BIG, NRGD: false).
    A grant counts only when it was requested (``deferral_requested``, or the grant itself
    when no request is recorded) by the application deadline of the due date in force.
    ``max`` (default none: no maximum): the longest total extension of one term; a longer
    grant is cut back to it. ``per`` (default ``term``): ``pregnancy`` multiplies ``max`` by
    the number of pregnancy leaves in the term (NIP: 16 weeks per pregnancy).
    ``moves_anchor`` (default true): with ``next_due: from_previous_due`` or
    ``from_term_end`` the next term counts from the deferred due date; false keeps the
    original due date as anchor. ``max_registered_from`` / ``max_registered_until``
    (inclusive; default none): ``max`` applies only to professionals whose first
    registration decision falls between them (SRPO: a 2-year transition deferral for
    leaders registered in 2014 or 2015); others have no maximum.
    ``requested_until`` (default none): deferral is possible only until this date: a grant
    whose request (or the grant itself, without a request) is dated after it has no effect
    (V&VN: the COVID deferral ended on 31 December 2022). ``due_from`` / ``due_until``
    (inclusive; default none): a deferral has effect only for a term whose regular due date
    falls between them (KP: the corona dispensation of half a year, "voor de periode van 1
    maart 2020 tot en met ..."). Dated settings, so a register that opens or closes a
    deferral scheme needs no second rule version.
    """

    allowed: bool = True
    max: Duration | None = None
    per: str = "term"
    moves_anchor: bool = True
    max_registered_from: date | None = None
    max_registered_until: date | None = None
    requested_until: date | None = None
    due_from: date | None = None
    due_until: date | None = None

    def open_for(self, due: date) -> bool:
        """Whether a deferral may take effect for a term regularly due on ``due``."""
        return ((self.due_from is None or due >= self.due_from)
                and (self.due_until is None or due <= self.due_until))

    def max_applies(self, first_registered: date | None) -> bool:
        """Whether ``max`` binds a professional first registered on ``first_registered``."""
        if self.max_registered_from is None and self.max_registered_until is None:
            return True
        if first_registered is None:
            return False
        return ((self.max_registered_from is None or first_registered >= self.max_registered_from)
                and (self.max_registered_until is None
                     or first_registered <= self.max_registered_until))


def _duration_post(out: dict[str, Any], raw: Any, loc: Any, checker: Any) -> Any:
    if not any(out.values()):
        return checker.error(loc, "a duration needs at least one of years, months, weeks, "
                             "days above 0")
    return Duration(**out)


DURATION = Record({
    "years": Field(Num(minimum=0, maximum=MAX_YEARS, integer=True), default=0),
    "months": Field(Num(minimum=0, maximum=MAX_MONTHS, integer=True), default=0),
    "weeks": Field(Num(minimum=0, maximum=MAX_YEARS * 53, integer=True), default=0),
    "days": Field(Num(minimum=0, maximum=MAX_YEARS * 366, integer=True), default=0),
}, "a length of time", post=_duration_post)

EARLY = Record({
    "after": Field(DURATION, default=None),
    "start": Field(Str("which date starts the next term after an early decision",
                       choices=("next_due", "immediate", "regular", "choice")),
                   default="next_due"),
}, "early re-registration: from when, and which date starts the next term",
    post=lambda out, raw, loc, checker: EarlySpec(**out))

APPLICATION = Record({
    "required": Field(Bool("without an application (or decision) the term ends at its due "
                           "date"), default=False),
    "days_before_due": Field(Num("an application is on time this many days before the due "
                                 "date", minimum=0, maximum=MAX_YEARS * 366, integer=True),
                              default=1),
    "pending_keeps_registration": Field(Bool("an on-time application keeps the registration "
                                             "until the decision"), default=True),
}, "the re-registration application", post=lambda out, raw, loc, checker: ApplicationSpec(**out))

LATE = Record({
    "grace": Field(DURATION, default=None),
    "then": Field(Str("status after the grace period",
                      choices=("verlopen", "doorgehaald", "maatregel")), default="verlopen"),
    "measure": Field(Str("with then: maatregel, the measure the register takes"),
                     default=None),
}, "what happens at the due date without re-registration",
    post=lambda out, raw, loc, checker: LateSpec(**out))

DEFERRAL = Record({
    "allowed": Field(Bool("whether a granted deferral has effect"), default=True),
    "max": Field(DURATION, default=None),
    "per": Field(Str("the maximum applies per term or per pregnancy leave in the term",
                     choices=("term", "pregnancy")), default="term"),
    "moves_anchor": Field(Bool("the next term counts from the deferred due date"),
                          default=True),
    "max_registered_from": Field(DateS("max applies only to a first registration on or "
                                       "after this date"), default=None),
    "max_registered_until": Field(DateS("max applies only to a first registration on or "
                                        "before this date"), default=None),
    "requested_until": Field(DateS("deferral is possible only until this date: a later "
                                   "request has no effect"), default=None),
    "due_from": Field(DateS("a deferral has effect only for a term regularly due on or "
                            "after this date"), default=None),
    "due_until": Field(DateS("a deferral has effect only for a term regularly due on or "
                             "before this date"), default=None),
}, "deferral (uitstel) granted by decision",
    post=lambda out, raw, loc, checker: DeferralSpec(**out))
