"""Typed columns (vakmanschap.population.frames): one type per kind in pandas and Arrow, one
missing value, grouping columns typed from their values."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vakmanschap.population.frames import Typed, infer, to_arrow, to_pandas


@pytest.mark.parametrize(("values", "kind", "cells"), [
    (["yes", "no", "", "Ja"], "bool", [True, False, None, True]),
    ([True, None, False], "bool", [True, None, False]),
    (["9", " 11", None, "-3"], "int", [9, 11, None, -3]),
    ([1, 2.5, float("nan")], "float", [1.0, 2.5, None]),
    (["0.8", "1", ""], "float", [0.8, 1.0, None]),
    (["2024-02-29", "", date(2025, 1, 1)], "date", [date(2024, 2, 29), None, date(2025, 1, 1)]),
    (["2024-02-30", "BZK"], "category", ["2024-02-30", "BZK"]),
    (["0", "1"], "int", [0, 1]),
    (["", None], "category", [None, None]),
])
def test_infer_reads_every_kind(values: list[object], kind: str, cells: list[object]) -> None:
    """Yes/no words are bool, whole numbers int, decimals float, existing ISO dates date, the
    rest a category; empty texts, None and NaN are missing."""
    column = infer("x", values)
    assert column.kind == kind
    got = column.values.tolist()
    if kind == "float":
        got = [None if np.isnan(v) else v for v in got]
    if kind == "date":
        got = [date.fromordinal(v) if v else None for v in got]
    assert got == cells


@given(st.lists(st.one_of(st.none(), st.integers(-10**12, 10**12)), min_size=1))
def test_whole_numbers_in_text_read_back_exactly(numbers: list[int | None]) -> None:
    """A column of whole numbers written as text reads back as the same numbers (int), or as
    nothing when every cell is empty."""
    column = infer("n", ["" if n is None else str(n) for n in numbers])
    if all(n is None for n in numbers):
        assert column.kind == "category"
    else:
        assert column.kind == "int" and column.values.tolist() == numbers


def _columns() -> list[Typed]:
    objects = np.empty(3, dtype=object)
    objects[:] = ["a", None, "b"]
    return [Typed("id", "text", np.array(["p1", "p2", "p3"], dtype=object)),
            Typed("status", "category", objects, categories=("a", "b", "c")),
            Typed("ok", "bool", np.array([True, None, False], dtype=object)),
            Typed("n", "int", np.array([1, None, 3], dtype=object)),
            Typed("x", "float", np.array([0.5, np.nan, 2.0])),
            Typed("on", "date", np.array([date(2025, 1, 1).toordinal(), 0, 1]))]


def test_pandas_types_and_one_missing_value() -> None:
    """Each kind has its pandas dtype, the index column becomes the index, and every missing
    cell is what isna() reports."""
    pd = pytest.importorskip("pandas")
    frame = to_pandas(_columns(), index="id")
    assert frame.index.name == "id" and frame.index.tolist() == ["p1", "p2", "p3"]
    assert [str(t) for t in frame.dtypes] == ["category", "boolean", "Int64", "float64",
                                              "datetime64[ns]"]
    assert list(frame["status"].cat.categories) == ["a", "b", "c"]
    assert frame.loc["p2"].isna().all() and not frame.loc["p1"].isna().any()
    assert frame.loc["p1", "on"] == pd.Timestamp("2025-01-01")


def test_arrow_types_and_nulls() -> None:
    """Each kind has its Arrow type and every missing cell is a null."""
    pa = pytest.importorskip("pyarrow")
    table = to_arrow(_columns())
    assert [f.type for f in table.schema] == [
        pa.string(), pa.dictionary(pa.int32(), pa.string()), pa.bool_(), pa.int64(),
        pa.float64(), pa.date32()]
    assert [table.column(i).null_count for i in range(6)] == [0, 1, 1, 1, 1, 1]
    assert table.column("on").to_pylist()[0] == date(2025, 1, 1)


def test_a_kind_outside_the_list_is_refused() -> None:
    """Typed accepts only the six kinds."""
    with pytest.raises(ValueError):
        Typed("x", "decimal", np.zeros(1))
