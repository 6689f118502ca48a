"""The projection kernel (one partition of people, every draw) and :func:`project`, which
runs it over partitions in this process or on a Dask cluster and adds up the counts.

Randomness is per person: each person's numpy ``Generator`` is seeded from
``SeedSequence(seed, spawn_key=(key,))`` with ``key`` a hash of their id, and it draws their
uniforms draw after draw. A person's future therefore does not depend on who else is in the
file, on the partitioning or on the number of workers, and the first ``n`` draws of a run
are those of a run with ``n`` draws. The counts of a partition are integers, so their sum is
the same in any order: a Dask run equals the single-process run exactly.

A partition is worked through in blocks of people, every draw of a block at once: the block
holds about ``Spec.chunk_items`` items (a person's term in one draw), so memory is bounded
per block whatever the number of draws, and all the draws of a person are together, which
lets :class:`~vakmanschap.population.projection.judge.Judge` judge each distinct future once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any

import attrs
import numpy as np

from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.population.fact_tables import IntArray
from vakmanschap.population.projection.assumptions import Assumptions
from vakmanschap.population.projection.extend import History, Items
from vakmanschap.population.projection.judge import Judge
from vakmanschap.population.projection.terms import Horizon, TermBook
from vakmanschap.population.store import Population

__all__ = ["OUTCOMES", "Spec", "partition_counts", "person_generators"]

OUTCOMES = ("passing", "onder_voorwaarden", "lapsing", "left", "entered", "no_history")
PASSING, ONDER, LAPSING, LEFT, ENTERED, NO_HISTORY = range(len(OUTCOMES))
# uniforms per person, draw and year
PICK, LEAVE, LEAVE_DAY, FTE, ENTRANT, ENTRANT_DAY, ENTRANT_PICK = range(7)
STREAMS = 7


@attrs.frozen
class Spec:
    """What every partition needs besides its people."""

    rules: tuple[RuleSet, ...]
    start: date
    years: int
    draws: int
    seed: int
    assumptions: Assumptions
    groups: int
    chunk_items: int = 200_000  # items (person, draw, term) per block of people


def person_key(professional_id: str) -> int:
    """A 64-bit key of a professional id (the spawn key of their random stream)."""
    return int.from_bytes(hashlib.blake2b(professional_id.encode(), digest_size=8).digest(),
                          "little")


def person_generators(ids: Sequence[Any], seed: int) -> list[np.random.Generator]:
    """One generator per person, seeded from ``seed`` and their id."""
    return [np.random.Generator(np.random.PCG64(
        np.random.SeedSequence(seed, spawn_key=(person_key(str(i)),)))) for i in ids]


def partition_counts(population: Population, group: IntArray, spec: Spec) -> IntArray:
    """Counts ``[rule set, draw, year, group, outcome]`` of the people of ``population``
    (``group``: each one's group code)."""
    horizon = Horizon.of(spec.start, spec.years)
    history = History(population, horizon, spec.assumptions.lookback_years)
    books = [TermBook(rules) for rules in spec.rules]
    counts = np.zeros((len(spec.rules), spec.draws, spec.years, spec.groups, len(OUTCOMES)),
                      dtype=np.int64)
    n = population.size
    if not n:
        return counts
    terms = [_own_terms(population, history, book, horizon) for book in books]
    # items per person and draw: their own terms and about a quarter of an entrant
    per_person = spec.draws * (max(len(t[0]) for t in terms) / n + 0.25)
    block = max(1, min(n, int(spec.chunk_items // max(per_person, 1.0))))
    ids = population.ids.tolist()
    for p0 in range(0, n, block):
        p1 = min(n, p0 + block)
        u = np.empty((p1 - p0, spec.draws, spec.years, STREAMS))
        for i, g in enumerate(person_generators(ids[p0:p1], spec.seed)):
            g.random(out=u[i])
        _block(counts, spec, population, group, history, books, terms, p0, u)
    return counts


def _block(counts: IntArray, spec: Spec, population: Population, group: IntArray,
           history: History, books: list[TermBook],
           terms: list[tuple[IntArray, IntArray, IntArray]],
           p0: int, u: Any) -> None:
    """Count the people ``p0`` to ``p0 + len(u) - 1`` over every draw (``u``: their
    uniforms, ``[person, draw, year, stream]``)."""
    horizon = history.horizon
    a = spec.assumptions
    nb, dc = u.shape[:2]
    people = np.arange(p0, p0 + nb)
    length = np.diff(horizon.bounds)
    picks = history.picks(u[..., PICK], a.method, people)
    epicks = history.picks(u[..., ENTRANT_PICK], a.method, people)
    left = u[..., LEAVE] < a.leave_rate
    ever = left.any(axis=2)
    first = np.argmax(left, axis=2)
    lday = np.take_along_axis(u[..., LEAVE_DAY], first[..., None], axis=2)[..., 0]
    leave_day = np.where(ever, horizon.bounds[first] + (lday * length[first]).astype(
        np.int64), np.iinfo(np.int64).max)
    fte = _fte(population.fte[p0:p0 + nb], u[..., FTE] < a.fte_change_rate, a.part_time_fte)
    pe, de, ke = np.nonzero(u[..., ENTRANT] < a.entrant_rate)
    entry = (horizon.bounds[ke] + u[pe, de, ke, ENTRANT_DAY] * length[ke]).astype(np.int64)
    gone_p = np.repeat(people, dc)[ever.ravel()]
    gone_d = np.tile(np.arange(dc), nb)[ever.ravel()]
    judge = Judge(history)
    for r, (rules, book) in enumerate(zip(spec.rules, books, strict=True)):
        _count(counts, r, horizon, group, LEFT, gone_p, gone_d, leave_day[ever])
        _count(counts, r, horizon, group, ENTERED, p0 + pe, de, entry)
        tp, ts, tdue = terms[r]
        lo, hi = np.searchsorted(tp, [p0, p0 + nb])
        m = int(hi - lo)
        ip = np.repeat(tp[lo:hi] - p0, dc)
        idraw = np.tile(np.arange(dc), m)
        istart = np.repeat(ts[lo:hi], dc)
        idue = np.repeat(tdue[lo:hi], dc)
        stays = leave_day[ip, idraw] > idue
        nohist = stays & (history.pool[p0 + ip] == 0)
        _count(counts, r, horizon, group, NO_HISTORY, p0 + ip[nohist], idraw[nohist],
               idue[nohist])
        judged = stays & ~nohist
        year = horizon.year_of(idue[judged])
        own = Items(person=p0 + ip[judged], start=istart[judged], due=idue[judged],
                    shift=np.zeros(int(judged.sum()), np.int64),
                    fte=fte[ip[judged], idraw[judged], year],
                    picks=picks[ip[judged], idraw[judged]],
                    entrant=np.zeros(int(judged.sum()), bool))
        new = _entrant_items(book, history, population, pe, de, entry, epicks, p0)
        items = _concat(own, new)
        draw_of = np.concatenate([idraw[judged], de[new[1]]])
        _judge(counts, r, judge.met(rules, items), book, horizon, group, items, draw_of)


def _fte(base: Any, change: Any, part_time: float) -> Any:
    n, dc, years = change.shape
    out = np.empty((n, dc, years))
    current = np.broadcast_to(np.asarray(base, dtype=np.float64)[:, None], (n, dc)).copy()
    for k in range(years):
        flip = change[:, :, k]
        current = np.where(flip, np.where(current >= 1.0, part_time, 1.0), current)
        out[:, :, k] = current
    return out


def _own_terms(population: Population, history: History, book: TermBook, horizon: Horizon
               ) -> tuple[IntArray, IntArray, IntArray]:
    """Per term of a person that ends in the horizon: the person, its start and due date."""
    people: list[int] = []
    starts: list[int] = []
    dues: list[int] = []
    anchors = history.observed
    for anchor in np.unique(anchors[anchors > 0]).tolist():
        found = book.ending_in(int(anchor), horizon)
        if not found:
            continue
        who = np.flatnonzero(anchors == anchor).tolist()
        for term in found:
            people += who
            starts += [term.start] * len(who)
            dues += [term.due] * len(who)
    order = np.argsort(np.array(people, dtype=np.int64), kind="stable")
    return (np.array(people, dtype=np.int64)[order], np.array(starts, dtype=np.int64)[order],
            np.array(dues, dtype=np.int64)[order])


def _entrant_items(book: TermBook, history: History, population: Population, pe: IntArray,
                   de: IntArray, entry: IntArray, epicks: IntArray, p0: int
                   ) -> tuple[Items, Any]:
    """Entrants whose first term ends in the horizon (and who copy someone with a pool);
    ``pe`` counts from person ``p0``."""
    days, back = np.unique(entry, return_inverse=True)
    dues = np.array([book.term(int(e)).due for e in days.tolist()], dtype=np.int64)[back]
    ok = ((dues < history.horizon.end) & (history.pool[p0 + pe] > 0) if len(pe)
          else np.zeros(0, bool))
    p = p0 + pe[ok]
    return Items(person=p, start=entry[ok], due=dues[ok],
                 shift=entry[ok] - history.observed[p],
                 fte=np.asarray(population.fte[p], dtype=np.float64),
                 picks=epicks[pe[ok], de[ok]], entrant=np.ones(int(ok.sum()), bool)), ok


def _concat(own: Items, new: tuple[Items, Any]) -> Items:
    other = new[0]
    return Items(*(np.concatenate([getattr(own, f.name), getattr(other, f.name)])
                   for f in attrs.fields(Items)))


def _judge(counts: IntArray, r: int, met: Any, book: TermBook, horizon: Horizon,
           group: IntArray, items: Items, draw: IntArray) -> None:
    if not len(items):
        return
    starts, back = np.unique(items.start, return_inverse=True)
    terms = [book.term(int(s)) for s in starts.tolist()]
    lapse = np.array([t.lapse for t in terms], dtype=np.int64)[back]
    grace = np.array([t.grace for t in terms], dtype=bool)[back]
    _count(counts, r, horizon, group, PASSING, items.person[met], draw[met], items.due[met])
    under = ~met & grace
    _count(counts, r, horizon, group, ONDER, items.person[under], draw[under],
           items.due[under])
    _count(counts, r, horizon, group, LAPSING, items.person[~met], draw[~met], lapse[~met])


def _count(counts: IntArray, r: int, horizon: Horizon, group: IntArray, outcome: int,
           person: IntArray, draw: IntArray, day: IntArray) -> None:
    """Add one to ``counts[r, draw, year of day, group of person, outcome]`` per entry
    whose day falls in the horizon."""
    year = horizon.year_of(day)
    inside = (year >= 0) & (year < horizon.years)
    _, draws, years, groups, _ = counts.shape
    flat = (draw[inside] * years + year[inside]) * groups + group[person[inside]]
    counts[r, :, :, :, outcome] += np.bincount(
        flat, minlength=draws * years * groups).reshape(draws, years, groups)
