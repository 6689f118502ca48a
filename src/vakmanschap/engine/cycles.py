"""Registration cycles: which window is judged, by which rule version, due when.

From the register decisions of a professional (``registered``, ``reregistered``,
``struck_off``, ``deregistered``) and the deferrals granted, the cycles follow:

* a ``registered`` decision opens a cycle on its date (first registration or re-entry);
* a ``reregistered`` decision opens the next cycle. Its start follows the ``next_due``
  setting of the rules that judge the running cycle: ``from_decision`` (BIG: the decision
  date), ``from_application`` (SKJ: the filing date of the application), ``from_term_end``
  (NIP: the day after the term's last day) or ``from_previous_due`` (SRPO: the previous due
  date, so a late re-registration keeps the rhythm). A decision before the due date is an
  early re-registration; ``early.start`` may then override the start (``immediate``,
  ``regular``, or the professional's ``choice``);
* a decision that states its own end (``until`` on a ``registered`` or ``reregistered``
  event: "geregistreerd tot ...") is authoritative: that date is the due date and the term
  counts back from it (how the choice of Kwaliteitsregister Paramedici is recorded);
* a ``deferral_granted`` decision moves the due date of the running cycle to its ``until``
  when the rules allow deferral, the request came by the application deadline, and within
  the maximum (``deferral`` settings); the window grows with it;
* ``struck_off`` or ``deregistered`` ends the registration: no cycle runs until a new
  ``registered`` decision.

The term (years, months) is that of the rule version in force at the cycle's start; the
requirements are that version's too, unless a later version declares
``judge_running_cycles: true``, in which case cycles still running when it takes effect are
judged by it (transitional law, declared in the rule file). The judging version also governs
how the cycle ends (next start, application, deferral, grace).

These cycles follow recorded decisions only. The status timeline
(:mod:`vakmanschap.lifecycle.timeline`) goes further: it derives outcomes the register has not (yet)
decided from assessments, and the terms that follow from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

import attrs

from vakmanschap.engine.grid import grid_due
from vakmanschap.errors import DataError
from vakmanschap.model.periods import ONE_DAY, Window
from vakmanschap.model.records import EventKind, LeaveKind, Professional, RegisterEvent

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet, RuleVersion

__all__ = [
    "EVENT_ORDER",
    "Cycle",
    "Deferral",
    "application_deadline",
    "current_cycle",
    "cycles",
    "deferral",
    "early_from",
    "event_key",
    "next_cycle",
    "open_cycle",
]

_OPENING = (EventKind.REGISTERED, EventKind.REREGISTERED)
_ENDING = (EventKind.STRUCK_OFF, EventKind.DEREGISTERED)

#: Order of events on the same day: requests before the decisions that answer them.
EVENT_ORDER: dict[EventKind, int] = {
    EventKind.ENROLLED: 0,
    EventKind.REGISTERED: 1,
    EventKind.DEFERRAL_REQUESTED: 2,
    EventKind.REREGISTRATION_APPLIED: 3,
    EventKind.DEFERRAL_GRANTED: 4,
    EventKind.REREGISTERED: 5,
    EventKind.DEREGISTERED: 6,
    EventKind.STRUCK_OFF: 7,
}


def event_key(event: RegisterEvent) -> tuple[date, int, str]:
    """Sort key that makes the processing of events independent of their input order."""
    return event.on, EVENT_ORDER[event.kind], event.id


@attrs.frozen
class Cycle:
    """One registration term: ``window`` is ``[start, due)`` (or inclusive, as declared).

    ``original_due`` is the due date before a granted deferral moved it to ``due`` (None when
    no deferral applies).
    """

    start: date
    due: date
    window: Window
    version: RuleVersion
    judged_by: RuleVersion
    decided_on: date
    level: str | None
    original_due: date | None = None

    @property
    def regular_due(self) -> date:
        """The due date before any deferral."""
        return self.original_due if self.original_due is not None else self.due


def _has_grid(rules: RuleSet) -> bool:  # derived once per rule set
    return any(version.cycle.grid is not None for version in rules.versions)


def _judges_running(rules: RuleSet) -> bool:  # derived once per rule set
    return any(version.judge_running_cycles for version in rules.versions)


def _judge(rules: RuleSet, started: RuleVersion, start: date, due: date,
           level: str | None = None) -> RuleVersion:
    judge = started
    if not rules.derived("judges running cycles", _judges_running):
        return judge
    for version in rules.versions:
        begins = version.starts_for(level)
        if version.judge_running_cycles and begins > start and begins <= due:
            judge = version
    return judge


#: How many opened terms a rule set remembers (then it starts afresh).
OPENED_MEMO_SIZE = 4096


def open_cycle(rules: RuleSet, start: date, decided: date, level: str | None,
               due: date | None = None) -> Cycle:
    """The term that starts on ``start`` under the version then in force (or ends on
    ``due``, when a decision states its end: the term then counts back from it); remembered
    per rule set, being a function of these values (a workforce's decisions share dates)."""
    memo: dict[tuple[date, date, str | None, date | None], Cycle] = rules.derived(
        "opened cycles", _new_memo)
    found = memo.get(key := (start, decided, level, due))
    if found is None:
        if len(memo) >= OPENED_MEMO_SIZE:
            memo.clear()
        found = memo[key] = _opened(rules, start, decided, level, due)
    return found


def _new_memo(rules: RuleSet) -> dict[tuple[date, date, str | None, date | None], Cycle]:
    return {}


def _opened(rules: RuleSet, start: date, decided: date, level: str | None,
            due: date | None) -> Cycle:
    if due is not None:
        probe = rules.version_at(min(decided, due))
        spec = probe.cycle
        start = rules.date_policy.add(due, years=-spec.years, months=-spec.months)
        version = rules.version_at(start) if rules.versions[0].valid_from <= start else probe
        window = Window(start, due, rules.date_policy.window_end == "inclusive")
    else:
        version = rules.version_at(start, level)
        spec = version.cycle
        if spec.grid is not None:
            window = Window(start, grid_due(rules, version, start, level),
                            rules.date_policy.window_end == "inclusive")
        else:
            window = rules.date_policy.window(start, years=spec.years, months=spec.months)
    return Cycle(start, window.end, window, version,
                 _judge(rules, version, start, window.end, level), decided, level)


def application_deadline(cycle: Cycle) -> date:
    """The last day on which an application (or deferral request) for ``cycle`` is on time."""
    days = cycle.judged_by.cycle.application.days_before_due
    return cycle.due - timedelta(days=days)


def early_from(rules: RuleSet, cycle: Cycle) -> date | None:
    """The first day on which an application is accepted (None: any day of the term)."""
    after = cycle.judged_by.cycle.early.after
    return after.add_to(cycle.start, rules.date_policy) if after is not None else None


def _day_after_term(cycle: Cycle, anchor: date) -> date:
    last = anchor if cycle.window.end_inclusive else anchor - ONE_DAY
    return last + ONE_DAY


def next_cycle(rules: RuleSet, previous: Cycle, decided: date, level: str | None,
               applied: date | None = None, until: date | None = None) -> Cycle:
    """The term that a re-registration decided on ``decided`` opens after ``previous``.

    ``applied`` is the filing date of the application (for ``from_application``); ``until``
    the end of the new term when the decision states it (authoritative).
    """
    if until is not None:
        return open_cycle(rules, decided, decided, level, due=until)
    spec = previous.judged_by.cycle
    anchor = previous.due if spec.deferral.moves_anchor else previous.regular_due
    early = decided < previous.due
    mode = spec.early.start if early and spec.early.start != "next_due" else spec.next_due
    if spec.grid is not None:  # the grid's rhythm: the next block follows this one
        return open_cycle(rules, _day_after_term(previous, previous.due), decided, level)
    if mode in ("immediate", "from_decision"):
        start = decided
    elif mode == "from_application":
        start = applied if applied is not None else decided
    elif mode in ("regular", "choice", "from_term_end"):
        start = _day_after_term(previous, anchor)
    elif previous.window.end_inclusive:  # from_previous_due, the due date in the old term
        # The due date belongs to the previous term, so the next starts the day after it;
        # its own due date keeps the rhythm (anchor + term), as in the exclusive case.
        version = rules.version_at(anchor)
        spec_next = version.cycle
        due = rules.date_policy.add(anchor, years=spec_next.years, months=spec_next.months)
        window = Window(anchor + timedelta(days=1), due, True)
        return Cycle(window.start, due, window, version,
                     _judge(rules, version, window.start, due), decided, level)
    else:  # from_previous_due
        start = anchor
    return open_cycle(rules, start, decided, level)


@attrs.frozen
class Deferral:
    """The effect of the deferral decisions on one cycle.

    ``due`` is the due date after deferral (the regular one when none applies); ``granted``
    the first grant that took effect; ``refused`` the grants without effect, each with a
    reason code (``not_allowed``, ``outside_dates``, ``closed``, ``late_request``,
    ``no_room``); ``capped`` whether a grant was cut back to the maximum.
    """

    due: date
    granted: RegisterEvent | None = None
    refused: tuple[tuple[RegisterEvent, str], ...] = ()
    capped: bool = False


def _pregnancies(professional: Professional, window: Window) -> int:
    return sum(1 for leave in professional.leaves if leave.kind is LeaveKind.PREGNANCY
               and leave.start <= window.last_day and leave.end >= window.start)


def deferral(rules: RuleSet, professional: Professional, cycle: Cycle,
             events: Iterable[RegisterEvent]) -> Deferral:
    """Which deferral grants among ``events`` (those of this cycle) take effect, and the
    resulting due date."""
    spec = cycle.judged_by.cycle.deferral
    days_before = cycle.judged_by.cycle.application.days_before_due
    base = cycle.regular_due
    cap: date | None = None
    first = min((e.on for e in professional.events if e.kind is EventKind.REGISTERED),
                default=None)
    if spec.max is not None and spec.max_applies(first):
        times = 1 if spec.per == "term" else _pregnancies(professional, cycle.window)
        cap = spec.max.add_to(base, rules.date_policy, times)
    due = base
    requests: list[date] = []
    granted: RegisterEvent | None = None
    refused: list[tuple[RegisterEvent, str]] = []
    capped = False
    for event in sorted(events, key=event_key):
        if event.kind is EventKind.DEFERRAL_REQUESTED:
            requests.append(event.on)
            continue
        if event.kind is not EventKind.DEFERRAL_GRANTED or event.until is None:
            continue
        if not spec.allowed:
            refused.append((event, "not_allowed"))
            continue
        if not spec.open_for(base):
            refused.append((event, "outside_dates"))
            continue
        deadline = due - timedelta(days=days_before)
        asked = [day for day in requests if day <= event.on] or [event.on]
        if spec.requested_until is not None and min(asked) > spec.requested_until:
            refused.append((event, "closed"))
            continue
        if min(asked) > deadline:
            refused.append((event, "late_request"))
            continue
        until = event.until
        if cap is not None and until > cap:
            until, capped = cap, True
        if until <= due:
            if until <= base:
                refused.append((event, "no_room"))
            continue
        due = until
        granted = granted or event
    return Deferral(due, granted, tuple(refused), capped)


def with_due(rules: RuleSet, cycle: Cycle, due: date) -> Cycle:
    """``cycle`` with its due date (and window) moved to ``due`` by a deferral."""
    if due == cycle.due:
        return cycle
    window = Window(cycle.start, due, cycle.window.end_inclusive)
    return attrs.evolve(cycle, due=due, window=window, original_due=cycle.regular_due)


def _premature(rules: RuleSet, cycle: Cycle, day: date) -> bool:
    first = early_from(rules, cycle)
    return first is not None and day < first


def cycles(professional: Professional, rules: RuleSet, until: date) -> list[Cycle]:
    """The cycles opened by decisions on or before ``until``, oldest first (deferrals
    granted on or before ``until`` applied)."""
    events = sorted((e for e in professional.events if e.on <= until), key=event_key)
    out: list[Cycle] = []
    active: Cycle | None = None
    own: list[RegisterEvent] = []  # deferral events of the active cycle
    applied: date | None = None

    def settle() -> Cycle | None:
        if active is None or not own:  # no deferral event: the due date stands
            return active
        moved = with_due(rules, active, deferral(rules, professional, active, own).due)
        out[-1] = moved
        return moved

    def roll(day: date) -> None:
        """Open the grid's next blocks that start on or before ``day`` by themselves."""
        nonlocal active, own, applied
        while active is not None and active.judged_by.cycle.grid is not None:
            nxt = _day_after_term(active, active.due)
            if nxt > day:
                return
            settle()
            active = open_cycle(rules, nxt, nxt, active.level)
            out.append(active)
            own, applied = [], None

    for event in events:
        roll(event.on)
        kind = event.kind
        if kind in _ENDING:
            settle()
            active, own, applied = None, [], None
        elif kind is EventKind.REGISTERED or (kind is EventKind.REREGISTERED and active is None):
            settle()
            active = open_cycle(rules, event.on, event.on,
                                event.level or professional.profession, due=event.until)
            out.append(active)
            own, applied = [], None
        elif kind is EventKind.REREGISTERED:
            previous = settle()
            assert previous is not None
            active = next_cycle(rules, previous, event.on, event.level or previous.level,
                                applied, event.until)
            out.append(active)
            own, applied = [], None
        elif kind is EventKind.REREGISTRATION_APPLIED:
            if active is not None and not _premature(rules, active, event.on):
                applied = event.on
        elif kind in (EventKind.DEFERRAL_REQUESTED, EventKind.DEFERRAL_GRANTED) and (
                active is not None):
            own.append(event)
    roll(until)
    settle()
    return out


def current_cycle(professional: Professional, rules: RuleSet, on: date) -> Cycle | None:
    """The cycle running on ``on`` (the last one opened), or None when not registered."""
    if len(professional.events) == 1 and not rules.derived("has a grid", _has_grid):
        # The common case, one registration decision: its cycle (with a calendar grid, the
        # blocks open by themselves: the general walk below).
        event = professional.events[0]
        if event.kind in _OPENING:
            if event.on > on:
                return None
            return open_cycle(rules, event.on, event.on, event.level or professional.profession,
                              due=event.until)
    events = [e for e in professional.events if e.on <= on and
              (e.kind in _OPENING or e.kind in _ENDING)]
    if not events:
        return None
    last = max(events, key=lambda e: (e.on, e.kind in _ENDING))
    if last.kind in _ENDING:
        return None
    found = cycles(professional, rules, on)
    if len(found) >= 2:  # a grid block is judged until its reporting time is over
        block, previous = found[-1], found[-2]
        report = previous.judged_by.cycle.reporting
        if (report is not None and block.start == _day_after_term(previous, previous.due)
                and block.decided_on == block.start
                and on < report.add_to(block.start, rules.date_policy)):
            return previous
    return found[-1] if found else None


def check_events(events: Sequence[RegisterEvent]) -> None:
    """Raise DataError for a decision whose stated end is not after its date."""
    for event in events:
        if event.kind in _OPENING and event.until is not None and event.until <= event.on:
            raise DataError(f"'until' ({event.until}) must be after the decision ({event.on})",
                            record=f"event {event.id}", field="until")
