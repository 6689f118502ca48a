"""write_tables: tables out as an .xlsx workbook (population/workbook.py, issue 12 item 1)."""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vakmanschap.errors import DataError
from vakmanschap.population.tables import Table
from vakmanschap.population.workbook import write_tables

openpyxl = pytest.importorskip("openpyxl")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def test_one_sheet_per_table_typed_cells_frozen_header(tmp_path: Path) -> None:
    """Each table is a sheet; numbers, booleans and dates are typed; the header is frozen."""
    table = Table.of("t", [{"id": "p1", "hours": 12.5, "met": True, "due": "2028-01-01",
                            "n": 3, "gap": float("nan")},
                           {"id": "p2", "hours": 0.0, "met": False, "due": None, "n": 4,
                            "gap": 1.0}])
    records = (["id", "on"], iter([["a", date(2027, 1, 1)], ["b", None]]))
    path = write_tables(tmp_path / "out.xlsx", {"summary": table, "people": records})
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["summary", "people"]
    sheet = book["summary"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == ["id", "hours", "met", "due", "n", "gap"]
    row = [c.value for c in sheet[2]]
    assert row[:3] == ["p1", 12.5, True] and row[4] == 3 and row[5] is None
    assert row[3].date() == date(2028, 1, 1) and sheet[3][3].value is None
    assert book["people"]["B2"].value.date() == date(2027, 1, 1)
    assert sheet.column_dimensions["A"].width >= 4


def test_formula_text_stays_text(tmp_path: Path) -> None:
    """A cell that starts with '=' is written as text, never as a formula."""
    table = Table.of("t", [{"name": '=HYPERLINK("http://x","y")'}, {"name": "+1+2"}])
    book = openpyxl.load_workbook(write_tables(tmp_path / "f.xlsx", {"t": table}))
    cells = [c for c in book["t"]["A"]][1:]
    assert [c.data_type for c in cells] == ["s", "s"]
    assert cells[0].value == '=HYPERLINK("http://x","y")'


def test_sheet_names_are_made_valid_and_unique(tmp_path: Path) -> None:
    """Sheet names lose Excel's forbidden characters, are cut to 31 and made unique."""
    t = Table.of("t", [{"a": 1}])
    names = {"by organisation/scale": t, "x" * 40: t, "X" * 40: t}
    book = openpyxl.load_workbook(write_tables(tmp_path / "n.xlsx", names))
    assert book.sheetnames[0] == "by organisation_scale"
    assert all(len(n) <= 31 for n in book.sheetnames)
    assert len({n.lower() for n in book.sheetnames}) == 3


def test_failed_write_keeps_the_previous_file(tmp_path: Path) -> None:
    """A write that fails midway leaves the previous file whole and no temporary file."""
    target = tmp_path / "keep.xlsx"
    target.write_bytes(b"previous")

    def rows() -> object:
        yield ["a"]
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_tables(target, {"t": (["x"], rows())})
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.xlsx"]


def test_no_tables_is_refused(tmp_path: Path) -> None:
    """An empty workbook is refused with the path."""
    with pytest.raises(DataError, match="no table"):
        write_tables(tmp_path / "e.xlsx", {})


@given(values=st.lists(st.one_of(st.integers(-10**9, 10**9), st.floats(allow_nan=False,
                                 allow_infinity=False, width=32), st.booleans(),
                                 st.text(max_size=20)), min_size=1, max_size=20))
@settings(max_examples=20, deadline=None)
def test_cells_round_trip(tmp_path_factory: pytest.TempPathFactory, values: list[object]) -> None:
    """Every number, boolean and text reads back as written (texts as texts; control
    characters as U+FFFD, line breaks as \\n)."""
    path = tmp_path_factory.mktemp("rt") / "rt.xlsx"
    table = (["v"], [[v] for v in values])
    sheet = openpyxl.load_workbook(write_tables(path, {"t": table}))["t"]
    back = [r[0] for r in sheet.iter_rows(min_row=2, max_row=len(values) + 1,
                                          values_only=True)]
    for wrote, read in zip(values, back, strict=True):
        if wrote == "":
            assert read is None
        elif isinstance(wrote, float):
            assert math.isclose(read, wrote, rel_tol=1e-6, abs_tol=1e-30)
        elif isinstance(wrote, str):
            # XML reads a line break written as \r or \r\n back as \n
            expected = CONTROL.sub("\ufffd", wrote).replace("\r\n", "\n").replace("\r", "\n")
            assert read == expected
        else:
            assert read == wrote and type(read) is type(wrote)
