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

The pieces live by job: the words in :mod:`~vakmanschap.lifecycle.statuses`, the segments
and their JSON in :mod:`~vakmanschap.lifecycle.segments`, the walk's state in
:mod:`~vakmanschap.lifecycle.walk`, and the transitions in
:mod:`~vakmanschap.lifecycle.events`, :mod:`~vakmanschap.lifecycle.due` and
:mod:`~vakmanschap.lifecycle.reentry`. This module runs the walk.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from vakmanschap.errors import DataError
from vakmanschap.lifecycle.due import at_boundary
from vakmanschap.lifecycle.events import handle
from vakmanschap.lifecycle.segments import TIMELINE_SCHEMA, Note, StatusSegment, timeline_to_dict
from vakmanschap.lifecycle.statuses import REASONS, STATUSES
from vakmanschap.lifecycle.walk import DECISIONS, Walk
from vakmanschap.model.periods import to_date
from vakmanschap.model.records import Professional

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet

# The names callers have always imported from here stay importable from here.
__all__ = [
    "REASONS",
    "STATUSES",
    "TIMELINE_SCHEMA",
    "Note",
    "StatusSegment",
    "timeline",
    "timeline_to_dict",
]


def timeline(rules: RuleSet, professional: Professional, until: date | str, *,
             checked: bool = False) -> list[StatusSegment]:
    """The status segments of ``professional`` under ``rules`` up to ``until`` (exclusive).

    Events on or after ``until`` are not considered. The first segment starts at the first
    event that gives a status (enrolment, registration, or an ending decision); the last ends
    on ``until``. See the module documentation for how facts drive the timeline.
    ``checked``: the caller already checked the professional's names against ``rules`` (an
    assessment asking for its status), so they are not checked again.
    """
    until = to_date(until, field="until")
    if not checked:
        rules.check_professional(professional)
    for event in professional.events:
        if event.kind in DECISIONS and (event.until is not None and event.until <= event.on):
            raise DataError(f"'until' ({event.until}) must be after the decision "
                            f"({event.on})", record=f"professional {professional.id}, "
                            f"event {event.id}", field="until")
    return _run(Walk(rules, professional, until))


def _run(walk: Walk) -> list[StatusSegment]:
    """Take events and boundary dates in date order (a boundary before an event on its day)
    until neither is left before ``until``."""
    while True:
        event = walk.events[walk.index] if walk.index < len(walk.events) else None
        boundary = walk.boundary
        if boundary is not None and walk.current is not None:
            # A term decided after its own due date ends at once (never before it began).
            boundary = max(boundary, walk.current["start"])
        if boundary is not None and boundary < walk.until and (
                event is None or boundary <= event.on):
            walk.boundary = None
            at_boundary(walk, boundary)
            continue
        if event is None:
            break
        walk.index += 1
        handle(walk, event)
    walk.close(walk.until)
    return walk.segments
