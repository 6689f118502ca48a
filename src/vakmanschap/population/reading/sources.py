"""Where the rows of an HR-export file come from, as batches of columns.

Four sources give the same batches:

* the csv module (careful: reports malformed rows; used without pyarrow and whenever the fast
  reader meets a row it cannot place exactly): per column its distinct texts and per row the
  index of its text (:class:`Column`);
* pyarrow's streaming CSV reader (fast: the next block is parsed while one is converted;
  blocks of Arrow columns, so that the whole file's text is never held: low-cardinality
  columns dictionary-encoded by the reader itself, ids as plain text); on anything it
  cannot place exactly it raises :class:`Fallback` and the file is read again with the csv
  module;
* Parquet, and tables in memory (pandas, Arrow): Arrow columns as they are typed;
* Excel workbooks (``.xlsx``, through python-calamine): one sheet, its cells as texts.

The delimiter of a CSV file is sniffed from its header line when it is not given.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from importlib import import_module
from itertools import islice
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from vakmanschap.errors import DataError
from vakmanschap.io import regular_file

__all__ = ["DELIMITERS", "Batch", "Column", "Fallback", "arrow_csv_batches", "csv_header",
           "have_pyarrow", "memory_batch", "parquet_batch", "parquet_header", "python_batches",
           "sniff_delimiter", "split_sheet", "xlsx_batch", "xlsx_sheets"]

PYTHON_BATCH_ROWS = 1 << 17  # rows per batch from the csv module (Python strings: large)
#: bytes per block of pyarrow's streaming CSV reader (one batch each): large, as each batch's
#: ids are joined against the whole id set (hashed once per batch); 16 MB blocks cost a
#: million people 40 % more load time, 64 MB about 10 %, against one read of the whole file
ARROW_BLOCK = 1 << 26
DELIMITERS = (",", ";", "\t")
#: the kinds whose values repeat (dates, amounts, names): the CSV reader dictionary-encodes
#: them, so that each distinct text is converted once
_PLAIN_TEXT_KINDS = ("ref", "text")


class Fallback(Exception):
    """The fast reader met a row it cannot place exactly; read again with the csv module."""


@attrs.define
class Column:
    """One column of one batch as distinct texts and, per row, the index of its text."""

    codes: np.ndarray[Any, np.dtype[np.int32]]
    uniques: list[str]


@attrs.define
class Batch:
    """Rows of a file: their row numbers (as a spreadsheet shows them: the header is row 1),
    their columns (a :class:`Column`, or an Arrow ChunkedArray) and malformed records."""

    rows: np.ndarray[Any, np.dtype[np.int32]]
    columns: dict[str, Any]
    broken: list[tuple[int, str, str]]  # (row, problem, raw text) of malformed records


class _Encoder(dict[str, int]):
    def __missing__(self, key: str) -> int:
        value = len(self)
        self[key] = value
        return value


def encode(values: Any) -> Column:
    """A sequence of texts as a :class:`Column`."""
    enc = _Encoder()
    codes = np.fromiter(map(enc.__getitem__, values), dtype=np.int32, count=len(values))
    return Column(codes, list(enc))


# -- CSV --------------------------------------------------------------------------------------


def _open(path: Path) -> Any:
    try:
        return open(regular_file(path), encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise DataError("file not found", record=str(path)) from None
    except IsADirectoryError:
        raise DataError("is a directory, expected a file", record=str(path)) from None


def sniff_delimiter(path: Path) -> str:
    """The delimiter of a CSV file: of ``,`` ``;`` and tab, the one its header line (outside
    quotes) holds most often; ``,`` when it holds none (a file of one column)."""
    with _open(path) as handle:
        try:
            line = handle.readline(1 << 16)
        except UnicodeDecodeError as exc:
            raise DataError(f"not UTF-8 text ({exc.reason})", record=str(path)) from None
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties: the first of , ; tab
    return best if counts[best] else ","


def csv_header(path: Path, delimiter: str) -> list[str]:
    with _open(path) as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            raise DataError("the file is empty; expected a header row", record=str(path)) \
                from None
        except csv.Error as exc:
            raise DataError(f"row 1: {exc}", record=str(path)) from None
        except UnicodeDecodeError as exc:
            raise DataError(f"not UTF-8 text ({exc.reason})", record=str(path)) from None
    return [h.strip() for h in header]


def python_batches(path: Path, delimiter: str, header: list[str]) -> Iterator[Batch]:
    width = len(header)
    with _open(path) as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        next(reader)
        row = 1
        while True:
            try:
                chunk = list(islice(reader, PYTHON_BATCH_ROWS))
            except csv.Error as exc:
                raise DataError(f"row {row + 1}: {exc}", record=str(path)) from None
            except UnicodeDecodeError as exc:
                raise DataError(f"not UTF-8 text ({exc.reason})", record=str(path)) from None
            if not chunk:
                return
            numbers = np.arange(row + 1, row + 1 + len(chunk), dtype=np.int32)
            row += len(chunk)
            broken = [(int(numbers[k]), _width_problem(r, width), delimiter.join(r))
                      for k, r in enumerate(chunk) if len(r) != width]
            if broken:
                keep = [k for k, r in enumerate(chunk) if len(r) == width]
                chunk = [chunk[k] for k in keep]
                numbers = numbers[keep]
            cols = list(zip(*chunk, strict=True)) if chunk else [() for _ in header]
            columns = {name: encode(values) for name, values in zip(header, cols, strict=True)}
            yield Batch(numbers, columns, broken)


def arrow_csv_batches(path: Path, delimiter: str, header: list[str],
                      kinds: dict[str, str]) -> Iterator[Batch]:
    """The file in batches of about :data:`ARROW_BLOCK` bytes, parsed by pyarrow's streaming
    reader (the next block is parsed while this one is converted): the columns in ``kinds``
    (name -> column kind) only; ids as text, the other kinds dictionary-encoded. Only one
    block's Arrow columns are held at a time, not the whole file's.

    On anything it cannot place exactly (a malformed row, text that is not UTF-8) it raises
    :class:`Fallback` before yielding the batch that holds it: the rows already yielded are
    then to be forgotten and the file read again with the csv module."""
    pa = import_module("pyarrow")
    pacsv = import_module("pyarrow.csv")

    malformed: list[Any] = []

    def invalid(row: Any) -> str:
        malformed.append(row)
        return "skip"

    dictionary = pa.dictionary(pa.int32(), pa.string())
    types = {h: pa.string() if kind in _PLAIN_TEXT_KINDS else dictionary
             for h, kind in kinds.items()}
    try:
        reader = pacsv.open_csv(
            path, read_options=pacsv.ReadOptions(block_size=ARROW_BLOCK, skip_rows=1,
                                                 column_names=header, use_threads=True),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=invalid,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=types, include_columns=list(kinds), strings_can_be_null=False,
                quoted_strings_can_be_null=False, null_values=[]))
    except (pa.ArrowInvalid, OSError):
        raise Fallback from None
    row = 2
    with reader:
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except (pa.ArrowInvalid, OSError):
                raise Fallback from None
            if malformed:  # the careful reader reports them at their rows
                raise Fallback
            n = batch.num_rows
            yield Batch(np.arange(row, row + n, dtype=np.int32),
                        {h: pa.chunked_array([batch.column(h)]) for h in kinds}, [])
            row += n
            del batch
    if malformed:
        raise Fallback


# -- Parquet and tables in memory --------------------------------------------------------------


def parquet_header(path: Path) -> list[str]:
    pq = import_module("pyarrow.parquet")

    if not path.is_file():
        raise DataError("file not found", record=str(path))
    try:
        return list(pq.ParquetFile(path).schema_arrow.names)
    except Exception as exc:
        raise DataError(f"not a readable Parquet file ({exc})", record=str(path)) from None


def parquet_batch(path: Path, kinds: dict[str, str]) -> Batch:
    """The columns in ``kinds`` of a Parquet file, typed as stored (text columns of
    repeating kinds read as dictionaries); rows are numbered from 2 as in a CSV export."""
    pq = import_module("pyarrow.parquet")

    try:
        table = pq.read_table(path, columns=list(kinds),
                              read_dictionary=[h for h, k in kinds.items()
                                               if k not in _PLAIN_TEXT_KINDS])
    except Exception as exc:
        raise DataError(f"not a readable Parquet file ({exc})", record=str(path)) from None
    return Batch(np.arange(2, table.num_rows + 2, dtype=np.int32),
                 {h: table.column(h) for h in kinds}, [])


def memory_batch(table: Any, kinds: dict[str, str]) -> Batch:
    """The columns in ``kinds`` of an Arrow table; rows are numbered from 2, as if the
    table were written to a CSV file with a header row."""
    return Batch(np.arange(2, table.num_rows + 2, dtype=np.int32),
                 {h: table.column(h) for h in kinds}, [])


# -- Excel --------------------------------------------------------------------------------------


def split_sheet(path: Any) -> tuple[Path, str | None]:
    """``book.xlsx#Sheet`` -> (book.xlsx, Sheet); other paths have no sheet."""
    text = str(path)
    book, mark, sheet = text.rpartition("#")
    if mark and book.lower().endswith(".xlsx") and sheet:
        return Path(book), sheet
    return Path(text), None


def _cell(value: Any) -> str:
    """A typed spreadsheet cell as the text an export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def xlsx_batch(path: Path, sheet: str | None, table: str) -> tuple[list[str], Batch]:
    """One sheet of a workbook (``sheet``; else the sheet named after the table, else the
    only sheet) as a header and one batch of texts."""
    calamine = _calamine(path)
    if not path.is_file():
        raise DataError("file not found", record=str(path))
    try:
        book = calamine.CalamineWorkbook.from_path(str(regular_file(path)))
    except DataError:
        raise
    except Exception as exc:
        raise DataError(f"not a readable .xlsx workbook ({exc})", record=str(path)) from None
    names = list(book.sheet_names)
    name = sheet if sheet is not None else table if table in names else \
        names[0] if len(names) == 1 else None
    if name is None or name not in names:
        wanted = repr(sheet) if sheet is not None else f"a sheet named {table!r}"
        raise DataError(f"the workbook has no {wanted}; its sheets: {', '.join(names)} (name "
                        f"one as FILE.xlsx#SHEET)", record=str(path))
    rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    where = f"{path}#{name}"
    if not rows:
        raise DataError("the sheet is empty; expected a header row", record=where)
    header = [_cell(h).strip() for h in rows[0]]
    width = len(header)
    texts = [[_cell(v) for v in r[:width]] + [""] * (width - len(r)) for r in rows[1:]]
    # rows left empty at the end of a sheet are not records
    while texts and not any(t.strip() for t in texts[-1]):
        texts.pop()
    cols = list(zip(*texts, strict=True)) if texts else [() for _ in header]
    columns = {h: encode(values) for h, values in zip(header, cols, strict=True)}
    return header, Batch(np.arange(2, len(texts) + 2, dtype=np.int32), columns, [])


def xlsx_sheets(path: Path) -> list[str]:
    """The sheet names of a workbook."""
    calamine = _calamine(path)
    try:
        return list(calamine.CalamineWorkbook.from_path(str(regular_file(path))).sheet_names)
    except DataError:
        raise
    except Exception as exc:
        raise DataError(f"not a readable .xlsx workbook ({exc})", record=str(path)) from None


def _calamine(path: Path) -> Any:
    try:
        return import_module("python_calamine")
    except ImportError:
        raise DataError("reading .xlsx files needs python-calamine: "
                        "pip install 'vakmanschap[excel]'", record=str(path)) from None


def have_pyarrow() -> bool:
    try:
        import_module("pyarrow.csv")
    except ImportError:
        return False
    return True


def _width_problem(record: list[str], width: int) -> str:
    """Why a record has the wrong number of fields, with a hint for an unclosed quote."""
    problem = f"expected {width} fields, got {len(record)}"
    if any("\n" in cell or "\r" in cell for cell in record):
        # an opening quote never closed: the csv module reads on to the next quote
        problem += ("; a quote (\") opens a cell that is not closed, so the following "
                    "lines were read into it: close the quote or remove it")
    return problem
