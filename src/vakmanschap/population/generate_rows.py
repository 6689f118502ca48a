"""The activity rows of a synthetic workforce (:func:`vakmanschap.population.generate`).

Drawn with whole-array numpy, in pieces of :data:`DRAW` values: numpy's generator gives the same
values drawn in pieces as in one draw (``random``, ``integers``, ``beta``, and ``choice`` with
weights, which is ``random`` followed by a search in the cumulative weights), so the piece size
changes no file, while the memory of a draw stays bounded. Every array is kept in the narrowest
type that holds it: people and days as int32, kinds as int8, hundredths as int32, theme masks in
:func:`~vakmanschap.population.fact_tables.theme_dtype`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from vakmanschap.population.fact_tables import theme_dtype

if TYPE_CHECKING:
    from vakmanschap.population.generate import Vocabulary

__all__ = ["DRAW", "activity_rows", "activity_values", "reflection_amounts", "sort_rows"]

DRAW = 1 << 22  # values drawn at a time
FORMAL_HOURS = ((4, 0.08), (8, 0.2), (12, 0.15), (16, 0.22), (24, 0.17), (32, 0.1), (40, 0.08))
INFORMAL_HOURS = ((1, 0.2), (1.5, 0.1), (2, 0.25), (3, 0.15), (4, 0.15), (6, 0.08), (8, 0.07))
REFLECTION_HOURS = ((1, 0.2), (1.5, 0.3), (2, 0.4), (3, 0.1))
FORMAL_SHARE = 0.5  # of the activities other than reflection
SPREAD = 0.35  # log-normal spread of engagement
REGULAR_REFLECTION = 0.85  # share of people who reflect regularly ...
REFLECTION_RATE = 2.6  # ... this many times a cycle year on average (others: 0.5)
THEME_COUNTS = (  # per kind of activity: how many themes it covers (none, one, two)
    ((0, 0.1), (1, 0.6), (2, 0.3)), ((0, 0.5), (1, 0.5)), ((0, 0.4), (1, 0.6)))
LEAVE_MIX = (("illness", 0.55), ("pregnancy", 0.2), ("parental", 0.2), ("care", 0.05))


def pieces(size: int) -> Iterator[tuple[int, int]]:
    """``(lo, hi)`` bounds of the pieces of a draw of ``size`` values."""
    for lo in range(0, size, DRAW):
        yield lo, min(lo + DRAW, size)


def cumulative(table: tuple[tuple[Any, float], ...]) -> Any:
    """The cumulative weights ``Generator.choice`` searches for ``p`` = the table's weights
    over their sum."""
    weights = np.array([w for _, w in table], dtype=np.float64)
    return _cdf(weights / weights.sum())


def _cdf(p: Any) -> Any:
    cdf = np.asarray(p, dtype=np.float64).cumsum()
    cdf /= cdf[-1]
    return cdf


def codes(rng: np.random.Generator, cdf: Any, size: int) -> Any:
    """What ``rng.choice(len(cdf), size, p=...)`` draws, as int8 (the same values)."""
    out = np.empty(size, dtype=np.int8)
    for lo, hi in pieces(size):
        out[lo:hi] = cdf.searchsorted(rng.random(hi - lo), side="right")
    return out


def _rows_of(kind: Any, k: int) -> Iterator[Any]:
    """The rows whose kind is ``k``, ascending, in pieces."""
    for lo, hi in pieces(len(kind)):
        yield np.flatnonzero(kind[lo:hi] == k) + lo


def activity_rows(rng: np.random.Generator, vocab: Vocabulary, activities: float, fte: Any,
                  registered: Any, cycle_days: int) -> tuple[Any, Any, Any, tuple[Any, ...]]:
    """Person (int32), day (int32) and kind (int8: formal, informal, reflection) of every
    activity, in the order drawn, with the long leaves (people, start, end, kind, on leave)
    whose days hold no activity."""
    n = len(fte)
    # reflection: scheduled in every cycle year (teams organise intervisie), Poisson per year
    years = vocab.cycle_years
    reflective = rng.random(n) < REGULAR_REFLECTION
    rate = np.where(reflective, REFLECTION_RATE, 0.5)
    per_year = (rng.poisson(np.repeat(rate, years)) if vocab.reflection
                else np.zeros(n * years, dtype=np.int64))
    r_person = np.repeat(np.repeat(np.arange(n, dtype=np.int32), years), per_year)
    r_year = np.repeat(np.tile(np.arange(years, dtype=np.int32), n), per_year)
    del per_year, rate, reflective
    r_day = np.empty(len(r_person), dtype=np.int32)
    for lo, hi in pieces(len(r_person)):
        offset = np.floor((r_year[lo:hi] + rng.random(hi - lo)) * cycle_days / years)
        r_day[lo:hi] = registered[r_person[lo:hi]] + offset.astype(np.int32)
    del r_year
    mean_reflection = years * (REGULAR_REFLECTION * REFLECTION_RATE
                               + (1 - REGULAR_REFLECTION) * 0.5) if vocab.reflection else 0.0
    # formal and informal learning: engagement varies by person, full-timers do more
    disengaged = rng.random(n) < 0.08
    engagement = rng.lognormal(0.0, SPREAD, n) * np.where(disengaged, 0.25, 1.0)
    norm = np.exp(SPREAD ** 2 / 2) * (0.92 + 0.08 * 0.25) * np.sqrt(fte).mean()
    expected = max(activities - mean_reflection, 0.0) * np.sqrt(fte) * engagement / norm
    o_person = np.repeat(np.arange(n, dtype=np.int32), rng.poisson(expected))
    procrastinator = rng.random(n) < 0.15
    o_count = len(o_person)
    position = np.empty(o_count, dtype=np.float64)  # late starters crowd the cycle's end
    for lo, hi in pieces(o_count):
        position[lo:hi] = rng.beta(3.0, 1.0, hi - lo)
    span = float(cycle_days + 150)
    o_day = np.empty(o_count, dtype=np.int32)
    for lo, hi in pieces(o_count):
        at = np.where(procrastinator[o_person[lo:hi]], position[lo:hi], rng.random(hi - lo))
        o_day[lo:hi] = registered[o_person[lo:hi]] - 60 + np.floor(at * span).astype(np.int32)
    del position
    o_kind = codes(rng, _cdf([FORMAL_SHARE, 1 - FORMAL_SHARE]), o_count)
    person = np.concatenate([o_person, r_person])
    del o_person, r_person
    day = np.concatenate([o_day, r_day])
    del o_day, r_day
    kind = np.concatenate([o_kind, np.full(len(day) - o_count, 2, dtype=np.int8)])
    del o_kind

    # long leave: no activities during it
    on_leave = rng.random(n) < 0.05
    leave_people = np.flatnonzero(on_leave)
    leave_start = registered[leave_people].astype(np.int64) + rng.integers(
        0, max(cycle_days - 365, 1), len(leave_people))
    leave_end = leave_start + rng.integers(90, 366, len(leave_people))
    leave_kind = np.array([k for k, _ in LEAVE_MIX], dtype=object)[
        codes(rng, cumulative(LEAVE_MIX), len(leave_people))]
    l_start = np.zeros(n, np.int32)
    l_end = np.zeros(n, np.int32)
    l_start[leave_people] = leave_start
    l_end[leave_people] = leave_end
    keep = np.empty(len(person), dtype=bool)
    for lo, hi in pieces(len(person)):
        who, when = person[lo:hi], day[lo:hi]
        keep[lo:hi] = ~(on_leave[who] & (when >= l_start[who]) & (when <= l_end[who]))
    if not keep.all():
        person, day, kind = person[keep], day[keep], kind[keep]
    return person, day, kind, (leave_people, leave_start, leave_end, leave_kind, on_leave)


def sort_rows(rows: list[Any], registered: Any, n: int) -> tuple[Any, Any, Any]:
    """Person and day (``rows``, emptied: this function frees them) ordered by person, then
    day, then the order drawn, and that order (``order[k]`` is the drawn row that comes
    k-th): what ``np.lexsort((day, person))`` gives, found by sorting one int64 key in place
    (person, day relative to the person's registration, drawn row), about four times faster
    and without lexsort's copies."""
    person, day = rows
    rows.clear()
    m = len(person)
    low, high = 0, 0
    for lo, hi in pieces(m):
        rel = day[lo:hi] - registered[person[lo:hi]]
        low, high = min(low, int(rel.min())), max(high, int(rel.max()))
    width = high - low + 1
    row_bits = max(m - 1, 1).bit_length()
    index_type = np.int32 if m < 2 ** 31 else np.int64
    if (n * width).bit_length() + row_bits > 63:  # pragma: no cover - beyond any real size
        key = person.astype(np.int64) * width + (day - registered[person] - low)
        order = np.argsort(key, kind="stable").astype(index_type)
        return person[order], day[order], order
    key = np.empty(m, dtype=np.int64)
    for lo, hi in pieces(m):
        who = person[lo:hi]
        rel = (day[lo:hi] - registered[who] - low).astype(np.int64)
        key[lo:hi] = ((who.astype(np.int64) * width + rel) << row_bits) | np.arange(lo, hi)
    del person, day
    key.sort()
    person = np.empty(m, dtype=np.int32)
    day = np.empty(m, dtype=np.int32)
    order = np.empty(m, dtype=index_type)
    for lo, hi in pieces(m):
        part = key[lo:hi]
        order[lo:hi] = part & ((1 << row_bits) - 1)
        who, rel = np.divmod(part >> row_bits, width)
        person[lo:hi] = who
        day[lo:hi] = registered[who] + rel + low
    return person, day, order


def reflection_amounts(vocab: Vocabulary) -> tuple[tuple[float, float], ...]:
    """The amounts of one reflection activity and their weights: :data:`REFLECTION_HOURS`,
    longer (in quarters) when a regular reflector would not record
    :data:`~vakmanschap.population.generate_vocabulary.REFLECTION_MARGIN` times the rule
    set's largest minimum of reflection with them on average."""
    from vakmanschap.population.generate_vocabulary import REFLECTION_MARGIN

    mean = sum(v * w for v, w in REFLECTION_HOURS) / sum(w for _, w in REFLECTION_HOURS)
    usual = vocab.cycle_years * REFLECTION_RATE * mean
    scale = REFLECTION_MARGIN * vocab.reflection_minimum / usual
    if scale <= 1.0:
        return REFLECTION_HOURS
    return tuple((round(v * scale * 4) / 4, w) for v, w in REFLECTION_HOURS)


def activity_values(rng: np.random.Generator, vocab: Vocabulary,
                    kind: Any) -> tuple[Any, Any, Any, Any]:
    """Category (int16), amount in hundredths (int32), accreditation and theme mask of every
    row, by its kind, in the order drawn."""
    m = len(kind)
    category = np.zeros(m, dtype=np.int16)
    index = {name: k for k, name in enumerate(vocab.categories)}
    for k, names in enumerate((vocab.formal, vocab.informal, vocab.reflection)):
        if names:
            choices = np.array([index[c] for c in names], dtype=np.int16)
            for rows in _rows_of(kind, k):
                if len(rows):
                    category[rows] = choices[rng.integers(0, len(choices), len(rows))]
    amount = np.zeros(m, dtype=np.int32)
    for k, table in enumerate((FORMAL_HOURS, INFORMAL_HOURS, reflection_amounts(vocab))):
        cents = np.rint(np.array([v for v, _ in table], dtype=np.float64) * 100).astype(np.int32)
        cdf = cumulative(table)
        for rows in _rows_of(kind, k):
            amount[rows] = cents[codes(rng, cdf, len(rows))]
    accredited = np.empty(m, dtype=bool)
    for lo, hi in pieces(m):
        accredited[lo:hi] = (kind[lo:hi] == 0) & (rng.random(hi - lo) < 0.85)
    t = len(vocab.themes)
    mask_type = theme_dtype(t)
    themes = np.zeros(m, dtype=mask_type)
    if t:  # none, one or two themes (two draws may coincide: then one)
        how_many = np.zeros(m, dtype=np.int8)
        for k, table in enumerate(THEME_COUNTS):
            counts = np.array([v for v, _ in table], dtype=np.int8)
            cdf = cumulative(table)
            for rows in _rows_of(kind, k):
                how_many[rows] = counts[codes(rng, cdf, len(rows))]
        one = mask_type(1)
        for draw in range(2):
            for lo, hi in pieces(m):
                bit = np.left_shift(one, rng.integers(0, t, hi - lo).astype(mask_type))
                themes[lo:hi] |= np.where(how_many[lo:hi] > draw, bit, mask_type(0))
    return category, amount, accredited, themes
