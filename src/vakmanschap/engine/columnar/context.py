"""Columnar contexts: a set of people, each judged in their own window, and the activities a
node selects in them.

:class:`ColumnarContext` is to a population what :class:`~vakmanschap.engine.context.
EvalContext` is to one professional: who is judged (``mask``), in which window, at which
parameter date, and the level of the registration judged. :class:`Selection` holds the
activities one node looks at there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from vakmanschap.engine.columnar.arrays import I32, Bools, IntArray, person_sums
from vakmanschap.engine.columnar.frame import PopulationFrame
from vakmanschap.model.periods import Window
from vakmanschap.rules.params import Dated

if TYPE_CHECKING:
    import numpy as np
else:
    from vakmanschap.lazy import numpy as np

if TYPE_CHECKING:
    from vakmanschap.engine.columnar.columns import NodeColumns
    from vakmanschap.engine.primitives.activity_filter import ActivityFilter
    from vakmanschap.engine.primitives.base import Requirement

__all__ = ["ColumnarContext", "Selection"]


class Selection:
    """The activities a node looks at: all activities with a ``mask`` (dense), or the sorted
    indices ``idx`` of a few of them (sparse). Values handed to :meth:`sum` are aligned with
    the selection: full length (zero outside the mask) when dense, one per index when sparse.
    """

    __slots__ = ("_person", "frame", "idx", "mask")

    def __init__(self, frame: PopulationFrame, mask: Any, idx: Any) -> None:
        self.frame, self.idx = frame, idx
        self.mask: Any = mask
        self._person: Any = None

    @property
    def dense(self) -> bool:
        """Whether the selection is a full-length mask."""
        return self.idx is None

    @property
    def person(self) -> Any:
        """Person index of each selected activity (all activities when dense)."""
        if self._person is None:
            person = self.frame.activities.person
            self._person = person if self.idx is None else person[self.idx]
        return self._person

    def amounts(self) -> IntArray:
        """The activities' amounts (hundredths, in the store's integer type), zero outside a
        dense mask."""
        amount = self.frame.activities.amount
        out: IntArray = np.where(self.mask, amount, amount.dtype.type(0)) if self.idx is None \
            else amount[self.idx]
        return out

    def pick(self, full: Any) -> Any:
        """A per-activity array aligned with the selection."""
        return full if self.idx is None else full[self.idx]

    def per_person(self, per_person: Any) -> Any:
        """A per-person value (or scalar) for each selected activity."""
        if np.ndim(per_person) == 0:
            return per_person
        return self.frame.expand(per_person) if self.idx is None else per_person[self.person]

    def narrow(self, keep: Bools) -> Selection:
        """The selected activities for which ``keep`` (aligned) holds."""
        if self.idx is None:
            return Selection(self.frame, self.mask & keep, None)
        return Selection(self.frame, None, self.idx[keep])

    def sum(self, values: Any) -> IntArray:
        """Per person the sum of ``values`` (aligned; int64, exact)."""
        frame = self.frame
        if self.idx is None:
            return person_sums(values, frame.offsets, frame.n, frame.narrow_sums and
                               values.dtype.itemsize <= 4, frame.segments)
        if len(values) == 0:
            return np.zeros(frame.n, dtype=np.int64)
        sums = np.bincount(self.person, weights=values, minlength=frame.n)
        return np.rint(sums).astype(np.int64)  # exact: sums of integers below 2**53

    def bit_union(self, values: Any) -> Any:
        """Per person the bitwise union of ``values`` (aligned, unsigned; zero outside a
        dense mask), in their own type."""
        frame = self.frame
        out = np.zeros(frame.n, dtype=values.dtype)
        if not len(values):
            return out
        if self.idx is None:
            nonempty, starts = frame.segments
            out[nonempty] = np.bitwise_or.reduceat(values, starts)
        else:
            np.bitwise_or.at(out, self.person, values)
        return out

    def count(self) -> IntArray:
        """Per person the number of selected activities."""
        frame = self.frame
        if self.idx is None:
            return person_sums(self.mask, frame.offsets, frame.n, segments=frame.segments)
        return np.bincount(self.person, minlength=frame.n).astype(np.int64)

    def group_start(self) -> Bools:
        """True at the first selected activity of each (person, day) (dense: of all)."""
        if self.idx is None:
            return self.frame.day_start
        person, day = self.person, self.frame.activities.day[self.idx]
        start = np.ones(len(self.idx), dtype=bool)
        if len(start):
            start[1:] = (person[1:] != person[:-1]) | (day[1:] != day[:-1])
        return start


class ColumnarContext:
    """People (``mask``) each judged in a window ``[start, end)`` / ``[start, end]``, with
    their parameter date, the level of the registration judged, and the result-key
    ``suffix`` of the enclosing periods."""

    def __init__(self, frame: PopulationFrame, mask: Bools, start: I32, end: I32, incl: Bools,
                 params_on: I32, suffix: str = "", level: Any = None) -> None:
        self.frame = frame
        self.level = frame.judged.level if level is None else level
        self.mask = mask
        self.start = start
        self.end = end
        self.incl = incl
        self.params_on = params_on
        self.suffix = suffix
        self._active: Bools | None = None
        self._restricted: Callable[[], Bools] | None = None
        frame.contexts.append(self)

    @property
    def last(self) -> I32:
        """Per person the last day of the window."""
        out: I32 = np.where(self.incl, self.end, self.end - 1).astype(np.int32)
        return out

    def key(self, node: Requirement) -> str:
        """The result key of ``node`` here: its id, plus ``[p]`` per enclosing period."""
        return node.id + self.suffix

    def active(self) -> Bools:
        """Activities of people in ``mask`` inside their window and not after ``on``."""
        if self._active is None and self._restricted is not None:
            self._active = self._restricted()
        if self._active is None:
            frame = self.frame
            memo = frame.memo
            self._active = self._window() if memo is None else memo.active(self, self._window)
        return self._active

    def _window(self) -> Bools:
        frame = self.frame
        day = frame.activities.day
        inside: Bools = (day >= frame.expand(self.start)) & (
            day <= frame.expand(self.last_counted()))
        return inside

    def restrict_active(self, build: Callable[[], Bools]) -> None:
        """Find :meth:`active` with ``build`` (more cheaply than from the window, e.g. from
        an enclosing window's) when it is first needed: a node whose filter passes few
        activities tests the window on those alone and never needs it."""
        self._restricted = build

    def forget_active(self) -> None:
        """Drop the per-activity view (rebuilt on demand)."""
        self._active = None
        self._restricted = None

    def last_counted(self) -> I32:
        """Per person the last day that counts (window end, ``on``); before any day for
        people outside ``mask``."""
        last = np.minimum(self.last, self.frame.on_ord)
        out: I32 = np.where(self.mask, last, np.iinfo(np.int32).min).astype(np.int32)
        return out

    def select(self, filt: ActivityFilter, unit: str) -> Selection:
        """Activities that a node with this filter and unit looks at."""
        frame = self.frame
        found = frame.candidates(filt, unit)
        if found is not None:
            idx, person, day = found
            if self._active is not None:
                ok = self._active[idx]
            else:  # the window tested on the candidates alone
                ok = (day >= self.start[person]) & (day <= self.last_counted()[person])
            sel = Selection(frame, None, idx[ok])
            sel._person = person[ok]
            return sel
        passing = filt.columnar_mask(frame, unit)
        active = self.active()
        return Selection(frame, active if passing is None else active & passing, None)

    def param(self, value: Dated | None) -> Any:
        """The parameter's value per person (a scalar when it does not change), or None."""
        if value is None:
            return None
        return value.at_days(self.params_on, self.mask)

    def window(self, i: int) -> Window:
        """Person ``i``'s window as a :class:`Window`."""
        return Window(date.fromordinal(int(self.start[i])), date.fromordinal(int(self.end[i])),
                      bool(self.incl[i]))

    def sub(self, mask: Bools, start: I32, end: I32, incl: Bools, suffix: str
            ) -> ColumnarContext:
        """The same people, narrowed to sub-windows."""
        return ColumnarContext(self.frame, mask, start, end, incl, self.params_on,
                               self.suffix + suffix, self.level)

    def evaluate(self, node: Requirement) -> NodeColumns:
        """``node`` for everyone here: its own columnar form (person by person by default),
        or a baseline's columns of the same node when the frame reuses one (by content)."""
        memo = self.frame.memo
        if memo is not None:
            return memo.evaluate(node, self)
        return node.columnar(self)
