"""The horizon of a projection and the terms that end in it, per rule set.

A term starting on ``s`` is the one :func:`~vakmanschap.engine.cycles.open_cycle` opens: the
rule version in force on ``s`` gives its length, a later version that declares
``judge_running_cycles`` and takes effect within it judges it (transitional law), and the
judging version's ``late.grace`` gives the day the registration lapses when the term is not
met (at once without grace). The next term starts on the due date (the re-registration
decision is assumed to fall on it). Terms are computed once per distinct start date.
"""

from __future__ import annotations

from datetime import date

import attrs
import numpy as np

from vakmanschap.engine.columnar.dates import add_months
from vakmanschap.engine.cycles import open_cycle
from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.population.fact_tables import IntArray

__all__ = ["Horizon", "Term", "TermBook"]


@attrs.frozen(eq=False)
class Horizon:
    """``years`` years of twelve months from ``start`` (an ordinal day); ``bounds[k]`` is the
    first day of year ``k`` and ``bounds[years]`` the first day after the horizon."""

    start: int
    years: int
    bounds: IntArray

    @classmethod
    def of(cls, start: date, years: int) -> Horizon:
        """The horizon of ``years`` years from ``start``."""
        first = np.array([start.toordinal()], dtype=np.int64)
        bounds = np.array([int(add_months(first, 12 * k, False)[0]) for k in range(years + 1)],
                          dtype=np.int64)
        return cls(start.toordinal(), years, bounds)

    @property
    def end(self) -> int:
        """The first day after the horizon."""
        return int(self.bounds[-1])

    def year_of(self, days: IntArray) -> IntArray:
        """The year of the horizon each day falls in (-1 before it, ``years`` after it)."""
        out: IntArray = np.searchsorted(self.bounds, days, side="right") - 1
        return np.minimum(out, self.years)

    def label(self, k: int) -> str:
        """``2027`` when the horizon starts on 1 January, else ``2027-03-01``."""
        day = date.fromordinal(int(self.bounds[k]))
        return str(day.year) if (day.month, day.day) == (1, 1) else day.isoformat()


@attrs.frozen
class Term:
    """A term ``[start, due)`` and the day it lapses when not met (``grace``: with a period
    onder voorwaarden in between)."""

    start: int
    due: int
    lapse: int
    grace: bool


class TermBook:
    """The terms of one rule set, computed once per start date."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self._terms: dict[int, Term] = {}

    def term(self, start: int) -> Term:
        """The term that starts on ``start`` (an ordinal day)."""
        found = self._terms.get(start)
        if found is None:
            cycle = open_cycle(self.rules, date.fromordinal(start), date.fromordinal(start),
                               None)
            grace = cycle.judged_by.cycle.late.grace
            lapse = grace.add_to(cycle.due, self.rules.date_policy) if grace else cycle.due
            found = Term(start, cycle.due.toordinal(), lapse.toordinal(), grace is not None)
            self._terms[start] = found
        return found

    def ending_in(self, anchor: int, horizon: Horizon) -> list[Term]:
        """The terms from the one starting on ``anchor`` on (each next one starting on the
        due date of the last) that end in the horizon."""
        out = []
        term = self.term(anchor)
        while term.due < horizon.end:
            if term.due >= horizon.start:
                out.append(term)
            if term.due <= term.start:  # pragma: no cover - a term always has a length
                break
            term = self.term(term.due)
        return out
