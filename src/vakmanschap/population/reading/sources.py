"""Batches of an HR-export file: per column, its distinct texts and per row the index of its text.

Three sources give the same batches: the csv module (careful, reports malformed rows), pyarrow's
CSV reader (fast; on anything it cannot place exactly it raises :class:`Fallback` and the file is
read again with the csv module) and Parquet (typed columns are cast to text, so that every cell
meets the same converters).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib import import_module
from itertools import islice
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from vakmanschap.errors import DataError
from vakmanschap.io import regular_file

__all__ = ["Batch", "Column", "Fallback", "arrow_batches", "csv_header", "have_pyarrow",
           "parquet_batches", "parquet_header", "python_batches"]

BATCH_ROWS = 1 << 20  # rows per batch from pyarrow (text is held by Arrow, compactly)
PYTHON_BATCH_ROWS = 1 << 17  # rows per batch from the csv module (Python strings: larger)
MAX_COLUMNS = 1_000  # columns of one HR export (issue 16: 10,000 ran out of memory)


class Fallback(Exception):
    """The fast reader met a row it cannot place exactly; read again with the csv module."""


@attrs.define
class Column:
    """One column of one batch as distinct texts and, per row, the index of its text."""

    codes: np.ndarray[Any, np.dtype[np.int32]]
    uniques: list[str]


@attrs.define
class Batch:
    rows: np.ndarray[Any, np.dtype[np.int32]]  # file row of each record
    columns: dict[str, Column]
    broken: list[tuple[int, str, str]]  # (row, problem, raw text) of malformed records


class _Encoder(dict[str, int]):
    def __missing__(self, key: str) -> int:
        value = len(self)
        self[key] = value
        return value


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
    return _bounded([h.strip() for h in header], path)


def _bounded(header: list[str], path: Path) -> list[str]:
    """Refuse a header wider than :data:`MAX_COLUMNS` (every column costs memory per row)."""
    if len(header) > MAX_COLUMNS:
        raise DataError(f"{len(header)} columns; an HR export has at most {MAX_COLUMNS} "
                        "columns", record=str(path))
    return header


def _open(path: Path) -> Any:
    try:
        return open(regular_file(path), encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise DataError("file not found", record=str(path)) from None
    except IsADirectoryError:
        raise DataError("is a directory, expected a file", record=str(path)) from None


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
            columns: dict[str, Column] = {}
            cols = list(zip(*chunk, strict=True)) if chunk else [() for _ in header]
            for name, values in zip(header, cols, strict=True):
                enc = _Encoder()
                codes = np.fromiter(map(enc.__getitem__, values), dtype=np.int32,
                                    count=len(values))
                columns[name] = Column(codes, list(enc))
            yield Batch(numbers, columns, broken)


def _width_problem(record: list[str], width: int) -> str:
    problem = f"expected {width} fields, got {len(record)}"
    if any("\n" in cell or "\r" in cell for cell in record):
        # an opening quote never closed: the csv module reads on to the next quote
        problem += ("; a quote (\") opens a cell that is not closed, so the following "
                    "lines were read into it: close the quote or remove it")
    return problem


def arrow_batches(path: Path, delimiter: str, header: list[str]) -> Iterator[Batch]:
    pa = import_module("pyarrow")
    pc = import_module("pyarrow.compute")
    pacsv = import_module("pyarrow.csv")

    malformed: list[Any] = []

    def invalid(row: Any) -> str:
        malformed.append(row)
        return "skip"

    try:
        reader = pacsv.open_csv(
            path, read_options=pacsv.ReadOptions(block_size=1 << 20, skip_rows=1,
                                                 column_names=header, use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=invalid,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={h: pa.string() for h in header}, strings_can_be_null=False,
                quoted_strings_can_be_null=False, null_values=[]))
    except pa.ArrowInvalid:
        raise Fallback from None
    row = 1
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            if malformed:  # malformed rows at the end: the careful reader reports them
                raise Fallback from None
            return
        except pa.ArrowInvalid:
            raise Fallback from None
        if malformed:
            raise Fallback
        n = batch.num_rows
        numbers = np.arange(row + 1, row + 1 + n, dtype=np.int32)
        row += n
        columns = {}
        for name, array in zip(header, batch.columns, strict=True):
            encoded = pc.dictionary_encode(array)
            columns[name] = Column(
                encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False),
                encoded.dictionary.to_pylist())
        yield Batch(numbers, columns, [])


def parquet_batches(path: Path, header: list[str]) -> Iterator[Batch]:
    pa = import_module("pyarrow")
    pc = import_module("pyarrow.compute")
    pq = import_module("pyarrow.parquet")

    handle = pq.ParquetFile(path)
    row = 0
    for batch in handle.iter_batches(batch_size=BATCH_ROWS, columns=header):
        n = batch.num_rows
        numbers = np.arange(row + 1, row + 1 + n, dtype=np.int32)
        row += n
        columns = {}
        for name, array in zip(header, batch.columns, strict=True):
            if not pa.types.is_string(array.type) and not pa.types.is_large_string(array.type):
                try:
                    array = pc.cast(array, pa.string())
                except (pa.ArrowNotImplementedError, pa.ArrowInvalid):  # list<string>, struct
                    raise DataError(f"a column of type {array.type}; expected text, numbers, "
                                    "dates or booleans (themes as one text: a;b)",
                                    record=str(path), field=name) from None
            array = pc.fill_null(array, "")
            encoded = pc.dictionary_encode(array)
            columns[name] = Column(
                encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False),
                encoded.dictionary.to_pylist())
        yield Batch(numbers, columns, [])


def parquet_header(path: Path) -> list[str]:
    pq = import_module("pyarrow.parquet")

    if not path.is_file():
        raise DataError("file not found", record=str(path))
    try:
        names = list(pq.ParquetFile(path).schema_arrow.names)
    except Exception as exc:
        raise DataError(f"not a readable Parquet file ({exc})", record=str(path)) from None
    return _bounded(names, path)


def have_pyarrow() -> bool:
    try:
        import_module("pyarrow.csv")
    except ImportError:
        return False
    return True
