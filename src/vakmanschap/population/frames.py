"""Typed columns for pandas and Arrow: every result table with proper types and one missing value.

A result builds its columns as :class:`Typed` (a name, a kind and a numpy array);
:func:`to_pandas` and :func:`to_arrow` turn them into a DataFrame or an Arrow table with the
same types in both:

========== ================================== =============================
kind       pandas                             Arrow
========== ================================== =============================
category   ``category`` (missing: NaN)        ``dictionary<int32, string>``
text       ``string`` (missing: ``<NA>``)     ``string``
bool       ``boolean`` (missing: ``<NA>``)    ``bool``
int        ``Int64`` (missing: ``<NA>``)      ``int64``
float      ``float64`` (missing: NaN)         ``double``
date       ``datetime64[ns]`` (missing: NaT)  ``date32``
========== ================================== =============================

Missing is always what pandas' ``isna()`` reports (never an empty text beside a NaN), and a
null in Arrow. Floats stay plain ``float64`` so that ``DataFrame.to_numpy()`` and plotting get
numbers; ``Int64`` and ``boolean`` are the nullable types because a missing yes/no or count is
not a number. The person id is the index of per-person frames (``id``) and the first column of
their Arrow tables.

Grouping columns of an HR export arrive as text; :func:`infer` gives each its type from its
values: yes/no words are bool, whole numbers int, decimals float, ``YYYY-MM-DD`` dates date,
anything else a category.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date
from importlib import import_module
from typing import Any

import attrs
import numpy as np

from vakmanschap.errors import VakmanschapError
from vakmanschap.model.cells import FALSE_WORDS, TRUE_WORDS

__all__ = ["Typed", "infer", "need_arrow", "to_arrow", "to_pandas"]

KINDS = ("category", "text", "bool", "int", "float", "date")
_TRUE = {w for w in TRUE_WORDS if not w.isdigit()}
_FALSE = {w for w in FALSE_WORDS if not w.isdigit()}
_INT = re.compile(r"[+-]?\d+\Z")
_FLOAT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


@attrs.frozen(eq=False)
class Typed:
    """One column: ``values`` is an object array (None: missing) for category, text, bool and
    int; float64 (NaN: missing) for float; int ordinals (0: missing) for date."""

    name: str
    kind: str = attrs.field(validator=attrs.validators.in_(KINDS))
    values: Any
    categories: tuple[str, ...] = ()  # a category's every possible value, in order (else: seen)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and math.isnan(value))


def infer(name: str, values: Sequence[Any] | Any) -> Typed:
    """The column ``name`` typed from its values (texts or Python values; None, NaN and ""
    are missing): bool, int, float, date or, for anything else, category. Each distinct value
    is looked at once, so a column of many people and few values is quick."""
    items = list(values)
    distinct = {_key(v): v for v in items}
    present = {k: v for k, v in distinct.items() if not _missing(v)}
    if not present:
        if any(isinstance(v, float) for v in items):
            return Typed(name, "float", np.full(len(items), np.nan))
        return Typed(name, "category", _objects([None] * len(items)))
    for kind, convert in _READINGS:
        try:
            meaning = {k: convert(v) for k, v in present.items()}
        except ValueError:
            continue
        cells = [meaning.get(_key(v)) for v in items]
        if kind == "float":
            return Typed(name, kind, np.array([np.nan if c is None else c for c in cells],
                                              dtype=np.float64))
        if kind == "date":
            return Typed(name, kind, np.array([c or 0 for c in cells], dtype=np.int64))
        return Typed(name, kind, _objects(cells))
    raise AssertionError("a category reads every value")  # pragma: no cover


def _key(value: Any) -> Any:
    """A hashable stand-in for a value (bool and int 1 apart; NaN as one)."""
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


def _text(value: Any) -> str:
    return str(value).strip()


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = _text(value).lower() if isinstance(value, str) else ""
    if word not in _TRUE | _FALSE:
        raise ValueError(value)
    return word in _TRUE


def _int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INT.match(_text(value)):
        return int(value)
    raise ValueError(value)


def _float(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and _FLOAT.match(_text(value)):
        return float(value)
    raise ValueError(value)


def _date(value: Any) -> int:
    if isinstance(value, date):
        return value.toordinal()
    if isinstance(value, str) and _DATE.match(_text(value)):
        return date.fromisoformat(_text(value)).toordinal()  # ValueError if no such day
    raise ValueError(value)


_READINGS: tuple[tuple[str, Any], ...] = (
    ("bool", _bool), ("int", _int), ("float", _float), ("date", _date), ("category", str))


def _objects(cells: list[Any]) -> Any:
    out = np.empty(len(cells), dtype=object)
    out[:] = cells
    return out


# -- pandas ------------------------------------------------------------------------------------


def need_pandas() -> Any:
    """Import pandas or explain how to install it."""
    try:
        return import_module("pandas")
    except ImportError:
        raise VakmanschapError("this needs pandas: pip install 'vakmanschap[analysis]'") \
            from None


def _pandas_column(pd: Any, column: Typed) -> Any:
    values = column.values
    if column.kind == "float":
        return pd.Series(np.asarray(values, dtype=np.float64), name=column.name)
    if column.kind == "date":
        ordinals = np.asarray(values, dtype=np.int64)
        days = (ordinals - date(1970, 1, 1).toordinal()).astype("datetime64[D]")
        days[ordinals == 0] = np.datetime64("NaT")
        return pd.Series(days.astype("datetime64[ns]"), name=column.name)
    if column.kind == "category":
        categories = column.categories or sorted({v for v in values.tolist() if v is not None})
        return pd.Series(pd.Categorical(values.tolist(), categories=categories),
                         name=column.name)
    dtype = {"text": "string", "bool": "boolean", "int": "Int64"}[column.kind]
    return pd.Series(pd.array(values.tolist(), dtype=dtype), name=column.name)


def to_pandas(columns: Sequence[Typed], index: str | None = None) -> Any:
    """A DataFrame of ``columns`` (needs pandas); ``index`` names the column that becomes the
    index (kept as that name)."""
    pd = need_pandas()
    series = {c.name: _pandas_column(pd, c) for c in columns}
    frame = pd.DataFrame(series, columns=[c.name for c in columns])
    if index is not None:
        frame = frame.set_index(index)
    return frame


# -- Arrow -------------------------------------------------------------------------------------


def need_arrow() -> Any:
    """Import pyarrow or explain how to install it."""
    try:
        return import_module("pyarrow")
    except ImportError:
        raise VakmanschapError("this needs pyarrow: pip install 'vakmanschap[parquet]'") \
            from None


def _arrow_column(pa: Any, column: Typed) -> Any:
    values = column.values
    if column.kind == "float":
        floats = np.asarray(values, dtype=np.float64)
        return pa.array(floats, type=pa.float64(), mask=np.isnan(floats))
    if column.kind == "date":
        ordinals = np.asarray(values, dtype=np.int64)
        days = (ordinals - date(1970, 1, 1).toordinal()).astype(np.int32)
        return pa.array(days, type=pa.int32(), mask=ordinals == 0).cast(pa.date32())
    if column.kind == "category":
        return pa.array(values.tolist(), type=pa.string()).dictionary_encode()
    arrow_type = {"text": pa.string(), "bool": pa.bool_(), "int": pa.int64()}[column.kind]
    return pa.array(values.tolist(), type=arrow_type)


def to_arrow(columns: Sequence[Typed]) -> Any:
    """An Arrow table of ``columns`` (needs pyarrow)."""
    pa = need_arrow()
    return pa.table({c.name: _arrow_column(pa, c) for c in columns})
