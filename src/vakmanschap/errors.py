"""Errors raised by vakmanschap.

Every error derives from :class:`VakmanschapError` and from the builtin that matches it, so
callers may catch either::

    VakmanschapError
    ├── DataError (ValueError)            bad person data: names the record and the field
    ├── RuleFileError (ValueError)        bad rule file: every problem, each with file:line:col
    ├── RuleError (LookupError)           a rule, group, level or parameter that does not exist
    ├── ScenarioError (AssertionError)    a scenario file whose expectations do not hold
    └── InputLimitError (ValueError)      input refused because it exceeds a safety limit
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "DataError",
    "InputLimitError",
    "Problem",
    "RuleError",
    "RuleFileError",
    "ScenarioError",
    "VakmanschapError",
]


class VakmanschapError(Exception):
    """Base class of every error this library raises on purpose."""


class DataError(VakmanschapError, ValueError):
    """A professional's data is invalid; the message names the record and the field.

    ``record`` is a human path such as ``professional p1, activities[3] (id a4)`` and ``field``
    the offending field name; both are also in the message.
    """

    def __init__(self, message: str, *, record: str = "", field: str = "") -> None:
        where = ", ".join(part for part in (record, f"field '{field}'" if field else "") if part)
        super().__init__(f"{where}: {message}" if where else message)
        self.record = record
        self.field = field
        self.reason = message

    def within(self, outer: str) -> DataError:
        """Return the same error with ``outer`` (e.g. a file name) prefixed to the record path."""
        record = f"{outer}, {self.record}" if self.record else outer
        return DataError(self.reason, record=record, field=self.field)


@attrs.frozen
class Problem:
    """One problem found in a rule file, located by file, line and column (1-based)."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class RuleFileError(VakmanschapError, ValueError):
    """A rule file (or overlay) is invalid; ``problems`` lists every problem found in it."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in rule file"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))

    def one_line(self) -> str:
        """Summarise for a command line: the first problem and how many more there are."""
        first = str(self.problems[0]) if self.problems else "invalid rule file"
        more = max(0, len(self.problems) - 1)
        return first + (f" (and {more} more problem{'s' if more != 1 else ''})" if more else "")


class RuleError(VakmanschapError, LookupError):
    """A requirement group, level, rule id or parameter was asked for that does not exist."""


class ScenarioError(VakmanschapError, AssertionError):
    """One or more scenario expectations failed; the message lists each failure."""


class InputLimitError(VakmanschapError, ValueError):
    """Input was refused because it exceeds a safety limit (size, depth, alias expansion)."""
