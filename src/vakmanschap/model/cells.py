"""One table of cell converters: what a value of each kind may look like and what it means.

Person files (YAML/JSON, through :mod:`vakmanschap.model.records`) and HR exports (CSV and
Parquet, through :mod:`vakmanschap.population.reading`) read the same facts; they use these
functions so that a value accepted by one is accepted by the other, with the same meaning and
the same error wording. Each converter takes a text (a cell) and returns the value, or raises
:class:`CellError` whose ``problem`` says what is allowed; :func:`describe` puts the offending
value in front of it: ``'2024-02-30': expected an existing date written YYYY-MM-DD``.

Typed formats (YAML, JSON, Python) give numbers and dates already typed; :func:`number_text`
and :func:`hundredths_of` take those, so that a number means the same whichever way it came.

Every kind ignores surrounding white space. Numbers are decimal (``1.5``, also ``1e3``), in
ASCII digits: ``1,5``, ``1_000`` and other scripts' digits are refused rather than guessed.
Amounts (hours, points, ECTS) are whole hundredths: a finer value is refused, never rounded.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

__all__ = [
    "FALSE_WORDS",
    "MAX_AMOUNT",
    "MAX_FTE",
    "MAX_WEEKLY_HOURS",
    "TRUE_WORDS",
    "CellError",
    "boolean",
    "day",
    "describe",
    "enum",
    "fte",
    "hundredths",
    "hundredths_of",
    "number_text",
    "optional_day",
    "optional_hundredths",
    "optional_text",
    "text",
    "themes",
    "weekly_hours",
]

TRUE_WORDS = ("true", "1", "yes", "ja", "waar")
FALSE_WORDS = ("false", "0", "no", "nee", "onwaar")
#: The largest amount (whole units) of one activity, employment or qualification (a million
#: hours is over a century of full-time work). Its hundredths, summed over any number of rows
#: that fits in memory (fewer than 9.2e10), stay inside the int64 columns of the population
#: evaluator, so no sum can overflow (issue 16, item 1).
MAX_AMOUNT = 10**6
MAX_FTE = 1.5
MAX_WEEKLY_HOURS = 168

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_HUNDREDTH = Decimal("0.01")
_SHOWN = 80  # an error is one readable line, whatever the size of the offending cell

DATE_FORMAT = "expected a date written YYYY-MM-DD"
NUMBER_FORMAT = "expected a number written with a decimal point (e.g. 1.5)"
FTE_RANGE = f"expected a number in (0, {MAX_FTE}], e.g. 0.8"


class CellError(ValueError):
    """A value that does not convert; ``problem`` says what is allowed."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def describe(value: object, problem: str) -> str:
    """The one error wording: the offending value (shortened), then what is allowed."""
    if isinstance(value, str):
        shown = repr(value if len(value) <= _SHOWN else value[:_SHOWN - 3] + "...")
    else:
        shown = repr(value)
        shown = shown if len(shown) <= _SHOWN else shown[:_SHOWN - 3] + "..."
    return f"{shown}: {problem}"


# -- texts ------------------------------------------------------------------------------------


def text(cell: str) -> str:
    """A required text: non-empty after stripping."""
    value = cell.strip()
    if not value:
        raise CellError("must be a non-empty text")
    return value


def optional_text(cell: str) -> str | None:
    """An optional text: None when empty."""
    return cell.strip() or None


def themes(cell: str) -> tuple[str, ...]:
    """Theme names separated by ``;``: stripped, empty parts skipped, each once, in order."""
    return tuple(dict.fromkeys(p.strip() for p in cell.split(";") if p.strip()))


E = TypeVar("E", bound=StrEnum)


def enum(kind: type[E]) -> Callable[[str], E]:
    """A converter to a member of ``kind`` from its value (exact case)."""
    allowed = ", ".join(k.value for k in kind)

    def convert(cell: str) -> E:
        try:
            return kind(cell.strip())
        except ValueError:
            raise CellError(f"expected one of {allowed}") from None

    return convert


def boolean(cell: str) -> bool:
    """``true`` / ``false``, also 1/0, yes/no, ja/nee, waar/onwaar, in any case."""
    value = cell.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise CellError("expected true or false (also 1/0, yes/no, ja/nee, waar/onwaar)")


# -- dates -------------------------------------------------------------------------------------


def day(cell: str) -> date:
    """A date written ``YYYY-MM-DD`` (not ``20240101`` or a week date) that exists."""
    value = cell.strip()
    if not _ISO_DATE.fullmatch(value):
        raise CellError(DATE_FORMAT)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CellError("expected an existing date written YYYY-MM-DD") from None


def optional_day(cell: str) -> date | None:
    """A date, or None when empty."""
    return day(cell) if cell.strip() else None


# -- numbers -----------------------------------------------------------------------------------


def _decimal(cell: str) -> Decimal:
    value = cell.strip()
    if not _NUMBER.fullmatch(value):
        raise CellError(NUMBER_FORMAT)
    return Decimal(value)


def number_text(value: object) -> str:
    """A typed number (YAML, JSON, Python) as the text that converts back to it exactly.

    A float gives its shortest round-trip form, which is what was written in a file: so the
    same digits are checked whichever way the number came.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CellError("expected a number, e.g. 1.5")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("expected a finite number")
        return format(Decimal(repr(value)), "f")  # 1e+300 as digits: cells have no exponents
    return str(Decimal(value))  # exact; str() of a huge int would be refused by Python


def _hundredths(number: Decimal, limit: int) -> int:
    if number < 0:
        raise CellError("expected a number >= 0")
    if number > limit:
        raise CellError(f"expected at most {limit}" + (
            " (hours in a week)" if limit == MAX_WEEKLY_HOURS else
            " (the largest amount accepted)"))
    exact = number.quantize(_HUNDREDTH)
    if exact != number:
        raise CellError("is recorded to the hundredth at most (e.g. 1.25)")
    return int(exact.scaleb(2))


def hundredths(cell: str) -> int:
    """An amount (hours, points, ECTS) >= 0 to the hundredth, as whole hundredths."""
    return _hundredths(_decimal(cell), MAX_AMOUNT)


def hundredths_of(value: object) -> int:
    """:func:`hundredths` of a typed number."""
    return hundredths(number_text(value))


def optional_hundredths(cell: str) -> int | None:
    """An amount in hundredths, or None when empty."""
    return hundredths(cell) if cell.strip() else None


def weekly_hours(cell: str) -> float:
    """Contract hours per week: at most 168, to the hundredth."""
    return _hundredths(_decimal(cell), MAX_WEEKLY_HOURS) / 100


def fte(cell: str) -> float:
    """A part-time factor in (0, 1.5]."""
    try:
        number = _decimal(cell)
    except CellError:
        raise CellError(FTE_RANGE) from None
    if not 0 < number <= Decimal(str(MAX_FTE)):
        raise CellError(FTE_RANGE)
    return float(number)

