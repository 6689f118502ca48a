"""The array shortcuts of the columnar evaluation give what the plain numpy forms give."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vakmanschap.engine.columnar.arrays import dense_unique, lookup, person_sums

ONE_BYTE = st.sampled_from([np.uint8, np.int8, np.bool_])


@st.composite
def tables_and_codes(draw: Any) -> tuple[Any, Any]:
    """A table of one-byte values and in-range codes (negative ones too when signed)."""
    kind = draw(ONE_BYTE)
    size = draw(st.integers(1, 256 if kind is not np.int8 else 128))
    table = np.array(draw(st.lists(st.integers(0, 1 if kind is np.bool_ else 127),
                                   min_size=size, max_size=size)), dtype=kind)
    code_type = draw(st.sampled_from([np.uint8, np.int8] if size <= 128 else [np.uint8]))
    low = -size if code_type is np.int8 else 0
    high = min(size, 128 if code_type is np.int8 else 256) - 1
    codes = np.array(draw(st.lists(st.integers(low, high), max_size=60)), dtype=code_type)
    return table, codes


@given(tables_and_codes())
def test_lookup_equals_take(found: tuple[Any, Any]) -> None:
    """A one-byte lookup translated as bytes equals ``np.take`` (negative codes from the end)."""
    table, codes = found
    expected = np.take(table, codes)
    got = lookup(table, codes)
    assert got.dtype == expected.dtype
    assert got.tolist() == expected.tolist()


def test_lookup_of_wide_codes_takes() -> None:
    """Codes wider than a byte go through ``np.take`` (the result is then writable)."""
    got = lookup(np.array([5, 6, 7], dtype=np.int8), np.array([2, 0, 300 - 299], dtype=np.int32))
    assert got.tolist() == [7, 5, 6]
    assert got.flags.writeable


@given(values=st.lists(st.integers(-(2**40), 2**40), max_size=80),
       dense=st.booleans(), dtype=st.sampled_from([np.int32, np.int64, np.int16]))
def test_dense_unique_equals_unique(values: list[int], dense: bool, dtype: Any) -> None:
    """Marking a small range gives ``np.unique``'s values and inverse; a wide range sorts."""
    info = np.iinfo(dtype)
    if dense:  # a few distinct values in a small range
        values = [v % 50 - 20 for v in values]
    array = np.array([min(max(v, info.min), info.max) for v in values], dtype=dtype)
    uniques, inverse = dense_unique(array)
    expected, expected_inverse = np.unique(array, return_inverse=True)
    assert uniques.tolist() == expected.tolist()
    assert uniques.dtype == expected.dtype
    assert inverse.tolist() == expected_inverse.tolist()


@pytest.mark.parametrize("narrow", [False, True])
def test_person_sums_of_empty_people(narrow: bool) -> None:
    """People without activities sum to zero; the others to their own values."""
    offsets = np.array([0, 2, 2, 5])
    got = person_sums(np.array([1, 2, 3, 4, 5], dtype=np.int32), offsets, 3, narrow)
    assert got.tolist() == [3, 0, 12]
