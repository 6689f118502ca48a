"""Tests for vakmanschap.population.reading.person_order: the order of a population's rows."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from vakmanschap.population.reading.person_order import person_day_order


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(700_000, 700_030)), min_size=1,
                max_size=300))
def test_person_day_order_is_the_stable_sort(rows: list[tuple[int, int]]) -> None:
    """The permutation is that of a stable sort by person, then day: ties keep row order."""
    person = np.array([p for p, _ in rows], dtype=np.int32)
    day = np.array([d for _, d in rows], dtype=np.int32)
    assert person_day_order(person, day).tolist() == np.lexsort((day, person)).tolist()


@given(st.lists(st.tuples(st.integers(0, 2**40), st.integers(1, 3_000_000)), min_size=1,
                max_size=50))
def test_wide_values_fall_back_to_the_same_order(rows: list[tuple[int, int]]) -> None:
    """Person indices and days too wide to pack with the row number give the same order."""
    person = np.array([p for p, _ in rows], dtype=np.int64)
    day = np.array([d for _, d in rows], dtype=np.int64)
    assert person_day_order(person, day).tolist() == np.lexsort((day, person)).tolist()


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(700_000, 700_030)), min_size=1,
                max_size=300), st.integers(1, 64))
def test_packed_in_blocks_as_at_once(rows: list[tuple[int, int]], chunk: int) -> None:
    """Packing the keys a few rows at a time gives the same permutation as the stable sort."""
    person = np.array([p for p, _ in rows], dtype=np.int32)
    day = np.array([d for _, d in rows], dtype=np.int32)
    assert person_day_order(person, day, chunk).tolist() == \
        np.lexsort((day, person)).tolist()
