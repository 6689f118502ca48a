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

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice
from typing import Literal

import attrs
from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, YEARLY, rrule

from vakmanschap.errors import DataError
from vakmanschap.model import cells

__all__ = ["ONE_DAY", "DatePolicy", "Every", "Window", "parse_date", "to_date"]

#: One day, made once: ``timedelta(days=1)`` parses its keywords on every call (about half a
#: microsecond), and windows and cycles are built on every assessment.
ONE_DAY = timedelta(days=1)

MonthEnd = Literal["clamp", "roll"]
WindowEnd = Literal["exclusive", "inclusive"]


def parse_date(value: object) -> date:
    """Convert an ISO ``YYYY-MM-DD`` string or a date into a ``date``; raise ``ValueError``.

    Text is read by :func:`vakmanschap.model.cells.day`, as a cell of an HR export. A
    ``datetime`` is refused: a register works in whole days and a time of day would make "on
    the due date" ambiguous.
    """
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if not isinstance(value, str):
        problem = ("expected a date without a time of day (YYYY-MM-DD)"
                   if isinstance(value, date) else cells.DATE_FORMAT)
        raise ValueError(cells.describe(value, problem))
    try:
        return cells.day(value)
    except cells.CellError as exc:
        raise ValueError(cells.describe(value, exc.problem)) from None


def to_date(value: object, *, record: str = "", field: str = "") -> date:
    """Like :func:`parse_date` but raise :class:`DataError` naming ``record`` and ``field``."""
    if type(value) is date:  # the common case, first: a date (not a datetime) passes
        return value
    try:
        return parse_date(value)
    except ValueError as exc:
        raise DataError(str(exc), record=record, field=field) from None


def _add_months(day: date, months: int, roll: bool) -> date:
    """Add months; a day missing from the target month is clamped to its last day, or with
    ``roll`` moved to the first day of the next month (31 Jan + 1 month = 1 March)."""
    if day.day <= 28:
        # Fast path, for the common case: every month has a 28th, so no day can be missing
        # and dateutil's answer is plain month arithmetic. Building a relativedelta costs
        # several microseconds on every assessment; tests/test_periods.py proves the two equal.
        year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
        return date(year, month + 1, day.day)
    return _add_months_relativedelta(day, months, roll)


def _add_months_relativedelta(day: date, months: int, roll: bool) -> date:
    """:func:`_add_months` by dateutil: the definition, for any day of the month."""
    moved: date = day + relativedelta(months=months)  # clamps a missing day
    if roll and moved.day != day.day:  # the first day of the following month: monotone
        return moved + ONE_DAY
    return moved


def _grid(start: date, months: int, roll: bool) -> Iterator[date]:
    """The dates ``start + k * months`` (k = 1, 2, ...) under the month-end policy."""
    # Day d of every n-th month, or the month's last day where d is missing: the clamp.
    dates = rrule(MONTHLY, interval=months, bymonthday=(start.day, -1), bysetpos=1,
                  dtstart=datetime.combine(start, time()))
    for moment in islice(dates, 1, None):
        cut = moment.date()
        yield cut + timedelta(days=1) if roll and cut.day != start.day else cut


def _new_years(after: date) -> Iterator[date]:
    """Every 1 January after ``after``."""
    dates = rrule(YEARLY, bymonth=1, bymonthday=1,
                  dtstart=datetime.combine(after + timedelta(days=1), time()))
    return (moment.date() for moment in dates)


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
        last = self.end if self.end_inclusive else self.end - ONE_DAY
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
        return iter(_parts(self, 0 if calendar_years else years * 12 + months,
                           policy.month_end == "roll"))



# The periods of a window are a pure function of it: computed once per distinct window, as a
# workforce shares a few thousand cycles, because building an rrule grid costs far more than
# an assessment's arithmetic (benchmarks/assess.py). The cache holds no state anyone can see.
@lru_cache(maxsize=4096)
def _parts(window: Window, months: int, roll: bool) -> tuple[Window, ...]:
    """The sub-windows of ``window``: cut every ``months`` from its start, or at every
    1 January when ``months`` is 0."""
    if window.start > window.last_day:
        return ()
    cuts = _new_years(window.start) if months == 0 else _grid(window.start, months, roll)
    out = []
    cursor = window.start
    for cut in cuts:
        if cut >= window.end:
            break
        out.append(Window(cursor, cut, False))
        cursor = cut
    out.append(Window(cursor, window.end, window.end_inclusive))
    return tuple(out)

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

