"""The lines of ``activities.csv`` built with whole-array numpy (used by ``write_csv``).

A line is the person's id, then the date, then the rest of the row (amount, category, theme,
accreditation, provider). Dates and "the rest" take few distinct values, so each distinct one is
formatted once and a line is three object-array look-ups joined by two object-array additions:
no per-row Python call. Used only when no value needs CSV quoting and there are no activity ids;
the text is the same as the row-by-row writer's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Any

import numpy as np

__all__ = ["ActivityLines"]

_DENSE = 1 << 22  # combinations counted with a table up to this many, sorted beyond


def _dense_codes(values: Any) -> tuple[Any, int]:
    """Small non-negative codes of ``values`` and how many there can be."""
    values = np.asarray(values)
    if values.dtype == bool:
        return values.astype(np.int64), 2
    if len(values):
        low, high = int(values.min()), int(values.max())
        if high - low < _DENSE:
            return values.astype(np.int64) - low, high - low + 1
    uniques, inverse = np.unique(values, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64), max(len(uniques), 1)


def _combine(columns: Sequence[Any], size: int) -> tuple[Any, Any]:
    """One code per row for the combination of ``columns`` (0, 1, ...), and the first row of
    each combination."""
    key = np.zeros(size, dtype=np.int64)
    span = 1
    for column in columns:
        codes, count = _dense_codes(column)
        if span * count >= 1 << 62:  # pragma: no cover - needs billions of combinations
            _, key = np.unique(key, return_inverse=True)
            key = key.reshape(-1).astype(np.int64)
            span = int(key.max()) + 1
        key = key * count + codes
        span *= count
    if span <= _DENSE:
        present = np.zeros(span, dtype=np.int64)
        present[key] = 1
        number = np.cumsum(present) - 1
        inverse = number[key]
        first = np.empty(int(present.sum()), dtype=np.int64)
        first[inverse[::-1]] = np.arange(size - 1, -1, -1)
        return inverse, first
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return inverse.reshape(-1), first


class ActivityLines:
    """Builds the text of a range of activity rows; ``fields(lo, hi)`` gives the row-by-row
    writer's columns after the date (lists of texts), used here only for one row per distinct
    combination."""

    def __init__(self, ids: Any, acts: Any, dates: Callable[[Any], list[str]],
                 fields: Callable[[Any], list[list[str]]]) -> None:
        self.ids = ids
        self.acts = acts
        self.dates = dates
        self.fields = fields
        self.arrow: Any = None
        # pyarrow (the parquet extra) joins the pieces in C++; numpy objects without it
        with contextlib.suppress(ImportError):
            self.arrow = _arrow_ids(ids) if len(ids) else None

    def text(self, lo: int, hi: int) -> str:
        """The lines of rows ``lo`` to ``hi``, each ended by a newline."""
        return bytes(self.data(lo, hi)).decode("utf-8")

    def data(self, lo: int, hi: int) -> bytes | memoryview:
        """:meth:`text` encoded in UTF-8: with pyarrow a view of the joined column's bytes,
        not copied, decoded and encoded again on its way to the file."""
        acts = self.acts
        if hi <= lo:
            return b""
        day_codes, day_first = _combine([acts.day[lo:hi]], hi - lo)
        rest = [acts.amount[lo:hi], acts.points[lo:hi], acts.category[lo:hi],
                acts.themes[lo:hi], acts.accredited[lo:hi], acts.provider[lo:hi]]
        if acts.unit is not None:
            rest.append(acts.unit[lo:hi])
        rest_codes, rest_first = _combine(rest, hi - lo)
        dates = np.array(["," + d + "," for d in self.dates(acts.day[lo:hi][day_first])],
                         dtype=object)
        columns = self.fields(rest_first + lo)
        tails = np.array([",".join(row) for row in zip(*columns, strict=True)], dtype=object)
        if self.arrow is not None:
            return _arrow_text(self.arrow, acts.person[lo:hi], dates, day_codes, tails,
                               rest_codes)
        lines = self.ids[acts.person[lo:hi]] + dates[day_codes]
        lines += tails[rest_codes]
        return ("\n".join(lines.tolist()) + "\n").encode("utf-8")


def _arrow_text(ids: Any, person: Any, dates: Any, day_codes: Any, tails: Any,
                rest_codes: Any) -> memoryview:
    """The same lines joined by pyarrow: the joined column's bytes are the text (a view of
    them, which keeps the column alive while it is used)."""
    pa = import_module("pyarrow")
    pc = import_module("pyarrow.compute")
    pieces = (ids.take(pa.array(person)),
              pa.array(dates.tolist(), pa.string()).take(pa.array(day_codes)),
              pa.array([t + "\n" for t in tails.tolist()], pa.string()).take(
                  pa.array(rest_codes)))
    joined = pc.binary_join_element_wise(*pieces, "")
    _, offsets, data = joined.buffers()
    bounds = np.frombuffer(offsets, dtype=np.int32)[joined.offset:joined.offset + len(joined) + 1]
    return memoryview(data)[int(bounds[0]):int(bounds[-1])]


def _arrow_ids(ids: Any) -> Any:
    """The ids as an Arrow string array built from one joined text and its offsets: the same
    array as ``pa.array(ids, pa.string())``, which held about 70 MB more for a million ids."""
    pa = import_module("pyarrow")
    texts = ids.tolist()
    if not all(isinstance(t, str) for t in texts):
        return pa.array(ids, pa.string())
    data = "".join(texts).encode("utf-8")
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)), out=offsets[1:])
    if int(offsets[-1]) != len(data) or len(data) >= 1 << 31:  # not ASCII, or too long
        return pa.array(ids, pa.string())
    return pa.StringArray.from_buffers(len(texts), pa.py_buffer(offsets.astype(np.int32)),
                                       pa.py_buffer(data))
