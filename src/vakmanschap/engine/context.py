"""The evaluation context: one professional, prepared once, judged at one date in one window.

Activities are prepared once per assessment (category reclassification applied, amounts as
integer hundredths: :func:`~vakmanschap.engine.primitives.activity_filter.prepare_activities`)
so that every requirement node scans cheap tuples instead of re-reading attrs objects, and so
that the per-person and population evaluators add amounts exactly.
"""

from __future__ import annotations

import bisect
from datetime import date
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from vakmanschap.model.periods import DatePolicy, Window
from vakmanschap.model.records import Professional

if TYPE_CHECKING:
    from vakmanschap.engine.reuse import Earlier
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["EvalContext", "Outcome", "PreparedActivity", "WindowSplit"]


class PreparedActivity(NamedTuple):
    """An activity as the engine sees it (input order kept in ``index``)."""

    seq: int  # position in the professional's activities (input order)
    id: str
    day: date
    amount_c: int  # hundredths of the activity's unit
    unit: str
    category: str  # after reclassification (e.g. unaccredited formal -> informal)
    recorded_category: str
    themes: tuple[str, ...]  # as recorded
    accredited: bool
    provider: str | None


Outcome = tuple[int, int, str, str]

_new_context = object.__new__

#: Chronological order, ties by id: (PreparedActivity.day, PreparedActivity.id).
_DAY_ID = itemgetter(2, 1)
_DAY = itemgetter(2)
_UNIT = itemgetter(4)


def _chronological(activities: tuple[PreparedActivity, ...]
                   ) -> tuple[tuple[PreparedActivity, ...], list[date]]:
    """The activities in chronological order, ties by id, and their days."""
    if len(activities) < 2:
        return activities, [a.day for a in activities]
    ordered = sorted(activities, key=_DAY)
    days = list(map(_DAY, ordered))
    if len(set(days)) < len(days):  # some share a day: ties by id
        ordered.sort(key=_DAY_ID)
        days = list(map(_DAY, ordered))
    return tuple(ordered), days


class WindowSplit:
    """Activities of one window: ``candidates`` inside it (chronological, ties by id) and the
    ``excluded`` outcomes of the rest, built only when someone asks for them."""

    __slots__ = ("_excluded", "_ordered", "_units", "candidates", "hi", "lo", "on", "window")

    def __init__(self, ordered: tuple[PreparedActivity, ...], lo: int, hi: int,
                 window: Window, on: date) -> None:
        self._ordered, self.lo, self.hi, self.window, self.on = ordered, lo, hi, window, on
        self.candidates = ordered[lo:hi]
        self._excluded: tuple[Outcome, ...] | None = None
        self._units: frozenset[str] | None = None

    def only_in(self, unit: str) -> bool:
        """Whether every candidate is recorded (or counts) in ``unit``."""
        units = self._units
        if units is None:
            units = self._units = frozenset(map(_UNIT, self.candidates))
        return not units or (len(units) == 1 and unit in units)

    @property
    def excluded(self) -> tuple[Outcome, ...]:
        """(index, 0, reason, argument) for every activity outside the window or after ``on``."""
        if self._excluded is None:
            window, on = self.window, self.on
            label = f"{window.start.isoformat()} – {window.last_day.isoformat()}"
            out: list[Outcome] = [(a.seq, 0, "outside_window", label)
                                  for a in self._ordered[:self.lo]]
            out.extend((a.seq, 0, "after_on", "") if a.day > on else
                       (a.seq, 0, "outside_window", label) for a in self._ordered[self.hi:])
            self._excluded = tuple(out)
        return self._excluded


class EvalContext:
    """Everything a requirement needs to evaluate; cheap to derive for a sub-window.

    ``window`` is the cycle (or sub-period) being judged; ``on`` the assessment date (facts
    after it do not exist yet); ``params_on`` the date at which dated parameters are read;
    ``deadline`` the due date shown to people; ``last_registration`` the date of the latest
    registration decision (for "obtained after the last registration"); ``level`` the level
    of the registration being judged (None for initial registration); ``earlier`` an earlier
    judgement of the same cycle whose unchanged nodes judging again reuses
    (:mod:`vakmanschap.engine.reuse`; None: judge every node).
    """

    __slots__ = ("_split", "activities", "chronological", "days", "deadline", "earlier",
                 "last_registration", "level", "on", "params_on", "policy", "professional",
                 "rules", "unit", "window")

    def __init__(self, *, professional: Professional, rules: RuleSet, on: date, window: Window,
                 params_on: date, deadline: date | None, last_registration: date | None,
                 policy: DatePolicy, unit: str,
                 activities: tuple[PreparedActivity, ...],
                 chronological: tuple[tuple[PreparedActivity, ...], list[date]] | None = None,
                 level: str | None = None, earlier: Earlier | None = None) -> None:
        self.professional = professional
        self.rules = rules
        self.on = on
        self.window = window
        self.params_on = params_on
        self.deadline = deadline
        self.last_registration = last_registration
        self.policy = policy
        self.unit = unit
        self.activities = activities
        self.level = level
        self.earlier = earlier
        if chronological is None:
            chronological = _chronological(activities)
        self.chronological, self.days = chronological
        self._split: WindowSplit | None = None

    @staticmethod
    def judging(professional: Professional, rules: RuleSet, on: date, window: Window,
                params_on: date, deadline: date | None, last_registration: date | None,
                level: str | None, activities: tuple[PreparedActivity, ...],
                earlier: Earlier | None = None) -> EvalContext:
        """``EvalContext(...)`` with the rule set's date policy and unit, from positional
        arguments: every assessment builds one, and twelve keywords cost a microsecond."""
        out = _new_context(EvalContext)
        out.professional, out.rules, out.on, out.window, out.params_on = (
            professional, rules, on, window, params_on)
        out.deadline, out.last_registration, out.policy, out.unit = (
            deadline, last_registration, rules.date_policy, rules.unit)
        out.activities, out.level, out._split, out.earlier = activities, level, None, earlier
        out.chronological, out.days = _chronological(activities)
        return out

    def in_window(self) -> WindowSplit:
        """The activities inside the window (and not after ``on``) and, lazily, the
        exclusions of all others; computed once per window and shared by all its nodes."""
        if self._split is None:
            window = self.window
            last = min(window.last_day, self.on)
            lo = bisect.bisect_left(self.days, window.start)
            hi = bisect.bisect_right(self.days, last) if last >= window.start else lo
            self._split = WindowSplit(self.chronological, lo, hi, window, self.on)
        return self._split

    def with_window(self, window: Window, deadline: date | None) -> EvalContext:
        """The same context narrowed to a sub-window with its own deadline."""
        # A copy of the slots (per_period derives one per sub-period of every assessment).
        out = _new_context(EvalContext)
        out.professional, out.rules, out.on, out.params_on = (
            self.professional, self.rules, self.on, self.params_on)
        out.last_registration, out.policy, out.unit, out.activities, out.level = (
            self.last_registration, self.policy, self.unit, self.activities, self.level)
        out.earlier = self.earlier
        out.chronological, out.days = self.chronological, self.days
        out.window, out.deadline, out._split = window, deadline, None
        return out
