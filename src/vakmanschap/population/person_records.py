"""A person's activities rebuilt from the columnar store, without validating them again.

Every value in the store passed the record validators when it was loaded (or was produced by
them), so rebuilding an :class:`~vakmanschap.model.records.Activity` through its converters
again only repeats that work: it was most of the time of an evaluation that judges people one
by one (a primitive without a columnar version, e.g. NOvA's themes per listed theme, builds
every person's activities). The objects are built exactly as the validated constructor would
leave them; ``tests/test_person_records.py`` holds them equal, field by field and type by type,
to the ones built through the constructor.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from vakmanschap.model.records import Activity
from vakmanschap.population.fact_tables import ActivityTable

__all__ = ["activities_of"]

_NAMES = tuple(a.name for a in attrs.fields(Activity))
_NEW = object.__new__
_SET = object.__setattr__


def _activity(values: tuple[Any, ...]) -> Activity:
    activity: Activity = _NEW(Activity)
    for name, value in zip(_NAMES, values, strict=True):
        _SET(activity, name, value)
    return activity


def activities_of(acts: ActivityTable, lo: int, hi: int) -> list[Activity]:
    """The activities ``lo`` to ``hi`` (exclusive) of the table, as records."""
    if hi <= lo:
        return []
    names = acts.themes_names
    masks: dict[int, tuple[str, ...]] = {}
    categories = acts.categories
    providers = acts.providers
    out = []
    for k, amount, day, category, mask, accredited, provider in zip(
            range(lo, hi), acts.amount[lo:hi].tolist(), acts.day[lo:hi].tolist(),
            acts.category[lo:hi].tolist(), acts.themes[lo:hi].tolist(),
            acts.accredited[lo:hi].tolist(), acts.provider[lo:hi].tolist(), strict=True):
        themes = masks.get(mask)
        if themes is None:
            themes = masks[mask] = tuple(t for b, t in enumerate(names) if mask >> b & 1)
        value = amount / 100
        unit = acts.unit_name(k)
        # the order of attrs.fields(Activity): hours=/points= are the one form of those units
        out.append(_activity((
            acts.activity_id(k), date.fromordinal(day), categories[category],
            value if unit == "hours" else None, value if unit == "points" else None,
            themes, bool(accredited), providers[provider] if provider >= 0 else None,
            None, None,
            None if unit in ("hours", "points") else value,
            None if unit in ("hours", "points") else unit)))
    return out
