"""One HR-export file read: every cell converted and checked, bad rows failed or rejected.

Strict by default: the first bad row raises :class:`DataError`; with a rejects file every bad
row is kept for it and the :class:`FileReport` accounts for every row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from vakmanschap.errors import DataError
from vakmanschap.io import atomic_text, regular_file, safe_csv_writer
from vakmanschap.model import cells
from vakmanschap.model.cells import CellError
from vakmanschap.population.load_report import FileReport
from vakmanschap.population.reading.columns import (
    FIELDS,
    FieldSpec,
    converted_keys,
    normalise_columns,
)
from vakmanschap.population.reading.convert import SIMPLE, Vocabulary, convert_column
from vakmanschap.population.reading.sources import (
    Batch,
    Fallback,
    arrow_batches,
    csv_header,
    have_pyarrow,
    parquet_batches,
    parquet_header,
    python_batches,
)
from vakmanschap.progress import Progress, report

__all__ = ["Reader", "Table"]


@attrs.define
class _Reject:
    """A bad row as the rejects file lists it."""

    file: str
    row: int
    column: str
    value: str
    problem: str


@attrs.define
class Table:
    """The converted, accepted rows of one file: canonical column -> values, and row numbers."""

    rows: np.ndarray[Any, np.dtype[np.int32]]
    values: dict[str, Any]
    extra: dict[str, np.ndarray[Any, np.dtype[Any]]]
    read: int
    present: set[str]


class Reader:
    """Reads the files of one population, converting and checking every cell."""

    def __init__(self, fmt: str, columns: Mapping[str, Any] | None, rejects: Any | None,
                 rules: Any | None, delimiter: str, engine: str) -> None:
        if engine not in ("auto", "python", "pyarrow"):
            raise DataError(f"unknown engine {engine!r}; allowed: auto, python, pyarrow")
        if (fmt == "parquet" or engine == "pyarrow") and not have_pyarrow():
            raise DataError("reading Parquet files (or engine='pyarrow') needs pyarrow: "
                            "pip install 'vakmanschap[parquet]'")
        self.fmt = fmt
        self.mapping = normalise_columns(columns)
        self.strict = rejects is None
        self.rejects_path = None if rejects is None else Path(rejects)
        self.rejects: list[_Reject] = []
        self.vocab = Vocabulary(rules)
        self.delimiter = delimiter
        self.fast = fmt == "csv" and engine != "python" and have_pyarrow()
        self.person: dict[str, int] = {}
        self.rejected_people: dict[str, int] = {}
        self.reports: list[FileReport] = []
        # progress: bytes of the files read so far, of all the files (set by ``load``)
        self.progress: Progress | None = None
        self.done_bytes = 0
        self.total_bytes = 1

    # converters by kind
    def converter(self, kind: str) -> Callable[[str], Any]:
        """The converter of a column kind (cells, or this population's vocabulary and ids)."""
        found = SIMPLE.get(kind)
        if found is not None:
            return found
        own: dict[str, Callable[[str], Any]] = {
            "category": self.vocab.category, "themes": self.vocab.theme_mask,
            "attestation_kind": self.vocab.attestation_kind, "ref": self.ref,
        }
        return own[kind]

    def ref(self, text: str) -> int:
        """The index of the professional a row refers to."""
        value = text.strip()
        if not value:
            raise CellError("must be a non-empty professional id")
        found = self.person.get(value)
        if found is None:
            row = self.rejected_people.get(value)
            if row is not None:
                raise CellError(f"professional {value!r} was rejected (row {row} of the "
                           "professionals file)")
            raise CellError("unknown professional id (not in the professionals file)")
        return found

    def fail(self, file: str, row: int, column: str, value: str, problem: str) -> None:
        """Raise for a bad cell, or (with a rejects file) keep it for the rejects file."""
        if self.strict:
            raise DataError(cells.describe(value, problem), record=f"{file}, row {row}",
                            field=column)
        self.rejects.append(_Reject(file, row, column, value, problem))

    def read(self, table: str, path: Any) -> Table:
        path = Path(path)
        name = path.name if path.name else str(path)
        file = str(path)
        header = (parquet_header(path) if self.fmt == "parquet"
                  else csv_header(path, self.delimiter))
        specs = FIELDS[table]
        mapping = self.mapping[table]
        actual = {f.name: mapping.get(f.name, f.name) for f in specs}
        duplicates = sorted({h for h in header if header.count(h) > 1})
        if duplicates:
            raise DataError(f"column(s) named twice: {', '.join(duplicates)}", record=file)
        for spec in specs:
            if spec.required and actual[spec.name] not in header:
                mapped = (f" (mapped from {spec.name!r})" if actual[spec.name] != spec.name
                          else "")
                raise DataError(f"missing column {actual[spec.name]!r}{mapped}; the file has: "
                                f"{', '.join(header)}", record=file)
        if table == "activities" and actual["hours"] not in header and \
                actual["points"] not in header:
            raise DataError(f"missing column {actual['hours']!r} or {actual['points']!r}; "
                            f"the file has: {', '.join(header)}", record=file)
        present = {s.name for s in specs if actual[s.name] in header}
        known = set(actual.values())
        extra_names = [h for h in header if h not in known] if table == "professionals" else []
        wanted = [actual[s] for s in (f.name for f in specs) if s in present] + extra_names
        try:
            return self._read(table, path, name, file, header, specs, actual, present,
                              extra_names, wanted, self.fast)
        except Fallback:
            self.rejects = [r for r in self.rejects if r.file != file]
            return self._read(table, path, name, file, header, specs, actual, present,
                              extra_names, wanted, False)

    def _batches(self, path: Path, header: list[str], wanted: list[str],
                 fast: bool) -> Iterator[Batch]:
        if self.fmt == "parquet":
            return parquet_batches(path, wanted)
        if fast:
            return arrow_batches(path, self.delimiter, header)
        return python_batches(path, self.delimiter, header)

    def _read(self, table: str, path: Path, name: str, file: str, header: list[str],
              specs: tuple[FieldSpec, ...], actual: dict[str, str], present: set[str],
              extra_names: list[str], wanted: list[str], fast: bool) -> Table:
        # converted rows go straight into columns sized for the whole file (an upper bound
        # of its rows), so that memory is not spent twice on batches and their joining
        capacity = self._capacity(path)
        columns = _Columns(capacity)
        caches: dict[str, dict[str, Any]] = {s.name: {} for s in specs}
        read = 0
        size = path.stat().st_size if self.progress is not None else 0
        for batch in self._batches(path, header, wanted, fast):
            read += len(batch.rows) + len(batch.broken)
            report(self.progress, "read", self.done_bytes + size * read // max(capacity, 1),
                   self.total_bytes)
            ok = np.ones(len(batch.rows), dtype=bool)
            first_bad: list[tuple[int, int, str, str, str]] = [
                (row, -1, "(row)", raw, problem) for row, problem, raw in batch.broken]
            converted: dict[str, Any] = {}
            for order, spec in enumerate(specs):
                if spec.name not in present:
                    continue
                column = batch.columns[actual[spec.name]]
                values, bad, problems = convert_column(column, self.converter(spec.kind),
                                                 caches[spec.name], spec.kind)
                converted[spec.name] = values
                if bad is not None:
                    for k in np.flatnonzero(bad & ok):
                        code = int(column.codes[k])
                        first_bad.append((int(batch.rows[k]), order, actual[spec.name],
                                          column.uniques[code], problems[code]))
                    ok &= ~bad
            if table == "activities":
                self._amount_pairs(converted, present, actual, batch, ok, first_bad)
            if first_bad:
                first_bad.sort()
                for row, _, column_name, value, problem in first_bad:
                    self.fail(file, row, column_name, value, problem)
                if table == "professionals":
                    ids = batch.columns[actual["id"]]
                    for k in np.flatnonzero(~ok):
                        pid = ids.uniques[int(ids.codes[k])].strip()
                        self.rejected_people.setdefault(pid, int(batch.rows[k]))
            keep = np.flatnonzero(ok)
            whole = len(keep) == len(ok)
            at = columns.size
            columns.put("(rows)", batch.rows if whole else batch.rows[keep], at)
            for key, values in converted.items():
                columns.put(key, _compact(values if whole else values[keep]), at)
            for h in extra_names:
                column = batch.columns[h]
                strings = np.array([u.strip() for u in column.uniques] or [""], dtype=object)
                texts = strings[column.codes]
                columns.put("(extra)" + h, texts if whole else texts[keep], at)
            columns.size += len(keep)
        rows = columns.take("(rows)", np.int32)
        values = {key: columns.take(key, np.int32) for key in converted_keys(specs, present)}
        extra = {h: columns.take("(extra)" + h, object) for h in extra_names}
        self.reports.append(FileReport(name, read, len(rows), read - len(rows)))
        self.done_bytes += size
        report(self.progress, "read", self.done_bytes, self.total_bytes)
        return Table(rows, values, extra, read, present)

    def _capacity(self, path: Path) -> int:
        """An upper bound of the number of records of a file."""
        if self.fmt == "parquet":
            pq = import_module("pyarrow.parquet")
            return int(pq.ParquetFile(path).metadata.num_rows)
        lines = 1
        with open(regular_file(path), "rb") as handle:
            while chunk := handle.read(1 << 24):
                lines += chunk.count(b"\n")
        return lines

    def _amount_pairs(self, converted: dict[str, Any], present: set[str],
                      actual: dict[str, str], batch: Batch, ok: Any,
                      first_bad: list[tuple[int, int, str, str, str]]) -> None:
        hours = converted.get("hours")
        points = converted.get("points")
        has_h = hours >= 0 if hours is not None else np.zeros(len(ok), bool)
        has_p = points >= 0 if points is not None else np.zeros(len(ok), bool)
        wrong = (has_h == has_p) & ok
        if not wrong.any():
            return
        both = " and ".join(repr(actual[k]) for k in ("hours", "points") if k in present)
        for k in np.flatnonzero(wrong):
            problem = ("give exactly one of " + both if "hours" in present and
                       "points" in present else "missing amount")
            column = actual["hours"] if "hours" in present else actual["points"]
            first_bad.append((int(batch.rows[k]), 3, column, "", problem))
        ok &= ~wrong

    def write_rejects(self) -> None:
        """Write the rejects file, sorted by file and row (when one was asked for)."""
        if self.rejects_path is None:
            return
        with atomic_text(self.rejects_path) as handle:
            writer = safe_csv_writer(handle)
            writer.writerow(["file", "row", "column", "value", "problem"])
            for r in sorted(self.rejects, key=lambda r: (r.file, r.row)):
                writer.writerow([r.file, r.row, r.column, r.value, r.problem])


class _Columns:
    """Columns filled batch by batch into arrays allocated once for the whole file; a
    batch needing a wider integer type widens its column (rare: types are chosen per batch
    as small as the values allow)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.size = 0
        self.arrays: dict[str, Any] = {}

    def put(self, key: str, values: Any, at: int) -> None:
        array = self.arrays.get(key)
        if array is None:
            array = np.empty(self.capacity, dtype=values.dtype)
        elif values.dtype != array.dtype and array.dtype != object:
            wider = np.result_type(array.dtype, values.dtype)
            if wider != array.dtype:
                array = array.astype(wider)
        if at + len(values) > len(array):  # the bound was too low: grow
            array = np.concatenate([array, np.empty(max(len(array), len(values)),
                                                    dtype=array.dtype)])
        array[at:at + len(values)] = values
        self.arrays[key] = array

    def take(self, key: str, empty: Any) -> Any:
        array = self.arrays.pop(key, None)
        if array is None:
            return np.zeros(0, dtype=empty)
        if self.size * 4 < len(array) * 3:  # many rows rejected: do not keep the slack
            return array[:self.size].copy()
        return array[:self.size]


def _compact(values: Any) -> Any:
    """A batch's integers in the smallest type that holds them (joined batches widen)."""
    if values.dtype.kind not in "iu" or not len(values):
        return values
    low, high = int(values.min()), int(values.max())
    for dtype in (np.uint8, np.int16, np.int32, np.uint32) if low >= 0 else (np.int16, np.int32):
        info = np.iinfo(dtype)
        if info.min <= low and high <= info.max:
            return values.astype(dtype, copy=False)
    return values
