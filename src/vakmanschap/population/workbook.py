"""Tables out as an Excel workbook (``.xlsx``): :func:`write_tables`, one sheet per table.

Written with openpyxl (maintained, pure Python; ``pip install 'vakmanschap[excel]'``) in its
write-only mode, which streams rows to the file, so that a per-person table of a large
workforce is written without holding a worksheet in memory. Cells are typed: numbers as
numbers, booleans as booleans, dates (``date`` values, or ISO texts ``YYYY-MM-DD`` in a
column that holds nothing else) as dates with a date format, missing values (None, NaN) as
empty cells, and every text as text: a text that starts with ``=`` is never a formula (a
control character, which a sheet cannot hold, becomes U+FFFD).
The header row is bold and frozen; column widths follow the widest of the header and the
first rows. The file is written whole or not at all (a temporary file in the same folder,
renamed over the target; :func:`vakmanschap.io.atomic_path`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from datetime import date, datetime
from importlib import import_module
from itertools import chain, islice
from pathlib import Path
from typing import Any

from vakmanschap.errors import DataError, VakmanschapError
from vakmanschap.io import atomic_path
from vakmanschap.population.tables import Table

__all__ = ["MAX_ROWS", "Records", "write_tables"]

#: Column names and rows: a table too large to hold as a :class:`Table` (per person).
Records = tuple[Sequence[str], Iterable[Sequence[Any]]]

#: Rows an Excel sheet holds, the header included (Excel's limit).
MAX_ROWS = 1_048_576
_SAMPLE = 1000  # rows looked at for column widths and date columns
_MAX_WIDTH = 60
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what XML 1.0 cannot hold


def _openpyxl() -> Any:
    try:
        return import_module("openpyxl")
    except ImportError:
        raise VakmanschapError("writing .xlsx needs openpyxl: pip install "
                               "'vakmanschap[excel]'") from None


def _sheet_names(names: Iterable[str]) -> list[str]:
    """Excel sheet names: at most 31 characters, none of ``[]:*?/\\``, unique."""
    out: list[str] = []
    for name in names:
        base = _BAD_SHEET.sub("_", str(name)).strip("'") or "sheet"
        candidate, k = base[:31], 2
        while candidate.lower() in {n.lower() for n in out}:
            suffix = f" ({k})"
            candidate, k = base[:31 - len(suffix)] + suffix, k + 1
        out.append(candidate)
    return out


def _columns_rows(table: Table | Records) -> tuple[list[str], Iterator[Sequence[Any]]]:
    if isinstance(table, Table):
        return list(table.columns), iter([[r[c] for c in table.columns] for r in table.rows])
    columns, rows = table
    return list(columns), iter(rows)


def _plain(value: Any) -> Any:
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # numpy scalars
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _is_date_column(values: list[Any]) -> bool:
    present = [v for v in values if v is not None and v != ""]
    return bool(present) and all(
        isinstance(v, date) or (isinstance(v, str) and _ISO.match(v)) for v in present)


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return len(f"{value:.4g}") + 2
    return len(str(value))


def _write_sheet(book: Any, name: str, table: Table | Records) -> None:
    # Imported by name: openpyxl ships no type stubs.
    WriteOnlyCell = import_module("openpyxl.cell").WriteOnlyCell
    Font = import_module("openpyxl.styles").Font
    get_column_letter = import_module("openpyxl.utils").get_column_letter

    sheet = book.create_sheet(name)
    columns, rows = _columns_rows(table)
    sample = [[_plain(v) for v in row] for row in islice(rows, _SAMPLE)]
    dates = [_is_date_column([row[k] for row in sample]) for k in range(len(columns))]
    for k, column in enumerate(columns):
        widest = max([len(column), *(_width(row[k]) for row in sample)])
        sheet.column_dimensions[get_column_letter(k + 1)].width = min(_MAX_WIDTH, widest + 2)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value: Any, k: int) -> Any:
        out = WriteOnlyCell(sheet)
        if value is None or value == "":
            return out
        if dates[k]:
            out.value = value if isinstance(value, date) else date.fromisoformat(value)
            out.number_format = "yyyy-mm-dd"
        elif isinstance(value, bool | int | float | datetime | date):
            out.value = value
        else:
            # Control characters cannot be stored in a sheet: each becomes U+FFFD.
            out.value = _CONTROL.sub("\ufffd", str(value))
            out.data_type = "s"  # a text, even one that starts with '=': never a formula
        return out

    header = []
    for column in columns:
        head = WriteOnlyCell(sheet, value=_CONTROL.sub("\ufffd", str(column)))
        head.data_type, head.font = "s", bold
        header.append(head)
    sheet.append(header)
    count = 1
    for row in chain(sample, ([_plain(v) for v in row] for row in rows)):
        count += 1
        if count > MAX_ROWS:
            raise DataError(f"table {name!r} has more than {MAX_ROWS - 1:,} rows, more than an "
                            "Excel sheet holds; write it as .csv instead", field="--out")
        sheet.append([cell(v, k) for k, v in enumerate(row)])


def write_tables(path: str | Path, tables: Mapping[str, Table | Records]) -> Path:
    """Write ``tables`` (sheet name -> :class:`Table` or ``(columns, rows)``) as one
    ``.xlsx`` workbook at ``path``, whole or not at all; return the path. Sheet names are
    made valid for Excel (31 characters, no ``[]:*?/\\``, unique)."""
    openpyxl = _openpyxl()
    target = Path(path)
    if not tables:
        raise DataError("no table to write", record=str(target))
    with atomic_path(target) as temp:  # first: a folder that cannot be written fails early
        book = openpyxl.Workbook(write_only=True)
        try:
            for name, table in zip(_sheet_names(tables), tables.values(), strict=True):
                _write_sheet(book, name, table)
        except BaseException:
            _discard(book)
            raise
        book.save(temp)
    return target


def _discard(book: Any) -> None:
    """Close the sheets of an unfinished write-only workbook (their rows sit in temporary
    files that would otherwise be left open)."""
    for sheet in book.worksheets:
        with suppress(Exception):
            sheet.close()
            sheet._writer.cleanup()
