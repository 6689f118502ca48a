"""The columns each HR-export file has (canonical names, kinds) and the column mapping.

A column mapping (docs/population.md) renames columns, maps the values of name columns
(categories, themes, leave, event and attestation kinds) onto the rule file's, and declares the
extra columns to keep::

    activities:
      hours: uren                          # the export's column 'uren' is 'hours'
      category:
        column: soort                      # renamed and ...
        values: {formal: formeel}          # ... its values mapped
      theme: {values: {ethics: ethiek}}
    keep: [organisation, scale]            # extra columns (professionals: kept as attributes)

``{"activities.hours": "uren"}`` is the same as ``{"activities": {"hours": "uren"}}``.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Mapping
from typing import Any

import attrs

from vakmanschap.errors import DataError

__all__ = ["FIELDS", "VALUE_KINDS", "ColumnMap", "FieldSpec", "Layout", "converted_keys",
           "layout_of", "near_matches", "normalise_columns", "read_column_map"]


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
                   FieldSpec("provider", "provider"), FieldSpec("amount", "opt_amount"),
                   FieldSpec("unit", "unit")),
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

#: the column kinds whose values a mapping may rename
VALUE_KINDS = ("category", "themes", "leave_kind", "event_kind", "attestation_kind")


@attrs.frozen
class ColumnMap:
    """A column mapping read: per file, canonical column -> the export's column name and ->
    {export value: rule-file value}; and the extra columns declared to be kept (None: none
    declared)."""

    names: dict[str, dict[str, str]]
    values: dict[str, dict[str, dict[str, str]]]
    keep: tuple[str, ...] | None = None


def _texts(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v for v in value.split(",")]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise DataError(f"{where}: expected a list of column names, got {value!r}",
                        field="columns")
    return tuple(v.strip() for v in value if v.strip())


def read_column_map(columns: Mapping[str, Any] | None,
                    keep: Any | None = None) -> ColumnMap:
    """Check a column mapping (see the module doc) and the extra columns to keep."""
    names: dict[str, dict[str, str]] = {table: {} for table in FIELDS}
    values: dict[str, dict[str, dict[str, str]]] = {table: {} for table in FIELDS}
    kept: list[str] | None = None if keep is None else list(_texts(keep, "--keep-columns"))
    for key, value in (columns or {}).items():
        if str(key) == "keep":
            kept = (kept or []) + list(_texts(value, "keep"))
            continue
        if isinstance(value, Mapping) and "." not in str(key):
            pairs = [(str(key), str(k), v) for k, v in value.items()]
        else:
            table, _, name = str(key).partition(".")
            pairs = [(table, name, value)]
        for table, name, column in pairs:
            if table not in FIELDS:
                raise DataError(f"unknown file {table!r} in the column mapping; allowed: "
                                f"{', '.join(FIELDS)}, keep", field="columns")
            specs = {f.name: f for f in FIELDS[table]}
            if name not in specs:
                raise DataError(f"unknown column {name!r} for {table} in the column mapping; "
                                f"allowed: {', '.join(specs)}", field="columns")
            if isinstance(column, Mapping):
                _entry(table, specs[name], column, names, values)
                continue
            if not isinstance(column, str) or not column.strip():
                raise DataError(f"{table}.{name}: the mapped column name must be a text, got "
                                f"{column!r}", field="columns")
            names[table][name] = column.strip()
    return ColumnMap(names, values, None if kept is None else tuple(dict.fromkeys(kept)))


def _entry(table: str, spec: FieldSpec, entry: Mapping[str, Any],
           names: dict[str, dict[str, str]], values: dict[str, dict[str, dict[str, str]]]
           ) -> None:
    where = f"{table}.{spec.name}"
    unknown = sorted(set(map(str, entry)) - {"column", "values"})
    if unknown:
        raise DataError(f"{where}: unknown key {unknown[0]!r}; allowed: column, values",
                        field="columns")
    column = entry.get("column")
    if column is not None:
        if not isinstance(column, str) or not column.strip():
            raise DataError(f"{where}.column: the mapped column name must be a text, got "
                            f"{column!r}", field="columns")
        names[table][spec.name] = column.strip()
    mapped = entry.get("values")
    if mapped is None:
        return
    if spec.kind not in VALUE_KINDS:
        raise DataError(f"{where}.values: only the values of category, theme and kind "
                        f"columns can be mapped", field="columns")
    if not isinstance(mapped, Mapping) or not all(
            isinstance(v, str) and v.strip() for v in mapped.values()):
        raise DataError(f"{where}.values: expected a mapping of export values to names, "
                        f"e.g. {{formal: formeel}}", field="columns")
    values[table][spec.name] = {str(k).strip(): str(v).strip() for k, v in mapped.items()}


def normalise_columns(columns: Mapping[str, Any] | None) -> dict[str, dict[str, str]]:
    """``{"activities": {"hours": "uren"}}`` or ``{"activities.hours": "uren"}`` -> nested form.

    Keys are the canonical names above; values are the column names in the export.
    """
    return read_column_map(columns).names


def near_matches(name: str, candidates: list[str]) -> list[str]:
    """The candidates that look like a misspelling of ``name`` (difflib, case ignored)."""
    lowered = {c.lower(): c for c in candidates}
    return [lowered[m] for m in difflib.get_close_matches(name.lower(), list(lowered), n=3,
                                                          cutoff=0.75)]


def converted_keys(specs: tuple[FieldSpec, ...], present: set[str]) -> list[str]:
    """The canonical columns a file has, in the order of its specification."""
    return [s.name for s in specs if s.name in present]


@attrs.define
class Layout:
    """A file's columns: the canonical name -> the file's name, and what to read."""

    actual: dict[str, str]
    present: set[str]
    extra: list[str]
    kinds: dict[str, str]  # the file's columns to read -> their kind


def layout_of(table: str, mapping: dict[str, str], keep: tuple[str, ...] | None,
              header: list[str], file: str) -> Layout:
    """Check a file's header against the columns of its table (required ones present, no
    column twice, no unknown column but those declared to be kept) and say what to read."""
    specs = FIELDS[table]
    actual = {f.name: mapping.get(f.name, f.name) for f in specs}
    duplicates = sorted(h for h, n in Counter(header).items() if n > 1)
    if duplicates:
        raise DataError(f"column(s) named twice: {', '.join(duplicates[:5])}", record=file)
    for spec in specs:
        if spec.required and actual[spec.name] not in header:
            mapped = (f" (mapped from {spec.name!r})" if actual[spec.name] != spec.name
                      else "")
            raise DataError(f"missing column {actual[spec.name]!r}{mapped}; the file has: "
                            f"{_shown(header)}{_delimiter_hint(header)}", record=file)
    if table == "activities" and actual["hours"] not in header and \
            actual["points"] not in header and actual["amount"] not in header:
        raise DataError(f"missing column {actual['hours']!r}, {actual['points']!r} or "
                        f"{actual['amount']!r} (with {actual['unit']!r}); "
                        f"the file has: {_shown(header)}{_delimiter_hint(header)}",
                        record=file)
    present = {s.name for s in specs if actual[s.name] in header}
    known = set(actual.values())
    extra = _extra(table, [h for h in header if h not in known], actual, keep, file)
    kinds = {actual[s.name]: s.kind for s in specs if s.name in present}
    kinds.update((h, "extra") for h in extra)
    return Layout(actual, present, extra, kinds)


def _extra(table: str, unknown: list[str], actual: dict[str, str],
           keep: tuple[str, ...] | None, file: str) -> list[str]:
    """The extra columns to read (professionals: kept as attributes). An unknown column is an
    error naming its near matches, unless it is declared to be kept; the professionals file
    keeps every other column when none is declared (grouping attributes), but not one that
    looks like a misspelled known column."""
    kept = set(keep or ())
    allowed = list(actual.values())
    bad = [h for h in unknown if h not in kept and (
        table != "professionals" or keep is not None or near_matches(h, allowed))]
    if bad:
        near = near_matches(bad[0], allowed)
        hint = f"did you mean {' or '.join(map(repr, near))}? " if near else ""
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        raise DataError(f"unknown column {bad[0]!r}{more}; {hint}allowed columns: "
                        f"{', '.join(allowed)}; declare extra columns to keep with "
                        f"--keep-columns or 'keep:' in the column mapping", record=file)
    return unknown if table == "professionals" else []


def _shown(header: list[str]) -> str:
    return ", ".join(header[:20]) + (f", ... ({len(header)} columns)" if len(header) > 20
                                     else "")


def _delimiter_hint(header: list[str]) -> str:
    if len(header) == 1 and any(d in header[0] for d in ";\t,"):
        return " (one column: is the delimiter right? see --delimiter)"
    return ""
