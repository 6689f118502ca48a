"""Tests for vakmanschap.population.reading.codes: only the names some row has are kept."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from vakmanschap.population.reading import codes as codes_module
from vakmanschap.population.reading.codes import used_bits, used_codes

NAMES = ("a", "b", "c", "d", "e")


@given(st.lists(st.integers(0, 4), max_size=60), st.sampled_from([np.uint8, np.int16, np.int32]),
       st.integers(1, 8))
def test_used_codes_keep_the_names_in_use(rows: list[int], dtype: Any, chunk: int) -> None:
    """Each row keeps its name, and the names kept are exactly those some row has, in order,
    however the column is counted in pieces."""
    codes_module._CHUNK, before = chunk, codes_module._CHUNK
    try:
        got, names = used_codes(np.array(rows, dtype=dtype), NAMES)
    finally:
        codes_module._CHUNK = before
    assert [names[c] for c in got.tolist()] == [NAMES[c] for c in rows]
    assert names == tuple(n for k, n in enumerate(NAMES) if k in rows)


@given(st.lists(st.integers(0, 31), max_size=60), st.sampled_from([np.uint8, np.uint64]))
def test_used_bits_keep_the_themes_in_use(rows: list[int], dtype: Any) -> None:
    """Each row keeps its themes, and the themes kept are exactly those some row has."""
    got, names = used_bits(np.array(rows, dtype=dtype), NAMES)

    def themes(mask: int, of: tuple[str, ...]) -> set[str]:
        return {n for b, n in enumerate(of) if mask >> b & 1}

    assert [themes(int(m), names) for m in got] == [themes(m, NAMES) for m in rows]
    assert set(names) == set().union(*(themes(m, NAMES) for m in rows))
