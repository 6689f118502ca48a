"""Tests for vakmanschap.population.person_records: activities rebuilt from the store."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings

import vakmanschap as vk
from population_strategies import population
from vakmanschap.model.records import Activity
from vakmanschap.population.fact_tables import ActivityTable
from vakmanschap.population.person_records import activities_of
from vakmanschap.population.store import Population


def _validated(acts: ActivityTable, lo: int, hi: int) -> list[Activity]:
    """The activities built through the validating constructor, as the store did before."""
    out = []
    for k in range(lo, hi):
        mask = int(acts.themes[k])
        provider = int(acts.provider[k])
        out.append(Activity(
            id=acts.activity_id(k), on=date.fromordinal(int(acts.day[k])),
            category=acts.categories[int(acts.category[k])], amount=int(acts.amount[k]) / 100,
            unit=acts.unit_name(k),
            themes=tuple(t for b, t in enumerate(acts.themes_names) if mask >> b & 1),
            accredited=bool(acts.accredited[k]),
            provider=acts.providers[provider] if provider >= 0 else None))
    return out


def _fields(activity: Activity) -> list[tuple[str, Any, type]]:
    return [(a.name, getattr(activity, a.name), type(getattr(activity, a.name)))
            for a in attrs.fields(Activity)]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(population())
def test_rebuilt_activities_equal_validated_ones(people: list[vk.Professional]) -> None:
    """Each rebuilt activity has the same value and type in every field as the one the
    validating constructor builds from the same stored values (other units included)."""
    store = Population.from_professionals(people)
    offsets = store.offsets("activities")
    for i in range(store.size):
        lo, hi = int(offsets[i]), int(offsets[i + 1])
        rebuilt = activities_of(store.activities, lo, hi)
        validated = _validated(store.activities, lo, hi)
        assert [_fields(a) for a in rebuilt] == [_fields(a) for a in validated]
        assert rebuilt == validated


def test_rebuilt_activities_are_frozen_records() -> None:
    """A rebuilt activity is an ordinary frozen Activity: equal, hashable, not assignable."""
    person = vk.Professional(id="p", activities=[vk.Activity(
        id="a", on="2024-02-29", category="formeel", hours=3.5, themes=["x", "y"],
        accredited=True, provider="NSOB")])
    store = attrs.evolve(Population.from_professionals([person]), objects=None)
    (activity,) = activities_of(store.activities, 0, 1)
    assert activity == person.activities[0]
    assert hash(activity) == hash(person.activities[0])
    try:
        activity.hours = 1.0  # type: ignore[misc]
    except attrs.exceptions.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a rebuilt activity could be changed")


def test_an_empty_range_has_no_activities() -> None:
    """A person without activities gets an empty list."""
    store = Population.from_professionals([vk.Professional(id="p")])
    assert activities_of(store.activities, 0, 0) == []
