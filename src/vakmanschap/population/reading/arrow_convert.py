"""Arrow columns to column values on whole arrays, walking only the rows that need a word.

Each column kind has a vectorised path that accepts only values it converts exactly as the
cell converter of :mod:`vakmanschap.model.cells` would; every other row (the residue: padded
or unusual texts, and the bad rows) goes through that very converter, one distinct text at a
time. So the values and the messages are the cell converter's, whatever the path:

* ids (``ref``): one hash join of the column against the professionals' ids
  (``pyarrow.compute.index_in``), no Python per row; the reader joins the ids of a few
  batches at once (:mod:`~vakmanschap.population.reading.batching`) and hands them in joined;
* texts (``text``): kept when no white space surrounds them;
* dictionary-encoded columns (what the CSV reader gives for dates, amounts and names): the
  dictionary is converted, the codes taken with numpy;
* typed columns (Parquet, pandas, Arrow): dates, integers, floats and booleans checked on the
  whole array (no round trip through text); other types are read as their texts.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

import numpy as np

from vakmanschap.errors import DataError
from vakmanschap.model import cells
from vakmanschap.population.reading.batching import Joined, join_ids
from vakmanschap.population.reading.convert import DTYPES, Converted, convert_column
from vakmanschap.population.reading.sources import encode

__all__ = ["convert_arrow"]

ORDINAL_1970 = 719163  # date(1970, 1, 1).toordinal()
_LAST_ORDINAL = 3652059  # date(9999, 12, 31).toordinal()
_DAY = {"s": 86400, "ms": 86400_000, "us": 86400_000_000, "ns": 86400_000_000_000}


def convert_arrow(column: Any, kind: str, convert: Callable[[str], Any],
                  cache: dict[str, Any], ids: Any = None, where: str = "",
                  field: str | None = None) -> Converted:
    """Convert an Arrow (chunked) array of one column kind; ``ids`` (an Arrow array of the
    professionals' ids) for ``ref`` columns, or a :class:`Joined` column (joined already)."""
    if isinstance(column, Joined):
        return _ref(column.column, None, convert, cache, column.values)
    pa = import_module("pyarrow")
    types = pa.types
    t = column.type
    if kind == "ref":
        return _ref(column, ids, convert, cache)
    if kind == "text" and not types.is_dictionary(t):
        return _text(column, convert, cache)
    if kind in ("date", "opt_date") and (types.is_date(t) or types.is_timestamp(t)):
        return _dates(column, kind, convert, cache)
    if kind in ("opt_amount", "fte", "weekly") and (types.is_integer(t) or
                                                     types.is_floating(t)):
        return _numbers(column, kind, convert, cache)
    if kind == "bool" and types.is_boolean(t):
        values = np.asarray(_numpy(column.fill_null(False)), dtype=bool).copy()
        return _finish(values, _valid(column), column, kind, convert, cache)
    return _by_dictionary(column, kind, convert, cache, where, field)


def _numpy(column: Any) -> Any:
    """A chunked array without nulls as one numpy array."""
    chunks = [c.to_numpy(zero_copy_only=False) for c in column.chunks]
    if not chunks:
        return np.zeros(0, dtype=column.type.to_pandas_dtype())
    return chunks[0] if len(chunks) == 1 else np.concatenate(chunks)


def _valid(column: Any) -> Any:
    if column.null_count == 0:
        return np.ones(len(column), dtype=bool)
    pc = import_module("pyarrow.compute")
    return np.asarray(_numpy(pc.is_valid(column)), dtype=bool)


def _as_text(column: Any) -> Any:
    """The column as non-null text (nulls are empty cells)."""
    pa = import_module("pyarrow")
    pc = import_module("pyarrow.compute")
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        column = pc.cast(column, pa.string())
    return pc.fill_null(column, "") if column.null_count else column


def _texts(column: Any, rows: Any) -> list[str]:
    """The texts of some rows (the few that need the cell converter)."""
    pa = import_module("pyarrow")
    return [str(x) for x in _as_text(column.take(pa.array(rows, type=pa.int64()))).to_pylist()]


def _finish(values: Any, ok: Any, column: Any, kind: str, convert: Callable[[str], Any],
            cache: dict[str, Any]) -> Converted:
    """Values accepted on the whole array; the other rows through the cell converter."""
    residue = np.flatnonzero(~ok)
    if not len(residue):
        return Converted(values, None, [], [])
    texts = _texts(column, residue)
    found, bad, problems = convert_column(encode(texts), convert, cache, kind)
    values[residue] = found
    if bad is None:
        return Converted(values, None, [], [])
    codes = encode(texts)  # the same codes convert_column used
    rows = residue[bad]
    return Converted(values, rows, [texts[k] for k in np.flatnonzero(bad)],
                     [problems[int(codes.codes[k])] for k in np.flatnonzero(bad)])


def _by_dictionary(column: Any, kind: str, convert: Callable[[str], Any],
                   cache: dict[str, Any], where: str, field: str | None = None) -> Converted:
    """Each distinct text converted once (the column as a dictionary), spread with numpy."""
    pa = import_module("pyarrow")
    pc = import_module("pyarrow.compute")
    t = column.type
    if not pa.types.is_dictionary(t) or column.null_count or \
            not pa.types.is_string(t.value_type):
        try:
            column = pc.dictionary_encode(_as_text(column))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            raise DataError(f"column of type {t}; expected text, numbers, dates or true/false"
                            " (themes as one text: a;b)", record=where,
                            **({"field": field} if field else {})) from None
    if column.num_chunks > 1:
        column = pa.table({"c": column}).unify_dictionaries().column(0)
    if column.num_chunks == 0:
        return Converted(np.zeros(0, dtype=DTYPES[kind]), None, [], [])
    uniques = column.chunk(0).dictionary.to_pylist()
    codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False)
                            for c in column.chunks]).astype(np.int32, copy=False)
    return Converted.of(convert_column(_Dict(codes, uniques), convert, cache, kind),
                        codes, uniques)


class _Dict:
    """Codes and distinct texts, as :func:`convert_column` takes them."""

    def __init__(self, codes: Any, uniques: list[str]) -> None:
        self.codes = codes
        self.uniques = uniques


def _ref(column: Any, ids: Any, convert: Callable[[str], Any], cache: dict[str, Any],
         values: Any = None) -> Converted:
    if values is None:
        values = join_ids(column, ids)
    return _finish(values, values >= 0, column, "ref", convert, cache)


def _text(column: Any, convert: Callable[[str], Any], cache: dict[str, Any]) -> Converted:
    pc = import_module("pyarrow.compute")
    text = _as_text(column)
    trimmed = pc.utf8_trim_whitespace(text)  # trims every character str.strip() does
    ok = np.asarray(_numpy(pc.and_(pc.equal(trimmed, text), pc.greater(pc.utf8_length(text), 0))),
                    dtype=bool)
    values = np.asarray(_numpy(text), dtype=object)
    if not values.flags.writeable:
        values = values.copy()
    return _finish(values, ok, column, "text", convert, cache)


def _dates(column: Any, kind: str, convert: Callable[[str], Any],
           cache: dict[str, Any]) -> Converted:
    pa = import_module("pyarrow")
    pc = import_module("pyarrow.compute")
    t = column.type
    valid = _valid(column)
    if pa.types.is_timestamp(t):
        if t.tz is not None:
            return _by_dictionary(column, kind, convert, cache, "")
        ticks = np.asarray(_numpy(pc.fill_null(column.cast(pa.int64()), 0)), dtype=np.int64)
        per_day = _DAY[t.unit]
        whole = ticks % per_day == 0
        days = ticks // per_day
    else:
        days = np.asarray(_numpy(pc.fill_null(column.cast(pa.date32()).cast(pa.int32()), 0)),
                          dtype=np.int64)
        whole = np.ones(len(days), dtype=bool)
    ordinal = days + ORDINAL_1970
    inside = (ordinal >= 1) & (ordinal <= _LAST_ORDINAL)
    values = np.where(valid & inside, ordinal, 0).astype(np.int32)
    ok = valid & inside & whole
    if kind == "opt_date":
        ok |= ~valid
    return _finish(values, ok, column, kind, convert, cache)


def _numbers(column: Any, kind: str, convert: Callable[[str], Any],
             cache: dict[str, Any]) -> Converted:
    pa = import_module("pyarrow")
    valid = _valid(column)
    x = np.asarray(_numpy(column.fill_null(0).cast(pa.float64())), dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        finite = np.isfinite(x)
        h = np.where(finite, np.round(np.where(finite, x, 0) * 100), 0)
        exact = finite & (h / 100 == x)
        if kind == "fte":
            ok = valid & finite & (x > 0) & (x <= cells.MAX_FTE)
            values = np.where(ok, x, 1.0)
        elif kind == "weekly":
            ok = valid & exact & (x >= 0) & (x <= cells.MAX_WEEKLY_HOURS)
            values = np.where(ok, x, 0.0)
        else:
            ok = valid & exact & (x >= 0) & (x <= cells.MAX_AMOUNT)
            values = np.where(ok, h, -1).astype(np.int64)
            ok |= ~valid  # an empty amount: none
    if pa.types.is_integer(column.type) and kind in ("fte", "weekly"):
        values = values.astype(np.float64)
    return _finish(np.asarray(values, dtype=DTYPES[kind]).copy(), ok, column, kind, convert,
                   cache)
