"""A per-person table written as CSV column by column, byte for byte as ``csv.writer`` writes
it row by row.

The plain way (:func:`~vakmanschap.population.tables.rows_of`, a cell function per value, then
:func:`vakmanschap.io.safe_csv_writer`) costs a few Python calls per cell: at 1,000,000 people
and 51 columns, 51 million cells and most of ``simulate --out``. Here each column of a piece
of rows is turned into its CSV fields at once: the distinct values of a numpy column
(``np.unique`` of its bits, so that ``-0.0`` and ``0.0``, and every NaN, stay apart) or of a
column of strings, booleans or None are each written once by the same writer, and every row
takes its fields from them; the rows are then joined by ``str.join``. A column whose values
could compare equal across types (``1`` and ``True``, ``0.0`` and ``-0.0`` as objects) is
written value by value, by the same writer. The tests hold it equal to the plain way
(tests/test_csv_columns.py).

:class:`PersonRecords` is the ``(names, rows)`` pair that per-person tables hand out
(``.xlsx`` and JSON read its rows), with the columns beside it for this writer.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

import numpy as np

from vakmanschap.io import safe_csv_writer
from vakmanschap.population.tables import ROW_CHUNK, rows_of

__all__ = ["PersonRecords", "column_fields", "write_columns"]

#: rows per piece: the field strings of one piece exist at a time
CSV_CHUNK = 1 << 16
#: characters after which ``csv.writer`` or the formula guard may change a text cell
_SPECIAL = frozenset(',"\r\n\x00')
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: in text joined by line breaks: a character the writer quotes, or a formula start
_NOT_PLAIN = re.compile(r'[,"\r\x00]|^[=+\-@\t]', re.MULTILINE)


class PersonRecords(tuple[list[str], Iterator[list[Any]]]):
    """``(names, rows)`` of a per-person table (unpacks as the pair), with ``columns()``
    giving its columns (called only when it is written column by column) and ``size``."""

    columns: Callable[[], Sequence[Any]]
    size: int

    def __new__(cls, names: list[str], columns: Callable[[], Sequence[Any]], size: int
                ) -> PersonRecords:
        def rows() -> Iterator[list[Any]]:
            yield from rows_of(columns(), size, ROW_CHUNK)

        self = super().__new__(cls, (names, rows()))
        self.columns = columns
        self.size = size
        return self


class _Encoder:
    """The field ``csv.writer`` (with the formula guard) writes for one cell value."""

    def __init__(self, cell: Callable[[Any], Any]) -> None:
        self.cell = cell
        self.buffer = io.StringIO()
        self.writer = safe_csv_writer(self.buffer, lineterminator="\n")

    def __call__(self, value: Any) -> str:
        value = self.cell(value)
        if type(value) is str and not (_SPECIAL.intersection(value)
                                       or value.startswith(_FORMULA_START)):
            return value
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow([value, ""])  # two fields: a lone empty one would be quoted
        return self.buffer.getvalue()[:-2]


def _numpy_fields(values: Any, encode: Callable[[Any], str]) -> list[str]:
    if values.dtype.kind == "f":  # by bits: -0.0 and 0.0 differ, NaNs are one or another
        bits = values.view(f"u{values.dtype.itemsize}")
        distinct, inverse = np.unique(bits, return_inverse=True)
        distinct = distinct.view(values.dtype)
    else:
        distinct, inverse = np.unique(values, return_inverse=True)
    texts = np.array([encode(v) for v in distinct.tolist()], dtype=object)
    fields: list[str] = texts[inverse.reshape(-1)].tolist()
    return fields


def column_fields(values: Any, cell: Callable[[Any], Any]) -> list[str]:
    """The CSV field of every value of one column (a numpy array or a sequence), as
    ``safe_csv_writer`` writes ``cell(value)`` in a row of two or more fields."""
    return _fields(values, _Encoder(cell))


def _fields(values: Any, encode: Callable[[Any], str]) -> list[str]:
    if isinstance(values, np.ndarray) and values.dtype.kind in "biuf" and len(values):
        return _numpy_fields(values, encode)
    items = values.tolist() if hasattr(values, "tolist") else list(values)
    kinds = set(map(type, items))
    if kinds == {str}:  # text that neither the writer nor the guard changes (ids, labels)?
        joined = "\n".join(items)
        if joined.count("\n") == len(items) - 1 and not _NOT_PLAIN.search(joined):
            return items
    kinds.discard(str)
    kinds.discard(type(None))
    if kinds <= {bool} or kinds <= {int}:  # no two equal keys of different fields
        known = dict.fromkeys(items, "")
        for value in known:
            known[value] = encode(value)
        return list(map(known.__getitem__, items))
    return [encode(value) for value in items]


def write_columns(handle: IO[str], names: Sequence[str], columns: Sequence[Any], size: int,
                  cell: Callable[[Any], Any], chunk: int = CSV_CHUNK) -> None:
    """Write ``names`` and the rows of ``columns`` (``size`` long) to ``handle`` as
    ``safe_csv_writer(handle, lineterminator="\\n")`` writes ``[cell(v) for v in row]`` per
    row (with fewer than two columns, it is that writer that writes). ``cell`` must give
    text back unchanged (as both per-person tables' cell functions do)."""
    writer = safe_csv_writer(handle, lineterminator="\n")
    writer.writerow(names)
    if len(columns) < 2:  # a lone empty field is written quoted: left to csv.writer
        for row in rows_of(columns, size):
            writer.writerow([cell(v) for v in row])
        return
    encode = _Encoder(cell)
    for start in range(0, size, chunk):
        stop = min(start + chunk, size)
        fields = [_fields(c[start:stop], encode) for c in columns]
        handle.write("\n".join(map(",".join, zip(*fields, strict=True))))
        handle.write("\n")
