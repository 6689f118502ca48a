"""The attestations of a synthetic workforce (:mod:`vakmanschap.population.generate`).

Oath kinds (named like an oath or promise): 94 % within three months of entering service,
3 % later, 3 % never recorded. Endorsement kinds are drawn in one of two ways, by what the
requirements ask (:class:`~vakmanschap.population.generate_vocabulary.Vocabulary`):

* **per term**, when the terms follow a calendar grid (they open by themselves, so the term
  judged is the one running on the simulation date) or a requirement asks a kind by a
  deadline (``by``): each kind asked on certain days of each term (``Vocabulary.due``) is
  drawn in every term from the one registration opens to the last that starts in the years
  the generator reads (:func:`~vakmanschap.population.generate_vocabulary.reading_span`):
  :data:`DUE_ON_TIME` (94 %) on a day it counts, uniformly (a kind due some time after the
  term's end: between the end and the deadline, the reporting time), :data:`DUE_LATE` (3 %)
  up to :data:`LATE_DAYS` days after the last such day, the rest (3 %) never; independently
  per person, kind and term. The engine reads an attestation by its date only, so one given
  late, or after a term about that term, counts for the next term when it falls on a day
  that one asks it;
* **in the first term** otherwise (each kind asked on any day, or any day of the term):
  when a version asks several kinds together :data:`ENDORSE_EACH` (95 %) record each of
  them, otherwise :data:`ENDORSE_ONE` (88 %) record one of them; uniformly between the
  registration and the end of the term it opens.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from vakmanschap.engine.columnar.dates import months_after
from vakmanschap.engine.primitives.base import Due
from vakmanschap.population.fact_tables import AttestationTable, NumberedIds
from vakmanschap.population.generate_vocabulary import Vocabulary

__all__ = ["DUE_LATE", "DUE_ON_TIME", "ENDORSE_EACH", "ENDORSE_ONE", "LATE_DAYS",
           "attestations", "due_window", "per_term_kinds", "terms"]

ENDORSE_EACH = 0.95  # share who record each endorsement kind a version asks with others
ENDORSE_ONE = 0.88  # share who record one of the endorsement kinds otherwise
DUE_ON_TIME = 0.94  # per term: share who record a kind due on certain days on one of them
DUE_LATE = 0.03  # per term: share who record it later (up to LATE_DAYS days)
LATE_DAYS = 60


def per_term_kinds(vocab: Vocabulary) -> tuple[str, ...]:
    """The endorsement kinds drawn in every term: those asked on certain days of a term,
    when terms follow a calendar grid or some kind is asked by a deadline (none otherwise:
    the first term, the one judged, holds them all)."""
    due = dict(vocab.due)
    if vocab.grid is None and all(d.anchor is None for d in due.values()):
        return ()
    return tuple(k for k in vocab.endorsement_kinds if k in due)


def _grid_days(vocab: Vocabulary, first: date, last: date) -> Any:
    """Ordinals of the first days of the grid's blocks, from the one that holds ``first``
    (or earlier) to the first that starts after ``last``."""
    assert vocab.grid is not None
    grid, step = vocab.grid, max(vocab.term_months, 1)

    def months(day: date) -> int:
        return (day.year - grid.year) * 12 + day.month - grid.month

    return np.array([vocab.policy.add(grid, months=k * step).toordinal()
                     for k in range(months(first) // step - 1, months(last) // step + 2)],
                    dtype=np.int64)


def terms(vocab: Vocabulary, registered: Any, horizon: int) -> list[tuple[Any, Any, Any]]:
    """Per term (the one registration opens first): who have it (a bool mask over the
    people), its first day and the day after its last, per person (ordinals); on a calendar
    grid every term that starts on or before ``horizon``, otherwise the one term that
    registration opens."""
    registered = np.asarray(registered, dtype=np.int64)
    n = len(registered)
    if not n:
        return []
    if vocab.grid is None:
        stop = months_after(registered, vocab.term_months, np.ones(n, bool), vocab.policy)
        return [(np.ones(n, bool), registered, stop + (vocab.policy.window_end == "inclusive"))]
    days = _grid_days(vocab, date.fromordinal(int(registered.min())),
                      date.fromordinal(max(int(registered.max()), horizon)))
    after = np.searchsorted(days, registered, side="right")  # the block after the first
    out = [(registered <= horizon, registered, days[after])]
    for j in range(len(days) - 1):
        at = np.minimum(after + j, len(days) - 2)
        has = (after + j <= len(days) - 2) & (days[at] <= horizon)
        if not has.any():
            break
        out.append((has, days[at], days[at + 1]))
    return out


def due_window(due: Due, start: Any, stop: Any, policy: Any) -> tuple[Any, Any]:
    """The days ``[lo, hi)`` of terms ``[start, stop)`` on which an attestation is drawn
    in time: up to the deadline (``hi``), from the day after the term when the deadline is
    later (the time to report about it), else from its first day; never before the first
    day it counts (``due.first``)."""
    if due.anchor is None:
        return start, stop
    every = np.ones(len(start), bool)
    anchor = start if due.anchor == "cycle_start" else stop
    hi = months_after(anchor, due.months, every, policy) + due.days
    lo = np.where(hi > stop, stop, start) if due.anchor == "cycle_end" else start
    if due.first is not None:  # not before the first day it counts
        point, months, days = due.first
        first = months_after(start if point == "cycle_start" else stop, months, every,
                             policy) + days
        lo = np.maximum(lo, first)
    return lo, hi


def attestations(rng: np.random.Generator, vocab: Vocabulary, entered: Any, registered: Any,
                 cycle_end: Any, n: int, horizon: int) -> AttestationTable:
    """The drawn attestations (see the module docstring), sorted by person (and, with kinds
    drawn per term, by date)."""
    people: list[Any] = []
    kinds: list[Any] = []
    days: list[Any] = []
    names: list[str] = []
    if vocab.oath_kinds:
        roll = rng.random(n)
        has = roll < 0.97
        late = (roll >= 0.94) & has
        delay = np.where(late, rng.integers(100, 730, n), rng.integers(0, 85, n))
        who = np.flatnonzero(has)
        people.append(who)
        extra = len(vocab.oath_kinds) - 1  # the first kind (the oath) is the usual one
        weights = np.array([0.8 if extra else 1.0] + [0.2 / max(extra, 1)] * extra)
        kinds.append(rng.choice(len(vocab.oath_kinds), len(who), p=weights))
        days.append(entered[who] + delay[who])
        names.extend(vocab.oath_kinds)
    offset = len(names)
    termed = per_term_kinds(vocab)
    rest = np.array([k for k, name in enumerate(vocab.endorsement_kinds)
                     if name not in termed], dtype=np.int64)
    if vocab.endorse_each:  # each kind a version asks together, on its own
        for k in rest.tolist():
            who = np.flatnonzero(rng.random(n) < ENDORSE_EACH)
            people.append(who)
            kinds.append(np.full(len(who), offset + k))
            span = np.maximum(cycle_end[who] - registered[who] - 1, 1)
            days.append(registered[who] + (rng.random(len(who)) * span).astype(np.int64))
    elif len(rest):
        who = np.flatnonzero(rng.random(n) < ENDORSE_ONE)
        people.append(who)
        kinds.append(offset + rest[rng.integers(0, len(rest), len(who))])
        span = np.maximum(cycle_end[who] - registered[who] - 1, 1)
        days.append(registered[who] + (rng.random(len(who)) * span).astype(np.int64))
    names.extend(vocab.endorsement_kinds)
    if termed:
        _per_term(rng, vocab, termed, registered, horizon, offset, (people, kinds, days))
    if not people:
        return AttestationTable.empty()
    person = np.concatenate(people)
    on = np.concatenate(days)
    order = (np.lexsort((on, person)) if termed else np.argsort(person, kind="stable"))
    return AttestationTable(person=person[order].astype(np.int32),
                            kind=np.concatenate(kinds)[order].astype(np.int32),
                            on=on[order].astype(np.int32), kinds=tuple(names),
                            ids=NumberedIds("attestation-", len(person)))


def _per_term(rng: np.random.Generator, vocab: Vocabulary, termed: tuple[str, ...],
              registered: Any, horizon: int, offset: int,
              out: tuple[list[Any], list[Any], list[Any]]) -> None:
    """Append (people, kind codes, days) of the kinds ``termed`` drawn in every term."""
    due = dict(vocab.due)
    for has, start, stop in terms(vocab, registered, horizon):
        who = np.flatnonzero(has)
        for name in termed:
            lo, hi = due_window(due[name], start[who], stop[who], vocab.policy)
            roll = rng.random(len(who))
            place = rng.random(len(who))
            delay = rng.integers(0, LATE_DAYS, len(who))
            width = hi - lo
            in_time = (roll < DUE_ON_TIME) & (width > 0)  # nobody is in time in no day
            late = (roll >= DUE_ON_TIME) & (roll < DUE_ON_TIME + DUE_LATE)
            keep = in_time | late
            day = np.where(in_time, lo + (place * np.maximum(width, 1)).astype(np.int64),
                           hi + delay)
            out[0].append(who[keep])
            out[1].append(np.full(int(keep.sum()), offset + vocab.endorsement_kinds.index(name)))
            out[2].append(day[keep])
