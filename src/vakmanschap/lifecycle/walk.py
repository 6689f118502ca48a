"""The state of one walk through a professional's register events, and its bookkeeping.

:class:`Walk` holds where the walk is (the phase, the running term, the next boundary, the
applications seen) and turns status changes into :class:`StatusSegment` objects. The
transitions live by job beside it: :mod:`~vakmanschap.lifecycle.events` (what an event
does), :mod:`~vakmanschap.lifecycle.due` (what a due date does) and
:mod:`~vakmanschap.lifecycle.reentry` (returning after the registration ended). One instance
per call of :func:`~vakmanschap.lifecycle.timeline.timeline`; nothing outlives it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from vakmanschap.engine.assessment import Assessment
from vakmanschap.engine.cycles import Cycle, deferral, event_key, with_due
from vakmanschap.engine.primitives.activity_filter import prepare_activities
from vakmanschap.lifecycle.segments import Note, StatusSegment
from vakmanschap.model.records import EventKind, Professional, RegisterEvent

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["DECISIONS", "DEFERRALS", "ENDINGS", "TERM_PHASES", "Walk"]

#: Phases in which a term is running (the professional is in the register).
TERM_PHASES = ("term", "deferral_pending", "uitstel", "pending", "grace")
#: Decisions that end the registration, whatever an assessment would say.
ENDINGS = (EventKind.STRUCK_OFF, EventKind.DEREGISTERED)
#: Decisions that open a term.
DECISIONS = (EventKind.REGISTERED, EventKind.REREGISTERED)
#: Events that may move the due date of the running term.
DEFERRALS = (EventKind.DEFERRAL_REQUESTED, EventKind.DEFERRAL_GRANTED)


class Walk:
    """Where the walk through one professional's events stands, and the segments so far."""

    def __init__(self, rules: RuleSet, professional: Professional, until: date) -> None:
        self.rules, self.person, self.until = rules, professional, until
        self.events = sorted((e for e in professional.events if e.on < until), key=event_key)
        self.index = 0
        # The activities are prepared when the walk first assesses a term: a walk that only
        # opens a term (a status on a date within it) needs none.
        self._prepared: Any = None
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
        """End the current segment at ``end`` (a segment of no days is dropped)."""
        if self.current is None:
            return
        if end > self.current["start"]:
            self.segments.append(StatusSegment(end=end, notes=tuple(self.notes),
                                               **self.current))
            self.notes = []
        self.current = None

    def note(self, day: date, code: str, event: RegisterEvent | None = None, arg: str = "",
             assessment: Assessment | None = None) -> None:
        """Note something that leaves the status as it is."""
        if self.current is not None:  # before the first status there is nothing to annotate
            self.notes.append(Note(day, code, event, arg, assessment))

    # -- terms ----------------------------------------------------------------------------

    def start_term(self, cycle: Cycle, status: str, day: date, reason: str, *,
                   event: RegisterEvent | None = None,
                   assessment: Assessment | None = None) -> None:
        """Open a segment for a new term ``cycle``; what the last term had seen is dropped."""
        self.term, self.term_status, self.phase = cycle, status, "term"
        self.boundary = cycle.regular_due
        self.term_events, self.applied, self.application = [], None, None
        self.late_application, self.refused = None, None
        self.open(status, day, reason, event=event, assessment=assessment, due=cycle.due,
                  term=cycle, level=cycle.level)

    def end(self, status: str, day: date, reason: str, *, event: RegisterEvent | None = None,
            assessment: Assessment | None = None, by_event: bool = False) -> None:
        """End the registration: no term runs until a decision or a re-entry opens one."""
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
        """The engine's assessment of ``cycle`` on ``on``."""
        if self._prepared is None:
            self._prepared = prepare_activities(self.person, self.rules)
        return self.rules.assess_cycle(self.person, cycle, on, prepared=self._prepared)

    # -- looking ahead --------------------------------------------------------------------

    def decision_follows(self) -> bool:
        """Whether a later decision answers the pending request (before any ending)."""
        for event in self.events[self.index:]:
            if event.kind in DECISIONS:
                return True
            if event.kind in ENDINGS:
                return False
        return False

    def this_terms_events(self) -> list[RegisterEvent]:
        """The deferral events of the running term, including those still to come."""
        out = list(self.term_events)
        for event in self.events[self.index:]:
            if event.kind in DECISIONS or event.kind in ENDINGS:
                break
            if event.kind in DEFERRALS:
                out.append(event)
        return out
