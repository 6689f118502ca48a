"""Time at work from employment records: the contract hours running on a day, and the pieces
of employment (first day, last day, weekly hours, leave kind) that ``work_hours`` counts.

Shared by the ``work_hours`` primitive (hours, averages) and its completion plan.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vakmanschap.engine.context import EvalContext
    from vakmanschap.model.records import Employment

__all__ = ["contract_hours", "pieces", "year_split"]


def contract_hours(employments: tuple[Employment, ...], roles: tuple[str, ...] | None,
                    on: date) -> float:
    """The weekly hours of the person's running contracts in ``roles`` on ``on``: the plan's
    extra hours come on top of these."""
    return float(sum(job.hours_per_week for job in employments
                     if (roles is None or job.role in roles) and job.start <= on
                     and (job.end is None or job.end >= on)))


def pieces(ctx: EvalContext, roles: tuple[str, ...] | None, lo: int, hi: int
            ) -> Iterator[tuple[int, int, float, str | None]]:
    """(first day, last day, weekly hours, leave kind or None) pieces of employment."""
    leaves = sorted((lv.start.toordinal(), lv.end.toordinal(), lv.kind.value)
                    for lv in ctx.professional.leaves)
    for job in ctx.professional.employments:
        if roles is not None and job.role not in roles:
            continue
        a = max(job.start.toordinal(), lo)
        b = min(job.end.toordinal() if job.end else hi, hi)
        cursor = a
        for start, end, kind in leaves:
            if end < cursor or start > b:
                continue
            if start > cursor:
                yield cursor, start - 1, job.hours_per_week, None
            s = max(start, cursor)
            e = min(end, b)
            if s <= e:
                yield s, e, job.hours_per_week, kind
                cursor = e + 1
        if cursor <= b:
            yield cursor, b, job.hours_per_week, None


def year_split(a: int, b: int) -> Iterator[tuple[int, int, int]]:
    while a <= b:
        year = date.fromordinal(a).year
        end = min(b, date(year, 12, 31).toordinal())
        yield a, end, year
        a = end + 1
