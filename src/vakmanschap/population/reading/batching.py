"""Batches of Arrow columns made cheaper to convert: read ahead, and ids joined a few at a time.

Two things cost a million-person export most of its load time besides parsing, and neither
changes what a batch holds or the order in which its rows are checked:

* **Parsing waits for converting.** :func:`read_ahead` pulls the next batch from the source
  in a second thread while the current one is converted (pyarrow parses and joins without the
  GIL, so on two cores the two overlap). What the source raises -- :class:`Fallback` for a
  malformed row, a :class:`DataError` -- is raised by the consumer at the same batch as
  without the thread.
* **The professionals' ids are hashed once per join.** ``pyarrow.compute.index_in`` builds
  its hash table of the value set on every call: at a million people that is about a third
  of a second, paid once per 64 MB block. :func:`join_ids_ahead` holds back a few batches
  (up to :data:`JOIN_BYTES` of id text) and joins their id columns in one call over the
  chunks of all of them (one hash build), then hands the batches on, unchanged but for the
  id column, which becomes a :class:`Joined` (the column and its person indices). The
  batches are then checked one by one exactly as before, so every message and every
  rejected row is the same.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from importlib import import_module
from typing import Any

import attrs
import numpy as np

from vakmanschap.population.reading.sources import Batch, Column

__all__ = ["AHEAD", "JOIN_BYTES", "Joined", "join_ids", "join_ids_ahead", "read_ahead"]

#: id text (bytes, offsets included) held back to join at once: at 1M people and 24M
#: activity rows a 64 MB CSV block has about 18 MB of ids, so about four blocks per join
JOIN_BYTES = 1 << 26


@attrs.define
class Joined:
    """An id column with the index of each row's professional (-1: not found as it is)."""

    column: Any  # the Arrow column as read
    values: np.ndarray[Any, np.dtype[np.int32]]


def join_ids(column: Any, ids: Any) -> Any:
    """For each row of an Arrow id column, the index of its id in ``ids`` (an Arrow string
    array), or -1 (not found, empty or null: those rows go through the cell converter)."""
    pa = import_module("pyarrow")
    pc = import_module("pyarrow.compute")
    if pa.types.is_dictionary(column.type) and column.null_count == 0:
        found = []
        for chunk in column.chunks:
            at = pc.fill_null(pc.index_in(chunk.dictionary, value_set=ids), -1)
            lookup = np.asarray(at.to_numpy(zero_copy_only=False), dtype=np.int32)
            found.append(lookup[chunk.indices.to_numpy(zero_copy_only=False)])
        return np.concatenate(found) if found else np.zeros(0, np.int32)
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        column = pc.cast(column, pa.string())
    if column.null_count:
        column = pc.fill_null(column, "")
    at = pc.fill_null(pc.index_in(column, value_set=ids), -1)
    chunks = [c.to_numpy(zero_copy_only=False) for c in at.chunks]
    if not chunks:
        return np.zeros(0, np.int32)
    return np.concatenate(chunks).astype(np.int32, copy=False) if len(chunks) > 1 else \
        np.asarray(chunks[0], dtype=np.int32).copy()


def join_ids_ahead(batches: Iterable[Batch], column: str, ids: Callable[[], Any],
                   budget: int | None = None) -> Iterator[Batch]:
    """The batches, their Arrow id column ``column`` replaced by a :class:`Joined`; the ids
    of batches that together hold up to ``budget`` bytes of id text joined in one call
    (``ids()``: the professionals' ids as an Arrow string array; ``budget``: by default
    :data:`JOIN_BYTES`). Columns from the csv module (:class:`Column`) pass unchanged."""
    limit = JOIN_BYTES if budget is None else budget
    held: list[Batch] = []
    size = 0
    for batch in batches:
        found = batch.columns.get(column)
        if found is None or isinstance(found, Column):
            yield from _joined(held, column, ids)
            held, size = [], 0
            yield batch
            continue
        held.append(batch)
        size += found.nbytes
        if size >= limit:
            yield from _joined(held, column, ids)
            held, size = [], 0
    yield from _joined(held, column, ids)


def _joined(held: list[Batch], column: str, ids: Callable[[], Any]) -> Iterator[Batch]:
    if not held:
        return
    pa = import_module("pyarrow")
    columns = [b.columns[column] for b in held]
    types = {c.type for c in columns}
    if len(types) == 1:
        whole = pa.chunked_array([k for c in columns for k in c.chunks], type=types.pop())
        values = join_ids(whole, ids())
        ends = np.cumsum([len(c) for c in columns])
        parts = np.split(values, ends[:-1])
    else:  # pragma: no cover - every batch of one file has one type
        parts = [join_ids(c, ids()) for c in columns]
    for batch, col, part in zip(held, columns, parts, strict=True):
        batch.columns[column] = Joined(col, part)
        yield batch


_DONE = object()
#: batches read ahead at most: as many as one id join holds back, so that parsing goes on
#: while a group of batches is joined and converted (about 45 MB each at 64 MB blocks)
AHEAD = 4


def read_ahead(batches: Iterable[Batch]) -> Generator[Batch, None, None]:
    """The batches, the next one read in a second thread while this one is used; what the
    source raises is raised here, after the batches it yielded before."""
    slot: queue.Queue[Any] = queue.Queue(maxsize=AHEAD)
    stop = threading.Event()

    def produce() -> None:
        source = iter(batches)
        try:
            for batch in source:
                if stop.is_set():
                    break
                slot.put((batch, None))
            else:
                slot.put((_DONE, None))
        except BaseException as exc:  # handed to the consumer, raised there
            slot.put((None, exc))
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()  # the source's open file closed in the thread that read it

    worker = threading.Thread(target=produce, name="vakmanschap-read-ahead", daemon=True)
    worker.start()
    try:
        while True:
            batch, exc = slot.get()
            if exc is not None:
                raise exc
            if batch is _DONE:
                return
            yield batch
    finally:
        stop.set()
        while worker.is_alive():  # let a producer blocked on a full slot finish
            with contextlib.suppress(queue.Empty):
                slot.get(timeout=0.05)
        worker.join()
