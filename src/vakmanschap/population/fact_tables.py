"""The fact tables of the columnar store: activities, employments, leaves, events and
attestations as numpy columns sorted by person (see :mod:`vakmanschap.population.store`).

Dates are proleptic ordinals (``date.toordinal()``) in int32; 0 means "none".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

import attrs
import numpy as np
import numpy.typing as npt

from vakmanschap.errors import DataError
from vakmanschap.model.kinds import EventKind, LeaveKind

__all__ = [
    "EVENT_KINDS",
    "F64",
    "I32",
    "LEAVE_KINDS",
    "REGISTERED_ON_ID",
    "ActivityTable",
    "AnyArray",
    "AttestationTable",
    "Bools",
    "EmploymentTable",
    "EventTable",
    "IntArray",
    "LeaveTable",
    "NumberedIds",
    "offsets_of",
    "theme_dtype",
]

IntArray = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
F64 = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
AnyArray = npt.NDArray[Any]

EVENT_KINDS: tuple[EventKind, ...] = tuple(EventKind)
LEAVE_KINDS: tuple[LeaveKind, ...] = tuple(LeaveKind)
REGISTERED_ON_ID = "registered_on"


def theme_dtype(count: int) -> type[np.unsignedinteger[Any]]:
    """The smallest unsigned integer type holding a bit mask of ``count`` themes."""
    for dtype in (np.uint8, np.uint16, np.uint32, np.uint64):
        if count <= np.dtype(dtype).itemsize * 8:
            return dtype
    raise DataError(f"at most 64 distinct themes are supported in a population, got {count}")


def offsets_of(person: I32, n: int) -> IntArray:
    """Start offsets (length ``n + 1``) of each person's rows in a table sorted by person."""
    counts = np.bincount(person, minlength=n) if len(person) else np.zeros(n, np.int64)
    out = np.zeros(n + 1, np.int64)
    np.cumsum(counts, out=out[1:])
    return out

class NumberedIds(Sequence[str]):
    """The ids ``prefix + str(k)`` for ``k`` in ``range(start, stop)``, formed when asked for:
    a generated workforce's 1.9 million attestation ids are then a few bytes, not 140 MB of
    strings. A slice is again numbered ids; equal to any sequence of the same texts."""

    __slots__ = ("prefix", "start", "stop")

    def __init__(self, prefix: str, stop: int, start: int = 0) -> None:
        self.prefix = prefix
        self.start = start
        self.stop = max(stop, start)

    def __len__(self) -> int:
        return self.stop - self.start

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        numbers = range(self.start, self.stop)[index]
        if isinstance(numbers, range):
            if numbers.step == 1:
                return NumberedIds(self.prefix, numbers.stop, numbers.start)
            return tuple(f"{self.prefix}{k}" for k in numbers)
        return f"{self.prefix}{numbers}"

    def __iter__(self) -> Iterator[str]:
        prefix = self.prefix
        return (f"{prefix}{k}" for k in range(self.start, self.stop))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, NumberedIds) and len(self) == len(other) and (
                not len(self) or (self.prefix, self.start) == (other.prefix, other.start)):
            return True
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"NumberedIds({self.prefix!r}, {self.stop}, {self.start})"


def _frozen_array(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    return value


@attrs.frozen(eq=False)
class ActivityTable:
    """Activities sorted by (person, day, activity id); see the module docstring."""

    person: I32 = attrs.field(converter=_frozen_array)
    day: I32 = attrs.field(converter=_frozen_array)
    amount: AnyArray = attrs.field(converter=_frozen_array)  # int32 or int64 hundredths
    points: Bools = attrs.field(converter=_frozen_array)  # unit: points (True) or hours
    category: AnyArray = attrs.field(converter=_frozen_array)  # code into categories
    themes: AnyArray = attrs.field(converter=_frozen_array)  # bit mask over themes
    accredited: Bools = attrs.field(converter=_frozen_array)
    provider: AnyArray = attrs.field(converter=_frozen_array)  # code into providers, -1: none
    rows: I32 | None = attrs.field(converter=_frozen_array)  # source row (1 = header)
    categories: tuple[str, ...]
    themes_names: tuple[str, ...]
    providers: tuple[str, ...]
    ids: AnyArray | None = None  # object array of activity ids, None: generated from rows
    source: str = "activities"
    id_width: int = 1
    first_row: int = 0  # without ``rows``: activity k came from row first_row + k (0: none)
    # Other units (words, ...): a code into ``units`` per activity; None when every activity
    # is in hours or points (``points`` says which). With codes, ``points`` is unit == points.
    unit: AnyArray | None = attrs.field(default=None, converter=_frozen_array)
    units: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.person)

    def unit_name(self, k: int) -> str:
        """The unit activity ``k`` was recorded in."""
        if self.unit is not None:
            return self.units[int(self.unit[k])]
        return "points" if self.points[k] else "hours"

    def unit_rows(self, rows: Any) -> dict[str, Any]:
        """``unit`` and ``units`` of the activities ``rows`` (a slice or an index array), for
        a table made of some rows of this one."""
        return {} if self.unit is None else {"unit": self.unit[rows], "units": self.units}

    def row(self, k: int) -> int:
        """The source row of activity ``k`` (0 when it has none)."""
        if self.rows is not None:
            return int(self.rows[k])
        return self.first_row + k if self.first_row else 0

    def activity_id(self, k: int) -> str:
        """The id of activity ``k``: given, or ``row<NNN>`` from its source row (zero-padded
        so that the string order is the row order)."""
        if self.ids is not None:
            return str(self.ids[k])
        return f"row{self.row(k):0{self.id_width}d}"

    def where(self, k: int) -> str:
        """Where activity ``k`` came from, for error messages."""
        row = self.row(k)
        return f"{self.source}, row {row}" if row else f"{self.source}, activity {k}"

    def nbytes(self) -> int:
        """Memory held by the arrays."""
        arrays = (self.person, self.day, self.amount, self.points, self.category, self.themes,
                  self.accredited, self.provider, self.rows, self.unit)
        return sum(a.nbytes for a in arrays if a is not None)


@attrs.frozen(eq=False)
class EmploymentTable:
    """Employments sorted by person; ``end`` 0 while ongoing; ``role`` None when absent."""

    person: I32 = attrs.field(converter=_frozen_array)
    start: I32 = attrs.field(converter=_frozen_array)
    end: I32 = attrs.field(converter=_frozen_array)
    hours: F64 = attrs.field(converter=_frozen_array)
    role: tuple[str | None, ...] = ()
    ids: Sequence[str] = ()  # a tuple, or NumberedIds

    @classmethod
    def empty(cls) -> EmploymentTable:
        """A table without rows."""
        z = np.zeros(0, np.int32)
        return cls(z, z, z, np.zeros(0), (), ())

    def __len__(self) -> int:
        return len(self.person)


@attrs.frozen(eq=False)
class LeaveTable:
    """Leaves sorted by person; ``kind`` is an index into :class:`LeaveKind`."""

    person: I32 = attrs.field(converter=_frozen_array)
    start: I32 = attrs.field(converter=_frozen_array)
    end: I32 = attrs.field(converter=_frozen_array)
    kind: npt.NDArray[np.int8] = attrs.field(converter=_frozen_array)
    ids: Sequence[str] = ()  # a tuple, or NumberedIds

    @classmethod
    def empty(cls) -> LeaveTable:
        """A table without rows."""
        z = np.zeros(0, np.int32)
        return cls(z, z, z, np.zeros(0, np.int8), ())

    def __len__(self) -> int:
        return len(self.person)


@attrs.frozen(eq=False)
class EventTable:
    """Register events sorted by person; ``kind`` indexes :class:`EventKind`, ``until`` 0 = none."""

    person: I32 = attrs.field(converter=_frozen_array)
    kind: npt.NDArray[np.int8] = attrs.field(converter=_frozen_array)
    on: I32 = attrs.field(converter=_frozen_array)
    until: I32 = attrs.field(converter=_frozen_array)
    level: tuple[str | None, ...] = ()
    ids: tuple[str, ...] = ()

    @classmethod
    def empty(cls) -> EventTable:
        """A table without rows."""
        z = np.zeros(0, np.int32)
        return cls(z, np.zeros(0, np.int8), z, z, (), ())

    def __len__(self) -> int:
        return len(self.person)


@attrs.frozen(eq=False)
class AttestationTable:
    """Attestations (oath, promise, endorsement) sorted by person; ``kind`` indexes ``kinds``."""

    person: I32 = attrs.field(converter=_frozen_array)
    kind: I32 = attrs.field(converter=_frozen_array)
    on: I32 = attrs.field(converter=_frozen_array)
    kinds: tuple[str, ...] = ()
    ids: Sequence[str] = ()  # a tuple, or NumberedIds

    @classmethod
    def empty(cls) -> AttestationTable:
        """A table without rows."""
        z = np.zeros(0, np.int32)
        return cls(z, z, z, (), ())

    def __len__(self) -> int:
        return len(self.person)
