"""Drawing the generated activity rows in pieces, and ordering them with one sorted key."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from vakmanschap.population import generate_rows
from vakmanschap.population.generate import generate


def _columns(pop: Any) -> list[Any]:
    acts = pop.activities
    return [pop.ids, pop.fte, pop.entered, *pop.attributes.values(), acts.person, acts.day,
            acts.amount, acts.category, acts.themes, acts.accredited, pop.attestations.person,
            pop.attestations.on, pop.leaves.start, pop.employments.start]


@settings(max_examples=10, deadline=None)
@given(piece=st.integers(1, 5_000), seed=st.integers(0, 2**32),
       rules=st.sampled_from([None, "rijksambtenaar", "srpo", "big", "nip"]))
def test_piece_size_changes_nothing(piece: int, seed: int, rules: str | None) -> None:
    """The same size and seed give the same workforce whatever the piece size of a draw."""
    ruleset = vk.load_rules(rules) if rules else None
    default = generate(400, seed, ruleset, employments=True, leaves=True)
    old = generate_rows.DRAW
    try:
        generate_rows.DRAW = piece
        pieces = generate(400, seed, ruleset, employments=True, leaves=True)
    finally:
        generate_rows.DRAW = old
    assert default.employments.role == pieces.employments.role
    for a, b in zip(_columns(default), _columns(pieces), strict=True):
        assert a.dtype == b.dtype
        assert np.array_equal(a, b)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), n=st.integers(1, 50), m=st.integers(0, 400),
       piece=st.integers(1, 64))
def test_sort_rows_is_lexsort(data: st.DataObject, n: int, m: int, piece: int) -> None:
    """Person and day come out as ``np.lexsort((day, person))`` orders them, ties in the
    order drawn, with that order."""
    registered = np.array(data.draw(st.lists(st.integers(700_000, 740_000), min_size=n,
                                             max_size=n)), dtype=np.int32)
    person = np.array(data.draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m)),
                      dtype=np.int32)
    offset = data.draw(st.lists(st.integers(-90, 2_000), min_size=m, max_size=m))
    day = (registered[person] + np.array(offset, dtype=np.int32)).astype(np.int32)
    expected = np.lexsort((day, person))
    old = generate_rows.DRAW
    try:
        generate_rows.DRAW = piece
        rows = [person.copy(), day.copy()]
        got_person, got_day, order = generate_rows.sort_rows(rows, registered, n)
    finally:
        generate_rows.DRAW = old
    assert rows == []
    assert np.array_equal(order, expected)
    assert np.array_equal(got_person, person[expected])
    assert np.array_equal(got_day, day[expected])
    assert got_person.dtype == np.int32 and got_day.dtype == np.int32
