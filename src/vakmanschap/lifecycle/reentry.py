"""Re-entry: an application after the registration ended, judged under the ``reentry``
criteria of the rule version in force on its filing date.

``reentry: reregistration`` judges the application as a re-registration over the term that
ends on the filing date; otherwise the registration requirements apply. A pass opens a term
with status ``herintreding``; a decision that follows is waited for instead.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from vakmanschap.engine.assessment import Assessment
from vakmanschap.engine.cycles import Cycle, open_cycle
from vakmanschap.lifecycle.walk import Walk
from vakmanschap.model.periods import Window
from vakmanschap.model.records import RegisterEvent

if TYPE_CHECKING:
    from vakmanschap.rules.versions import RuleVersion

__all__ = ["reentry_application"]


def reentry_application(walk: Walk, event: RegisterEvent) -> None:
    """Judge a re-registration application filed while no term runs."""
    if not walk.ended_by_event:
        walk.applied = event.on
    if walk.decision_follows():
        return
    version = walk.rules.version_at(event.on)
    assessment: Assessment
    if version.reentry == "reregistration":
        assessment = walk.assess(_term_before(walk, version, event.on), event.on)
        level = walk.last_term.level if walk.last_term is not None else None
    elif not version.registration:
        walk.note(event.on, "reentry_needs_decision", event)
        return
    else:
        assessment = walk.rules.assess(walk.person, event.on, group="registration",
                                       with_standing=False)
        level = assessment.level
    if not assessment.met:
        walk.note(event.on, "reentry_not_met", event, assessment=assessment)
        return
    term = open_cycle(walk.rules, event.on, event.on, level)
    walk.start_term(term, "herintreding", event.on, "reentry_met", event=event,
                    assessment=assessment)


def _term_before(walk: Walk, version: RuleVersion, filed: date) -> Cycle:
    """The term of ``version`` that ends on the filing date ``filed`` (re-entry judged as a
    re-registration over it)."""
    spec = version.cycle
    start = walk.rules.date_policy.add(filed, years=-spec.years, months=-spec.months)
    window = Window(start, filed, True)
    last = walk.last_term
    return Cycle(start, filed, window, version, version,
                 last.decided_on if last is not None else start,
                 last.level if last is not None else None)
