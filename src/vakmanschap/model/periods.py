"""Dates, windows and the declared date policy.

Register rules count in years and months from an anchor date. Two questions have no single
right answer and are therefore declared by each rule file (``date_policy``) instead of being
decided here by accident:

* **Month ends.** Adding one year to 29 February 2024 gives 28 February 2025 under
  ``month_end: clamp`` (as dateutil's relativedelta does) and 1 March 2025 under
  ``month_end: roll``.
  Adding one month to 31 January likewise gives 28/29 February or 1 March.
* **Window end.** A cycle ``[start, due)`` is *exclusive* by default: an activity on the due
  date itself belongs to the next cycle and the deadline reads "vóór <due>". With
  ``window_end: inclusive`` the due date still counts and the deadline reads "uiterlijk <due>".

>>> policy = DatePolicy()
>>> policy.add(date(2024, 2, 29), years=1)
datetime.date(2025, 2, 28)
>>> DatePolicy(month_end="roll").add(date(2024, 2, 29), years=1)
datetime.date(2025, 3, 1)
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Literal

import attrs

from vakmanschap.errors import DataError

__all__ = ["DatePolicy", "Every", "Window", "parse_date", "to_date"]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

MonthEnd = Literal["clamp", "roll"]
WindowEnd = Literal["exclusive", "inclusive"]


def parse_date(value: object) -> date:
    """Convert an ISO ``YYYY-MM-DD`` string or a date into a ``date``; raise ``ValueError``.

    A ``datetime`` is refused: a register works in whole days and a time of day would make
    "on the due date" ambiguous.
    """
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        text = value.strip()
        # fromisoformat alone would also take 20240101 and week dates (Python 3.11+).
        if _ISO_DATE.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")
    raise ValueError(f"expected a date (YYYY-MM-DD), got {type(value).__name__} {value!r}")


def to_date(value: object, *, record: str = "", field: str = "") -> date:
    """Like :func:`parse_date` but raise :class:`DataError` naming ``record`` and ``field``."""
    try:
        return parse_date(value)
    except ValueError as exc:
        raise DataError(str(exc), record=record, field=field) from None


def _add_months(day: date, months: int, roll: bool) -> date:
    """Add months; a day missing from the target month is clamped to its last day, or with
    ``roll`` moved to the first day of the next month (31 Jan + 1 month = 1 March)."""
    if months == 0:
        return day
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    if day.day <= last:
        return date(year, month + 1, day.day)
    if roll:  # the first day of the following month: monotone, unlike carrying days over
        return date(year, month + 1, last) + timedelta(days=1)
    return date(year, month + 1, last)


@attrs.frozen
class DatePolicy:
    """How a rule file counts dates: month-end behaviour and whether a window's end counts."""

    month_end: MonthEnd = "clamp"
    window_end: WindowEnd = "exclusive"

    def add(self, day: date, *, years: int = 0, months: int = 0, days: int = 0) -> date:
        """Add a duration to ``day`` following the month-end policy (years and months first)."""
        moved = _add_months(day, years * 12 + months, self.month_end == "roll")
        return moved + timedelta(days=days) if days else moved

    def window(self, start: date, *, years: int = 0, months: int = 0, days: int = 0) -> Window:
        """The window that starts at ``start`` and lasts the given duration."""
        return Window(start, self.add(start, years=years, months=months, days=days),
                      self.window_end == "inclusive")


@attrs.frozen(order=True)
class Window:
    """A span of days ``[start, end)`` or, when ``end_inclusive``, ``[start, end]``.

    ``end`` is the due date (the herregistratiedatum): whether it still belongs to the window
    is the declared ``end_inclusive`` flag, never an accident of comparison operators.
    """

    start: date
    end: date
    end_inclusive: bool = False
    #: The last day that still belongs to the window (derived once: it is on hot paths).
    last_day: date = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        last = self.end if self.end_inclusive else self.end - timedelta(days=1)
        object.__setattr__(self, "last_day", last)

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        return self.start <= day <= self.last_day

    @property
    def days(self) -> int:
        """Number of days in the window."""
        return (self.last_day - self.start).days + 1

    def clipped_to(self, last: date) -> Window:
        """The part of the window up to and including ``last`` (maybe empty: days == 0)."""
        if last >= self.last_day:
            return self
        return Window(self.start, last, True) if last >= self.start else Window(
            self.start, self.start, False)

    def split(self, policy: DatePolicy, *, years: int = 0, months: int = 0,
              calendar_years: bool = False) -> Iterator[Window]:
        """Consecutive sub-windows covering this window (the last one may be shorter).

        ``calendar_years`` cuts at 1 January instead of counting from ``start``. The last
        sub-window ends where this window ends (with the same ``end_inclusive``): an inclusive
        due date belongs to the last period, it does not become a one-day period of its own.
        """
        if not calendar_years and years * 12 + months <= 0:
            raise ValueError("split needs a positive length (years or months)")
        cursor = self.start
        step = 0
        while cursor <= self.last_day:
            if calendar_years:
                nxt = date(cursor.year + 1, 1, 1)
            else:
                step += 1
                nxt = policy.add(self.start, years=years * step, months=months * step)
            if nxt >= self.end:
                yield Window(cursor, self.end, self.end_inclusive)
                return
            yield Window(cursor, nxt, False)
            cursor = nxt


EveryKind = Literal["cycle_year", "calendar_year", "months"]


def _check_months(every: Every, _: attrs.Attribute[int | None], months: int | None) -> None:
    if (months is not None and months >= 1) != (every.kind == "months"):
        raise ValueError(f"{every.kind} takes {'a' if every.kind == 'months' else 'no'} "
                         f"positive number of months, got {months!r}")


@attrs.frozen
class Every:
    """How a window is cut into periods: ``cycle_year`` (years counted from the window's
    start), ``calendar_year`` (cut at 1 January) or blocks of ``months``.

    In a rule file: ``cycle_year``, ``calendar_year`` or ``{months: n}`` (:meth:`to_json`).
    """

    kind: EveryKind
    months: int | None = attrs.field(default=None, validator=_check_months)

    @property
    def step_months(self) -> int:
        """Months from one cut to the next, counted from the window's start (0 for calendar
        years, which cut at 1 January instead)."""
        return 12 if self.kind == "cycle_year" else self.months or 0

    def parts(self, window: Window, policy: DatePolicy) -> Iterator[Window]:
        """The consecutive periods of ``window`` (see :meth:`Window.split`)."""
        if self.kind == "calendar_year":
            return window.split(policy, calendar_years=True)
        if self.kind == "cycle_year":
            return window.split(policy, years=1)
        return window.split(policy, months=self.step_months)

    def to_json(self) -> str | dict[str, int]:
        """As written in a rule file."""
        return self.kind if self.months is None else {"months": self.months}

    def __str__(self) -> str:
        return self.kind if self.months is None else f"{{months: {self.months}}}"

