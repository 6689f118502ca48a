"""Average weekly hours over a stretch of days, from pieces of employment.

``work_hours`` with ``min_per_week`` asks for an average: SKJ's jeugdzorgwerkers needed "in de
looptijd van de herregistratie minimaal 2 jaar werkervaring [...] van gemiddeld 16 uur per
week" (docs/registers/sources.md §3.2). The hours of each day are the contract hours spread
evenly over the week (weekly hours / 7), as ``work_hours`` counts them; leave that counts up
to a cap counts day by day until the calendar year's room is used. The average over a stretch
of ``span`` days is its hours times 7 divided by ``span``; the best stretch is the one with
the most hours (the earliest of equals).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
else:
    from vakmanschap.lazy import numpy as np

__all__ = ["best_stretch", "daily_hours"]


def daily_hours(pieces: Iterable[tuple[int, int, float, str | None]], counts: frozenset[str],
                capped: dict[str, float], lo: int, hi: int) -> np.ndarray:
    """Hours per day for the days ``lo..hi`` (ordinals, inclusive) from pieces of employment
    (first day, last day, weekly hours, leave kind or None), in chronological order."""
    days = np.zeros(max(hi - lo + 1, 0), dtype=np.float64)
    used: dict[tuple[str, int, float], float] = {}
    for a, b, weekly, kind in sorted(pieces):
        a, b = max(a, lo), min(b, hi)
        if a > b or (kind is not None and kind not in counts and kind not in capped):
            continue
        rate = weekly / 7
        if kind is None or kind in counts:
            days[a - lo:b - lo + 1] += rate
            continue
        day = a
        while day <= b:
            year = date.fromordinal(day).year
            end = min(b, date(year, 12, 31).toordinal())
            key = (kind, year, weekly)
            room = capped[kind] * weekly - used.get(key, 0.0)
            whole_days = int(room // rate) if rate > 0 else 0
            take = min(whole_days, end - day + 1)
            days[day - lo:day - lo + take] += rate
            used[key] = used.get(key, 0.0) + take * rate
            rest = room - take * rate
            if take < end - day + 1 and rest > 1e-12:
                days[day - lo + take] += rest
                used[key] += rest
            day = end + 1
    return days


def best_stretch(days: np.ndarray, span: int) -> tuple[float, int]:
    """The most hours in any ``span`` consecutive days (all of them when fewer) and the
    offset of the first day of that stretch."""
    if span <= 0 or len(days) == 0:
        return 0.0, 0
    if len(days) <= span:
        return float(days.sum()), 0
    sums = np.concatenate(([0.0], np.cumsum(days)))
    totals = sums[span:] - sums[:-span]
    best = int(np.argmax(totals + 0.0))
    return float(totals[best]), best
