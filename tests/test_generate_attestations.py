"""The attestations of a generated workforce (population/generate_attestations.py): kinds due
on certain days of every term are drawn in each term where their requirement asks them."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from vakmanschap.engine.cycles import cycles
from vakmanschap.engine.primitives.base import Due
from vakmanschap.model.periods import Window
from vakmanschap.population import simulate
from vakmanschap.population.generate import generate
from vakmanschap.population.generate_attestations import (
    DUE_LATE,
    DUE_ON_TIME,
    LATE_DAYS,
    due_window,
    per_term_kinds,
    terms,
)
from vakmanschap.population.generate_vocabulary import reading_span, vocabulary_of

START = date(2025, 1, 1)


def _nodes(rules: vk.RuleSet) -> dict[str, vk.Requirement]:
    """Per attestation kind, the node of the last version that asks it on certain days."""
    out = {}
    for version in rules.versions:
        for root in version.requirements():
            for node in root.walk():
                for kind in node.asks().attestation_kinds:
                    if node.asks().due is not None:
                        out[kind] = node
    return out


def test_nba_vocabulary_reads_the_days_each_kind_is_due() -> None:
    """NBA's portfolio asks a plan within three months of a term's start, a reflection in the
    term and a compliance statement within a month of its end (counted from a month after
    the term's start), on a yearly grid: all three are drawn per term."""
    vocab = vocabulary_of(vk.load_rules("nba"), START)
    assert dict(vocab.due) == {"pe-plan": Due("cycle_start", 3, 0), "pe-reflectie": Due(),
                               "compliance-verklaring": Due("cycle_end", 1, 0,
                                                            ("cycle_start", 1, 0))}
    assert vocab.grid == date(2019, 1, 1) and vocab.term_months == 12
    assert per_term_kinds(vocab) == ("pe-plan", "pe-reflectie", "compliance-verklaring")


@pytest.mark.parametrize("name", ["nip", "rijksambtenaar"])
def test_kinds_in_a_cycle_without_a_grid_are_drawn_in_the_first_term(name: str) -> None:
    """NIP and rijksambtenaar ask their endorsements on any day of a term that registration
    opens (no grid, no deadline): none is drawn per term, and each lies in the first term."""
    rules = vk.load_rules(name)
    vocab = vocabulary_of(rules, START)
    assert vocab.due and all(d == Due() for _, d in vocab.due)
    assert per_term_kinds(vocab) == ()
    pop = generate(300, 5, rules)
    att = pop.attestations
    endorsed = np.isin(np.array(att.kinds)[att.kind], vocab.endorsement_kinds)
    registered = pop.events.on[att.person[endorsed]]
    on = att.on[endorsed]
    (_, start, stop), = terms(vocab, pop.events.on, 0)
    assert (on >= registered).all() and (on < stop[att.person[endorsed]]).all()
    assert (start == pop.events.on).all()


def test_terms_are_the_engine_cycles() -> None:
    """The terms drawn in are the blocks the engine opens for each generated NBA person, from
    registration to the last that starts in the years the generator reads."""
    rules = vk.load_rules("nba")
    vocab = vocabulary_of(rules, START)
    pop = generate(200, 7, rules)
    horizon = reading_span(START, vocab.cycle_years)[1]
    drawn = terms(vocab, pop.events.on, horizon.toordinal())
    for i in range(200):
        engine = [(c.window.start.toordinal(), c.window.last_day.toordinal() + 1)
                  for c in cycles(pop.professional(i), rules, horizon)]
        mine = [(int(s[i]), int(e[i])) for has, s, e in drawn if has[i]]
        assert mine == engine


def test_each_attestation_falls_where_its_requirement_asks() -> None:
    """Every drawn NBA attestation lies on a day its requirement counts it in some term, or at
    most LATE_DAYS after one (a late one); per kind about DUE_ON_TIME of the terms have one in
    time (a late reflection also counts for the next term)."""
    rules = vk.load_rules("nba")
    vocab = vocabulary_of(rules, START)
    policy = rules.date_policy
    nodes = _nodes(rules)
    horizon = reading_span(START, vocab.cycle_years)[1]
    pop = generate(300, 9, rules)
    att = pop.attestations
    held: dict[tuple[int, str], list[date]] = defaultdict(list)
    for p, k, on in zip(att.person.tolist(), att.kind.tolist(), att.on.tolist(), strict=True):
        held[p, att.kinds[k]].append(date.fromordinal(on))
    slots: dict[str, int] = defaultdict(int)
    in_time: dict[str, int] = defaultdict(int)
    late = 0
    for i in range(300):
        windows = [c.window for c in cycles(pop.professional(i), rules, horizon)]
        for kind, node in nodes.items():
            asked = []
            for window in windows:
                deadline = node.deadline_in(window, policy)
                asked.append((window.start, deadline or window.last_day + timedelta(days=1)))
            for day in held[i, kind]:
                if not any(lo <= day < hi for lo, hi in asked):
                    assert any(hi <= day < hi + timedelta(days=LATE_DAYS) for _, hi in asked)
                    late += 1
            slots[kind] += len(asked)
            in_time[kind] += sum(any(lo <= d < hi for d in held[i, kind]) for lo, hi in asked)
    for kind in nodes:
        assert DUE_ON_TIME - 0.04 < in_time[kind] / slots[kind] < DUE_ON_TIME + DUE_LATE + 0.02
    assert 0 < late < 2 * DUE_LATE * sum(slots.values())


@settings(max_examples=60, deadline=None)
@given(anchor=st.sampled_from([None, "cycle_start", "cycle_end"]), months=st.integers(0, 14),
       days=st.integers(0, 40), first=st.dates(date(2000, 1, 1), date(2040, 12, 31)),
       length=st.integers(1, 800))
def test_due_window_is_the_requirement_deadline(anchor: str | None, months: int, days: int,
                                                first: date, length: int) -> None:
    """The days drawn in time end at the attestation requirement's own deadline for the
    term (its last day with no deadline), and start at the term's first day or, for a
    deadline after the term, at the day after it."""
    rules = vk.load_rules("nba")
    node = _nodes(rules)["pe-plan"]
    node = attrs.evolve(node, by_from=anchor, by_months=months,
                        by_days=days, in_cycle=True)
    window = Window(first, first + timedelta(days=length), False)
    due = node.asks().due
    assert due is not None
    lo, hi = due_window(due, np.array([first.toordinal()]), np.array([window.end.toordinal()]),
                        rules.date_policy)
    deadline = node.deadline_in(window, rules.date_policy)
    assert int(hi[0]) == (deadline or window.end).toordinal()
    after = anchor == "cycle_end" and int(hi[0]) > window.end.toordinal()
    assert int(lo[0]) == (window.end if after else first).toordinal()


@pytest.mark.parametrize("on", [date(2026, 1, 15), date(2026, 9, 1), date(2027, 1, 20),
                                date(2027, 6, 1)])
def test_nba_people_judged_alone_as_in_the_population(on: date) -> None:
    """Each generated NBA person registered by then is met alone exactly when the population
    judgement says so, in a term's reporting month and during a term (the others, late
    starters not registered yet, are not met)."""
    rules = vk.load_rules("nba")
    pop = generate(80, 2, rules)
    met = np.asarray(simulate(pop, rules, on).met)
    registered = pop.events.on <= on.toordinal()
    alone = [rules.assess(pop.professional(i), on).met if registered[i] else False
             for i in range(80)]
    assert met.tolist() == alone
    assert 0 < met.sum() < registered.sum()
