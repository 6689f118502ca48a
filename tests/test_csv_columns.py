"""Tests for vakmanschap.population.csv_columns: the column-by-column CSV writer equals the
plain row-by-row one byte for byte."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from vakmanschap.io import safe_csv_writer
from vakmanschap.population.compare import _none_empty
from vakmanschap.population.csv_columns import PersonRecords, column_fields, write_columns
from vakmanschap.population.result import _csv_cell
from vakmanschap.population.tables import rows_of

_sim_cell = _csv_cell  # PopulationResult.to_csv's own cell function


_none_cell = _none_empty  # Comparison.to_csv's own cell function


CELLS = [_sim_cell, _none_cell]


def _plain(names: list[str], columns: list[Any], size: int, cell: Any) -> str:
    handle = io.StringIO()
    writer = safe_csv_writer(handle, lineterminator="\n")
    writer.writerow(names)
    for row in rows_of(columns, size):
        writer.writerow([cell(v) for v in row])
    return handle.getvalue()


def _fast(names: list[str], columns: list[Any], size: int, cell: Any, chunk: int) -> str:
    handle = io.StringIO()
    write_columns(handle, names, columns, size, cell, chunk=chunk)
    return handle.getvalue()


ODD_TEXT = st.text(alphabet=st.sampled_from(
    [*'ab,"\n\r\t =+-@é€漢 1.5e', "\x00"]), max_size=6)
FLOATS = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [0.0, -0.0, 1e16, -1e-300, 0.1, 2.5, float("nan"), -float("inf")])
INTS = st.integers(min_value=-(2**63), max_value=2**63 - 1)
OBJECTS = st.one_of(st.none(), st.booleans(), ODD_TEXT, INTS, FLOATS)


@st.composite
def tables(draw: Any) -> tuple[list[str], list[Any], int]:
    """Columns of every kind a per-person table holds, with odd values."""
    size = draw(st.integers(0, 12))
    kinds = draw(st.lists(st.sampled_from(
        ["f64", "f32", "i64", "u8", "bool", "str_none", "bool_none", "mixed", "list_str",
         "unicode"]), min_size=1, max_size=6))
    columns: list[Any] = []
    for kind in kinds:
        if kind == "f64":
            columns.append(np.array(draw(st.lists(FLOATS, min_size=size, max_size=size)),
                                    dtype=np.float64))
        elif kind == "f32":
            columns.append(np.array(draw(st.lists(st.floats(width=32), min_size=size,
                                                  max_size=size)), dtype=np.float32))
        elif kind == "i64":
            columns.append(np.array(draw(st.lists(INTS, min_size=size, max_size=size)),
                                    dtype=np.int64))
        elif kind == "u8":
            columns.append(np.array(draw(st.lists(st.integers(0, 255), min_size=size,
                                                  max_size=size)), dtype=np.uint8))
        elif kind == "bool":
            columns.append(np.array(draw(st.lists(st.booleans(), min_size=size,
                                                  max_size=size)), dtype=bool))
        else:
            values = draw(st.lists({
                "str_none": st.none() | ODD_TEXT, "bool_none": st.none() | st.booleans(),
                "mixed": OBJECTS, "list_str": ODD_TEXT, "unicode": ODD_TEXT}[kind],
                min_size=size, max_size=size))
            if kind == "list_str":
                columns.append(values)
            elif kind == "unicode":
                columns.append(np.array(values, dtype=str) if values else np.array([], str))
            else:
                array = np.empty(size, dtype=object)
                array[:] = values
                columns.append(array)
    names = [draw(ODD_TEXT) for _ in columns]
    return names, columns, size


@settings(max_examples=300, deadline=None)
@given(tables(), st.sampled_from(CELLS), st.integers(1, 5))
def test_column_writer_equals_row_writer(table: Any, cell: Any, chunk: int) -> None:
    """Every table, in every piece size, is written byte for byte as the plain writer writes
    it (quotes, commas, line breaks, formulas, non-ASCII, None, NaN, -0.0, large numbers)."""
    names, columns, size = table
    try:
        expected = _plain(names, columns, size, cell)
    except Exception as error:  # what csv.writer refuses, the column writer refuses too
        try:
            _fast(names, columns, size, cell, chunk)
        except type(error):
            return
        raise AssertionError("the column writer wrote what csv.writer refused") from None
    assert _fast(names, columns, size, cell, chunk) == expected


def test_signed_zero_and_nans_stay_apart() -> None:
    """-0.0 and 0.0 keep their own text, and NaN is empty, in one numpy column."""
    fields = column_fields(np.array([0.0, -0.0, np.nan, 1e16, 0.0]), lambda v: (
        "" if v != v else v) if isinstance(v, float) else v)
    assert fields == ["0.0", "-0.0", "", "1e+16", "0.0"]


def test_equal_keys_of_different_types_are_not_merged() -> None:
    """An object column holding 1, True and 1.0 writes each as itself."""
    column = np.array([1, True, 1.0, 0, False, -0.0], dtype=object)
    assert column_fields(column, lambda v: v) == ["1", "True", "1.0", "0", "False", "-0.0"]


def test_text_is_quoted_and_guarded_as_csv_writer_does() -> None:
    """Commas, quotes and line breaks are quoted; a formula-like cell gets its quote mark."""
    column = ["a,b", 'say "hi"', "two\nlines", "=SUM(A1)", "-5", "plain"]
    assert column_fields(column, lambda v: v) == [
        '"a,b"', '"say ""hi"""', '"two\nlines"', "'=SUM(A1)", "-5", "plain"]


def test_person_records_unpack_as_names_and_rows() -> None:
    """``PersonRecords`` unpacks as (names, rows), its rows made from its columns."""
    records = PersonRecords(["id", "met"], lambda: [np.array(["a", "b"]),
                                                    np.array([True, False])], 2)
    names, rows = records
    assert names == ["id", "met"]
    assert list(rows) == [["a", True], ["b", False]]
    assert records.size == 2


def test_one_column_table_left_to_csv_writer() -> None:
    """A one-column table with empty cells is written as csv.writer writes it (quoted)."""
    column = np.array([None, "x"], dtype=object)
    assert _fast(["id"], [column], 2, _sim_cell, 1) == _plain(["id"], [column], 2, _sim_cell)
    assert _fast(["id"], [column], 2, _sim_cell, 1) == 'id\n""\nx\n'


def test_plain_text_column_and_a_hidden_line_break() -> None:
    """A column of plain text is written as it is; one line break in it is still quoted."""
    assert column_fields(["id-1", "id 2", "é"], lambda v: v) == ["id-1", "id 2", "é"]
    assert column_fields(["a", "b\nc"], lambda v: v) == ["a", '"b\nc"']
