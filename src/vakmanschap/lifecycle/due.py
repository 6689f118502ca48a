"""What a boundary date does to a walk: the regular due date (deferral or not), the end of a
deferral, the end of the grace period.

At the due date without re-registration a valid deferral gives ``uitstel``; otherwise, when
no application is required, the term is assessed on its last day; otherwise the late path of
the judging version follows (``onder_voorwaarden`` for ``late.grace``, then ``late.then``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from vakmanschap.engine.cycles import deferral, next_cycle, with_due
from vakmanschap.lifecycle.walk import Walk
from vakmanschap.model.records import RegisterEvent
from vakmanschap.model.words import fmt_date

if TYPE_CHECKING:
    from vakmanschap.engine.assessment import Assessment

__all__ = ["at_boundary"]


def at_boundary(walk: Walk, day: date) -> None:
    """Apply the boundary ``day`` of the running term's phase to ``walk``."""
    assert walk.term is not None
    if walk.phase == "term":
        _regular_due(walk, day)
    elif walk.phase == "deferral_pending":
        grant = walk.current["event"] if walk.current else None
        walk.phase, walk.boundary = "uitstel", walk.term.due
        walk.open("uitstel", day, "deferral", event=grant, due=walk.term.due,
                  term=walk.term, level=walk.term.level)
    elif walk.phase == "uitstel":
        _due_reached(walk, day)
    elif walk.phase == "grace":
        spec = walk.term.judged_by.cycle
        if walk.application is not None and spec.application.pending_keeps_registration:
            walk.phase = "pending"
            walk.open(walk.term_status, day, "pending_application",
                      event=walk.application, term=walk.term, level=walk.term.level)
            return
        _late(walk, day, "grace_ended")


def _regular_due(walk: Walk, day: date) -> None:
    assert walk.term is not None
    outcome = deferral(walk.rules, walk.person, walk.term, walk.this_terms_events())
    for grant, why in outcome.refused:
        walk.note(grant.on, f"deferral_{why}", grant)
    if outcome.granted is None:
        _due_reached(walk, day)
        return
    walk.term = with_due(walk.rules, walk.term, outcome.due)
    grant = outcome.granted
    if grant.on <= day:
        walk.phase, walk.boundary = "uitstel", outcome.due
        walk.open("uitstel", day, "deferral", event=grant, due=outcome.due, term=walk.term,
                  level=walk.term.level)
    else:
        walk.phase, walk.boundary = "deferral_pending", grant.on
        walk.open(walk.term_status, day, "deferral_pending", event=grant,
                  due=outcome.due, term=walk.term, level=walk.term.level)
    if outcome.capped:
        walk.note(day, "deferral_capped", grant, fmt_date(outcome.due))


def _due_reached(walk: Walk, day: date) -> None:
    assert walk.term is not None
    term = walk.term
    spec = term.judged_by.cycle
    level = term.level
    if walk.application is not None and spec.application.pending_keeps_registration:
        walk.phase = "pending"
        walk.open(walk.term_status, day, "pending_application", event=walk.application,
                  term=term, level=level)
        return
    reason, event, assessment = "no_application", None, None
    if walk.late_application is not None:
        reason, event = "late_application", walk.late_application
    if walk.refused is not None:
        reason, (event, assessment) = "application_not_met", walk.refused
    elif not spec.application.required and walk.late_application is None:
        if walk.decision_follows():
            walk.phase = "pending"
            walk.open(walk.term_status, day, "pending_decision", term=term, level=level)
            return
        assessment = walk.assess(term, term.window.last_day)
        if assessment.met:
            cycle = next_cycle(walk.rules, term, day, level)
            walk.start_term(cycle, "geherregistreerd", day, "assessed_at_due",
                            assessment=assessment)
            return
        reason = "not_met_at_due"
    grace = spec.late.grace
    if grace is None:
        _late(walk, day, reason, event=event, assessment=assessment)
        return
    end = grace.add_to(day, walk.rules.date_policy)
    walk.phase, walk.boundary = "grace", end
    walk.application = None
    walk.open("onder_voorwaarden", day, reason, event=event, assessment=assessment, due=end,
              term=term, level=level)


def _late(walk: Walk, day: date, reason: str, *, event: RegisterEvent | None = None,
          assessment: Assessment | None = None) -> None:
    """The end of the late path: ``late.then`` ends the registration, or with ``maatregel``
    the professional stays registered, the next term starts and the measure is noted."""
    assert walk.term is not None
    late = walk.term.judged_by.cycle.late
    if late.then != "maatregel":
        walk.end(late.then, day, reason, event=event, assessment=assessment)
        return
    cycle = next_cycle(walk.rules, walk.term, day, walk.term.level)
    walk.start_term(cycle, "niet_voldaan", day, reason, event=event, assessment=assessment)
    if late.measure:
        walk.note(day, "measure", arg=late.measure)
