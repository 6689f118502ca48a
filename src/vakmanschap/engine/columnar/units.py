"""Unit conversion per category for a whole population, as
:func:`~vakmanschap.engine.primitives.activity_filter.prepare_activities` does it per person.

An activity recorded in a unit that its (recorded) category converts (``convert:`` in the
rule file: words, hours taught, ...) counts as the converted hundredths of the file's unit;
one recorded in a unit that is neither hours nor points and that its category does not
convert counts in no unit (every activity filter excludes it with the reason ``unit``). The
arrays are the same integers as per person (:meth:`Conversion.hundredths` on an int64 array).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vakmanschap.engine.columnar.source import ActivityColumns

if TYPE_CHECKING:
    import numpy as np

    from vakmanschap.engine.ruleset import RuleSet
else:
    from vakmanschap.lazy import numpy as np

__all__ = ["ConvertedActivities", "converted_activities"]


class ConvertedActivities:
    """The activities of a population with amounts and units as the rule set counts them:
    ``amount`` and ``points`` converted, ``other`` True where an activity counts in no unit;
    every other column is the store's."""

    def __init__(self, source: ActivityColumns, amount: Any, points: Any, other: Any) -> None:
        self._source = source
        self.amount, self.points, self.other = amount, points, other
        self.unit, self.units = None, ()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._source, name)

    def __len__(self) -> int:
        return len(self._source)


def converted_activities(acts: ActivityColumns, rules: RuleSet) -> ActivityColumns:
    """``acts`` as ``rules`` count them (``acts`` itself when nothing converts)."""
    convert = {(name, c.unit): c for name, spec in rules.categories.items()
               for c in spec.convert}
    codes = getattr(acts, "unit", None)
    if codes is None and not any(u in ("hours", "points") for _, u in convert):
        return acts
    names = tuple(getattr(acts, "units", ())) or ("hours", "points")
    if codes is None:
        codes = acts.points.astype(np.int8)
    amount = np.asarray(acts.amount).astype(np.int64)
    points = names_index(names, "points")
    is_points = codes == points
    other = ~(is_points | (codes == names_index(names, "hours")))
    changed = False
    for (category, unit), conversion in convert.items():
        if category not in acts.categories or unit not in names:
            continue
        rows = (acts.category == acts.categories.index(category)) & (
            codes == names.index(unit))
        if rows.any():
            changed = True
            amount[rows] = conversion.hundredths(amount[rows])
            is_points[rows] = rules.unit == "points"
            other[rows] = False
    if not changed and not other.any():
        return acts
    converted: Any = ConvertedActivities(acts, amount, is_points, other)
    return converted  # type: ignore[no-any-return]


def names_index(names: tuple[str, ...], unit: str) -> int:
    """The code of ``unit`` among ``names`` (-1 when absent: no activity has it)."""
    return names.index(unit) if unit in names else -1
