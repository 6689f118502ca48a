"""Date arithmetic on ordinal days, vectorised, as :class:`vakmanschap.model.periods.DatePolicy`
does it for one date (the columnar evaluator and the population's cycle assignment use it)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from vakmanschap.model.periods import DatePolicy

if TYPE_CHECKING:
    import numpy as np
else:
    from vakmanschap.lazy import numpy as np

__all__ = ["add_months", "months_after", "next_years"]

_UNIX = date(1970, 1, 1).toordinal()


def add_months(ordinals: Any, months: Any, roll: bool) -> Any:
    """:meth:`DatePolicy.add` of ``months`` (one number, or one per day) to ordinal days,
    vectorised: a day missing from the target month is clamped to its last day, or
    (``roll``) moved to the first day of the next month (31 January + 1 month = 1 March),
    as ``DatePolicy.add`` does."""
    day = (np.asarray(ordinals, dtype=np.int64) - _UNIX).astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    offset = (day - month.astype("datetime64[D]")).astype(np.int64)  # day of month - 1
    target = month + np.asarray(months, dtype=np.int64).astype("timedelta64[M]")
    first = target.astype("datetime64[D]")
    length = ((target + np.timedelta64(1, "M")).astype("datetime64[D]") - first).astype(
        np.int64)
    clamped = np.minimum(offset, length - 1)
    moved = (first + clamped.astype("timedelta64[D]")).astype(np.int64) + _UNIX
    if roll:  # the day is missing from the target month: the next month's first day
        moved = moved + (offset > clamped)
    return moved


def next_years(ordinals: Any, years: int) -> Any:
    """1 January of the year ``years`` after that of each day."""
    day = (np.asarray(ordinals, dtype=np.int64) - _UNIX).astype("datetime64[D]")
    target = day.astype("datetime64[Y]") + np.timedelta64(years, "Y")
    return target.astype("datetime64[D]").astype(np.int64) + _UNIX


def months_after(days: Any, months: Any, mask: Any, policy: DatePolicy) -> Any:
    """``policy.add(day, months=m)`` per person in ``mask`` (0 elsewhere), vectorised
    (:func:`add_months`)."""
    n = len(days)
    out = np.zeros(n, dtype=np.int64)
    idx = np.flatnonzero(mask)
    m = np.broadcast_to(np.asarray(months, dtype=np.int64), (n,))
    out[idx] = add_months(days[idx], m[idx], policy.month_end == "roll")
    return out
