"""A person's history before the projection starts, and the extended records of many
(person, draw, term) items at once, as a columnar :class:`Population`.

**History.** Only the activities before ``--from`` happened; the rest of an export (planned
training) is dropped. The twelve-month blocks ``[from - (j+1) years, from - j years)``,
``j < lookback``, cut each person's history; a block is *full* when it starts on or after the
person's first register event (their observation start). A person's pool is their full blocks
(block 0 is the last year); without one, the last twelve months when they were registered
before ``--from`` (which underestimates the pace of someone registered during that year), and
no pool at all when they registered on or after it (``no_history``: not judged).

**Items.** An item is one person's term in one draw: its start ``s``, due date, the block
picked for each year of the horizon, the fte in force and a date shift (0, or for an entrant
the days from the colleague they copy to their own registration). Its records are the
person's activities from ``s`` to ``--from`` and, for each year ``k`` of the horizon before
the due date, the activities of the picked block ``b`` moved by ``k + b + 1`` years (a block
of the last year lands in the first year of the horizon). Attestations, employments, leaves
and dates of entry are those of the person (moved by the shift, with their ids; an activity's id
is ``row<k>`` from its place in the extended table); the register events are one
``registered`` decision on ``s``, so that the population evaluator judges exactly that term.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np

from vakmanschap.engine.columnar.dates import add_months
from vakmanschap.model.kinds import EventKind
from vakmanschap.population.fact_tables import (
    EVENT_KINDS,
    F64,
    REGISTERED_ON_ID,
    ActivityTable,
    AttestationTable,
    EmploymentTable,
    EventTable,
    IntArray,
    LeaveTable,
)
from vakmanschap.population.projection.terms import Horizon
from vakmanschap.population.store import Population

__all__ = ["History", "Items", "extended_population"]

_DAY_BITS = 22  # ordinal days (< 4.2 million) fit below this bit


@attrs.frozen(eq=False)
class Items:
    """The items of one evaluation; every array has one entry per item (``picks``: one row
    of block indices per item, a column per year of the horizon)."""

    person: IntArray
    start: IntArray
    due: IntArray
    shift: IntArray
    fte: F64
    picks: IntArray
    entrant: Any  # bool per item: no history of their own before ``start``

    def __len__(self) -> int:
        return len(self.person)


class History:
    """The blocks of every person's activities before the horizon (see the module doc)."""

    def __init__(self, population: Population, horizon: Horizon, lookback: int) -> None:
        self.population = population
        self.horizon = horizon
        self.lookback = lookback
        acts = population.activities
        n = population.size
        first = np.array([horizon.start], dtype=np.int64)
        back = np.array([int(add_months(first, -12 * j, False)[0])
                         for j in range(lookback + 1)], dtype=np.int64)  # B_0 > B_1 > ...
        self.offsets = population.offsets("activities")
        day = acts.day.astype(np.int64)
        person = acts.person.astype(np.int64)
        past = day < horizon.start
        self.past_count = np.bincount(person[past], minlength=n).astype(np.int64)
        ascending = back[::-1]
        idx = np.searchsorted(ascending, day[past], side="right") - 1
        block = np.where(idx < 0, lookback, lookback - 1 - idx)
        inside = block < lookback
        counts = np.bincount(person[past][inside] * lookback + block[inside],
                             minlength=n * lookback).reshape(n, lookback)
        self.count = counts.astype(np.int64)
        end = self.offsets[:-1] + self.past_count
        self.block_start = end[:, None] - np.cumsum(counts, axis=1)
        self.keys = (person << _DAY_BITS) | day
        # the rows of the blocks (the only ones ever moved) and each row's place among them
        self.block_rows = np.flatnonzero(past)[inside]
        self.slot = np.full(len(day), -1, np.int64)
        self.slot[self.block_rows] = np.arange(len(self.block_rows))
        self._moved: dict[tuple[int, bool], IntArray] = {}
        # observation start: the first register event (0: never registered)
        ev_off = population.offsets("events")
        has = ev_off[1:] > ev_off[:-1]
        observed = np.zeros(n, np.int64)
        firsts = ev_off[:-1][has]
        observed[has] = population.events.on[firsts] if len(firsts) else 0
        self.observed = observed
        full = (back[1:][None, :] >= observed[:, None]) & (observed[:, None] > 0)
        pool = full.sum(axis=1)
        fallback = (pool == 0) & (observed > 0) & (observed < horizon.start)
        self.pool = np.where(fallback, 1, pool).astype(np.int64)

    def moved(self, rows: IntArray, years: int, roll: bool) -> IntArray:
        """The days of the block rows ``rows`` moved by ``years`` years (``add_months``
        once per row of the partition and number of years, whatever the number of draws)."""
        table = self._moved.get((years, roll))
        if table is None:
            days = self.population.activities.day[self.block_rows]
            table = add_months(days, 12 * years, roll)
            self._moved[years, roll] = table
        out: IntArray = table[self.slot[rows]]
        return out

    def picks(self, uniforms: Any, method: str, people: IntArray) -> IntArray:
        """Per person of ``people``, draw and year: the block replayed (``uniforms`` shaped
        like that, one per person first)."""
        if method == "replay":
            return np.zeros(uniforms.shape, dtype=np.int64)
        pool = np.maximum(self.pool[people], 1).reshape((-1,) + (1,) * (uniforms.ndim - 1))
        out: IntArray = np.minimum((uniforms * pool).astype(np.int64), pool - 1)
        return out


def _segments(lo: IntArray, length: IntArray) -> tuple[IntArray, IntArray]:
    """Row indices of the segments ``[lo, lo + length)`` and the segment of each row."""
    length = np.maximum(length, 0)
    seg = np.repeat(np.arange(len(lo)), length)
    starts = np.cumsum(length) - length
    rows = np.repeat(lo, length) + np.arange(int(length.sum())) - np.repeat(starts, length)
    return rows.astype(np.int64), seg


def extended_population(history: History, items: Items, roll: bool) -> Population:
    """The records of every item as one population (item ``i`` is person ``i``)."""
    pop = history.population
    horizon = history.horizon
    m = len(items)
    ids = np.arange(m)
    # past activities from the term's start to the horizon (not for entrants)
    own = ~items.entrant
    p = items.person
    lo = np.searchsorted(history.keys, (p << _DAY_BITS) | items.start, side="left")
    hi = history.offsets[p] + history.past_count[p]
    seg_item = [ids[own]]
    seg_order = [np.zeros(int(own.sum()), np.int64)]
    seg_lo = [lo[own]]
    seg_len = [(hi - lo)[own]]
    seg_shift = [np.zeros(int(own.sum()), np.int64)]
    for k in range(horizon.years):
        active = horizon.bounds[k] <= items.due
        block = items.picks[active, k]
        who = p[active]
        seg_item.append(ids[active])
        seg_order.append(np.full(int(active.sum()), k + 1, np.int64))
        seg_lo.append(history.block_start[who, block])
        seg_len.append(history.count[who, block])
        seg_shift.append(k + block + 1)
    item = np.concatenate(seg_item)
    order = np.lexsort((np.concatenate(seg_order), item))
    rows, seg = _segments(np.concatenate(seg_lo)[order], np.concatenate(seg_len)[order])
    row_item = item[order][seg]
    shift = np.concatenate(seg_shift)[order][seg]
    acts = pop.activities
    day = acts.day[rows].astype(np.int64)
    for years in np.unique(shift).tolist():
        if years:
            sel = shift == years
            day[sel] = history.moved(rows[sel], years, roll)
    keep = (day >= items.start[row_item]) & (day <= items.due[row_item])
    rows, row_item, day = rows[keep], row_item[keep], day[keep]
    activities = ActivityTable(
        person=row_item.astype(np.int32), day=day.astype(np.int32), amount=acts.amount[rows],
        points=acts.points[rows], category=acts.category[rows], themes=acts.themes[rows],
        accredited=acts.accredited[rows], provider=acts.provider[rows], rows=None,
        categories=acts.categories, themes_names=acts.themes_names, providers=acts.providers,
        ids=None, source="projection", first_row=1, id_width=len(str(len(rows))),
        **acts.unit_rows(rows))
    shift_days = items.shift
    return Population(
        ids=np.arange(m).astype(str).astype(object), fte=items.fte,
        entered=_moved(pop.entered[p], shift_days), entry=_moved(pop.entry[p], shift_days),
        attributes={}, activities=activities,
        employments=_employments(pop, p, shift_days), leaves=_leaves(pop, p, shift_days),
        events=_events(items), attestations=_attestations(pop, p, shift_days))


def _moved(days: Any, shift: IntArray) -> Any:
    days = np.asarray(days, dtype=np.int64)
    return np.where(days > 0, days + shift, 0).astype(np.int32)


def _ids(ids: Sequence[str], rows: IntArray) -> tuple[str, ...]:
    """The ids of the copied rows (each item copies one person's rows once, so they stay
    unique per item; a person-by-person evaluation turns them into records)."""
    return tuple(ids[k] for k in rows.tolist())


def _copy_rows(pop: Population, table: str, p: IntArray) -> tuple[IntArray, IntArray]:
    off = pop.offsets(table)
    return _segments(off[p], off[p + 1] - off[p])


def _employments(pop: Population, p: IntArray, shift: IntArray) -> EmploymentTable:
    emp = pop.employments
    if not len(emp):
        return EmploymentTable.empty()
    rows, item = _copy_rows(pop, "employments", p)
    return EmploymentTable(person=item.astype(np.int32),
                           start=_moved(emp.start[rows], shift[item]),
                           end=_moved(emp.end[rows], shift[item]), hours=emp.hours[rows],
                           role=tuple(np.array(emp.role, dtype=object)[rows].tolist()),
                           ids=_ids(emp.ids, rows))


def _leaves(pop: Population, p: IntArray, shift: IntArray) -> LeaveTable:
    lv = pop.leaves
    if not len(lv):
        return LeaveTable.empty()
    rows, item = _copy_rows(pop, "leaves", p)
    return LeaveTable(person=item.astype(np.int32), start=_moved(lv.start[rows], shift[item]),
                      end=_moved(lv.end[rows], shift[item]), kind=lv.kind[rows],
                      ids=_ids(lv.ids, rows))


def _attestations(pop: Population, p: IntArray, shift: IntArray) -> AttestationTable:
    att = pop.attestations
    if not len(att):
        return AttestationTable.empty()
    rows, item = _copy_rows(pop, "attestations", p)
    return AttestationTable(person=item.astype(np.int32), kind=att.kind[rows],
                            on=_moved(att.on[rows], shift[item]), kinds=att.kinds,
                            ids=_ids(att.ids, rows))


def _events(items: Items) -> EventTable:
    m = len(items)
    return EventTable(person=np.arange(m, dtype=np.int32),
                      kind=np.full(m, EVENT_KINDS.index(EventKind.REGISTERED), np.int8),
                      on=items.start.astype(np.int32), until=np.zeros(m, np.int32),
                      level=(None,) * m, ids=(REGISTERED_ON_ID,) * m)
