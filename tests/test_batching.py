"""Batches read ahead in a second thread, and the ids of several batches joined at once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vakmanschap.errors import DataError
from vakmanschap.population import Population
from vakmanschap.population.reading import batching
from vakmanschap.population.reading.batching import Joined, join_ids, join_ids_ahead, read_ahead
from vakmanschap.population.reading.sources import Batch, encode

pa = pytest.importorskip("pyarrow")

PEOPLE = ["p0", "p1", "p2", "p3", "p4"]


def _batch(ids: list[str | None], start: int = 2) -> Batch:
    column = pa.chunked_array([pa.array(ids, type=pa.string())])
    return Batch(np.arange(start, start + len(ids), dtype=np.int32), {"pid": column}, [])


def _people() -> Any:
    return pa.array(PEOPLE, type=pa.string())


ID = st.sampled_from([*PEOPLE, "nobody", "", " p1", None])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(ID, max_size=12), max_size=6), st.integers(0, 400))
def test_joined_in_groups_as_one_by_one(blocks: list[list[str | None]], budget: int) -> None:
    """Whatever the budget, each batch's joined ids are those of joining it alone."""
    got = list(join_ids_ahead([_batch(b) for b in blocks], "pid", _people, budget))
    assert len(got) == len(blocks)
    for batch, ids in zip(got, blocks, strict=True):
        joined = batch.columns["pid"]
        assert isinstance(joined, Joined)
        alone = join_ids(pa.chunked_array([pa.array(ids, type=pa.string())]), _people())
        assert joined.values.tolist() == alone.tolist()
        assert joined.column.to_pylist() == ids


def test_join_finds_exact_ids_only() -> None:
    """An id is found as it is written; unknown, padded, empty and missing ids give -1."""
    column = pa.chunked_array([pa.array(["p3", "nobody", " p1", "", None, "p0"])])
    assert join_ids(column, _people()).tolist() == [3, -1, -1, -1, -1, 0]


def test_join_of_a_dictionary_column() -> None:
    """A dictionary-encoded id column is joined through its dictionary."""
    column = pa.chunked_array([pa.array(["p2", "x", "p2", "p4"]).dictionary_encode()])
    assert join_ids(column, _people()).tolist() == [2, -1, 2, 4]


def test_one_join_per_group(monkeypatch: Any) -> None:
    """Batches within the budget are joined in one call; a larger budget means fewer calls."""
    calls = []
    real = batching.join_ids

    def counted(column: Any, ids: Any) -> Any:
        calls.append(len(column))
        return real(column, ids)

    monkeypatch.setattr(batching, "join_ids", counted)
    blocks = [_batch(["p1"] * 10) for _ in range(6)]
    list(join_ids_ahead(blocks, "pid", _people, budget=1 << 20))
    assert calls == [60]
    calls.clear()
    list(join_ids_ahead([_batch(["p1"] * 10) for _ in range(6)], "pid", _people, budget=1))
    assert calls == [10] * 6


def test_careful_columns_pass_unchanged() -> None:
    """Columns from the csv module are not joined here (the cell converter looks them up)."""
    batch = Batch(np.arange(2, 4, dtype=np.int32), {"pid": encode(["p1", "p2"])}, [])
    (got,) = join_ids_ahead([batch], "pid", _people)
    assert got.columns["pid"] is batch.columns["pid"]


def test_read_ahead_keeps_order_and_raises_in_place() -> None:
    """Batches come in order; what the source raises comes after the batches before it."""
    def source() -> Iterator[Batch]:
        yield _batch(["p1"])
        yield _batch(["p2"], 3)
        raise DataError("late")

    seen = []
    with pytest.raises(DataError, match="late"):
        for batch in read_ahead(source()):
            seen.append(int(batch.rows[0]))
    assert seen == [2, 3]


def test_read_ahead_stops_and_closes_the_source() -> None:
    """A consumer that stops early leaves no thread running and closes the source."""
    closed = threading.Event()

    def source() -> Iterator[Batch]:
        try:
            for k in range(1000):
                yield _batch(["p1"], k + 2)
        finally:
            closed.set()

    before = threading.active_count()
    for batch in read_ahead(source()):
        if int(batch.rows[0]) == 4:
            break
    assert closed.wait(5)
    assert threading.active_count() == before


def test_many_groups_read_as_the_careful_reader(tmp_path: Path, monkeypatch: Any) -> None:
    """With tiny blocks and a tiny join budget, a file with unknown and bad ids loads with
    the same rejects as with the csv module, and strict reading names the same first row."""
    from vakmanschap.population.reading import sources

    monkeypatch.setattr(sources, "ARROW_BLOCK", 256)
    monkeypatch.setattr(batching, "JOIN_BYTES", 600)  # a few blocks per join
    people = tmp_path / "p.csv"
    people.write_text("id,registered_on,fte\n" + "".join(f"p{k},2020-01-01,1\n"
                                                          for k in range(30)), "utf-8")
    rng = np.random.default_rng(3)
    lines = []
    for k in range(300):
        pid = "ghost" if k % 53 == 7 else f" p{k % 30}" if k % 71 == 9 else f"p{k % 30}"
        lines.append(f"{pid},2021-{int(rng.integers(1, 13)):02d}-01,{1 + k % 5},formeel,t1,true")
    acts = tmp_path / "a.csv"
    acts.write_text("professional_id,date,hours,category,theme,accredited\n" +
                    "\n".join(lines) + "\n", "utf-8")
    got = {}
    for engine in ("python", "pyarrow"):
        rejects = tmp_path / f"rejects-{engine}.csv"
        store = Population.from_csv(people, acts, engine=engine, rejects=rejects)
        got[engine] = (store.activities.person.tolist(), rejects.read_text("utf-8"))
        with pytest.raises(DataError) as caught:
            Population.from_csv(people, acts, engine=engine)
        got[engine] += (str(caught.value),)
    assert got["pyarrow"] == got["python"]
    assert "ghost" in got["python"][2]
    assert len(got["python"][1].splitlines()) > 5
