"""Registration cycles: which window is judged, by which rule version, due when.

From the register decisions of a professional (``registered``, ``reregistered``,
``struck_off``, ``deregistered``) the cycles follow:

* a ``registered`` decision opens a cycle on its date (first registration or re-entry);
* a ``reregistered`` decision opens the next cycle, starting on the decision date
  (``next_due: from_decision``, BIG) or on the previous due date
  (``next_due: from_previous_due``, SRPO: a late re-registration keeps the rhythm);
* ``struck_off`` or ``deregistered`` ends the registration: no cycle runs until a new
  ``registered`` decision.

The term (years, months) is that of the rule version in force at the cycle's start; the
requirements are that version's too, unless a later version declares
``judge_running_cycles: true``, in which case cycles still running when it takes effect are
judged by it (transitional law, declared in the rule file).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import attrs

from vakmanschap.model import EventKind, Professional
from vakmanschap.periods import Window

if TYPE_CHECKING:
    from vakmanschap.rules.ruleset import RuleSet, RuleVersion

__all__ = ["Cycle", "current_cycle", "cycles"]

_OPENING = (EventKind.REGISTERED, EventKind.REREGISTERED)
_ENDING = (EventKind.STRUCK_OFF, EventKind.DEREGISTERED)


@attrs.frozen
class Cycle:
    """One registration term: ``window`` is ``[start, due)`` (or inclusive, as declared)."""

    start: date
    due: date
    window: Window
    version: RuleVersion
    judged_by: RuleVersion
    decided_on: date
    level: str | None


def _judge(rules: RuleSet, started: RuleVersion, start: date, due: date) -> RuleVersion:
    judge = started
    for version in rules.versions:
        if (version.judge_running_cycles and version.valid_from > start
                and version.valid_from <= due):
            judge = version
    return judge


def _open(rules: RuleSet, start: date, decided: date, level: str | None) -> Cycle:
    version = rules.version_at(start)
    spec = version.cycle
    window = rules.date_policy.window(start, years=spec.years, months=spec.months)
    return Cycle(start, window.end, window, version, _judge(rules, version, start, window.end),
                 decided, level)


def cycles(professional: Professional, rules: RuleSet, until: date) -> list[Cycle]:
    """The cycles opened by decisions on or before ``until``, oldest first."""
    events = sorted((e for e in professional.events if e.on <= until and
                     (e.kind in _OPENING or e.kind in _ENDING)),
                    key=lambda e: (e.on, e.kind is not EventKind.REGISTERED, e.id))
    out: list[Cycle] = []
    active: Cycle | None = None
    for event in events:
        if event.kind in _ENDING:
            active = None
            continue
        if event.kind is EventKind.REGISTERED or active is None:
            active = _open(rules, event.on, event.on, event.level)
        else:
            policy = active.judged_by.cycle.next_due
            start = active.due if policy == "from_previous_due" else event.on
            active = _open(rules, start, event.on, event.level or active.level)
        out.append(active)
    return out


def current_cycle(professional: Professional, rules: RuleSet, on: date) -> Cycle | None:
    """The cycle running on ``on`` (the last one opened), or None when not registered."""
    events = [e for e in professional.events if e.on <= on and
              (e.kind in _OPENING or e.kind in _ENDING)]
    if not events:
        return None
    last = max(events, key=lambda e: (e.on, e.kind in _ENDING))
    if last.kind in _ENDING:
        return None
    found = cycles(professional, rules, on)
    return found[-1] if found else None
