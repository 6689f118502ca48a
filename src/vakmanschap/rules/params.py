"""Parameters whose value changes over time (as OpenFisca parameters do).

A :class:`Dated` holds ``(effective date, value)`` pairs, sorted. ``at(day)`` gives the value
in force on ``day``: the one with the latest effective date on or before it.

>>> from datetime import date
>>> norm = Dated(((date(2024, 1, 1), 160), (date(2027, 1, 1), 120)))
>>> norm.at(date(2026, 12, 31)), norm.at(date(2027, 1, 1))
(160, 120)
"""

from __future__ import annotations

import bisect
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.errors import RuleError

if TYPE_CHECKING:
    import numpy as np
else:
    from vakmanschap.lazy import numpy as np

__all__ = ["Dated"]

_EPOCH = date(1, 1, 1)


@attrs.frozen
class Dated:
    """A value history keyed by effective date; a constant is one value from the epoch on."""

    values: tuple[tuple[date, Any], ...]
    # Derived once: ``at`` runs for every parameter of every node of every assessment.
    _days: tuple[date, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_days", tuple(d for d, _ in self.values))

    @classmethod
    def constant(cls, value: Any) -> Dated:
        """A parameter with one value at every date."""
        return cls(((_EPOCH, value),))

    @property
    def is_constant(self) -> bool:
        """True when the parameter never changes."""
        return len(self.values) == 1 and self.values[0][0] == _EPOCH

    def at(self, day: date) -> Any:
        """The value in force on ``day``; RuleError when ``day`` precedes every value."""
        values = self.values
        if len(values) == 1 and values[0][0] <= day:
            return values[0][1]
        index = bisect.bisect_right(self._days, day) - 1
        if index < 0:
            raise self._too_early(day)
        return self.values[index][1]

    def at_days(self, days: Any, where: Any) -> Any:
        """:meth:`at` for many days at once: ``days`` are ordinals (one per person), ``where``
        says whose day is read (the others get some value). A scalar when the parameter has
        one value, else an array (float, or object when a value is None)."""
        first = self.values[0][0]
        if len(self.values) == 1:
            if not self.is_constant:
                self._check_first(first.toordinal(), days, where)
            return self.values[0][1]
        starts = np.array([d.toordinal() for d in self._days], dtype=np.int32)
        index = np.searchsorted(starts, days, side="right") - 1
        self._check_first(int(starts[0]), days, where)
        items = [v for _, v in self.values]
        kind = object if any(v is None for v in items) else np.float64
        return np.array(items, dtype=kind)[np.maximum(index, 0)]

    def _check_first(self, first: int, days: Any, where: Any) -> None:
        early = where & (days < first)
        if early.any():
            raise self._too_early(date.fromordinal(int(days[np.flatnonzero(early)[0]])))

    def _too_early(self, day: date) -> RuleError:
        return RuleError(f"no value in force on {day}; the first applies from "
                         f"{self.values[0][0]}")

    def to_json(self) -> Any:
        """The value, or ``{"YYYY-MM-DD": value}`` when it changes over time."""
        if self.is_constant:
            return self.values[0][1]
        return {d.isoformat(): v for d, v in self.values}
