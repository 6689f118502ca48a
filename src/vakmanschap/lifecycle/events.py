"""What one register event does to a walk: decisions open or end terms, applications are
judged or wait for their decision, deferrals are kept for the due date.

Decisions are authoritative; an application without a decision is assessed by the engine
on its filing date (docs/lifecycle.md).
"""

from __future__ import annotations

from vakmanschap.engine.cycles import application_deadline, early_from, next_cycle, open_cycle
from vakmanschap.lifecycle.reentry import reentry_application
from vakmanschap.lifecycle.walk import DECISIONS, DEFERRALS, ENDINGS, TERM_PHASES, Walk
from vakmanschap.model.records import EventKind, RegisterEvent
from vakmanschap.model.words import fmt_date

__all__ = ["handle"]


def handle(walk: Walk, event: RegisterEvent) -> None:
    """Apply ``event`` (the next in date order) to ``walk``."""
    kind = event.kind
    if kind in ENDINGS:
        status = "doorgehaald" if kind is EventKind.STRUCK_OFF else "uitgeschreven"
        walk.end(status, event.on, kind.value, event=event, by_event=True)
    elif walk.phase in TERM_PHASES:
        _in_term(walk, event)
    elif kind is EventKind.ENROLLED:
        if walk.phase != "enrolled":
            walk.phase, walk.boundary = "enrolled", None
            walk.open("ingeschreven", event.on, "enrolled", event=event)
    elif kind in DECISIONS:
        _decision_outside_term(walk, event)
    elif kind is EventKind.REREGISTRATION_APPLIED and walk.phase == "ended":
        reentry_application(walk, event)
    else:
        walk.note(event.on, "ignored", event)


def _decision_outside_term(walk: Walk, event: RegisterEvent) -> None:
    reentry = walk.phase == "ended"
    reason = "registered" if event.kind is EventKind.REGISTERED else "reregistered"
    if (event.kind is EventKind.REREGISTERED and reentry and not walk.ended_by_event
            and walk.last_term is not None):
        # A late re-registration after the registration lapsed without a decision: the
        # decided cycles (cycles.py) still continue the last term.
        cycle = next_cycle(walk.rules, walk.last_term, event.on,
                           event.level or walk.last_term.level, walk.applied, event.until)
        walk.start_term(cycle, "geherregistreerd", event.on, reason, event=event)
        return
    level = event.level or (walk.last_term.level if walk.last_term else None) or (
        walk.person.profession)
    cycle = open_cycle(walk.rules, event.on, event.on, level, due=event.until)
    walk.start_term(cycle, "herintreding" if reentry else "geregistreerd", event.on, reason,
                    event=event)


def _in_term(walk: Walk, event: RegisterEvent) -> None:
    kind = event.kind
    assert walk.term is not None
    if kind is EventKind.REGISTERED:
        cycle = open_cycle(walk.rules, event.on, event.on,
                           event.level or walk.person.profession, due=event.until)
        walk.start_term(cycle, "geregistreerd", event.on, "registered", event=event)
    elif kind is EventKind.REREGISTERED:
        previous = walk.settled()
        cycle = next_cycle(walk.rules, previous, event.on, event.level or previous.level,
                           walk.applied, event.until)
        walk.start_term(cycle, "geherregistreerd", event.on, "reregistered", event=event)
    elif kind is EventKind.REREGISTRATION_APPLIED:
        _application_in_term(walk, event)
    elif kind in DEFERRALS:
        walk.term_events.append(event)
    else:
        walk.note(event.on, "ignored", event)


def _application_in_term(walk: Walk, event: RegisterEvent) -> None:
    assert walk.term is not None
    first = early_from(walk.rules, walk.term)
    if walk.phase == "term" and first is not None and event.on < first:
        walk.note(event.on, "application_premature", event, fmt_date(first))
        return
    walk.applied = event.on
    current = walk.settled()
    on_time = walk.phase == "grace" or event.on <= application_deadline(current)
    if walk.decision_follows():
        if on_time:
            walk.application = event
        else:
            walk.late_application = event
        return
    assessment = walk.assess(current, event.on)
    if assessment.met:
        cycle = next_cycle(walk.rules, current, event.on, current.level, event.on)
        walk.start_term(cycle, "geherregistreerd", event.on, "application_met",
                        event=event, assessment=assessment)
        return
    walk.refused = (event, assessment)
    walk.note(event.on, "application_not_met", event, assessment=assessment)
    if not on_time:
        walk.late_application = event
