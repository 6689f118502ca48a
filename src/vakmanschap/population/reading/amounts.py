"""The amount of each activity row of an HR export and the unit it is in: the columns
``hours``, ``points`` or ``amount`` with ``unit`` (exactly one amount per row, checked by the
reader), as the store keeps them (``amount`` in hundredths, ``points``, and unit codes when
some activity is in another unit: docs/rule-language.md#unit-conversion-per-category)."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["amounts_and_units"]


def amounts_and_units(values: dict[str, Any], present: set[str], count: int,
                      unit_names: tuple[str, ...]) -> tuple[Any, Any, Any, tuple[str, ...]]:
    """(amount, is_points, unit codes or None, unit names) of the rows; pops the amount
    columns from ``values`` (``unit_names``: the reader's unit codes, hours 0 and points 1)."""
    v = values
    if "amount" in present:  # amount + unit (hours or points with unit too)
        other, codes = v.pop("amount"), v.pop("unit") if "unit" in present else None
        code = np.where(other >= 0, codes if codes is not None else -1,
                        np.where(v["points"] >= 0, 1, 0) if "points" in present else 0)
        amount = other
        for name in ("hours", "points"):
            if name in present:
                column = v.pop(name)
                amount = np.where(column >= 0, column, amount)
        if (code >= 2).any():
            return amount, code == 1, code.astype(np.int8), unit_names
        return amount, code == 1, None, ()
    if "points" not in present:
        return v.pop("hours"), np.zeros(count, dtype=bool), None, ()
    if "hours" not in present:
        return v.pop("points"), np.ones(count, dtype=bool), None, ()
    is_points = v["points"] >= 0
    return np.where(is_points, v.pop("points"), v.pop("hours")), is_points, None, ()
