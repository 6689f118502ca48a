"""Each person's window cut into periods, as :meth:`Every.parts` cuts one window, vectorised
over the distinct windows of a columnar context."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.columnar.arrays import dense_unique
from vakmanschap.engine.columnar.dates import add_months, next_years
from vakmanschap.model.periods import Every

if TYPE_CHECKING:
    import numpy as np
else:
    from vakmanschap.lazy import numpy as np

if TYPE_CHECKING:
    from vakmanschap.engine.columnar.context import ColumnarContext

__all__ = ["PeriodParts", "part_index", "split_windows"]


@attrs.frozen
class PeriodParts:
    """Per person the periods of their window: ``count[i]`` parts, part ``p`` spanning
    ``start[p, i]`` .. ``end[p, i]`` (``incl[p, i]``)."""

    count: Any
    start: Any
    end: Any
    incl: Any


def split_windows(ctx: ColumnarContext, every: Every) -> PeriodParts:
    """Split each person's window as :meth:`Every.parts` does: part boundaries are
    ``policy.add(start, k steps)`` (or 1 January of the next years for calendar years)
    before the window's end; the last part keeps the window's own end (and
    ``end_inclusive``)."""
    frame = ctx.frame
    roll = frame.rules.date_policy.month_end == "roll"
    idx = np.flatnonzero(ctx.mask)
    # a window as one integer: (start, length, inclusive end), which lie in small ranges
    first = ctx.start[idx].astype(np.int64)
    length = ctx.end[idx].astype(np.int64) - first
    s0 = int(first.min()) if len(idx) else 0
    l0 = int(length.min()) if len(idx) else 0
    lengths = int(length.max()) - l0 + 1 if len(idx) else 1
    key = ((first - s0) * lengths + (length - l0)) * 2 + ctx.incl[idx].astype(np.int64)
    uniques, inverse = dense_unique(key)
    u_start = uniques // (2 * lengths) + s0
    u_end = u_start + (uniques // 2) % lengths + l0
    u_incl = (uniques & 1).astype(bool)
    step = every.step_months
    bounds = []
    k = 1
    while len(uniques):
        b = next_years(u_start, k) if step == 0 else add_months(u_start, step * k, roll)
        valid = b < u_end  # a boundary on or after the window's end: the last part
        if not valid.any():
            break
        bounds.append(np.where(valid, b, 0))
        k += 1
    u_count = 1 + sum((b != 0).astype(np.int64) for b in bounds) if bounds else \
        np.ones(len(uniques), dtype=np.int64)
    width = int(u_count.max()) if len(uniques) else 0
    t_start = np.zeros((width, len(uniques)), dtype=np.int64)
    t_end = np.zeros_like(t_start)
    t_incl = np.zeros(t_start.shape, dtype=bool)
    for p in range(width):
        t_start[p] = u_start if p == 0 else bounds[p - 1]
        final = u_count - 1 == p
        t_end[p] = np.where(final, u_end, bounds[p] if p < len(bounds) else 0)
        t_incl[p] = final & u_incl
    n = frame.n
    count = np.zeros(n, dtype=np.int64)
    start = np.zeros((width, n), dtype=np.int32)
    end = np.zeros((width, n), dtype=np.int32)
    incl = np.zeros((width, n), dtype=bool)
    count[idx] = u_count[inverse]
    start[:, idx] = t_start[:, inverse]
    end[:, idx] = t_end[:, inverse]
    incl[:, idx] = t_incl[:, inverse]
    return PeriodParts(count, start, end, incl)


def part_index(ctx: ColumnarContext, parts: PeriodParts) -> Any:
    """Per activity the number of part boundaries on or before its day (its part when it
    is inside the window)."""
    frame = ctx.frame
    index = np.zeros(len(frame.activities), dtype=np.uint8)
    never = np.iinfo(np.int32).max
    for p in range(1, parts.start.shape[0]):
        bound = np.where(ctx.mask & (parts.count > p), parts.start[p], never)
        index += frame.activities.day >= frame.expand(bound)
    return index
