"""`check` and `timeline` give one answer per person and date (issue 11, item 1).

An assessment knows the professional's status on its date from the status timeline drawn over
the facts known on that date (the events up to and including it); a professional whose
registration is not running is never told that they meet the requirements, and is not ``ok``
(``vakmanschap check`` exits 1).
"""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from vakmanschap import strategies as vks
from vakmanschap.io import builtin_names

SHIPPED = builtin_names()
KINDS = [k for k in vk.EventKind if k is not vk.EventKind.REGISTERED]
MET_WORDS = ("Uitkomst: u voldoet aan de eisen", "Outcome: you meet the requirements")


@st.composite
def histories(draw: st.DrawFn, rules: vk.RuleSet) -> tuple[vk.Professional, date]:
    """A professional of ``rules`` with a registration and up to five later register events
    at random dates, and an assessment date."""
    first = max(rules.versions[0].valid_from, date(2009, 1, 1))
    start = draw(st.dates(first, first + timedelta(days=365 * 8)))
    person = draw(vks.professionals(rules, registered=None))
    level = draw(st.sampled_from([None, *rules.levels]))
    events = [vk.RegisterEvent(id="e0", kind="registered", on=start, level=level)]
    for index in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(KINDS))
        on = draw(st.dates(start, start + timedelta(days=365 * 12)))
        until = (draw(st.dates(on + timedelta(days=1), on + timedelta(days=800)))
                 if kind is vk.EventKind.DEFERRAL_GRANTED else None)
        events.append(vk.RegisterEvent(id=f"e{index + 1}", kind=kind, on=on, until=until,
                                       level=level if kind is vk.EventKind.REREGISTERED
                                       else None))
    on = draw(st.dates(start, start + timedelta(days=365 * 13)))
    return attrs.evolve(person, events=tuple(events)), on


def agree(rules: vk.RuleSet, person: vk.Professional, on: date) -> None:
    """The assessment's status is the timeline's on ``on``; nobody out of the register is told
    they meet the requirements or is ok."""
    try:
        a = rules.assess(person, on)
        a.standing  # derived from the timeline when first asked  # noqa: B018
    except vk.VakmanschapError:
        # the timeline, or the assessment without it, refuses the same facts
        with pytest.raises(vk.VakmanschapError):
            segments = rules.timeline(person, on + timedelta(days=1))
            rules.assess(person, on, with_standing=False)
        return
    segments = rules.timeline(person, on + timedelta(days=1))
    here = next(s for s in segments if s.start <= on < s.end)
    assert a.standing is not None
    assert (a.standing.status, a.standing.since, a.standing.registered) == (
        here.status, here.start, here.registered)
    if a.group != "registration":
        assert a.ok == (a.met and here.registered)
    text = a.explain("nl") + a.explain("en")
    if any(words in text for words in MET_WORDS):
        assert here.registered, text
    if not here.registered:
        assert here.title("nl") in a.explain("nl") and here.title("en") in a.explain("en")
    data = a.to_dict()
    assert data["status"]["status"] == here.status and data["ok"] == a.ok


@pytest.mark.parametrize("name", SHIPPED)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_check_and_timeline_agree(name: str, data: st.DataObject) -> None:
    """For random histories under each shipped register, check and timeline agree."""
    rules = vk.builtin_rules(name)
    agree(rules, *data.draw(histories(rules)))


@pytest.mark.slow
@pytest.mark.parametrize("name", SHIPPED)
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_check_and_timeline_agree_thoroughly(name: str, data: st.DataObject) -> None:
    """The agreement over 600 random histories per shipped register (slow)."""
    rules = vk.builtin_rules(name)
    agree(rules, *data.draw(histories(rules)))


NURSE = {
    "id": "nurse",
    "events": [{"id": "r1", "kind": "registered", "on": "2021-09-01",
                "level": "verpleegkundige"}],
    "employments": [{"id": "e1", "start": "2021-09-01", "hours_per_week": 30,
                     "role": "verpleegkundige"}],
}


def test_struck_off_nurse_is_told_so() -> None:
    """The BIG nurse whose deadline passed without an application is struck off, not 'met'."""
    a = vk.builtin_rules("big").assess(vk.Professional.from_dict(NURSE), "2026-11-30")
    assert a.standing is not None and a.standing.status == "doorgehaald"
    assert a.standing.since == date(2026, 9, 1) and not a.ok
    nl, en = a.explain("nl"), a.explain("en")
    assert "doorgehaald sinds 1 september 2026" in nl
    assert "struck off since 1 September 2026" in en
    assert "de periode die eindigde op 31 augustus 2026" in nl
    assert "Wat nu:" in nl and "What now:" in en
    assert not any(words in nl + en for words in MET_WORDS)


def test_registered_professional_is_ok_when_met() -> None:
    """In a running term the status is only in the JSON, and ok follows met."""
    rules = vk.builtin_rules("big")
    person = vk.Professional.from_dict(NURSE)
    a = rules.assess(person, "2023-06-01")
    assert a.standing is not None and a.standing.registered and a.ok == a.met
    assert "Status op" not in a.explain("nl")


def test_without_events_there_is_no_standing() -> None:
    """A professional without register events has no status; assess says nothing of it."""
    a = vk.builtin_rules("srpo").assess(vk.Professional(id="x"), "2024-01-01")
    assert a.standing is None and a.in_register and a.to_dict()["status"] is None
