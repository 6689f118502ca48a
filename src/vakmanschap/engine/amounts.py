"""Amounts both evaluators compute, each defined once in its scalar and its vector form.

The per-person engine (``Requirement.evaluate``) calls these with plain numbers, the columnar
evaluator (:mod:`vakmanschap.engine.columnar`) with one value per person; the two branches of
each function do the same float operations in the same order, so that both evaluators agree
to the last bit (tests/test_amounts.py checks it).

Amounts are integer hundredths (``cents``): sums are exact, rounding happens only where a
rule declares it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
else:
    from vakmanschap.lazy import numpy as np

__all__ = ["cents", "derived_shortfall", "is_scalar", "meets_prorated_minimum", "prorate_factor",
           "prorated_minimum"]


# The per-person engine calls these for every node of every assessment with Python numbers:
# an exact type test answers for them in tens of nanoseconds (np.ndim takes about a
# microsecond). Anything else (numpy scalars, arrays, lists) is still asked np.ndim, so the
# answer is the same for every input; only the time differs.
_PLAIN: frozenset[type] = frozenset((int, float, bool, type(None)))


def is_scalar(value: Any) -> bool:
    """One value rather than an array (without importing numpy for a Python number)."""
    return type(value) in _PLAIN or np.ndim(value) == 0


def _scalar(*values: Any) -> bool:
    # A loop, not all(<genexpr>) as ruff would have it: no generator object per call.
    for value in values:  # noqa: SIM110
        if type(value) not in _PLAIN and np.ndim(value) != 0:
            return False
    return True


def cents(value: Any) -> Any:
    """``round(value * 100)``: a parameter in hundredths (None stays None)."""
    if value is None:
        return None
    if is_scalar(value):
        return round(value * 100)
    return np.rint(np.asarray(value, dtype=np.float64) * 100).astype(np.int64)


def prorate_factor(prorate: tuple[str, ...], fte: Any, entry: Any, start: Any, last: Any
                   ) -> Any:
    """The factor applied to a minimum: ``min(fte, 1)`` (``fte``) and/or the share of the
    window's days from the entry date on (``late_entry``).

    Days are ordinals: ``entry`` (0: unknown), the window's ``start`` and ``last`` day. A
    window without days (``last < start``: people outside a columnar context) keeps the
    factor as it is.
    """
    if _scalar(fte, entry, start, last):
        factor = 1.0
        if "fte" in prorate:
            factor *= min(fte, 1.0)
        if "late_entry" in prorate and entry and entry > start:
            factor *= max(0, last - entry + 1) / (last - start + 1)
        return factor
    vector: Any = 1.0
    if "fte" in prorate:
        vector = np.minimum(np.asarray(fte, dtype=np.float64), 1.0)
    if "late_entry" in prorate:
        last = np.asarray(last, dtype=np.int64)
        days = (last - start + 1).astype(np.float64)
        remaining = np.maximum(0, last - entry + 1).astype(np.float64)
        late = (entry != 0) & (entry > start) & (days > 0)
        share = remaining / np.where(days > 0, days, 1.0)
        vector = np.where(late, vector * share, vector)
    return vector


def prorated_minimum(minimum: Any, factor: Any, rounding: str) -> Any:
    """The minimum in hundredths after pro rata, rounded up as declared (``whole``: to a
    whole unit, else to the hundredth)."""
    if _scalar(minimum, factor):
        raw = round(minimum * 100) * factor
        if rounding == "whole":
            return math.ceil(raw / 100 - 1e-9) * 100
        return math.ceil(raw - 1e-9)
    raw = cents(minimum) * np.asarray(factor, dtype=np.float64)
    if rounding == "whole":
        return (np.ceil(raw / 100 - 1e-9) * 100).astype(np.int64)
    return np.ceil(raw - 1e-9).astype(np.int64)


def meets_prorated_minimum(total: Any, minimum: Any, factor: Any, rounding: str) -> Any:
    """``total >= prorated_minimum(minimum, factor, rounding)`` for whole ``total``, without
    materialising the rounded minimum (a sweep compares people x values): for a whole number
    t, ``t >= ceil(x)`` exactly when ``t >= x``, and ``t >= 100 * ceil(y)`` exactly when
    ``t // 100 >= y`` (x, y the float expressions :func:`prorated_minimum` rounds)."""
    if _scalar(minimum, factor):
        return total >= prorated_minimum(minimum, factor, rounding)
    raw = cents(minimum) * np.asarray(factor, dtype=np.float64)
    if rounding == "whole":
        return total // 100 >= raw / 100 - 1e-9
    return total >= raw - 1e-9


def derived_shortfall(required: Any, actual: Any) -> Any:
    """``max(0, round(required - actual, 2))``: what is still missing (NaN stays NaN).

    Both values are whole hundredths divided by 100 (or, for work hours, rounded to them),
    so their difference lies within rounding error of a hundredth: Python's correctly
    rounded ``round`` and numpy's scaled rounding give the same result there.
    """
    # Every node of every assessment comes here: two Python numbers are recognised without
    # even calling _scalar.
    if (type(required) in _PLAIN and type(actual) in _PLAIN) or _scalar(required, actual):
        return max(0.0, round(required - actual, 2))
    return np.maximum(0.0, np.round(np.subtract(required, actual), 2))
