"""Cells to column values: the converter of each column kind and the conversion of a column.

The meaning of a cell is :mod:`vakmanschap.model.cells`; this module only adds the column
encoding (dates as ordinals, amounts as hundredths with -1 for none, kinds as indices) and the
speed: each distinct text of a batch is converted once and its value spread over the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
import numpy as np

from vakmanschap.model import cells
from vakmanschap.model.cells import CellError
from vakmanschap.population.fact_tables import EVENT_KINDS, LEAVE_KINDS

__all__ = ["DTYPES", "PLACEHOLDER", "SIMPLE", "Converted", "Vocabulary", "convert_column",
           "decimal_comma"]


@attrs.define
class Converted:
    """A converted column: its values, and the bad rows (indices), their texts and problems."""

    values: Any
    bad: Any  # int array of row indices, or None when every row converted
    texts: list[str]
    problems: list[str]

    @classmethod
    def of(cls, result: tuple[Any, Any, list[str]], codes: Any,
           uniques: list[str]) -> Converted:
        """From :func:`convert_column`'s result over these codes and distinct texts."""
        values, bad, problems = result
        if bad is None:
            return cls(values, None, [], [])
        rows = np.flatnonzero(bad)
        at = codes[rows].tolist()
        return cls(values, rows, [uniques[c] for c in at], [problems[c] for c in at])


def _ordinal(cell: str) -> int:
    return cells.day(cell).toordinal()


def _opt_ordinal(cell: str) -> int:
    found = cells.optional_day(cell)
    return 0 if found is None else found.toordinal()


def _opt_hundredths(cell: str) -> int:
    found = cells.optional_hundredths(cell)
    return -1 if found is None else found


def decimal_comma(convert: Callable[[str], Any]) -> Callable[[str], Any]:
    """A number converter for cells written with a decimal comma (``0,8``): a point is
    refused, so that ``1.000,5`` (a thousands point) is never read as 1."""

    def with_comma(cell: str) -> Any:
        if "." in cell:
            raise CellError("expected a number written with a decimal comma (e.g. 1,5)")
        try:
            return convert(cell.replace(",", "."))
        except CellError as exc:
            if exc.problem == cells.NUMBER_FORMAT:
                raise CellError("expected a number written with a decimal comma "
                                "(e.g. 1,5)") from None
            raise

    return with_comma


def _index(kinds: Sequence[Any]) -> Callable[[str], int]:
    """A kind's position in ``kinds`` (the order of the store's code columns)."""
    convert = cells.enum(type(kinds[0]))
    position = {kind: i for i, kind in enumerate(kinds)}
    return lambda cell: position[convert(cell)]


#: The converters that need nothing but the cell, by column kind.
SIMPLE: dict[str, Callable[[str], Any]] = {
    "text": cells.text, "opt_text": cells.optional_text, "date": _ordinal,
    "opt_date": _opt_ordinal, "opt_amount": _opt_hundredths, "fte": cells.fte,
    "weekly": cells.weekly_hours, "bool": cells.boolean, "leave_kind": _index(LEAVE_KINDS),
    "event_kind": _index(EVENT_KINDS), "extra": str.strip,
}


class Vocabulary:
    """Category and theme names: those of the rule set when given (unknown names are bad),
    else every name met, in order of appearance."""

    def __init__(self, rules: Any | None) -> None:
        self.closed = rules is not None
        self.categories: dict[str, int] = {}
        self.themes: dict[str, int] = {}
        self.attestation_kinds: dict[str, int] = {}
        self.closed_kinds = False
        self.providers: dict[str, int] = {}
        # unit codes: 0 hours and 1 points always (the store's convention), others after
        self.units: dict[str, int] = {"hours": 0, "points": 1}
        self.allowed_units: tuple[str, ...] | None = None
        if rules is not None:
            self.allowed_units = tuple(rules.units)
            for name in rules.units:
                self.units.setdefault(name, len(self.units))
            self.categories = {name: i for i, name in enumerate(rules.categories)}
            self.themes = {name: i for i, name in enumerate(rules.themes)}
            self.attestation_kinds = {name: i for i, name in enumerate(rules.attestation_kinds)}
            self.closed_kinds = bool(rules.attestation_kinds)

    def attestation_kind(self, cell: str) -> int:
        """The code of an attestation kind; a new one is added unless the rules close them."""
        value = cells.text(cell)
        if value not in self.attestation_kinds:
            if self.closed_kinds:
                raise CellError(f"unknown attestation kind; allowed: "
                                f"{', '.join(self.attestation_kinds)}")
            self.attestation_kinds[value] = len(self.attestation_kinds)
        return self.attestation_kinds[value]

    def provider(self, cell: str) -> int:
        """The code of a provider (-1: none), in order of appearance."""
        value = cells.optional_text(cell)
        if value is None:
            return -1
        return self.providers.setdefault(value, len(self.providers))

    def unit(self, cell: str) -> int:
        """The code of the unit of an ``amount`` (-1: blank); a new one is added unless the
        rules name them (``units:``)."""
        value = cells.optional_text(cell)
        if value is None:
            return -1
        if self.allowed_units is not None and value not in self.allowed_units:
            raise CellError(f"unknown unit; allowed: {', '.join(self.allowed_units)}")
        if len(self.units) >= 100 and value not in self.units:
            raise CellError("more than 100 distinct units")
        return self.units.setdefault(value, len(self.units))

    def category(self, cell: str) -> int:
        """The code of a category; a new one is added unless the rules name them."""
        value = cells.text(cell)
        if value not in self.categories:
            if self.closed:
                raise CellError(f"unknown category; allowed: {', '.join(self.categories)}")
            self.categories[value] = len(self.categories)
        return self.categories[value]

    def theme_mask(self, cell: str) -> int:
        """The bit mask of the themes named in the cell (see :func:`cells.themes`)."""
        mask = 0
        for name in cells.themes(cell):
            if name not in self.themes:
                if self.closed:
                    allowed = ", ".join(self.themes) or "(this register has no themes)"
                    shown = repr(name) if len(name) <= 80 else repr(name[:77] + "...")
                    raise CellError(f"unknown theme {shown}; allowed: {allowed}")
                if len(self.themes) >= 64:
                    raise CellError("more than 64 distinct themes")
                self.themes[name] = len(self.themes)
            mask |= 1 << self.themes[name]
        return mask


def convert_column(column: Any, convert: Callable[[str], Any], cache: dict[str, Any],
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
            except CellError as problem:
                found = (False, problem.problem)
            if kind not in ("ref", "text"):  # ids: mostly distinct, not worth keeping
                cache[text] = found
        if found[0]:
            values.append(found[1])
            problems.append("")
        else:
            any_bad = True
            values.append(PLACEHOLDER[kind])
            problems.append(found[1])
    dtype = DTYPES[kind]
    table = np.array(values or [PLACEHOLDER[kind]], dtype=dtype)
    spread = table[column.codes]
    bad = None
    if any_bad:
        bad_table = np.array([bool(p) for p in problems], dtype=bool)
        bad = bad_table[column.codes]
    return spread, bad, problems


DTYPES: dict[str, Any] = {
    "text": object, "opt_text": object, "date": np.int32, "opt_date": np.int32,
    "opt_amount": np.int64, "fte": np.float64, "weekly": np.float64, "bool": bool,
    "category": np.int16, "themes": np.uint64, "leave_kind": np.int8, "event_kind": np.int8,
    "ref": np.int32, "attestation_kind": np.int32, "extra": object, "provider": np.int32,
    "unit": np.int8,
}
PLACEHOLDER: dict[str, Any] = {
    "text": "", "opt_text": None, "date": 0, "opt_date": 0, "opt_amount": -1, "fte": 1.0,
    "weekly": 0.0, "bool": False, "category": 0, "themes": 0, "leave_kind": 0,
    "event_kind": 0, "ref": 0, "attestation_kind": 0, "extra": "", "provider": -1,
    "unit": -1,
}
