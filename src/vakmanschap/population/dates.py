"""Date arithmetic on ordinal days, vectorised, as :class:`vakmanschap.model.periods.DatePolicy`
does it for one date."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

__all__ = ["add_months", "next_years"]

_UNIX = date(1970, 1, 1).toordinal()


def add_months(ordinals: Any, months: int, roll: bool) -> Any:
    """:meth:`DatePolicy.add` of ``months`` to ordinal days, vectorised: a day missing from
    the target month is clamped to its last day, or (``roll``) carried into the next month."""
    day = (np.asarray(ordinals, dtype=np.int64) - _UNIX).astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    offset = (day - month.astype("datetime64[D]")).astype(np.int64)  # day of month - 1
    target = month + np.timedelta64(months, "M")
    first = target.astype("datetime64[D]")
    if not roll:
        length = ((target + np.timedelta64(1, "M")).astype("datetime64[D]") - first).astype(
            np.int64)
        offset = np.minimum(offset, length - 1)
    return (first + offset.astype("timedelta64[D]")).astype(np.int64) + _UNIX


def next_years(ordinals: Any, years: int) -> Any:
    """1 January of the year ``years`` after that of each day."""
    day = (np.asarray(ordinals, dtype=np.int64) - _UNIX).astype("datetime64[D]")
    target = day.astype("datetime64[Y]") + np.timedelta64(years, "Y")
    return target.astype("datetime64[D]").astype(np.int64) + _UNIX
