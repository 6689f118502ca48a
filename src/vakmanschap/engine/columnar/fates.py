"""Where the hours go: what one requirement node did with every activity of a population.

Per person and reason code, the activities' amounts and what of them counted, exactly as the
node's :meth:`evaluate` lists them in ``RequirementResult.activities`` (status ``counted``,
``capped`` for a reason starting with ``cap_``, or ``excluded``): every activity of a person
the node judges has one outcome, so per person the amounts of all reasons add up to the
amounts of their activities.

A primitive gives its outcomes for everyone at once (:meth:`Requirement.columnar_outcomes`,
returning :class:`Fates`: a reason code and the hundredths counted per activity, summed per
person with ``np.bincount``); a primitive without that form, people a columnar form leaves
to ``evaluate`` (``Fates.per_person``), and nodes below a node evaluated person by person
are taken from ``evaluate`` person by person (:func:`node_hours`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.columnar.arrays import Bools, IntArray, person_sums, running_cap
from vakmanschap.engine.columnar.columns import NodeColumns, result_keys
from vakmanschap.engine.columnar.walk import person_context

if TYPE_CHECKING:
    import numpy as np

    from vakmanschap.engine.assessment import RequirementResult
    from vakmanschap.engine.columnar.context import ColumnarContext
    from vakmanschap.engine.columnar.frame import PopulationFrame
else:
    from vakmanschap.lazy import numpy as np

__all__ = ["NOT_JUDGED", "Fates", "HourSums", "apply_caps", "node_hours", "window_fates"]

#: The reason of the activities of people the node does not judge (not registered, or
#: judged under a rule version or group without it): not an outcome of the node.
NOT_JUDGED = "not_judged"


class Fates:
    """Per activity of a frame: the index of its reason in ``reasons`` (-1: the node does
    not judge it here) and the hundredths counted; ``per_person``: people whose outcomes are
    to be taken from ``evaluate`` instead (the columnar form does not follow them)."""

    __slots__ = ("counted", "frame", "per_person", "reason", "reasons")

    def __init__(self, frame: PopulationFrame) -> None:
        self.frame = frame
        self.reasons: list[str] = []
        size = len(frame.activities)
        self.reason = np.full(size, -1, dtype=np.int16)
        self.counted = np.zeros(size, dtype=np.int64)
        self.per_person = np.zeros(frame.n, dtype=bool)

    def mark(self, where: Bools, reason: str, counted: Any = None) -> None:
        """Give the activities ``where`` the outcome ``reason``, counting ``counted`` (full
        length; None: nothing)."""
        if reason not in self.reasons:
            self.reasons.append(reason)
        self.reason[where] = self.reasons.index(reason)
        if counted is not None:
            self.counted[where] = counted[where]


def window_fates(ctx: ColumnarContext) -> tuple[Fates, Bools]:
    """The outcomes of the window (``outside_window``, ``after_on``, as
    :class:`~vakmanschap.engine.context.WindowSplit` gives them) for the people in ``ctx``,
    and which of their activities are candidates (inside the window, not after ``on``)."""
    frame = ctx.frame
    day = frame.activities.day
    judged = frame.expand(ctx.mask)
    before = judged & (day < frame.expand(ctx.start))
    after_on = judged & ~before & (day > frame.on_ord)
    beyond = judged & ~before & ~after_on & (day > frame.expand(ctx.last))
    fates = Fates(frame)
    fates.mark(before | beyond, "outside_window")
    fates.mark(after_on, "after_on")
    return fates, judged & ~(before | after_on | beyond)


def apply_caps(fates: Fates, passed: Bools, act_cap: Any, day_cap: Any,
               category_caps: dict[int, Any], category: Any) -> None:
    """Mark the activities ``passed`` counted or capped as ``Total.evaluate`` caps them in
    chronological order (ties by id): the cap per activity, the room left that day, the room
    left in the category (``category_caps``: category code -> cap, per person or one value;
    ``category``: per activity its code). The reason is the last cap that lowered an
    activity. People for whom both a day cap and a category cap bind are left to
    ``evaluate`` (``fates.per_person``): there what one cap lets through uses the other's
    room, activity by activity."""
    frame = fates.frame
    expand = frame.expand
    amount = np.where(passed, frame.activities.amount, 0).astype(np.int64)
    after_act = amount if act_cap is None else np.minimum(amount, expand(act_cap))
    after_day = after_act if day_cap is None else running_cap(after_act, frame.day_start,
                                                             expand(day_cap))
    final = after_day.copy()
    category_binding = np.zeros(frame.n, dtype=bool)
    if category_caps:
        first = np.zeros(len(amount), dtype=bool)
        first[frame.offsets[:-1][frame.counts > 0]] = True
        for code, cap in category_caps.items():
            here = passed & (category == code)
            part = np.where(here, after_act, 0)
            category_binding |= person_sums(part, frame.offsets, frame.n) > cap
            capped = running_cap(np.where(here, after_day, 0), first, expand(cap))
            final = np.where(here, capped, final)
    if day_cap is not None and category_caps:
        day_binding = person_sums(after_act, frame.offsets, frame.n) > person_sums(
            after_day, frame.offsets, frame.n)
        fates.per_person |= day_binding & category_binding
    reason = np.where(final < after_day, 3, np.where(after_day < after_act, 2,
                                                     np.where(after_act < amount, 1, 0)))
    for k, name in enumerate(("counted", "cap_per_activity", "cap_per_day",
                              "cap_per_category")):
        where = passed & (reason == k)
        if k == 0 or where.any():
            fates.mark(where, name, final)


@attrs.frozen(eq=False)
class HourSums:
    """Per person (rows) and reason (columns, named by ``reasons``) the amounts of the
    activities with that outcome and what of them counted, in hundredths of the node's
    unit; ``judged``: the people the node judges (the others' activities are all
    :data:`NOT_JUDGED`)."""

    reasons: tuple[str, ...]
    amount: IntArray
    counted: IntArray
    judged: Bools
    unit: str | None


def _occurrences(col: NodeColumns, key: str, owner: NodeColumns | None = None
                 ) -> Iterator[tuple[NodeColumns, NodeColumns | None]]:
    """(columns of ``key``, the node evaluated person by person above it or None)."""
    if col.key == key:
        yield col, owner
    if col.per_person:
        for extra in col.extra:
            if extra.key == key:
                yield extra, col
    for child in col.children:
        yield from _occurrences(child, key, owner)


class _Sums:
    """Per-person sums per reason, gathered from columnar fates and per-person outcomes."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.reasons: list[str] = []
        self.amount: list[IntArray] = []
        self.counted: list[IntArray] = []

    def column(self, reason: str) -> int:
        if reason not in self.reasons:
            self.reasons.append(reason)
            self.amount.append(np.zeros(self.n, dtype=np.int64))
            self.counted.append(np.zeros(self.n, dtype=np.int64))
        return self.reasons.index(reason)

    def add_fates(self, fates: Fates, people: Bools) -> None:
        frame = fates.frame
        acts = frame.activities
        take = frame.expand(people & ~fates.per_person) & (fates.reason >= 0)
        width = len(fates.reasons)
        index = acts.person[take].astype(np.int64) * width + fates.reason[take]
        amount = np.bincount(index, weights=acts.amount[take], minlength=frame.n * width)
        counted = np.bincount(index, weights=fates.counted[take], minlength=frame.n * width)
        amount = np.rint(amount).astype(np.int64).reshape(frame.n, width)
        counted = np.rint(counted).astype(np.int64).reshape(frame.n, width)
        for k, reason in enumerate(fates.reasons):
            c = self.column(reason)
            self.amount[c] += amount[:, k]
            self.counted[c] += counted[:, k]

    def add_result(self, i: int, result: RequirementResult) -> None:
        for outcome in result.activities:
            c = self.column(outcome.reason)
            self.amount[c][i] += round(outcome.amount * 100)
            self.counted[c][i] += round(outcome.counted * 100)


def _per_person(sums: _Sums, occ: NodeColumns, owner: NodeColumns | None, people: Bools
                ) -> None:
    """Outcomes of ``occ`` for ``people`` from ``evaluate``: of its own node, or of the node
    evaluated person by person above it (whose windows its descendants' columns lack)."""
    top = owner if owner is not None else occ
    node = top.rule()
    for i in np.flatnonzero(people).tolist():
        result = node.evaluate(person_context(top.ctx, i))
        if owner is None:
            sums.add_result(i, result)
            continue
        for key, found in result_keys(result, owner.ctx.suffix):
            if key == occ.key:
                sums.add_result(i, found)


def node_hours(roots: Sequence[tuple[NodeColumns, Bools]], key: str, n: int,
               frame_amounts: tuple[Any, IntArray]) -> HourSums:
    """What requirement ``key`` did with every activity, per person and reason, in the
    trees ``roots`` (each with the people it judges). ``frame_amounts``: every activity's
    amount (hundredths) and the activity offsets per person, for the people not judged."""
    sums = _Sums(n)
    judged = np.zeros(n, dtype=bool)
    unit = None
    for root, members in roots:
        for occ, owner in _occurrences(root, key):
            people = occ.ctx.mask & members & ~judged
            if not people.any():
                continue
            judged |= people
            unit = unit or occ.unit
            fates = occ.rule().columnar_outcomes(occ.ctx) if owner is None else None
            if fates is None:
                _per_person(sums, occ, owner, people)
                continue
            sums.add_fates(fates, people)
            _per_person(sums, occ, None, people & fates.per_person)
    amounts, offsets = frame_amounts
    outside = person_sums(np.asarray(amounts, dtype=np.int64), offsets, n)
    c = sums.column(NOT_JUDGED)
    sums.amount[c][~judged] = outside[~judged]
    amount = np.stack(sums.amount, axis=1) if sums.amount else np.zeros((n, 0), np.int64)
    counted = np.stack(sums.counted, axis=1) if sums.counted else np.zeros((n, 0), np.int64)
    return HourSums(tuple(sums.reasons), amount, counted, judged, unit)
