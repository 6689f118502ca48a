"""Field converters of the records: typed values (person files, JSON, Python) checked by the
cell converters of :mod:`vakmanschap.model.cells`, so that they mean what an HR export means.

Person files are typed: a number is a number and a boolean a boolean (``"8"`` or ``"ja"`` is
refused, as YAML 1.2 and JSON intend); texts, dates (JSON has no date type) and kinds are read
by the same converter as an HR export's cell. Converters run before a record's id is known, so
the record name is added where the object is built (:mod:`vakmanschap.model.person_dict`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from enum import StrEnum
from typing import NoReturn, TypeVar

from vakmanschap.errors import DataError
from vakmanschap.model import cells
from vakmanschap.model.kinds import EventKind, LeaveKind
from vakmanschap.model.periods import to_date

__all__ = ["amount", "boolean", "day", "fte", "kind", "optional", "text", "themes",
           "weekly_hours"]

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


def _fail(value: object, field: str, problem: str) -> NoReturn:
    raise DataError(cells.describe(value, problem), field=field)


def _cell(convert: Callable[[str], T], cell: str, value: object, field: str) -> T:
    try:
        return convert(cell)
    except cells.CellError as exc:
        _fail(value, field, exc.problem)


def optional(convert: Callable[[object, str], T], value: object, field: str) -> T | None:
    """None stays None (the field is absent); anything else must convert."""
    return None if value is None else convert(value, field)


def day(value: object, field: str) -> date:
    """A ``date`` or a ``YYYY-MM-DD`` text."""
    if type(value) is date:  # already well-typed (not a datetime): nothing to read
        return value
    return to_date(value, field=field)


def _number(value: object, field: str) -> str:
    try:
        return cells.number_text(value)
    except cells.CellError as exc:
        _fail(value, field, exc.problem)


def amount(value: object, field: str) -> float:
    """Hours, points or ECTS: a number >= 0 to the hundredth (kept as hundredths / 100).

    Fast path for a well-typed number (JSON and YAML give floats and ints): a float in range
    that is its own hundredths (``round(v * 100) / 100 == v``) is exactly what the cell path
    accepts and returns (a Hypothesis property in tests/test_model.py holds them equal);
    everything else takes the cell path, which also words the errors.
    """
    kind = type(value)
    if (kind is float or kind is int) and 0 <= value <= cells.MAX_AMOUNT:  # type: ignore[operator]
        whole = round(value * 100)  # type: ignore[operator]
        if whole / 100 == value:
            return whole / 100
    return _cell(cells.hundredths, _number(value, field), value, field) / 100


def weekly_hours(value: object, field: str) -> float:
    """Contract hours per week."""
    return _cell(cells.weekly_hours, _number(value, field), value, field)


def fte(value: object, field: str) -> float:
    """A part-time factor in (0, 1.5]."""
    try:
        number = cells.number_text(value)
    except cells.CellError:
        _fail(value, field, cells.FTE_RANGE)
    return _cell(cells.fte, number, value, field)


def text(value: object, field: str) -> str:
    """A non-empty text (stripped)."""
    if not isinstance(value, str):
        _fail(value, field, "must be a non-empty text")
    stripped = value.strip()  # cells.text, inline: this runs for every text of every record
    if stripped:
        return stripped
    return _cell(cells.text, value, value, field)


def boolean(value: object, field: str) -> bool:
    """``true`` or ``false`` as a boolean of the file format."""
    if isinstance(value, bool):
        return value
    _fail(value, field, "expected true or false")


def kind(value: object, kinds: type[E], field: str) -> E:
    """A member of ``kinds`` by its value."""
    if isinstance(value, kinds):
        return value
    if not isinstance(value, str):
        _fail(value, field, "expected one of " + ", ".join(k.value for k in kinds))
    return _cell(cells.enum(kinds), value, value, field)


def themes(value: object) -> tuple[str, ...]:
    """Theme names: a list of names, or one text with names separated by ``;``."""
    if isinstance(value, str):
        return cells.themes(value)
    if not isinstance(value, Iterable):
        _fail(value, "themes", "must be a list of theme names")
    return tuple(dict.fromkeys(text(item, "themes") for item in value))


# -- named converters per record field: the attrs mypy plugin types only named functions ------


def conv_accredited(value: object) -> bool:
    return boolean(value, "accredited")


def conv_opt_accredited(value: object) -> bool | None:
    return None if value is None else boolean(value, "accredited")


def conv_opt_profession(value: object) -> str | None:
    return None if value is None else text(value, "profession")


def conv_category(value: object) -> str:
    return text(value, "category")


def conv_end(value: object) -> date:
    return day(value, "end")


def conv_event_kind(value: object) -> EventKind:
    return kind(value, EventKind, "kind")


def conv_fte(value: object) -> float:
    return fte(value, "fte")


def conv_hours_per_week(value: object) -> float:
    return weekly_hours(value, "hours_per_week")


def conv_id(value: object) -> str:
    return text(value, "id")


def conv_kind(value: object) -> str:
    return text(value, "kind")


def conv_leave_kind(value: object) -> LeaveKind:
    return kind(value, LeaveKind, "kind")


def conv_on(value: object) -> date:
    return day(value, "on")


def conv_opt_accredited_until(value: object) -> date | None:
    return None if value is None else day(value, "accredited_until")


def conv_opt_awarded_on(value: object) -> date | None:
    return None if value is None else day(value, "awarded_on")


def conv_opt_ects(value: object) -> float | None:
    return None if value is None else amount(value, "ects")


def conv_opt_end(value: object) -> date | None:
    return None if value is None else day(value, "end")


def conv_opt_entered_service(value: object) -> date | None:
    return None if value is None else day(value, "entered_service")


def conv_opt_hours(value: object) -> float | None:
    return None if value is None else amount(value, "hours")


def conv_opt_level(value: object) -> str | None:
    return None if value is None else text(value, "level")


def conv_opt_points(value: object) -> float | None:
    return None if value is None else amount(value, "points")


def conv_opt_amount(value: object) -> float | None:
    return None if value is None else amount(value, "amount")


def conv_opt_unit(value: object) -> str | None:
    return None if value is None else text(value, "unit")


def conv_opt_provider(value: object) -> str | None:
    return None if value is None else text(value, "provider")


def conv_opt_role(value: object) -> str | None:
    return None if value is None else text(value, "role")


def conv_opt_start(value: object) -> date | None:
    return None if value is None else day(value, "start")


def conv_opt_started_on(value: object) -> date | None:
    return None if value is None else day(value, "started_on")


def conv_opt_title(value: object) -> str | None:
    return None if value is None else text(value, "title")


def conv_opt_until(value: object) -> date | None:
    return None if value is None else day(value, "until")


def conv_start(value: object) -> date:
    return day(value, "start")
