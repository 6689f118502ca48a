"""HR exports in: CSV and Parquet files -> :class:`Population`, strict by default.

Files and their columns (names can be mapped with ``columns``; see docs/population.md):

* professionals: ``id``, ``registered_on`` (empty: not registered), ``fte`` (default 1.0 when
  the column is absent), ``entered_service``; every further column is kept as a grouping
  attribute (organisation, scale, birth year, ...);
* activities: ``professional_id``, ``date``, ``hours`` or ``points`` (or both columns with
  exactly one filled per row), ``category``, ``theme`` (several separated by ``;``),
  ``accredited`` (true/false; false when the column is absent), optional ``provider`` and
  ``id`` (when absent, an activity is named after its row: ``row0000017``);
* employments: ``professional_id``, ``start``, ``end`` (empty while ongoing),
  ``hours_per_week``, optional ``role`` and ``id``;
* leaves: ``professional_id``, ``start``, ``end``, ``kind`` (illness, pregnancy, parental,
  care, other), optional ``id``;
* events: ``professional_id``, ``kind`` (a register event kind), ``date``, optional ``level``,
  ``until`` and ``id``;
* attestations: ``professional_id``, ``kind`` (ambtseed, belofte, gedragscode, ... as the
  rule file declares), ``date``, optional ``id``.

Every cell is checked. Without ``rejects`` the first bad row raises :class:`DataError` naming
the file, the row (as a spreadsheet shows it: the header is row 1), the column, the value and
what is allowed. With ``rejects=PATH`` bad rows are written to that CSV file instead (one line
per rejected row: file, row, column, value, problem) and the :class:`LoadReport` accounts for
every row: ``read == accepted + rejected``. Activities, employments, leaves and events of a
rejected professional are rejected too, saying so.

Reading is done in batches so that memory stays proportional to the result. With pyarrow
installed, CSV files are parsed by pyarrow (much faster); the checks are the same, because
both readers hand the same distinct texts of each column to the same converters.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from importlib import import_module
from itertools import islice
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from vakmanschap.errors import DataError
from vakmanschap.model.records import EventKind
from vakmanschap.population.store import (
    EVENT_KINDS,
    LEAVE_KINDS,
    REGISTERED_ON_ID,
    ActivityTable,
    AttestationTable,
    EmploymentTable,
    EventTable,
    FileReport,
    LeaveTable,
    LoadReport,
    Population,
    theme_dtype,
)

__all__ = ["FIELDS", "load", "normalise_columns"]

BATCH_ROWS = 1 << 20  # rows per batch from pyarrow (text is held by Arrow, compactly)
PYTHON_BATCH_ROWS = 1 << 17  # rows per batch from the csv module (Python strings: larger)


@attrs.frozen
class FieldSpec:
    """One expected column: its canonical name, converter and whether the column is needed."""

    name: str
    kind: str
    required: bool = False


FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "professionals": (FieldSpec("id", "text", True), FieldSpec("registered_on", "opt_date"),
                      FieldSpec("fte", "fte"), FieldSpec("entered_service", "opt_date")),
    "activities": (FieldSpec("professional_id", "ref", True), FieldSpec("id", "text"),
                   FieldSpec("date", "date", True), FieldSpec("hours", "opt_amount"),
                   FieldSpec("points", "opt_amount"), FieldSpec("category", "category", True),
                   FieldSpec("theme", "themes"), FieldSpec("accredited", "bool"),
                   FieldSpec("provider", "opt_text")),
    "employments": (FieldSpec("professional_id", "ref", True), FieldSpec("id", "text"),
                    FieldSpec("start", "date", True), FieldSpec("end", "opt_date"),
                    FieldSpec("hours_per_week", "weekly", True), FieldSpec("role", "opt_text")),
    "leaves": (FieldSpec("professional_id", "ref", True), FieldSpec("id", "text"),
               FieldSpec("start", "date", True), FieldSpec("end", "date", True),
               FieldSpec("kind", "leave_kind", True)),
    "events": (FieldSpec("professional_id", "ref", True), FieldSpec("id", "text"),
               FieldSpec("kind", "event_kind", True), FieldSpec("date", "date", True),
               FieldSpec("level", "opt_text"), FieldSpec("until", "opt_date")),
    "attestations": (FieldSpec("professional_id", "ref", True), FieldSpec("id", "text"),
                     FieldSpec("kind", "attestation_kind", True),
                     FieldSpec("date", "date", True)),
}

_TRUE = ("true", "1", "yes", "ja", "waar")
_FALSE = ("false", "0", "no", "nee", "onwaar")


class _Bad(Exception):
    """A cell that does not convert: ``problem`` says what is allowed."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class _Fallback(Exception):
    """The fast reader met a row it cannot place exactly; read again with the csv module."""


# -- the column mapping -----------------------------------------------------------------------


def normalise_columns(columns: Mapping[str, Any] | None) -> dict[str, dict[str, str]]:
    """``{"activities": {"hours": "uren"}}`` or ``{"activities.hours": "uren"}`` -> nested form.

    Keys are the canonical names above; values are the column names in the export.
    """
    out: dict[str, dict[str, str]] = {table: {} for table in FIELDS}
    for key, value in (columns or {}).items():
        if isinstance(value, Mapping):
            pairs = [(str(key), str(k), v) for k, v in value.items()]
        else:
            table, _, name = str(key).partition(".")
            pairs = [(table, name, value)]
        for table, name, column in pairs:
            if table not in FIELDS:
                raise DataError(f"unknown file {table!r} in the column mapping; allowed: "
                                f"{', '.join(FIELDS)}", field="columns")
            names = [f.name for f in FIELDS[table]]
            if name not in names:
                raise DataError(f"unknown column {name!r} for {table} in the column mapping; "
                                f"allowed: {', '.join(names)}", field="columns")
            if not isinstance(column, str) or not column.strip():
                raise DataError(f"{table}.{name}: the mapped column name must be a text, got "
                                f"{column!r}", field="columns")
            out[table][name] = column.strip()
    return out


# -- converters: one distinct text at a time ---------------------------------------------------


def _strip(text: str) -> str:
    return text.strip()


def _text(text: str) -> str:
    value = text.strip()
    if not value:
        raise _Bad("must be a non-empty text")
    return value


def _opt_text(text: str) -> str | None:
    return text.strip() or None


def _date(text: str) -> int:
    value = text.strip()
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise _Bad("expected a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value).toordinal()
    except ValueError:
        raise _Bad("expected an existing date written YYYY-MM-DD") from None


def _opt_date(text: str) -> int:
    return _date(text) if text.strip() else 0


def _number(text: str) -> float:
    value = text.strip()
    try:
        number = float(value)
    except ValueError:
        raise _Bad("expected a number (decimal point, e.g. 1.5)") from None
    if not math.isfinite(number) or number < 0:
        raise _Bad("expected a finite number >= 0")
    return number


_MAX_AMOUNT = 1e12  # hundredths must fit the int64 columns; no real amount comes near


def _amount(text: str) -> int:
    number = _number(text)
    if number > _MAX_AMOUNT:
        raise _Bad(f"is larger than the largest amount accepted ({_MAX_AMOUNT:.0e})")
    if abs(round(number * 100) - number * 100) > 1e-6:
        raise _Bad("is recorded to the hundredth at most (e.g. 1.25)")
    return round(number * 100)


def _opt_amount(text: str) -> int:
    return _amount(text) if text.strip() else -1


def _fte(text: str) -> float:
    try:
        number = float(text.strip())
    except ValueError:
        raise _Bad("expected a number in (0, 1.5], e.g. 0.8") from None
    if not 0 < number <= 1.5:
        raise _Bad("expected a number in (0, 1.5], e.g. 0.8")
    return number


def _weekly(text: str) -> float:
    number = _number(text)
    if number > 168:
        raise _Bad("expected at most 168 (hours in a week)")
    if abs(round(number * 100) - number * 100) > 1e-6:
        raise _Bad("is recorded to the hundredth at most")
    return round(number, 2)


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _Bad("expected true or false (also 1/0, yes/no, ja/nee)")


def _enum(kinds: Sequence[Any]) -> Callable[[str], int]:
    values = [k.value for k in kinds]

    def convert(text: str) -> int:
        value = text.strip()
        if value not in values:
            raise _Bad(f"expected one of {', '.join(values)}")
        return values.index(value)

    return convert


class _Vocabulary:
    """Category and theme names: those of the rule set when given (unknown names are bad),
    else every name met, in order of appearance."""

    def __init__(self, rules: Any | None) -> None:
        self.closed = rules is not None
        self.categories: dict[str, int] = {}
        self.themes: dict[str, int] = {}
        self.attestation_kinds: dict[str, int] = {}
        self.closed_kinds = False
        if rules is not None:
            self.categories = {name: i for i, name in enumerate(rules.categories)}
            self.themes = {name: i for i, name in enumerate(rules.themes)}
            self.attestation_kinds = {name: i for i, name in enumerate(rules.attestation_kinds)}
            self.closed_kinds = bool(rules.attestation_kinds)

    def attestation_kind(self, text: str) -> int:
        value = text.strip()
        if not value:
            raise _Bad("must be a non-empty text")
        if value not in self.attestation_kinds:
            if self.closed_kinds:
                raise _Bad(f"unknown attestation kind; allowed: "
                           f"{', '.join(self.attestation_kinds)}")
            self.attestation_kinds[value] = len(self.attestation_kinds)
        return self.attestation_kinds[value]

    def category(self, text: str) -> int:
        value = text.strip()
        if not value:
            raise _Bad("must be a non-empty text")
        if value not in self.categories:
            if self.closed:
                raise _Bad(f"unknown category; allowed: {', '.join(self.categories)}")
            self.categories[value] = len(self.categories)
        return self.categories[value]

    def theme_mask(self, text: str) -> int:
        mask = 0
        for part in text.split(";"):
            name = part.strip()
            if not name:
                continue
            if name not in self.themes:
                if self.closed:
                    allowed = ", ".join(self.themes) or "(this register has no themes)"
                    shown = repr(name) if len(name) <= 80 else repr(name[:77] + "...")
                    raise _Bad(f"unknown theme {shown}; allowed: {allowed}")
                if len(self.themes) >= 64:
                    raise _Bad("more than 64 distinct themes")
                self.themes[name] = len(self.themes)
            mask |= 1 << self.themes[name]
        return mask


# -- reading batches ---------------------------------------------------------------------------


@attrs.define
class _Column:
    """One column of one batch as distinct texts and, per row, the index of its text."""

    codes: np.ndarray[Any, np.dtype[np.int32]]
    uniques: list[str]


@attrs.define
class _Batch:
    rows: np.ndarray[Any, np.dtype[np.int32]]  # file row of each record
    columns: dict[str, _Column]
    broken: list[tuple[int, str, str]]  # (row, problem, raw text) of malformed records


class _Encoder(dict[str, int]):
    def __missing__(self, key: str) -> int:
        value = len(self)
        self[key] = value
        return value


def _csv_header(path: Path, delimiter: str) -> list[str]:
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


def _open(path: Path) -> Any:
    try:
        return open(path, encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise DataError("file not found", record=str(path)) from None
    except IsADirectoryError:
        raise DataError("is a directory, expected a file", record=str(path)) from None


def _python_batches(path: Path, delimiter: str, header: list[str]) -> Iterator[_Batch]:
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
            broken = [(int(numbers[k]), f"expected {width} fields, got {len(r)}",
                       delimiter.join(r)) for k, r in enumerate(chunk) if len(r) != width]
            if broken:
                keep = [k for k, r in enumerate(chunk) if len(r) == width]
                chunk = [chunk[k] for k in keep]
                numbers = numbers[keep]
            columns: dict[str, _Column] = {}
            cols = list(zip(*chunk, strict=True)) if chunk else [() for _ in header]
            for name, values in zip(header, cols, strict=True):
                enc = _Encoder()
                codes = np.fromiter(map(enc.__getitem__, values), dtype=np.int32,
                                    count=len(values))
                columns[name] = _Column(codes, list(enc))
            yield _Batch(numbers, columns, broken)


def _arrow_batches(path: Path, delimiter: str, header: list[str]) -> Iterator[_Batch]:
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
        raise _Fallback from None
    row = 1
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            if malformed:  # malformed rows at the end: the careful reader reports them
                raise _Fallback from None
            return
        except pa.ArrowInvalid:
            raise _Fallback from None
        if malformed:
            raise _Fallback
        n = batch.num_rows
        numbers = np.arange(row + 1, row + 1 + n, dtype=np.int32)
        row += n
        columns = {}
        for name, array in zip(header, batch.columns, strict=True):
            encoded = pc.dictionary_encode(array)
            columns[name] = _Column(
                encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False),
                encoded.dictionary.to_pylist())
        yield _Batch(numbers, columns, [])


def _parquet_batches(path: Path, header: list[str]) -> Iterator[_Batch]:
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
                array = pc.cast(array, pa.string())
            array = pc.fill_null(array, "")
            encoded = pc.dictionary_encode(array)
            columns[name] = _Column(
                encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False),
                encoded.dictionary.to_pylist())
        yield _Batch(numbers, columns, [])


def _parquet_header(path: Path) -> list[str]:
    pq = import_module("pyarrow.parquet")

    if not path.is_file():
        raise DataError("file not found", record=str(path))
    try:
        return list(pq.ParquetFile(path).schema_arrow.names)
    except Exception as exc:
        raise DataError(f"not a readable Parquet file ({exc})", record=str(path)) from None


def _have_pyarrow() -> bool:
    try:
        import_module("pyarrow.csv")
    except ImportError:
        return False
    return True


# -- one file -----------------------------------------------------------------------------------


@attrs.define
class _Reject:
    file: str
    row: int
    column: str
    value: str
    problem: str


@attrs.define
class _Table:
    """The converted, accepted rows of one file: canonical column -> values, and row numbers."""

    rows: np.ndarray[Any, np.dtype[np.int32]]
    values: dict[str, Any]
    extra: dict[str, np.ndarray[Any, np.dtype[Any]]]
    read: int
    present: set[str]


class _Reader:
    """Reads the files of one population, converting and checking every cell."""

    def __init__(self, fmt: str, columns: Mapping[str, Any] | None, rejects: Any | None,
                 rules: Any | None, delimiter: str, engine: str) -> None:
        if engine not in ("auto", "python", "pyarrow"):
            raise DataError(f"unknown engine {engine!r}; allowed: auto, python, pyarrow")
        if (fmt == "parquet" or engine == "pyarrow") and not _have_pyarrow():
            raise DataError("reading Parquet files (or engine='pyarrow') needs pyarrow: "
                            "pip install 'vakmanschap[parquet]'")
        self.fmt = fmt
        self.mapping = normalise_columns(columns)
        self.strict = rejects is None
        self.rejects_path = None if rejects is None else Path(rejects)
        self.rejects: list[_Reject] = []
        self.vocab = _Vocabulary(rules)
        self.delimiter = delimiter
        self.fast = fmt == "csv" and engine != "python" and _have_pyarrow()
        self.person: dict[str, int] = {}
        self.rejected_people: dict[str, int] = {}
        self.reports: list[FileReport] = []

    # converters by kind
    def converter(self, kind: str) -> Callable[[str], Any]:
        simple: dict[str, Callable[[str], Any]] = {
            "text": _text, "opt_text": _opt_text, "date": _date, "opt_date": _opt_date,
            "opt_amount": _opt_amount, "fte": _fte, "weekly": _weekly, "bool": _bool,
            "category": self.vocab.category, "themes": self.vocab.theme_mask,
            "attestation_kind": self.vocab.attestation_kind,
            "leave_kind": _enum(LEAVE_KINDS), "event_kind": _enum(EVENT_KINDS),
            "ref": self.ref,
        }
        return simple[kind]

    def ref(self, text: str) -> int:
        value = text.strip()
        if not value:
            raise _Bad("must be a non-empty professional id")
        found = self.person.get(value)
        if found is None:
            row = self.rejected_people.get(value)
            if row is not None:
                raise _Bad(f"professional {value!r} was rejected (row {row} of the "
                           "professionals file)")
            raise _Bad("unknown professional id (not in the professionals file)")
        return found

    def fail(self, file: str, row: int, column: str, value: str, problem: str) -> None:
        if self.strict:
            # An error is one readable line, whatever the size of the offending cell.
            shown = repr(value) if len(value) <= 80 else repr(value[:77] + "...")
            raise DataError(f"{shown}: {problem}", record=f"{file}, row {row}", field=column)
        self.rejects.append(_Reject(file, row, column, value, problem))

    def read(self, table: str, path: Any) -> _Table:
        path = Path(path)
        name = path.name if path.name else str(path)
        file = str(path)
        header = (_parquet_header(path) if self.fmt == "parquet"
                  else _csv_header(path, self.delimiter))
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
        except _Fallback:
            self.rejects = [r for r in self.rejects if r.file != file]
            return self._read(table, path, name, file, header, specs, actual, present,
                              extra_names, wanted, False)

    def _batches(self, path: Path, header: list[str], wanted: list[str],
                 fast: bool) -> Iterator[_Batch]:
        if self.fmt == "parquet":
            return _parquet_batches(path, wanted)
        if fast:
            return _arrow_batches(path, self.delimiter, header)
        return _python_batches(path, self.delimiter, header)

    def _read(self, table: str, path: Path, name: str, file: str, header: list[str],
              specs: tuple[FieldSpec, ...], actual: dict[str, str], present: set[str],
              extra_names: list[str], wanted: list[str], fast: bool) -> _Table:
        # converted rows go straight into columns sized for the whole file (an upper bound
        # of its rows), so that memory is not spent twice on batches and their joining
        columns = _Columns(self._capacity(path))
        caches: dict[str, dict[str, Any]] = {s.name: {} for s in specs}
        read = 0
        for batch in self._batches(path, header, wanted, fast):
            read += len(batch.rows) + len(batch.broken)
            ok = np.ones(len(batch.rows), dtype=bool)
            first_bad: list[tuple[int, int, str, str, str]] = [
                (row, -1, "(row)", raw, problem) for row, problem, raw in batch.broken]
            converted: dict[str, Any] = {}
            for order, spec in enumerate(specs):
                if spec.name not in present:
                    continue
                column = batch.columns[actual[spec.name]]
                values, bad, problems = _convert(column, self.converter(spec.kind),
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
        return _Table(rows, values, extra, read, present)

    def _capacity(self, path: Path) -> int:
        """An upper bound of the number of records of a file."""
        if self.fmt == "parquet":
            pq = import_module("pyarrow.parquet")
            return int(pq.ParquetFile(path).metadata.num_rows)
        lines = 1
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 24):
                lines += chunk.count(b"\n")
        return lines

    def _amount_pairs(self, converted: dict[str, Any], present: set[str],
                      actual: dict[str, str], batch: _Batch, ok: Any,
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
        if self.rejects_path is None:
            return
        with open(self.rejects_path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["file", "row", "column", "value", "problem"])
            for r in sorted(self.rejects, key=lambda r: (r.file, r.row)):
                writer.writerow([r.file, r.row, r.column, r.value, r.problem])


def converted_keys(specs: tuple[FieldSpec, ...], present: set[str]) -> list[str]:
    """The canonical columns a file has, in the order of its specification."""
    return [s.name for s in specs if s.name in present]


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


def _convert(column: _Column, convert: Callable[[str], Any], cache: dict[str, Any],
             kind: str) -> tuple[Any, Any, list[str]]:
    """Convert the distinct texts of a column once and spread the values over its rows."""
    values: list[Any] = []
    problems: list[str] = []
    any_bad = False
    for text in column.uniques:
        found = cache.get(text)
        if found is None:
            try:
                found = (True, convert(text))
            except _Bad as problem:
                found = (False, problem.problem)
            if kind not in ("ref", "text"):  # ids: mostly distinct, not worth keeping
                cache[text] = found
        if found[0]:
            values.append(found[1])
            problems.append("")
        else:
            any_bad = True
            values.append(_PLACEHOLDER[kind])
            problems.append(found[1])
    dtype = _DTYPES[kind]
    table = np.array(values or [_PLACEHOLDER[kind]], dtype=dtype)
    spread = table[column.codes]
    bad = None
    if any_bad:
        bad_table = np.array([bool(p) for p in problems], dtype=bool)
        bad = bad_table[column.codes]
    return spread, bad, problems


_DTYPES: dict[str, Any] = {
    "text": object, "opt_text": object, "date": np.int32, "opt_date": np.int32,
    "opt_amount": np.int64, "fte": np.float64, "weekly": np.float64, "bool": bool,
    "category": np.int16, "themes": np.uint64, "leave_kind": np.int8, "event_kind": np.int8,
    "ref": np.int32, "attestation_kind": np.int32,
}
_PLACEHOLDER: dict[str, Any] = {
    "text": "", "opt_text": None, "date": 0, "opt_date": 0, "opt_amount": -1, "fte": 1.0,
    "weekly": 0.0, "bool": False, "category": 0, "themes": 0, "leave_kind": 0,
    "event_kind": 0, "ref": 0, "attestation_kind": 0,
}


# -- the whole population -----------------------------------------------------------------------


def load(fmt: str, professionals: Any, activities: Any | None = None,
         employments: Any | None = None, leaves: Any | None = None, events: Any | None = None,
         *, attestations: Any | None = None, columns: Mapping[str, Any] | None = None,
         rejects: Any | None = None, rules: Any | None = None, delimiter: str = ",",
         engine: str = "auto") -> Population:
    """Read the files of a population (``fmt``: ``csv`` or ``parquet``); see the module doc."""
    reader = _Reader(fmt, columns, rejects, rules, delimiter, engine)
    people = reader.read("professionals", professionals)
    ids_all = people.values["id"]
    rows_all = people.rows
    keep = _unique_people(reader, ids_all, rows_all, str(Path(professionals)))
    ids = ids_all[keep]
    n = len(ids)
    reader.person = {str(pid): i for i, pid in enumerate(ids)}
    fte = people.values["fte"][keep] if "fte" in people.present else np.ones(n)
    entered = (people.values["entered_service"][keep] if "entered_service" in people.present
               else np.zeros(n, np.int32))
    registered = (people.values["registered_on"][keep] if "registered_on" in people.present
                  else np.zeros(n, np.int32))
    sources = {"professionals": str(Path(professionals))}

    acts = _activities(reader, activities, n) if activities is not None else _no_activities()
    if activities is not None:
        sources["activities"] = str(Path(activities))
    emp = _employments(reader, employments) if employments is not None else \
        EmploymentTable.empty()
    lv = _leaves(reader, leaves) if leaves is not None else LeaveTable.empty()
    ev = _events(reader, events, registered)
    att = _attestations(reader, attestations) if attestations is not None else \
        AttestationTable.empty()
    entry = entered.copy()
    if len(emp):
        first = np.full(n, np.iinfo(np.int32).max, dtype=np.int64)
        np.minimum.at(first, emp.person, emp.start)
        use = (entry == 0) & (first < np.iinfo(np.int32).max)
        entry[use] = first[use]
    reader.write_rejects()
    if reader.strict and reader.rejects:  # pragma: no cover - strict mode raises earlier
        raise DataError("rows were rejected")
    attributes = {h: v[keep] for h, v in people.extra.items()}
    report = LoadReport(tuple(reader.reports),
                        str(reader.rejects_path) if reader.rejects_path else None)
    return Population(ids=ids, fte=fte.astype(np.float64), entered=entered.astype(np.int32),
                      entry=entry.astype(np.int32), attributes=attributes, activities=acts,
                      employments=emp, leaves=lv, events=ev, report=report, sources=sources,
                      rows=rows_all[keep], attestations=att)


def _unique_people(reader: _Reader, ids: Any, rows: Any, file: str) -> Any:
    first: dict[str, int] = {}
    keep = np.ones(len(ids), dtype=bool)
    for k, pid in enumerate(ids.tolist()):
        row = int(rows[k])
        if pid in first:
            reader.fail(file, row, reader.mapping["professionals"].get("id", "id"), pid,
                        f"repeated professional id (first at row {first[pid]})")
            keep[k] = False
            reader.rejected_people.setdefault(pid, row)
        else:
            first[pid] = row
    if not keep.all():
        reports = reader.reports
        last = reports[-1]
        rejected = int((~keep).sum())
        reports[-1] = FileReport(last.file, last.read, last.accepted - rejected,
                                 last.rejected + rejected)
    return np.flatnonzero(keep)


def _no_activities() -> ActivityTable:
    z = np.zeros(0, np.int32)
    return ActivityTable(z, z, np.zeros(0, np.int64), np.zeros(0, bool), np.zeros(0, np.int16),
                         np.zeros(0, np.uint8), np.zeros(0, bool), z, z, (), (), ())


def _activities(reader: _Reader, path: Any, n: int) -> ActivityTable:
    t = reader.read("activities", path)
    v = t.values
    count = len(t.rows)
    if "points" not in t.present:
        amount, is_points = v.pop("hours"), np.zeros(count, dtype=bool)
    elif "hours" not in t.present:
        amount, is_points = v.pop("points"), np.ones(count, dtype=bool)
    else:
        is_points = v["points"] >= 0
        amount = np.where(is_points, v.pop("points"), v.pop("hours"))
    if len(amount) and int(amount.max()) <= np.iinfo(np.int32).max:
        amount = amount.astype(np.int32, copy=False)
    person = v.pop("professional_id").astype(np.int32, copy=False)
    day = v.pop("date").astype(np.int32, copy=False)
    rows = t.rows.astype(np.int32, copy=False)
    ids = v.get("id") if "id" in t.present else None
    order = _chronological(person, day, rows, ids)
    themes_count = len(reader.vocab.themes)
    mask = v["theme"] if "theme" in t.present else np.zeros(count, np.uint64)
    providers: dict[str, int] = {}
    if "provider" in t.present:
        provider = np.array([-1 if p is None else providers.setdefault(p, len(providers))
                             for p in v["provider"].tolist()] or [], dtype=np.int32)
    else:
        provider = np.full(count, -1, np.int8)
    accredited = v["accredited"] if "accredited" in t.present else np.zeros(count, bool)

    def take(a: Any) -> Any:
        return a if order is None else a[order]

    if ids is not None:
        _check_activity_ids(reader, take(person), take(ids), take(rows), str(path))
    width = len(str(int(rows.max()))) if len(rows) else 1
    # rows 2, 3, 4, ... in order need not be kept: they follow from the position
    plain = order is None and len(rows) > 0 and int(rows[0]) == 2 and int(rows[-1]) == \
        count + 1
    return ActivityTable(
        person=take(person), day=take(day), amount=take(amount), points=take(is_points),
        category=take(v["category"].astype(np.uint8 if len(reader.vocab.categories) < 256
                                          else np.int16)),
        themes=take(mask.astype(theme_dtype(themes_count))), accredited=take(accredited),
        provider=take(provider), rows=None if plain else take(rows),
        first_row=2 if plain else 0,
        categories=tuple(reader.vocab.categories), themes_names=tuple(reader.vocab.themes),
        providers=tuple(providers), ids=None if ids is None else take(ids),
        source=str(path), id_width=width)


def _chronological(person: Any, day: Any, rows: Any, ids: Any | None) -> Any | None:
    """The permutation sorting by (person, day, activity id or row); None when sorted."""
    if len(person) == 0:
        return None
    if ids is None:  # rows only increase: sorted when (person, day) never decreases
        later = person[1:] > person[:-1]
        same = person[1:] == person[:-1]
        if (later | same).all() and (later | (day[1:] >= day[:-1])).all():
            return None
        del later, same
    base = int(day.min())
    key = person.astype(np.int64) << 23 | (day.astype(np.int64) - base)
    if ids is None:
        order: Any = np.argsort(key, kind="stable")
    else:
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        same = np.flatnonzero(sorted_key[1:] == sorted_key[:-1])
        if len(same):
            # runs of activities on the same day of the same person: order them by id
            starts = same[np.concatenate(([True], np.diff(same) > 1))]
            for s in starts.tolist():
                e = s + 1
                while e < len(sorted_key) and sorted_key[e] == sorted_key[s]:
                    e += 1
                block = order[s:e]
                order[s:e] = block[np.argsort(np.array([str(x) for x in ids[block]]),
                                              kind="stable")]
    return order


def _check_activity_ids(reader: _Reader, person: Any, ids: Any, rows: Any, file: str) -> None:
    seen: dict[tuple[int, str], int] = {}
    for p, a, r in zip(person.tolist(), ids.tolist(), rows.tolist(), strict=True):
        key = (p, a)
        if key in seen:
            raise DataError(f"{a!r}: activity ids must be unique per professional (first at "
                            f"row {seen[key]})", record=f"{file}, row {r}",
                            field=reader.mapping["activities"].get("id", "id"))
        seen[key] = r


def _sorted_by_person(person: Any) -> Any:
    return np.argsort(person, kind="stable")


def _employments(reader: _Reader, path: Any) -> EmploymentTable:
    t = reader.read("employments", path)
    v = t.values
    count = len(t.rows)
    end = v["end"] if "end" in t.present else np.zeros(count, np.int32)
    bad = (end != 0) & (end < v["start"])
    keep = _model_check(reader, str(path), t.rows, bad,
                        reader.mapping["employments"].get("end", "end"),
                        "ends before it starts")
    order = keep[_sorted_by_person(v["professional_id"][keep])]
    ids = _ids(v, t, order, "employment")
    role = v["role"][order].tolist() if "role" in t.present else [None] * len(order)
    return EmploymentTable(person=v["professional_id"][order].astype(np.int32),
                           start=v["start"][order].astype(np.int32),
                           end=end[order].astype(np.int32),
                           hours=v["hours_per_week"][order].astype(np.float64),
                           role=tuple(role), ids=ids)


def _leaves(reader: _Reader, path: Any) -> LeaveTable:
    t = reader.read("leaves", path)
    v = t.values
    bad = v["end"] < v["start"]
    keep = _model_check(reader, str(path), t.rows, bad,
                        reader.mapping["leaves"].get("end", "end"), "ends before it starts")
    order = keep[_sorted_by_person(v["professional_id"][keep])]
    return LeaveTable(person=v["professional_id"][order].astype(np.int32),
                      start=v["start"][order].astype(np.int32),
                      end=v["end"][order].astype(np.int32),
                      kind=v["kind"][order].astype(np.int8), ids=_ids(v, t, order, "leave"))


def _events(reader: _Reader, path: Any | None, registered: Any) -> EventTable:
    reg_people = np.flatnonzero(registered != 0).astype(np.int32)
    kind_registered = EVENT_KINDS.index(EventKind.REGISTERED)
    person = [reg_people]
    kind = [np.full(len(reg_people), kind_registered, np.int8)]
    on = [registered[reg_people].astype(np.int32)]
    until = [np.zeros(len(reg_people), np.int32)]
    level: list[str | None] = [None] * len(reg_people)
    ids: list[str] = [REGISTERED_ON_ID] * len(reg_people)
    if path is not None:
        t = reader.read("events", path)
        v = t.values
        count = len(t.rows)
        u = v["until"] if "until" in t.present else np.zeros(count, np.int32)
        deferral = EVENT_KINDS.index(EventKind.DEFERRAL_GRANTED)
        needs_until = (v["kind"] == deferral) & (u == 0)
        until_col = reader.mapping["events"].get("until", "until")
        keep = _model_check(reader, str(path), t.rows, needs_until, until_col,
                            "a granted deferral needs 'until'")
        early = np.zeros(count, bool)
        early[keep] = (u[keep] != 0) & (u[keep] < v["date"][keep])
        keep2 = _model_check(reader, str(path), t.rows, early, until_col,
                             "'until' is before the decision date")
        keep = np.intersect1d(keep, keep2)
        person.append(v["professional_id"][keep].astype(np.int32))
        kind.append(v["kind"][keep].astype(np.int8))
        on.append(v["date"][keep].astype(np.int32))
        until.append(u[keep].astype(np.int32))
        level.extend(v["level"][keep].tolist() if "level" in t.present else [None] * len(keep))
        ids.extend(_ids(v, t, keep, "event"))
    p = np.concatenate(person)
    order = np.argsort(p, kind="stable")
    return EventTable(person=p[order], kind=np.concatenate(kind)[order],
                      on=np.concatenate(on)[order], until=np.concatenate(until)[order],
                      level=tuple(level[k] for k in order.tolist()),
                      ids=tuple(ids[k] for k in order.tolist()))


def _attestations(reader: _Reader, path: Any) -> AttestationTable:
    t = reader.read("attestations", path)
    v = t.values
    order = _sorted_by_person(v["professional_id"])
    return AttestationTable(person=v["professional_id"][order].astype(np.int32),
                            kind=v["kind"][order].astype(np.int32),
                            on=v["date"][order].astype(np.int32),
                            kinds=tuple(reader.vocab.attestation_kinds),
                            ids=_ids(v, t, order, "attestation"))


def _ids(v: dict[str, Any], t: _Table, order: Any, prefix: str) -> tuple[str, ...]:
    if "id" in t.present:
        return tuple(str(x) for x in v["id"][order].tolist())
    return tuple(f"{prefix}-row{int(r)}" for r in t.rows[order].tolist())


def _model_check(reader: _Reader, file: str, rows: Any, bad: Any, column: str,
                 problem: str) -> Any:
    """Report rows that convert but break a rule of the model; the indices of the others."""
    for k in np.flatnonzero(bad):
        reader.fail(file, int(rows[k]), column, "", problem)
    if bad.any():
        last = reader.reports[-1]
        rejected = int(bad.sum())
        reader.reports[-1] = FileReport(last.file, last.read, last.accepted - rejected,
                                        last.rejected + rejected)
    return np.flatnonzero(~bad)
