"""Registration cycles from register decisions (vakmanschap.engine.cycles)."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import VOCABULARY, assess, person, rules_for
from vakmanschap.engine import cycles as cycles_module
from vakmanschap.engine.cycles import current_cycle, open_cycle

REQ = "{id: tot, title: Tot, total: {min: 1}}"
FROM_DECISION = rules_for(REQ, years=5)
FROM_DUE = rules_for(REQ, years=4, next_due="from_previous_due")
FAR = date(2060, 1, 1)


def event(ident: str, kind: str, on: str, **kwargs: object) -> vk.RegisterEvent:
    """A register event."""
    return vk.RegisterEvent(id=ident, kind=kind, on=on, **kwargs)  # type: ignore[arg-type]


def pro(*events: vk.RegisterEvent) -> vk.Professional:
    """A professional with only these register events."""
    return vk.Professional(id="p", events=events)


def test_registration_opens_a_cycle() -> None:
    """A registration decision opens a cycle of the version's term, due at its end."""
    (c,) = vk.cycles(pro(event("r", "registered", "2020-03-15", level="n1")), FROM_DECISION, FAR)
    assert (c.start, c.due, c.decided_on, c.level) == (date(2020, 3, 15), date(2025, 3, 15),
                                                       date(2020, 3, 15), "n1")
    assert c.window == vk.Window(date(2020, 3, 15), date(2025, 3, 15))
    assert c.version.id == c.judged_by.id == "v1"


def test_reregistration_from_decision() -> None:
    """Under from_decision the next cycle starts on the re-registration decision."""
    events = (event("r", "registered", "2015-01-01"), event("rr", "reregistered", "2019-06-01"))
    _, second = vk.cycles(pro(*events), FROM_DECISION, FAR)
    assert second.start == date(2019, 6, 1) and second.due == date(2024, 6, 1)
    assert second.decided_on == date(2019, 6, 1)


def test_reregistration_from_previous_due_keeps_the_rhythm() -> None:
    """Under from_previous_due a late decision still starts the next cycle on the old due."""
    events = (event("r", "registered", "2015-01-01", level="n2"),
              event("rr", "reregistered", "2019-03-01"))
    first, second = vk.cycles(pro(*events), FROM_DUE, FAR)
    assert first.due == date(2019, 1, 1)
    assert (second.start, second.due, second.decided_on) == (date(2019, 1, 1), date(2023, 1, 1),
                                                             date(2019, 3, 1))
    assert second.level == "n2"  # kept from the previous decision


def test_deregistration_ends_the_registration() -> None:
    """After a deregistration or striking off no cycle runs until a new registration."""
    events = (event("r", "registered", "2015-01-01"), event("d", "deregistered", "2017-01-01"),
              event("r2", "registered", "2018-05-01"))
    p = pro(*events)
    assert [c.start for c in vk.cycles(p, FROM_DECISION, FAR)] == [date(2015, 1, 1),
                                                                    date(2018, 5, 1)]
    assert current_cycle(p, FROM_DECISION, date(2017, 6, 1)) is None
    assert current_cycle(p, FROM_DECISION, date(2018, 5, 1)).start == date(2018, 5, 1)  # type: ignore[union-attr]
    struck = pro(event("r", "registered", "2015-01-01"), event("s", "struck_off", "2016-01-01"))
    assert current_cycle(struck, FROM_DECISION, date(2016, 1, 1)) is None


def test_decisions_after_the_date_are_ignored() -> None:
    """cycles() and current_cycle() only see decisions on or before the date."""
    events = (event("r", "registered", "2015-01-01"), event("rr", "reregistered", "2020-01-01"))
    assert len(vk.cycles(pro(*events), FROM_DECISION, date(2019, 12, 31))) == 1
    assert current_cycle(pro(*events), FROM_DECISION, date(2014, 1, 1)) is None


def test_overdue_cycle_is_still_the_current_one() -> None:
    """After the due date, without a new decision, the overdue cycle is the current one."""
    p = pro(event("r", "registered", "2015-01-01"))
    c = current_cycle(p, FROM_DECISION, date(2021, 1, 1))
    assert c is not None and c.due == date(2020, 1, 1)


def test_version_term_and_transitional_law() -> None:
    """A cycle has the term of the version in force at its start; a later version that
    declares judge_running_cycles judges the cycles still running when it starts."""
    text = VOCABULARY % {"unit": "hours", "date_policy": ""} + """\
versions:
  - id: oud
    title: Oud
    valid_from: 2000-01-01
    source: s1
    cycle: {years: 4}
    reregistration: {id: tot, title: Tot, total: {min: 160}}
  - id: nieuw
    title: Nieuw
    valid_from: 2022-09-01
    source: s2
    cycle: {years: 5}
    judge_running_cycles: true
    reregistration: {id: tot, title: Tot, total: {min: 100}}
"""
    rules = vk.parse_rules(text, "test.yaml")
    (running,) = vk.cycles(pro(event("r", "registered", "2020-01-01")), rules, FAR)
    assert running.due == date(2024, 1, 1)  # the old term
    assert (running.version.id, running.judged_by.id) == ("oud", "nieuw")
    a = rules.assess(person(), "2023-06-01")
    assert a.version == "nieuw" and a.result.required == 100.0
    (later,) = vk.cycles(pro(event("r", "registered", "2023-01-01")), rules, FAR)
    assert later.due == date(2028, 1, 1) and later.version.id == "nieuw"
    (before,) = vk.cycles(pro(event("r", "registered", "2010-01-01")), rules, FAR)
    assert before.judged_by.id == "oud"  # ended before the new version took effect


def test_inclusive_policy_window() -> None:
    """With window_end inclusive the due date belongs to the cycle."""
    rules = rules_for(REQ, date_policy="{window_end: inclusive}")
    (c,) = vk.cycles(pro(event("r", "registered", "2020-01-01")), rules, FAR)
    assert c.window.end_inclusive and date(2024, 1, 1) in c.window


def test_inclusive_from_previous_due_cycles_do_not_overlap() -> None:
    """Consecutive cycles share no day, also when the due date is inclusive."""
    rules = rules_for(REQ, next_due="from_previous_due", date_policy="{window_end: inclusive}")
    events = (event("r", "registered", "2016-01-01"), event("rr", "reregistered", "2020-02-01"))
    first, second = vk.cycles(pro(*events), rules, FAR)
    assert first.window.last_day < second.window.start
    assert second.due == date(2024, 1, 1), "the rhythm of due dates is kept"


def test_assessment_uses_the_running_cycle() -> None:
    """assess judges the cycle running on the date, with its version and deadline."""
    p = person(events=[event("rr", "reregistered", "2024-02-01")])
    a = assess(FROM_DUE, p, on="2025-01-01")
    assert a.cycle is not None and a.cycle.start == date(2024, 1, 1)
    assert a.deadline == date(2028, 1, 1)


# -- properties ----------------------------------------------------------------------------------


@st.composite
def decision_histories(draw: st.DrawFn) -> list[vk.RegisterEvent]:
    """A registration followed by re-registrations, each within a year of the previous due."""
    day = draw(st.dates(date(2005, 1, 1), date(2015, 1, 1)))
    out = [vk.RegisterEvent(id="e0", kind="registered", on=day)]
    for i in range(1, draw(st.integers(1, 4)) + 1):
        day = day + timedelta(days=draw(st.integers(30, 4 * 365 + 200)))
        out.append(vk.RegisterEvent(id=f"e{i}", kind="reregistered", on=day))
    return out


@given(decision_histories())
def test_from_previous_due_cycles_are_contiguous(events: list[vk.RegisterEvent]) -> None:
    """Under from_previous_due each cycle starts where the previous one was due."""
    found = vk.cycles(pro(*events), FROM_DUE, FAR)
    assert len(found) == len(events)
    for before, after in itertools.pairwise(found):
        assert after.start == before.due
        assert before.window.last_day + timedelta(days=1) == after.window.start
    for c in found:
        assert c.due == vk.DatePolicy().add(c.start, years=4)


@given(decision_histories())
def test_from_decision_cycles_start_on_their_decision(events: list[vk.RegisterEvent]) -> None:
    """Under from_decision every cycle starts on the decision that opened it."""
    found = vk.cycles(pro(*events), FROM_DECISION, FAR)
    assert [c.start for c in found] == [e.on for e in events]
    assert all(c.due == vk.DatePolicy().add(c.start, years=5) for c in found)


@given(decision_histories(), st.randoms(use_true_random=False))
def test_event_order_does_not_matter(events: list[vk.RegisterEvent],
                                     rnd: st.SearchStrategy[object]) -> None:
    """The cycles follow the dates of the decisions, not the order they are listed in."""
    shuffled = list(events)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    for rules in (FROM_DUE, FROM_DECISION):
        assert vk.cycles(pro(*events), rules, FAR) == vk.cycles(pro(*shuffled), rules, FAR)


@given(decision_histories(), st.dates(date(2004, 1, 1), date(2040, 1, 1)))
def test_current_cycle_is_the_last_opened(events: list[vk.RegisterEvent], on: date) -> None:
    """The current cycle is the last one opened by a decision on or before the date."""
    found = vk.cycles(pro(*events), FROM_DUE, on)
    current = current_cycle(pro(*events), FROM_DUE, on)
    assert current == (found[-1] if found else None)


def test_person_level_profession_is_the_registration_level() -> None:
    """A registration decision without a level takes the professional's profession; an
    undeclared profession is a DataError naming the field."""
    rules = vk.parse_rules(
        "register: t\ntitle: T\nsource: Wet\nunit: hours\ncategories: {formeel: Formeel}\n"
        "levels: {arts: Arts, verpleegkundige: Verpleegkundige}\n"
        "versions:\n  - id: v1\n    title: V1\n    valid_from: 2000-01-01\n    source: R\n"
        "    cycle: {years: 5}\n    reregistration: {id: vp, title: Als verpleegkundige, "
        "registered_level: {levels: [verpleegkundige]}}\n", "t.yaml")
    nurse = vk.Professional.from_dict({"id": "n", "profession": "verpleegkundige", "events": [
        {"id": "r", "kind": "registered", "on": "2020-01-01"}]})
    a = rules.assess(nurse, "2021-01-01")
    assert a.level == "verpleegkundige" and a.met
    assert rules.timeline(nurse, "2021-01-01")[0].level == "verpleegkundige"
    with pytest.raises(vk.DataError, match="unknown profession 'kapper'"):
        rules.assess(attrs.evolve(nurse, profession="kapper"), "2021-01-01")


# -- terms on a calendar grid, reporting time, phase-in by level -------------------------

def _grid_rules(extra: str = "") -> vk.RuleSet:
    """Two versions: three-year blocks from 2013 until 2020, then calendar years (from
    2019 for level n2), judged for one month after a block ends."""
    return vk.parse_rules(VOCABULARY % {"unit": "hours", "date_policy": ""} + f"""\
versions:
  - id: uren
    title: Uren
    valid_from: 2013-01-01
    source: Reglement
    cycle: {{years: 3, grid: 2013-01-01{extra}}}
    reregistration: {REQ}
  - id: portfolio
    title: Portfolio
    valid_from: 2021-01-01
    valid_from_by_level: {{n2: 2019-01-01}}
    source: Reglement
    cycle: {{years: 1, grid: 2019-01-01, reporting: {{months: 1}}}}
    reregistration: {REQ}
""", "test.yaml")


def test_grid_blocks_open_by_themselves() -> None:
    """On a grid, the block holding the assessment date is judged without any re-registration
    decision; a registration inside a block starts on its date and ends with the block."""
    rules = _grid_rules()
    c = current_cycle(pro(event("r", "registered", "2014-06-01", level="n1")), rules,
                      date(2017, 6, 30))
    assert c is not None and (c.start, c.due) == (date(2016, 1, 1), date(2019, 1, 1))
    (first, *_) = vk.cycles(pro(event("r", "registered", "2014-06-01", level="n1")), rules,
                            date(2017, 6, 30))
    assert (first.start, first.due) == (date(2014, 6, 1), date(2016, 1, 1))


def test_grid_block_ends_when_a_later_version_takes_effect() -> None:
    """The block that starts in 2019 ends on 1 January 2021, when the next version starts."""
    c = current_cycle(pro(event("r", "registered", "2013-01-01", level="n1")), _grid_rules(),
                      date(2020, 6, 1))
    assert c is not None and (c.start, c.due, c.version.id) == (
        date(2019, 1, 1), date(2021, 1, 1), "uren")


def test_phase_in_by_level() -> None:
    """For level n2 the later version applies from 2019 (valid_from_by_level): its 2019 is a
    calendar-year block of the new version; the old block ends on 1 January 2019."""
    rules = _grid_rules()
    p = pro(event("r", "registered", "2013-01-01", level="n2"))
    c = current_cycle(p, rules, date(2019, 6, 1))
    assert c is not None and (c.start, c.due, c.version.id) == (
        date(2019, 1, 1), date(2020, 1, 1), "portfolio")
    assert rules.version_at(date(2019, 6, 1), "n2").id == "portfolio"
    assert rules.version_at(date(2019, 6, 1), "n1").id == "uren"
    assert rules.version_at(date(2019, 6, 1)).id == "uren"


def test_reporting_time_keeps_judging_the_block_that_ended() -> None:
    """Within the reporting month after a block the ended block is judged; after it the new
    one."""
    rules = _grid_rules()
    p = pro(event("r", "registered", "2013-01-01", level="n1"))
    during = current_cycle(p, rules, date(2022, 1, 31))
    after = current_cycle(p, rules, date(2022, 2, 1))
    assert during is not None and during.start == date(2021, 1, 1)
    assert after is not None and after.start == date(2022, 1, 1)


def test_grid_and_phase_in_errors_are_reported() -> None:
    """reporting without a grid, an unknown level and a phase-in date not before valid_from
    are load errors with their location."""
    bad = VOCABULARY % {"unit": "hours", "date_policy": ""} + f"""\
versions:
  - id: v1
    title: V1
    valid_from: 2013-01-01
    source: R
    cycle: {{years: 1, reporting: {{months: 1}}}}
    reregistration: {REQ}
  - id: v2
    title: V2
    valid_from: 2021-01-01
    valid_from_by_level: {{nx: 2019-01-01, n1: 2022-01-01}}
    source: R
    cycle: {{years: 1}}
    reregistration: {REQ}
"""
    with pytest.raises(vk.RuleFileError) as info:
        vk.parse_rules(bad, "test.yaml")
    text = str(info.value)
    assert "reporting needs a grid" in text
    assert "unknown level 'nx'" in text
    assert "n1: 2022-01-01 is not before valid_from" in text


@given(st.dates(date(2013, 1, 1), date(2030, 12, 31)),
       st.dates(date(2013, 1, 1), date(2030, 12, 31)))
def test_grid_block_holds_the_date(registered: date, on: date) -> None:
    """Property: on a grid, the judged block holds the assessment date (or, within the
    reporting month, ends just before it) and never starts before the registration."""
    c = current_cycle(pro(event("r", "registered", registered.isoformat(), level="n1")),
                      _grid_rules(), on)
    if registered > on:
        assert c is None
        return
    assert c is not None and c.start >= registered
    assert c.start <= on < c.due or (c.due <= on < c.due + timedelta(days=31))


@given(st.sampled_from(vk.builtin_names()), st.sampled_from(["registered", "reregistered"]),
       st.dates(date(2012, 1, 1), date(2030, 12, 31)), st.integers(-400, 4000),
       st.booleans(), st.booleans())
def test_one_decision_takes_the_walk_s_cycle(name: str, kind: str, decided: date, after: int,
                                             with_level: bool, with_until: bool) -> None:
    """With one registration decision, current_cycle gives the cycle the event walk gives
    (the walk is forced by an enrolment before it, which opens no cycle)."""
    rules = vk.builtin_rules(name)
    level = next(iter(rules.levels), None) if with_level else None
    until = decided + timedelta(days=900) if with_until else None
    decision = event("r", kind, decided.isoformat(), level=level, until=until)
    on = decided + timedelta(days=after)
    walked = vk.Professional(id="p", events=(
        event("e", "enrolled", (decided - timedelta(days=1)).isoformat()), decision))
    try:
        expected = current_cycle(walked, rules, on)
    except vk.VakmanschapError as exc:
        with pytest.raises(type(exc), match=re.escape(str(exc))):
            current_cycle(pro(decision), rules, on)
        return
    assert current_cycle(pro(decision), rules, on) == expected


@given(st.sampled_from(vk.builtin_names()), st.dates(date(2012, 1, 1), date(2030, 12, 31)),
       st.booleans(), st.booleans())
def test_a_remembered_term_is_the_term_worked_out_afresh(name: str, decided: date,
                                                         with_level: bool, with_until: bool
                                                         ) -> None:
    """Property: open_cycle gives, for the same values, the very term it opened before, equal
    to the term worked out afresh (errors are not remembered: they are raised again)."""
    rules = vk.builtin_rules(name)
    level = next(iter(rules.levels), None) if with_level else None
    until = decided + timedelta(days=900) if with_until else None
    try:
        fresh = cycles_module._opened(rules, decided, decided, level, until)
    except vk.VakmanschapError as exc:
        for _ in range(2):
            with pytest.raises(type(exc), match=re.escape(str(exc))):
                open_cycle(rules, decided, decided, level, until)
        return
    first = open_cycle(rules, decided, decided, level, until)
    assert first == fresh
    assert open_cycle(rules, decided, decided, level, until) is first


def test_the_memo_of_opened_terms_is_bounded_and_per_rule_set(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule set remembers at most OPENED_MEMO_SIZE terms, and a variant none of its base's."""
    monkeypatch.setattr(cycles_module, "OPENED_MEMO_SIZE", 3)
    rules = attrs.evolve(FROM_DECISION)
    days = [date(2020, 1, 1) + timedelta(days=k) for k in range(7)]
    for day in days:
        open_cycle(rules, day, day, None)
    memo = rules.derived("opened cycles", cycles_module._new_memo)
    assert 0 < len(memo) <= 3
    variant = rules.with_changes({"tot.min": 2})
    assert variant.derived("opened cycles", cycles_module._new_memo) == {}
    mine, base = (open_cycle(r, days[-1], days[-1], None) for r in (variant, rules))
    assert mine.version is variant.versions[0] and mine.window == base.window
