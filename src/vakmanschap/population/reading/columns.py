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
from collections.abc import Mapping
from typing import Any

import attrs

from vakmanschap.errors import DataError

__all__ = ["FIELDS", "VALUE_KINDS", "ColumnMap", "FieldSpec", "converted_keys",
           "near_matches", "normalise_columns", "read_column_map"]


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
                   FieldSpec("provider", "provider")),
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
