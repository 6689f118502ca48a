"""Numbered ids: the ids of a generated table formed when asked for."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vakmanschap.population.fact_tables import NumberedIds


@given(prefix=st.sampled_from(["attestation-", "leave-", "x"]), size=st.integers(0, 60),
       lo=st.integers(-70, 70), hi=st.integers(-70, 70), step=st.sampled_from([1, 2, -1]))
def test_numbered_ids_behave_as_their_tuple(prefix: str, size: int, lo: int, hi: int,
                                            step: int) -> None:
    """Length, items, slices, iteration, equality and hash are those of the tuple of texts."""
    ids = NumberedIds(prefix, size)
    texts = tuple(f"{prefix}{k}" for k in range(size))
    assert len(ids) == len(texts)
    assert tuple(ids) == texts
    assert ids == texts and texts == ids and hash(ids) == hash(texts)
    assert tuple(ids[lo:hi:step]) == texts[lo:hi:step]
    assert ids[lo:hi:step] == texts[lo:hi:step]
    for k in (lo, hi):
        if -size <= k < size:
            assert ids[k] == texts[k]


def test_numbered_ids_slices_stay_numbered_and_refuse_what_a_tuple_refuses() -> None:
    """A slice of step 1 is numbered ids again; an index outside raises IndexError; a text
    or a longer sequence is not equal."""
    ids = NumberedIds("attestation-", 2_000_000)
    part = ids[1_000_000:1_000_003]
    assert isinstance(part, NumberedIds)
    assert list(part) == ["attestation-1000000", "attestation-1000001", "attestation-1000002"]
    assert ids[-1] == "attestation-1999999"
    try:
        ids[2_000_000]
    except IndexError:
        pass
    else:  # pragma: no cover - the assertion's message
        raise AssertionError("no IndexError")
    assert NumberedIds("a", 1) != "a0"
    assert NumberedIds("a", 1) != ("a0", "a1")
    assert NumberedIds("a", 0) == NumberedIds("b", 0) == ()
