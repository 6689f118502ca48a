"""Tests for vakmanschap.population.windows: each person's version, group and window."""

from __future__ import annotations

from datetime import date, timedelta
from importlib.resources import files
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from vakmanschap.engine.cycles import current_cycle
from vakmanschap.population.store import Population
from vakmanschap.population.windows import assign

GRID_RULES = ("nba", "nova")
OTHER_RULES = ("srpo", "big", "skj")
KINDS = ("registered", "reregistered", "reregistration_applied", "deferral_requested",
         "deferral_granted", "deregistered")


@st.composite
def _person(draw: Any, index: int) -> vk.Professional:
    """A professional with a few register events and leaves around 2021-2026."""
    # few distinct registration dates, so that histories differ only in later events
    anchor = draw(st.sampled_from([date(2021, 1, 1), date(2022, 2, 28), date(2023, 9, 1)]))
    events = [vk.RegisterEvent(id=f"e{index}-0", kind="registered", on=anchor)]
    for k in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(KINDS))
        on = anchor + timedelta(days=draw(st.integers(1, 2000)))
        until = on + timedelta(days=draw(st.integers(30, 400))) if kind == "deferral_granted" \
            else None
        events.append(vk.RegisterEvent(id=f"e{index}-{k + 1}", kind=kind, on=on, until=until))
    leaves = []
    for k in range(draw(st.sampled_from([0, 0, 1, 2]))):
        start = anchor + timedelta(days=draw(st.sampled_from([100, 400, 900])))
        leaves.append(vk.Leave(id=f"l{index}-{k}", start=start,
                               end=start + timedelta(days=draw(st.integers(0, 300))),
                               kind=draw(st.sampled_from([k.value for k in vk.LeaveKind]))))
    return vk.Professional(id=f"p{index}", events=events, leaves=leaves)


@st.composite
def _people(draw: Any) -> list[vk.Professional]:
    """Up to 8 professionals, some with the same history but other ids."""
    people = [draw(_person(i)) for i in range(draw(st.integers(1, 8)))]
    for copy in range(draw(st.integers(0, 2))):
        twin = people[copy % len(people)]
        people.append(attrs.evolve(twin, id=f"twin{copy}"))
    return people


def _pregnancy_capped() -> vk.RuleSet:
    """SRPO with its deferral maximum counted per pregnancy leave and for every registration,
    so that leaves change the cycle (no shipped rule set does that today)."""
    text = (files("vakmanschap") / "data" / "srpo.yaml").read_text(encoding="utf-8")
    old = ("        max: {years: 2}\n        max_registered_from: 2014-01-01\n"
           "        max_registered_until: 2015-12-31\n")
    assert old in text
    return vk.parse_rules(text.replace(old, "        max: {months: 3}\n        per: pregnancy\n"))


def _rebuilt(people: list[vk.Professional]) -> Population:
    """The population as a store without the objects, as it is when read from files."""
    return attrs.evolve(Population.from_professionals(people), objects=None)


def _expected(people: list[vk.Professional], rules: vk.RuleSet, on: date
              ) -> list[tuple[int, int, str | None]]:
    rows: list[tuple[int, int, str | None]] = []
    for person in people:
        cycle = current_cycle(person, rules, on)
        if cycle is None:
            rows.append((0, 0, None))
        else:
            rows.append((cycle.window.start.toordinal(), cycle.due.toordinal(), cycle.level))
    return rows


def _rows(found: Any, people: list[vk.Professional]) -> list[tuple[int, int, str | None]]:
    rows: list[tuple[int, int, str | None]] = []
    for i in range(len(people)):
        registered = int(found.plan[i]) >= 0 and int(found.due[i]) != 0
        rows.append((int(found.start[i]), int(found.due[i]), found.level[i]) if registered
                    else (0, 0, None))
    return rows


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_people(), st.sampled_from(GRID_RULES + OTHER_RULES + ("srpo-pregnancy",)),
       st.dates(date(2021, 1, 1), date(2032, 12, 31)))
def test_assignment_is_each_persons_own_cycle(people: list[vk.Professional], name: str,
                                              on: date) -> None:
    """The window and due date assigned to each person are those of their own current cycle,
    also when people with the same history share one computation."""
    rules = _pregnancy_capped() if name == "srpo-pregnancy" else vk.builtin_rules(name)
    try:
        expected = _expected(people, rules, on)
    except vk.VakmanschapError:
        with pytest.raises(vk.VakmanschapError):
            assign(_rebuilt(people), rules, on)
        return
    assert _rows(assign(_rebuilt(people), rules, on), people) == expected
    assert _rows(assign(Population.from_professionals(people), rules, on), people) == expected


def test_people_with_one_history_share_one_cycle() -> None:
    """Two people with the same events and leaves on a calendar grid get the same window."""
    day = date(2022, 3, 15)
    people = [vk.Professional(id=f"p{i}", events=[
        vk.RegisterEvent(id=f"r{i}", kind="registered", on=day),
        vk.RegisterEvent(id=f"d{i}", kind="deferral_requested", on=date(2024, 5, 1))])
        for i in range(2)]
    found = assign(_rebuilt(people), vk.builtin_rules("nba"), date(2025, 6, 1))
    assert found.start[0] == found.start[1] != 0
    assert found.due[0] == found.due[1] != 0
    assert np.array_equal(found.plan[:1], found.plan[1:])


def test_a_bad_history_names_its_own_person() -> None:
    """An error in one person's cycle names that person, not the first with the same dates."""
    rules = vk.builtin_rules("nba")
    before_rules = date(1990, 1, 1)  # no rule version is in force then
    people = [vk.Professional(id="first", events=[
        vk.RegisterEvent(id="r", kind="registered", on=before_rules),
        vk.RegisterEvent(id="x", kind="deferral_requested", on=date(1990, 6, 1))])]
    with pytest.raises(vk.VakmanschapError, match="first"):
        assign(_rebuilt(people), rules, date(2025, 6, 1))


def test_leaves_that_change_a_deferral_keep_people_apart() -> None:
    """Two people with the same events but not the same pregnancy leave, under a deferral
    maximum counted per pregnancy, get their own due dates."""
    def person(ident: str, leaves: list[vk.Leave]) -> vk.Professional:
        return vk.Professional(id=ident, leaves=leaves, events=[
            vk.RegisterEvent(id="r", kind="registered", on=date(2021, 1, 1)),
            vk.RegisterEvent(id="g", kind="deferral_granted", on=date(2024, 6, 1),
                             until=date(2026, 1, 1))])
    leave = vk.Leave(id="z", start=date(2023, 1, 1), end=date(2023, 4, 1), kind="pregnancy")
    people = [person("with", [leave]), person("without", [])]
    rules = _pregnancy_capped()
    on = date(2025, 3, 1)
    found = _rows(assign(_rebuilt(people), rules, on), people)
    assert found == _expected(people, rules, on)
    assert found[0] != found[1]
