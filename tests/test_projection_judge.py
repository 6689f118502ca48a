"""Judging a block's items once per distinct item (vakmanschap.population.projection.judge)."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from vakmanschap.population import generate, simulate
from vakmanschap.population.projection.extend import History, Items, extended_population
from vakmanschap.population.projection.judge import Judge, distinct_items
from vakmanschap.population.projection.terms import Horizon, TermBook

RULES = vk.load_rules("rijksambtenaar")
START = date(2027, 1, 1)


def _items(pop_seed: int, size: int, draws: int, seed: int) -> tuple[History, Items]:
    """Items of every person with a history and a term due in a 5-year horizon, ``draws``
    times, with random picks, fte and (for a few) an entrant's shift."""
    pop = generate(size, pop_seed, RULES)
    horizon = Horizon.of(START, 5)
    history = History(pop, horizon, 3)
    book = TermBook(RULES)
    rng = np.random.default_rng(seed)
    rows = []
    for who in np.flatnonzero(history.pool > 0).tolist():
        for term in book.ending_in(int(history.observed[who]), horizon):
            for _ in range(draws):
                rows.append((who, term.start, term.due))
    m = len(rows)
    table = np.array(rows, dtype=np.int64).reshape(-1, 3)
    person, start, due = table[:, 0], table[:, 1], table[:, 2]
    entrant = rng.random(m) < 0.1
    shift = np.where(entrant, rng.integers(0, 400, m), 0)
    picks = np.minimum((rng.random((m, 5)) * history.pool[person][:, None]).astype(np.int64),
                       history.pool[person][:, None] - 1)
    fte = np.where(rng.random(m) < 0.2, 0.8, 1.0)
    return history, Items(person=person, start=start, due=due, shift=shift, fte=fte,
                          picks=picks, entrant=entrant)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pop_seed=st.integers(0, 1000), draws=st.integers(1, 6), seed=st.integers(0, 1000))
def test_representatives_share_the_key_and_distinct_keys_differ(
        pop_seed: int, draws: int, seed: int) -> None:
    """Every item has the key of its representative (picks after the due date aside), and
    no two representatives have the same key."""
    history, items = _items(pop_seed, 15, draws, seed)
    first, inverse = distinct_items(items, history.horizon.bounds)
    active = history.horizon.bounds[None, :5] <= items.due[:, None]
    key = np.column_stack([items.person, items.start, items.due, items.shift,
                           items.fte * 100, items.entrant, np.where(active, items.picks, -1)])
    assert (key[first][inverse] == key).all()
    assert len(np.unique(key[first], axis=0)) == len(first)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pop_seed=st.integers(0, 1000), draws=st.integers(1, 4), seed=st.integers(0, 1000))
def test_verdicts_equal_simulate_on_every_item(pop_seed: int, draws: int, seed: int) -> None:
    """The judge's verdicts, under the rules and then a variant through the memo, equal
    simulate on the extended records of every item, repeated ones included."""
    history, items = _items(pop_seed, 12, draws, seed)
    on = date.fromordinal(int(items.due.max()))
    full = extended_population(history, items, roll=False)
    judge = Judge(history)
    variant = RULES.with_changes({"totaal.min": 60})
    for rules in (RULES, variant):
        assert (judge.met(rules, items) == simulate(full, rules, on).met).all()


def test_the_variant_reuses_the_records_and_other_items_do_not() -> None:
    """The same items judged under a variant reuse the extended records; other items get
    their own."""
    history, items = _items(3, 10, 3, 1)
    judge = Judge(history)
    judge.met(RULES, items)
    records = judge._last
    judge.met(RULES.with_changes({"totaal.min": 60}), items)
    assert judge._last is records
    fewer = Items(*(getattr(items, name)[1:] for name in
                    ("person", "start", "due", "shift", "fte", "picks", "entrant")))
    judge.met(RULES, fewer)
    assert judge._last is not records
