"""Each shared amount gives the same result, bit for bit, for one value and per person."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from vakmanschap.engine.amounts import (
    cents,
    derived_shortfall,
    meets_prorated_minimum,
    prorate_factor,
    prorated_minimum,
)

DAYS = st.integers(date(2015, 1, 1).toordinal(), date(2035, 1, 1).toordinal())
FTE = st.floats(0, 1.5, allow_nan=False)
MINIMUM = st.integers(0, 40000).map(lambda c: c / 100)
PRORATE = st.sampled_from([(), ("fte",), ("late_entry",), ("fte", "late_entry")])
ROUNDING = st.sampled_from(["hundredth", "whole"])


def _same(a: float, b: float) -> bool:
    return np.float64(a).tobytes() == np.float64(b).tobytes()


@given(st.lists(st.tuples(FTE, st.one_of(st.just(0), DAYS), DAYS, st.integers(0, 2000)),
                min_size=1, max_size=20), PRORATE)
def test_prorate_factor_per_person_is_the_scalar_factor(
        people: list[tuple[float, int, int, int]], prorate: tuple[str, ...]) -> None:
    """The vector factor equals the scalar one for every person (entry 0: unknown)."""
    fte, entry, start, length = (np.array(c) for c in zip(*people, strict=True))
    last = start + length
    vector = np.broadcast_to(prorate_factor(prorate, fte.astype(np.float64),
                                            entry.astype(np.int32), start.astype(np.int32),
                                            last.astype(np.int32)), (len(people),))
    for k, (f, e, s, n) in enumerate(people):
        assert _same(vector[k], prorate_factor(prorate, f, e, s, s + n))


@given(st.lists(st.tuples(MINIMUM, st.floats(0, 1, allow_nan=False),
                          st.integers(0, 50000)), min_size=1, max_size=20), ROUNDING)
def test_prorated_minimum_per_person_is_the_scalar_minimum(
        rows: list[tuple[float, float, int]], rounding: str) -> None:
    """The prorated minimum, and whether a total meets it, agree for one and for many."""
    minimum, factor, total = (np.array(c) for c in zip(*rows, strict=True))
    vector = prorated_minimum(minimum, factor, rounding)
    meets = meets_prorated_minimum(total, minimum, factor, rounding)
    for k, (m, f, t) in enumerate(rows):
        scalar = prorated_minimum(m, f, rounding)
        assert vector[k] == scalar
        assert bool(meets[k]) == (t >= scalar) == meets_prorated_minimum(t, m, f, rounding)


@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), min_size=1,
                max_size=20))
def test_derived_shortfall_per_person_is_the_scalar_shortfall(rows: list[tuple[int, int]]
                                                              ) -> None:
    """max(0, round(required - actual, 2)) of hundredths agrees bit for bit."""
    required = np.array([r for r, _ in rows]) / 100
    actual = np.array([a for _, a in rows]) / 100
    vector = derived_shortfall(required, actual)
    for k, (r, a) in enumerate(rows):
        assert _same(vector[k], derived_shortfall(r / 100, a / 100))


@given(st.lists(st.floats(0, 10**6, allow_nan=False), min_size=1, max_size=20))
def test_cents_per_person_is_round(values: list[float]) -> None:
    """cents rounds half to even like Python's round, one value or many."""
    assert cents(np.array(values)).tolist() == [cents(v) for v in values] == [
        round(v * 100) for v in values]
    assert cents(None) is None


@given(MINIMUM, st.floats(0, 1, allow_nan=False), st.integers(0, 50000), ROUNDING)
def test_numpy_scalars_are_scalars(minimum: float, factor: float, total: int, rounding: str
                                   ) -> None:
    """A numpy scalar takes the scalar branch like the Python number it holds, a 0-d array too."""
    for wrap in (np.float64, np.array):
        assert prorated_minimum(wrap(minimum), wrap(factor), rounding) == prorated_minimum(
            minimum, factor, rounding)
        assert np.ndim(prorated_minimum(wrap(minimum), factor, rounding)) == 0
        assert meets_prorated_minimum(np.int64(total), wrap(minimum), factor, rounding) == (
            meets_prorated_minimum(total, minimum, factor, rounding))
        assert _same(derived_shortfall(wrap(minimum), wrap(factor)),
                     derived_shortfall(minimum, factor))
    assert type(cents(np.float64(minimum))) is int
