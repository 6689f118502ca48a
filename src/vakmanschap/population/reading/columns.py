"""The columns each HR-export file has (canonical names, kinds) and the column mapping."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from vakmanschap.errors import DataError

__all__ = ["FIELDS", "FieldSpec", "converted_keys", "normalise_columns"]


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


def converted_keys(specs: tuple[FieldSpec, ...], present: set[str]) -> list[str]:
    """The canonical columns a file has, in the order of its specification."""
    return [s.name for s in specs if s.name in present]
