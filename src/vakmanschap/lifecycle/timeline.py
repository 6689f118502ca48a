"""The status timeline: every status a professional held in a register, and why.

:func:`timeline` walks the register events of a professional in date order (ties broken by a
fixed kind order and the event id, so the input order never matters) and derives consecutive
:class:`StatusSegment` objects from the first status-giving event up to ``until``
(exclusive). No two segments overlap and none leaves a gap.

How facts drive it (docs/lifecycle.md):

* **Decisions are authoritative.** ``registered``, ``reregistered``, ``struck_off`` and
  ``deregistered`` change the status on their date, whatever an assessment would say. The
  dates of the term a decision opens are those of :mod:`vakmanschap.engine.cycles`.
* **Applications without a decision are judged by the engine.** A
  ``reregistration_applied`` that no later decision answers is assessed on its filing date
  (:meth:`RuleSet.assess_cycle`): a pass counts as re-registration on that date, a fail is
  noted and the term runs on. When a decision does follow, the engine waits for it; an
  application filed on time keeps the registration in force meanwhile
  (``application.pending_keeps_registration``).
* **At the due date** without re-registration: a granted deferral (valid under the
  ``deferral`` settings) gives status ``uitstel`` until its end; otherwise, when the rules
  do not require an application (``application.required: false``), the term is assessed on
  its last day and a pass counts as re-registration on the due date; otherwise the late path
  follows: ``onder_voorwaarden`` for the grace period (``late.grace``), then ``late.then``
  (``verlopen`` or ``doorgehaald``).
* **Re-entry.** After the registration ended, a ``registered`` decision (or an application
  judged under the version's ``reentry`` criteria) opens a term with status ``herintreding``.

The settings that govern how a term ends are those of the rule version that judges it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import Assessment
from vakmanschap.engine.cycles import (
    Cycle,
    application_deadline,
    deferral,
    early_from,
    event_key,
    next_cycle,
    open_cycle,
    with_due,
)
from vakmanschap.engine.primitives.activity_filter import prepare_activities
from vakmanschap.errors import DataError
from vakmanschap.model.periods import Window, to_date
from vakmanschap.model.records import EventKind, Professional, RegisterEvent
from vakmanschap.model.words import Lang, Text, fmt_date

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet

__all__ = [
    "REASONS",
    "STATUSES",
    "TIMELINE_SCHEMA",
    "Note",
    "StatusSegment",
    "timeline",
    "timeline_to_dict",
]

TIMELINE_SCHEMA = "vakmanschap.timeline/1"

#: Every status a segment can have, with its Dutch and English name (docs/glossary.md).
STATUSES: dict[str, Text] = {
    "ingeschreven": Text("ingeschreven", "enrolled"),
    "geregistreerd": Text("geregistreerd", "registered"),
    "geherregistreerd": Text("geherregistreerd", "re-registered"),
    "herintreding": Text("geregistreerd na herintreding", "registered after re-entry"),
    "uitstel": Text("uitstel van herregistratie", "re-registration deferred"),
    "onder_voorwaarden": Text("onder voorwaarden", "registered under conditions"),
    "verlopen": Text("herregistratie verlopen", "re-registration lapsed"),
    "doorgehaald": Text("doorgehaald", "struck off"),
    "uitgeschreven": Text("uitgeschreven", "deregistered"),
}

#: Statuses in which the professional is in the register with a running term.
REGISTERED = frozenset({"geregistreerd", "geherregistreerd", "herintreding", "uitstel",
                        "onder_voorwaarden"})

# reason code -> (Dutch, English); {event} is the event's date, {due} the segment's due date.
REASONS: dict[str, tuple[str, str]] = {
    "enrolled": ("inschrijving op {event}", "enrolment on {event}"),
    "registered": ("besluit tot registratie van {event}", "registration decided on {event}"),
    "reregistered": ("besluit tot herregistratie van {event}",
                     "re-registration decided on {event}"),
    "application_met": ("aanvraag van {event} beoordeeld: voldoet aan de eisen",
                        "application of {event} assessed: meets the requirements"),
    "assessed_at_due": ("beoordeeld aan het einde van de periode: voldoet aan de eisen",
                        "assessed at the end of the term: meets the requirements"),
    "reentry_met": ("aanvraag tot herintreding van {event} beoordeeld: voldoet aan de eisen",
                    "re-entry application of {event} assessed: meets the requirements"),
    "pending_application": ("aanvraag van {event} op tijd ingediend; de registratie loopt door "
                            "tot het besluit",
                            "application of {event} filed on time; the registration continues "
                            "until the decision"),
    "pending_decision": ("besluit over de herregistratie volgt; de registratie loopt door",
                         "a decision on re-registration follows; the registration continues"),
    "deferral_pending": ("uitstel op tijd aangevraagd; de registratie loopt door tot het "
                         "besluit", "deferral requested on time; the registration continues "
                         "until the decision"),
    "deferral": ("uitstel verleend bij besluit van {event}",
                 "deferral granted by decision of {event}"),
    "no_application": ("geen herregistratie of uitstel aangevraagd op tijd",
                       "no re-registration or deferral requested in time"),
    "late_application": ("herregistratie te laat aangevraagd ({event})",
                         "re-registration applied for too late ({event})"),
    "application_not_met": ("aanvraag van {event} voldeed niet aan de eisen",
                            "the application of {event} did not meet the requirements"),
    "not_met_at_due": ("aan het einde van de periode voldeed u niet aan de eisen",
                       "at the end of the term the requirements were not met"),
    "grace_ended": ("niet geherregistreerd binnen de termijn onder voorwaarden",
                    "not re-registered within the conditional period"),
    "struck_off": ("doorgehaald bij besluit van {event}", "struck off by decision of {event}"),
    "deregistered": ("uitgeschreven op verzoek, {event}", "deregistered on request, {event}"),
}

# note code -> (Dutch, English)
NOTES: dict[str, tuple[str, str]] = {
    "application_premature": ("aanvraag van {event} te vroeg: herregistratie kan pas vanaf "
                              "{arg}", "application of {event} too early: re-registration is "
                              "possible from {arg}"),
    "application_not_met": ("aanvraag van {event} beoordeeld: voldoet (nog) niet aan de eisen",
                            "application of {event} assessed: does not (yet) meet the "
                            "requirements"),
    "reentry_not_met": ("aanvraag tot herintreding van {event}: voldoet (nog) niet aan de "
                        "eisen", "re-entry application of {event}: does not (yet) meet the "
                        "requirements"),
    "reentry_needs_decision": ("aanvraag tot herintreding van {event}: deze regels kennen geen "
                               "registratie-eisen; een besluit van het register is nodig",
                               "re-entry application of {event}: these rules have no "
                               "registration requirements; a decision of the register is "
                               "needed"),
    "deferral_not_allowed": ("uitstel van {event} heeft geen gevolg: deze regels kennen geen "
                             "uitstel", "deferral of {event} has no effect: these rules allow "
                             "no deferral"),
    "deferral_late_request": ("uitstel van {event} heeft geen gevolg: niet op tijd aangevraagd",
                              "deferral of {event} has no effect: not requested in time"),
    "deferral_no_room": ("uitstel van {event} heeft geen gevolg: het maximum is bereikt",
                         "deferral of {event} has no effect: the maximum is reached"),
    "deferral_capped": ("uitstel beperkt tot het maximum: tot {arg}",
                        "deferral cut back to the maximum: until {arg}"),
    "ignored": ("{kind} van {event} heeft geen gevolg in deze status",
                "{kind} of {event} has no effect in this status"),
}


@attrs.frozen
class Note:
    """Something that happened within a segment without changing the status (an application
    that did not meet the requirements, a deferral without effect, ...)."""

    on: date
    code: str
    event: RegisterEvent | None = None
    arg: str = ""
    assessment: Assessment | None = attrs.field(default=None, eq=False, repr=False)

    def text(self, lang: Lang = "nl") -> str:
        """The note in words."""
        nl, en = NOTES[self.code]
        template = nl if lang == "nl" else en
        return template.format(event=fmt_date(self.on, lang), arg=self.arg,
                               kind=self.event.kind.value if self.event else "")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"on": self.on.isoformat(), "code": self.code,
                "text": {"nl": self.text("nl"), "en": self.text("en")},
                "event": _event_json(self.event),
                "assessment": _assessment_json(self.assessment)}


@attrs.frozen
class StatusSegment:
    """One status held from ``start`` up to ``end`` (exclusive).

    ``reason`` (a code of :data:`REASONS`) says what decided it: the register ``event`` or
    the ``assessment`` the engine made. ``version`` is the rule version that governs the
    segment; ``due`` the date by which re-registration is due (the end of the term, of the
    deferral, or of the grace period) and ``term`` the window judged at that date; ``cycle``
    the term itself (for :meth:`RuleSet.assess_cycle`).
    """

    status: str
    level: str | None
    start: date
    end: date
    version: str | None
    reason: str
    event: RegisterEvent | None = None
    assessment: Assessment | None = attrs.field(default=None, eq=False, repr=False)
    due: date | None = None
    term: Window | None = None
    notes: tuple[Note, ...] = ()
    cycle: Cycle | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def decided_by(self) -> RegisterEvent | Assessment | None:
        """The event or the assessment that decided this segment."""
        return self.event if self.event is not None else self.assessment

    @property
    def registered(self) -> bool:
        """Whether the professional is in the register during this segment."""
        return self.status in REGISTERED

    def title(self, lang: Lang = "nl") -> str:
        """The status in words."""
        return STATUSES[self.status](lang)

    def reason_text(self, lang: Lang = "nl") -> str:
        """Why the segment has this status, in words."""
        nl, en = REASONS[self.reason]
        when = self.event.on if self.event is not None else self.start
        return (nl if lang == "nl" else en).format(event=fmt_date(when, lang))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (docs/lifecycle.md)."""
        return {
            "status": self.status,
            "status_text": STATUSES[self.status].to_json(),
            "level": self.level,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "version": self.version,
            "reason": self.reason,
            "reason_text": {"nl": self.reason_text("nl"), "en": self.reason_text("en")},
            "event": _event_json(self.event),
            "assessment": _assessment_json(self.assessment),
            "due": self.due.isoformat() if self.due else None,
            "term": None if self.term is None else {
                "start": self.term.start.isoformat(), "end": self.term.end.isoformat(),
                "end_inclusive": self.term.end_inclusive},
            "notes": [n.to_dict() for n in self.notes],
        }


def _event_json(event: RegisterEvent | None) -> dict[str, Any] | None:
    if event is None:
        return None
    return {"id": event.id, "kind": event.kind.value, "on": event.on.isoformat(),
            **({"until": event.until.isoformat()} if event.until else {}),
            **({"level": event.level} if event.level else {})}


def _assessment_json(assessment: Assessment | None) -> dict[str, Any] | None:
    if assessment is None:
        return None
    return {"on": assessment.on.isoformat(), "group": assessment.group,
            "version": assessment.version, "met": assessment.met,
            "shortfalls": [s.to_dict() for s in assessment.shortfalls]}


def timeline_to_dict(rules: RuleSet, professional: Professional, until: date,
                     segments: list[StatusSegment]) -> dict[str, Any]:
    """The timeline as a versioned JSON-ready mapping."""
    return {"schema": TIMELINE_SCHEMA, "professional": professional.id,
            "register": rules.register, "until": until.isoformat(),
            "segments": [s.to_dict() for s in segments]}


def timeline(rules: RuleSet, professional: Professional, until: date | str
             ) -> list[StatusSegment]:
    """The status segments of ``professional`` under ``rules`` up to ``until`` (exclusive).

    Events on or after ``until`` are not considered. The first segment starts at the first
    event that gives a status (enrolment, registration, or an ending decision); the last ends
    on ``until``. See the module documentation for how facts drive the timeline.
    """
    until = to_date(until, field="until")
    rules.check_professional(professional)
    for event in professional.events:
        if event.kind in (EventKind.REGISTERED, EventKind.REREGISTERED) and (
                event.until is not None and event.until <= event.on):
            raise DataError(f"'until' ({event.until}) must be after the decision "
                            f"({event.on})", record=f"professional {professional.id}, "
                            f"event {event.id}", field="until")
    return _Walker(rules, professional, until).run()


_TERM_PHASES = ("term", "deferral_pending", "uitstel", "pending", "grace")
_ENDINGS = (EventKind.STRUCK_OFF, EventKind.DEREGISTERED)
_DECISIONS = (EventKind.REGISTERED, EventKind.REREGISTERED)


class _Walker:
    """The state machine behind :func:`timeline` (one instance per call)."""

    def __init__(self, rules: RuleSet, professional: Professional, until: date) -> None:
        self.rules, self.person, self.until = rules, professional, until
        self.events = sorted((e for e in professional.events if e.on < until), key=event_key)
        self.index = 0
        self.prepared = prepare_activities(professional, rules)
        self.segments: list[StatusSegment] = []
        self.current: dict[str, Any] | None = None
        self.notes: list[Note] = []
        self.phase = "none"
        self.boundary: date | None = None
        self.term: Cycle | None = None
        self.term_status = "geregistreerd"
        self.term_events: list[RegisterEvent] = []
        self.applied: date | None = None  # filing date for next_due: from_application
        self.application: RegisterEvent | None = None  # filed in time, awaiting a decision
        self.late_application: RegisterEvent | None = None
        self.refused: tuple[RegisterEvent, Assessment] | None = None
        self.last_term: Cycle | None = None
        self.ended_by_event = False

    # -- segments -------------------------------------------------------------------------

    def _version_at(self, day: date) -> str | None:
        for version in self.rules.versions:
            if version.covers(day):
                return version.id
        return None

    def open(self, status: str, start: date, reason: str, *, event: RegisterEvent | None = None,
             assessment: Assessment | None = None, due: date | None = None,
             term: Cycle | None = None, level: str | None = None,
             version: str | None = None) -> None:
        """Close the current segment at ``start`` and open a new one."""
        self.close(start)
        if version is None:
            version = term.judged_by.id if term is not None else self._version_at(start)
        self.current = {"status": status, "level": level, "start": start, "version": version,
                        "reason": reason, "event": event, "assessment": assessment,
                        "due": due, "term": term.window if term is not None else None,
                        "cycle": term}

    def close(self, end: date) -> None:
        if self.current is None:
            return
        if end > self.current["start"]:
            self.segments.append(StatusSegment(end=end, notes=tuple(self.notes),
                                               **self.current))
            self.notes = []
        self.current = None

    def note(self, day: date, code: str, event: RegisterEvent | None = None, arg: str = "",
             assessment: Assessment | None = None) -> None:
        if self.current is not None:  # before the first status there is nothing to annotate
            self.notes.append(Note(day, code, event, arg, assessment))

    # -- the walk -------------------------------------------------------------------------

    def run(self) -> list[StatusSegment]:
        while True:
            event = self.events[self.index] if self.index < len(self.events) else None
            boundary = self.boundary
            if boundary is not None and self.current is not None:
                # A term decided after its own due date ends at once (never before it began).
                boundary = max(boundary, self.current["start"])
            if boundary is not None and boundary < self.until and (
                    event is None or boundary <= event.on):
                self.boundary = None
                self.at_boundary(boundary)
                continue
            if event is None:
                break
            self.index += 1
            self.handle(event)
        self.close(self.until)
        return self.segments

    def decision_follows(self) -> bool:
        """Whether a later decision answers the pending request (before any ending)."""
        for event in self.events[self.index:]:
            if event.kind in _DECISIONS:
                return True
            if event.kind in _ENDINGS:
                return False
        return False

    def start_term(self, cycle: Cycle, status: str, day: date, reason: str, *,
                   event: RegisterEvent | None = None,
                   assessment: Assessment | None = None) -> None:
        self.term, self.term_status, self.phase = cycle, status, "term"
        self.boundary = cycle.regular_due
        self.term_events, self.applied, self.application = [], None, None
        self.late_application, self.refused = None, None
        self.open(status, day, reason, event=event, assessment=assessment, due=cycle.due,
                  term=cycle, level=cycle.level)

    def end(self, status: str, day: date, reason: str, *, event: RegisterEvent | None = None,
            assessment: Assessment | None = None, by_event: bool = False) -> None:
        version = None
        if self.term is not None:
            self.last_term = self.settled()
            if not by_event:  # the rules that judged the term say how it ends
                version = self.term.judged_by.id
        level = self.term.level if self.term is not None else (
            self.last_term.level if self.last_term is not None else None)
        self.term, self.phase, self.boundary = None, "ended", None
        self.ended_by_event = by_event
        self.applied, self.application = None, None
        self.open(status, day, reason, event=event, assessment=assessment, level=level,
                  version=version)

    def settled(self) -> Cycle:
        """The running term with the deferrals seen so far applied (as cycles.py does)."""
        assert self.term is not None
        return with_due(self.rules, self.term,
                        deferral(self.rules, self.person, self.term, self.term_events).due)

    def assess(self, cycle: Cycle, on: date) -> Assessment:
        return self.rules.assess_cycle(self.person, cycle, on, prepared=self.prepared)

    # -- events ---------------------------------------------------------------------------

    def handle(self, event: RegisterEvent) -> None:
        kind = event.kind
        if kind in _ENDINGS:
            status = "doorgehaald" if kind is EventKind.STRUCK_OFF else "uitgeschreven"
            self.end(status, event.on, kind.value, event=event, by_event=True)
        elif self.phase in _TERM_PHASES:
            self.in_term(event)
        elif kind is EventKind.ENROLLED:
            if self.phase != "enrolled":
                self.phase, self.boundary = "enrolled", None
                self.open("ingeschreven", event.on, "enrolled", event=event)
        elif kind in _DECISIONS:
            self.decision_outside_term(event)
        elif kind is EventKind.REREGISTRATION_APPLIED and self.phase == "ended":
            self.reentry_application(event)
        else:
            self.note(event.on, "ignored", event)

    def decision_outside_term(self, event: RegisterEvent) -> None:
        reentry = self.phase == "ended"
        reason = "registered" if event.kind is EventKind.REGISTERED else "reregistered"
        if (event.kind is EventKind.REREGISTERED and reentry and not self.ended_by_event
                and self.last_term is not None):
            # A late re-registration after the registration lapsed without a decision: the
            # decided cycles (cycles.py) still continue the last term.
            cycle = next_cycle(self.rules, self.last_term, event.on,
                               event.level or self.last_term.level, self.applied, event.until)
            self.start_term(cycle, "geherregistreerd", event.on, reason, event=event)
            return
        level = event.level or (self.last_term.level if self.last_term else None)
        cycle = open_cycle(self.rules, event.on, event.on, level, due=event.until)
        self.start_term(cycle, "herintreding" if reentry else "geregistreerd", event.on, reason,
                        event=event)

    def in_term(self, event: RegisterEvent) -> None:
        kind = event.kind
        assert self.term is not None
        if kind is EventKind.REGISTERED:
            cycle = open_cycle(self.rules, event.on, event.on, event.level, due=event.until)
            self.start_term(cycle, "geregistreerd", event.on, "registered", event=event)
        elif kind is EventKind.REREGISTERED:
            previous = self.settled()
            cycle = next_cycle(self.rules, previous, event.on, event.level or previous.level,
                               self.applied, event.until)
            self.start_term(cycle, "geherregistreerd", event.on, "reregistered", event=event)
        elif kind is EventKind.REREGISTRATION_APPLIED:
            self.application_in_term(event)
        elif kind in (EventKind.DEFERRAL_REQUESTED, EventKind.DEFERRAL_GRANTED):
            self.term_events.append(event)
        else:
            self.note(event.on, "ignored", event)

    def application_in_term(self, event: RegisterEvent) -> None:
        assert self.term is not None
        first = early_from(self.rules, self.term)
        if self.phase == "term" and first is not None and event.on < first:
            self.note(event.on, "application_premature", event, fmt_date(first))
            return
        self.applied = event.on
        current = self.settled()
        on_time = self.phase == "grace" or event.on <= application_deadline(current)
        if self.decision_follows():
            if on_time:
                self.application = event
            else:
                self.late_application = event
            return
        assessment = self.assess(current, event.on)
        if assessment.met:
            cycle = next_cycle(self.rules, current, event.on, current.level, event.on)
            self.start_term(cycle, "geherregistreerd", event.on, "application_met",
                            event=event, assessment=assessment)
            return
        self.refused = (event, assessment)
        self.note(event.on, "application_not_met", event, assessment=assessment)
        if not on_time:
            self.late_application = event

    def reentry_application(self, event: RegisterEvent) -> None:
        if not self.ended_by_event:
            self.applied = event.on
        if self.decision_follows():
            return
        version = self.rules.version_at(event.on)
        last = self.last_term
        if version.reentry == "reregistration":
            spec = version.cycle
            start = self.rules.date_policy.add(event.on, years=-spec.years, months=-spec.months)
            window = Window(start, event.on, True)
            cycle = Cycle(start, event.on, window, version, version,
                          last.decided_on if last is not None else start,
                          last.level if last is not None else None)
            assessment = self.assess(cycle, event.on)
            level = cycle.level
        elif not version.registration:
            self.note(event.on, "reentry_needs_decision", event)
            return
        else:
            assessment = self.rules.assess(self.person, event.on, group="registration")
            level = assessment.level
        if not assessment.met:
            self.note(event.on, "reentry_not_met", event, assessment=assessment)
            return
        term = open_cycle(self.rules, event.on, event.on, level)
        self.start_term(term, "herintreding", event.on, "reentry_met", event=event,
                        assessment=assessment)

    # -- boundaries -----------------------------------------------------------------------

    def at_boundary(self, day: date) -> None:
        assert self.term is not None
        if self.phase == "term":
            self.regular_due(day)
        elif self.phase == "deferral_pending":
            grant = self.current["event"] if self.current else None
            self.phase, self.boundary = "uitstel", self.term.due
            self.open("uitstel", day, "deferral", event=grant, due=self.term.due,
                      term=self.term, level=self.term.level)
        elif self.phase == "uitstel":
            self.due_reached(day)
        elif self.phase == "grace":
            spec = self.term.judged_by.cycle
            if self.application is not None and spec.application.pending_keeps_registration:
                self.phase = "pending"
                self.open(self.term_status, day, "pending_application",
                          event=self.application, term=self.term, level=self.term.level)
                return
            self.end(spec.late.then, day, "grace_ended")

    def this_terms_events(self) -> list[RegisterEvent]:
        """The deferral events of the running term, including those still to come."""
        out = list(self.term_events)
        for event in self.events[self.index:]:
            if event.kind in _DECISIONS or event.kind in _ENDINGS:
                break
            if event.kind in (EventKind.DEFERRAL_REQUESTED, EventKind.DEFERRAL_GRANTED):
                out.append(event)
        return out

    def regular_due(self, day: date) -> None:
        assert self.term is not None
        outcome = deferral(self.rules, self.person, self.term, self.this_terms_events())
        for grant, why in outcome.refused:
            self.note(grant.on, f"deferral_{why}", grant)
        if outcome.granted is None:
            self.due_reached(day)
            return
        self.term = with_due(self.rules, self.term, outcome.due)
        grant = outcome.granted
        if grant.on <= day:
            self.phase, self.boundary = "uitstel", outcome.due
            self.open("uitstel", day, "deferral", event=grant, due=outcome.due, term=self.term,
                      level=self.term.level)
        else:
            self.phase, self.boundary = "deferral_pending", grant.on
            self.open(self.term_status, day, "deferral_pending", event=grant,
                      due=outcome.due, term=self.term, level=self.term.level)
        if outcome.capped:
            self.note(day, "deferral_capped", grant, fmt_date(outcome.due))

    def due_reached(self, day: date) -> None:
        assert self.term is not None
        term = self.term
        spec = term.judged_by.cycle
        level = term.level
        if self.application is not None and spec.application.pending_keeps_registration:
            self.phase = "pending"
            self.open(self.term_status, day, "pending_application", event=self.application,
                      term=term, level=level)
            return
        reason, event, assessment = "no_application", None, None
        if self.late_application is not None:
            reason, event = "late_application", self.late_application
        if self.refused is not None:
            reason, (event, assessment) = "application_not_met", self.refused
        elif not spec.application.required and self.late_application is None:
            if self.decision_follows():
                self.phase = "pending"
                self.open(self.term_status, day, "pending_decision", term=term, level=level)
                return
            assessment = self.assess(term, term.window.last_day)
            if assessment.met:
                cycle = next_cycle(self.rules, term, day, level)
                self.start_term(cycle, "geherregistreerd", day, "assessed_at_due",
                                assessment=assessment)
                return
            reason = "not_met_at_due"
        grace = spec.late.grace
        if grace is None:
            self.end(spec.late.then, day, reason, event=event, assessment=assessment)
            return
        end = grace.add_to(day, self.rules.date_policy)
        self.phase, self.boundary = "grace", end
        self.application = None
        self.open("onder_voorwaarden", day, reason, event=event, assessment=assessment, due=end,
                  term=term, level=level)
