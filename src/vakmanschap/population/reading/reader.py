"""One HR-export file read: every cell converted and checked, bad rows failed or rejected.

Strict by default: the first bad row raises :class:`DataError`; with a rejects file every bad
row is kept for it and the :class:`FileReport` accounts for every row. Columns are converted
whole (see :mod:`~vakmanschap.population.reading.arrow_convert`); only bad rows are walked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
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
from vakmanschap.population.reading.batching import join_ids_ahead, read_ahead
from vakmanschap.population.reading.columns import (
    FIELDS,
    Layout,
    converted_keys,
    layout_of,
    read_column_map,
)
from vakmanschap.population.reading.convert import (
    SIMPLE,
    Converted,
    Vocabulary,
    convert_column,
    decimal_comma,
)
from vakmanschap.population.reading.sources import (
    Batch,
    Column,
    Fallback,
    arrow_csv_batches,
    csv_header,
    have_pyarrow,
    memory_batch,
    parquet_batch,
    parquet_header,
    python_batches,
    sniff_delimiter,
    split_sheet,
    xlsx_batch,
)

__all__ = ["FORMATS", "Reader", "Table"]

#: file name endings and the format they are read as (``auto``)
FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".parquet": "parquet",
           ".pq": "parquet", ".xlsx": "xlsx"}
_NUMBER_KINDS = ("opt_amount", "fte", "weekly")


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
                 rules: Any | None, delimiter: str | None, engine: str, decimal: str = ".",
                 keep_columns: Any | None = None) -> None:
        if engine not in ("auto", "python", "pyarrow"):
            raise DataError(f"unknown engine {engine!r}; allowed: auto, python, pyarrow")
        if engine == "pyarrow" and not have_pyarrow():
            raise DataError("engine='pyarrow' needs pyarrow: pip install 'vakmanschap[parquet]'")
        if decimal not in (".", ","):
            raise DataError(f"{decimal!r}: the decimal mark is '.' or ','", field="decimal")
        if delimiter is not None and (len(delimiter) != 1 or delimiter in "\r\n\""):
            raise DataError(f"{delimiter!r}: expected one character other than a quote or a "
                            "line break, e.g. ';'", field="delimiter")
        self.fmt = fmt
        column_map = read_column_map(columns, keep_columns)
        self.mapping = column_map.names
        self.value_map = column_map.values
        self.keep = column_map.keep
        self.strict = rejects is None
        self.rejects_path = None if rejects is None else Path(rejects)
        self.rejects: list[_Reject] = []
        self.vocab = Vocabulary(rules)
        self.delimiter = delimiter
        self.decimal = decimal
        self.fast = engine != "python" and have_pyarrow()
        self.person_ids: Any = None  # the professionals' ids (numpy, object)
        self._person_arrow: Any = None
        self._person_dict: dict[str, int] | None = None
        self.rejected_people: dict[str, int] = {}
        self.reports: list[FileReport] = []

    # -- the people rows refer to ----------------------------------------------------------

    def set_people(self, ids: Any) -> None:
        """The ids of the accepted professionals, in the order of their indices."""
        self.person_ids = ids
        self._person_arrow = None
        self._person_dict = None

    def _arrow_ids(self) -> Any:
        if self._person_arrow is None:
            pa = import_module("pyarrow")
            self._person_arrow = pa.array(self.person_ids.tolist(), type=pa.string())
        return self._person_arrow

    # -- converters by kind ----------------------------------------------------------------

    def converter(self, kind: str, table: str = "", name: str = "") -> Callable[[str], Any]:
        """The converter of a column kind (cells, or this population's vocabulary and ids),
        with the column's value mapping and decimal mark."""
        found = SIMPLE.get(kind)
        if found is None:
            own: dict[str, Callable[[str], Any]] = {
                "category": self.vocab.category, "themes": self.vocab.theme_mask,
                "attestation_kind": self.vocab.attestation_kind, "ref": self.ref,
                "provider": self.vocab.provider, "unit": self.vocab.unit,
            }
            found = own[kind]
        if kind in _NUMBER_KINDS and self.decimal == ",":
            return decimal_comma(found)
        mapped = self.value_map.get(table, {}).get(name)
        if mapped:
            return _mapped(found, mapped, kind == "themes")
        return found

    def ref(self, text: str) -> int:
        """The index of the professional a row refers to."""
        value = text.strip()
        if not value:
            raise CellError("must be a non-empty professional id")
        if self._person_dict is None:
            ids = [] if self.person_ids is None else self.person_ids.tolist()
            self._person_dict = {str(pid): i for i, pid in enumerate(ids)}
        found = self._person_dict.get(value)
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

    # -- one file ----------------------------------------------------------------------------

    def read(self, table: str, source: Any) -> Table:
        """Read one file (a path; ``book.xlsx#Sheet`` for a sheet) or an Arrow table."""
        if _is_arrow_table(source):
            name = file = f"{table} (table)"
            header = [str(h).strip() for h in source.column_names]
            layout = layout_of(table, self.mapping[table], self.keep, header, file)
            return self._read(table, name, file, [memory_batch(source, layout.kinds)], layout)
        path, sheet = split_sheet(source)
        fmt = self._format(path)
        name = path.name if path.name else str(path)
        file = str(source)
        if fmt == "xlsx":
            header, batch = xlsx_batch(path, sheet, table)
            file = f"{path}#{sheet}" if sheet else str(path)
            layout = layout_of(table, self.mapping[table], self.keep, header, file)
            return self._read(table, name, file, [batch], layout)
        if fmt == "parquet":
            if not have_pyarrow():
                raise DataError("reading Parquet files needs pyarrow: "
                                "pip install 'vakmanschap[parquet]'", record=file)
            layout = layout_of(table, self.mapping[table], self.keep, parquet_header(path), file)
            return self._read(table, name, file, [parquet_batch(path, layout.kinds)], layout)
        delimiter = self.delimiter or sniff_delimiter(path)
        header = csv_header(path, delimiter)
        layout = layout_of(table, self.mapping[table], self.keep, header, file)
        if self.fast:
            before = self._state()
            ahead = read_ahead(arrow_csv_batches(path, delimiter, header, layout.kinds))
            try:
                return self._read(table, name, file, ahead, layout, delimiter)
            except Fallback:  # forget what the rows read so far did, and read again
                self._restore(before)
            finally:
                ahead.close()  # on a bad row too: the thread reading ahead stops now
        return self._read(table, name, file, python_batches(path, delimiter, header), layout,
                          delimiter)

    def _state(self) -> tuple[Any, ...]:
        """What reading rows changes: the rejects, the rejected people, the vocabulary."""
        v = self.vocab
        return (len(self.rejects), dict(self.rejected_people), dict(v.categories),
                dict(v.themes), dict(v.attestation_kinds), dict(v.providers))

    def _restore(self, state: tuple[Any, ...]) -> None:
        v = self.vocab
        count, people, v.categories, v.themes, v.attestation_kinds, v.providers = state
        del self.rejects[count:]
        self.rejected_people = people

    def _format(self, path: Path) -> str:
        suffix = path.suffix.lower()
        if suffix == ".xlsx":
            return "xlsx"
        if self.fmt != "auto":
            return self.fmt
        found = FORMATS.get(suffix)
        if found is None:
            regular_file(path)  # a missing or special file is said as such
            raise DataError(f"unknown file type {suffix or '(none)'!r}; expected "
                            f"{', '.join(FORMATS)}", record=str(path))
        return found

    def _read(self, table: str, name: str, file: str, batches: Iterable[Batch],
              layout: Layout, delimiter: str | None = None) -> Table:
        specs = FIELDS[table]
        actual, present = layout.actual, layout.present
        caches: dict[str, dict[str, Any]] = {s.name: {} for s in specs}
        extra_caches: dict[str, dict[str, Any]] = {h: {} for h in layout.extra}
        parts: dict[str, list[Any]] = {}
        read = 0
        ref = next((s.name for s in specs if s.kind == "ref" and s.name in present), None)
        if ref is not None:  # the ids of a few batches joined at once (one hash build)
            batches = join_ids_ahead(batches, actual[ref], self._arrow_ids)
        for batch in batches:
            read += len(batch.rows) + len(batch.broken)
            ok = np.ones(len(batch.rows), dtype=bool)
            first_bad: list[tuple[int, int, str, str, str]] = [
                (row, -1, "(row)", raw, problem) for row, problem, raw in batch.broken]
            converted: dict[str, Any] = {}
            for order, spec in enumerate(specs):
                if spec.name not in present:
                    continue
                column_name = actual[spec.name]
                got = self._convert(batch.columns[column_name], spec.kind, caches[spec.name],
                                    file, table, spec.name)
                converted[spec.name] = got.values
                if got.bad is not None:
                    fresh = ok[got.bad]
                    for k, text, problem in zip(got.bad[fresh].tolist(),
                                                np.array(got.texts, dtype=object)[fresh],
                                                np.array(got.problems, dtype=object)[fresh],
                                                strict=True):
                        first_bad.append((int(batch.rows[k]), order, column_name, text,
                                          problem))
                    ok[got.bad] = False
            if table == "activities":
                self._amount_pairs(converted, present, actual, batch, ok, first_bad)
            if first_bad:
                first_bad.sort()
                for row, _, column_name, value, problem in first_bad:
                    self.fail(file, row, column_name, value, problem)
                if table == "professionals":
                    bad_rows = np.flatnonzero(~ok)
                    ids = self._convert(_take(batch.columns[actual["id"]], bad_rows), "extra",
                                        {}, file, table, "id").values
                    for k, pid in zip(bad_rows.tolist(), ids.tolist(), strict=True):
                        self.rejected_people.setdefault(pid, int(batch.rows[k]))
            keep = None if ok.all() else np.flatnonzero(ok)
            _add(parts, "(rows)", batch.rows, keep)
            for key, values in converted.items():
                _add(parts, key, values, keep)
            for h in layout.extra:
                values = self._convert(batch.columns[h], "extra", extra_caches[h], file, table,
                                       h).values
                _add(parts, "(extra)" + h, values, keep)
        rows = _join(parts, "(rows)", np.int32)
        values = {key: _join(parts, key, np.int32) for key in converted_keys(specs, present)}
        extra = {h: _join(parts, "(extra)" + h, object) for h in layout.extra}
        self.reports.append(FileReport(name, read, len(rows), read - len(rows), delimiter))
        return Table(rows, values, extra, read, present)

    def _convert(self, column: Any, kind: str, cache: dict[str, Any], file: str, table: str,
                 name: str) -> Converted:
        convert = self.converter(kind, table, name)
        if isinstance(column, Column):
            return Converted.of(convert_column(column, convert, cache, kind), column.codes,
                                column.uniques)
        from vakmanschap.population.reading.arrow_convert import convert_arrow

        ids = self._arrow_ids() if kind == "ref" else None
        return convert_arrow(column, kind, convert, cache, ids, file, name)

    def _amount_pairs(self, converted: dict[str, Any], present: set[str],
                      actual: dict[str, str], batch: Batch, ok: Any,
                      first_bad: list[tuple[int, int, str, str, str]]) -> None:
        none = np.zeros(len(ok), bool)
        given = [converted[k] >= 0 if k in converted else none
                 for k in ("hours", "points", "amount")]
        unit = converted["unit"] >= 0 if "unit" in converted else none
        wrong = ((given[0].astype(np.int8) + given[1] + given[2]) != 1) & ok
        unpaired = (given[2] != unit) & ok & ~wrong  # amount and unit go together
        if not (wrong.any() or unpaired.any()):
            return
        names = [repr(actual[k]) for k in ("hours", "points", "amount") if k in present]
        for k in np.flatnonzero(wrong):
            problem = ("give exactly one of " + ", ".join(names) if len(names) > 1
                       else "missing amount")
            column = actual[next(k for k in ("hours", "points", "amount") if k in present)]
            first_bad.append((int(batch.rows[k]), 3, column, "", problem))
        for k in np.flatnonzero(unpaired):
            column = actual["unit"] if given[2][k] else actual["amount"]
            first_bad.append((int(batch.rows[k]), 3, column, "",
                              f"give {actual['amount']!r} and {actual['unit']!r} together"))
        ok &= ~(wrong | unpaired)

    def write_rejects(self) -> None:
        """Write the rejects file, sorted by file and row (when one was asked for)."""
        if self.rejects_path is None:
            return
        with atomic_text(self.rejects_path) as handle:
            writer = safe_csv_writer(handle)
            writer.writerow(["file", "row", "column", "value", "problem"])
            for r in sorted(self.rejects, key=lambda r: (r.file, r.row)):
                writer.writerow([r.file, r.row, r.column, r.value, r.problem])


def _mapped(convert: Callable[[str], Any], mapping: dict[str, str],
            themes: bool) -> Callable[[str], Any]:
    """A name converter that first renames the export's values (unmapped ones pass as they
    are, so that an unknown one is still refused)."""
    if themes:
        def each(cell: str) -> Any:
            parts = [p.strip() for p in cell.split(";")]
            return convert(";".join(mapping.get(p, p) for p in parts))
        return each

    def one(cell: str) -> Any:
        value = cell.strip()
        return convert(mapping.get(value, value))
    return one


def _is_arrow_table(source: Any) -> bool:
    return type(source).__module__.startswith("pyarrow") and hasattr(source, "column_names")


def _take(column: Any, rows: Any) -> Any:
    if isinstance(column, Column):
        return Column(column.codes[rows], column.uniques)
    pa = import_module("pyarrow")
    return column.take(pa.array(rows, type=pa.int64()))


def _add(parts: dict[str, list[Any]], key: str, values: Any, keep: Any) -> None:
    parts.setdefault(key, []).append(_compact(values if keep is None else values[keep]))


def _join(parts: dict[str, list[Any]], key: str, empty: Any) -> Any:
    found = parts.pop(key, None)
    if not found:
        return np.zeros(0, dtype=empty)
    return found[0] if len(found) == 1 else np.concatenate(found)


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
