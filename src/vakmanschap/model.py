"""Domain objects: a professional and the facts a register decides on.

All classes are frozen, slotted attrs classes validated at the boundary: dates may be given
as ``date`` or ISO strings and are stored as ``date``; sequences are stored as tuples, so an
object never changes after construction and the caller's lists are never touched.

Amounts (hours, points, ECTS) are recorded to the hundredth; a finer value is an error rather
than something rounded away silently, so that the per-person and population evaluators can
add amounts exactly as integers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from enum import Enum
from types import MappingProxyType
from typing import Any

import attrs

from vakmanschap.errors import DataError
from vakmanschap.periods import to_date

__all__ = [
    "Activity",
    "Attestation",
    "Employment",
    "EventKind",
    "Leave",
    "LeaveKind",
    "Professional",
    "Qualification",
    "RegisterEvent",
]


class LeaveKind(str, Enum):
    """Kinds of leave; which kinds count as work is decided by the rule file."""

    ILLNESS = "illness"
    PREGNANCY = "pregnancy"
    PARENTAL = "parental"
    CARE = "care"
    OTHER = "other"


class EventKind(str, Enum):
    """Decisions and requests recorded by a register."""

    ENROLLED = "enrolled"  # ingeschreven
    REGISTERED = "registered"  # registratie besloten (with level)
    REREGISTRATION_APPLIED = "reregistration_applied"  # herregistratie aangevraagd
    REREGISTERED = "reregistered"  # herregistratie besloten
    DEFERRAL_REQUESTED = "deferral_requested"  # uitstel aangevraagd
    DEFERRAL_GRANTED = "deferral_granted"  # uitstel verleend (until)
    DEREGISTERED = "deregistered"  # vrijwillige uitschrijving
    STRUCK_OFF = "struck_off"  # doorhaling by decision


def _label(self: Any) -> str:
    ident = getattr(self, "id", None)
    return f"{type(self).__name__.lower()} {ident}" if ident else type(self).__name__.lower()


def _date_conv(field: str) -> Any:
    # The converter runs before the record's id is known, so the record name is added when
    # the object is built through ``Professional.from_dict`` (which re-raises with context).
    def convert(value: object) -> date:
        return to_date(value, field=field)

    return convert


def _opt_date_conv(field: str) -> Any:
    def convert(value: object) -> date | None:
        return None if value is None else to_date(value, field=field)

    return convert


def _amount(value: object, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataError(f"must be a number, got {value!r}", field=field)
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise DataError(f"must be a finite number >= 0, got {value!r}", field=field)
    if abs(round(number * 100) - number * 100) > 1e-6:
        raise DataError(f"is recorded to the hundredth at most, got {value!r}", field=field)
    return round(number, 2)


def _opt_amount(field: str) -> Any:
    def convert(value: object) -> float | None:
        return None if value is None else _amount(value, field)

    return convert


def _text(field: str, *, optional: bool = False) -> Any:
    def convert(value: object) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise DataError(f"must be a non-empty text, got {value!r}", field=field)
        return value.strip()

    return convert


def _themes(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        items: Iterable[object] = [part for part in value.split(";") if part.strip()]
    elif isinstance(value, Iterable):
        items = value
    else:
        raise DataError(f"must be a list of theme names, got {value!r}", field="themes")
    out: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise DataError(f"must hold non-empty names, got {item!r}", field="themes")
        if item.strip() not in out:
            out.append(item.strip())
    return tuple(out)


def _bool(field: str) -> Any:
    def convert(value: object) -> bool:
        if isinstance(value, bool):
            return value
        raise DataError(f"must be true or false, got {value!r}", field=field)

    return convert


def _end_after_start(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    start = getattr(instance, "start", None)
    if value is not None and start is not None and value < start:
        raise DataError(f"ends ({value}) before it starts ({start})", record=_label(instance),
                        field=attribute.name)


@attrs.frozen
class Activity:
    """A professional-development activity (course, training, reflection, intervisie, ...).

    Exactly one of ``hours`` and ``points`` is given. ``on`` is the completion date; an
    activity over several days may also give ``start``. ``themes`` may name several themes:
    one activity can cover more than one.
    """

    id: str = attrs.field(converter=_text("id"))
    on: date = attrs.field(converter=_date_conv("on"))
    category: str = attrs.field(converter=_text("category"))
    hours: float | None = attrs.field(default=None, converter=_opt_amount("hours"))
    points: float | None = attrs.field(default=None, converter=_opt_amount("points"))
    themes: tuple[str, ...] = attrs.field(default=(), converter=_themes)
    accredited: bool = attrs.field(default=False, converter=_bool("accredited"))
    provider: str | None = attrs.field(default=None, converter=_text("provider", optional=True))
    title: str | None = attrs.field(default=None, converter=_text("title", optional=True))
    start: date | None = attrs.field(default=None, converter=_opt_date_conv("start"))

    def __attrs_post_init__(self) -> None:
        if (self.hours is None) == (self.points is None):
            raise DataError("give exactly one of 'hours' and 'points'", record=_label(self),
                            field="hours")
        if self.start is not None and self.start > self.on:
            raise DataError(f"completion date {self.on} is before the start {self.start}",
                            record=_label(self), field="on")

    @property
    def amount(self) -> float:
        """The recorded amount, in :attr:`unit`."""
        return self.hours if self.hours is not None else self.points  # type: ignore[return-value]

    @property
    def unit(self) -> str:
        """``"hours"`` or ``"points"``."""
        return "hours" if self.hours is not None else "points"


@attrs.frozen
class Qualification:
    """A diploma or certificate; ``awarded_on`` is None while the programme is still followed."""

    id: str = attrs.field(converter=_text("id"))
    kind: str = attrs.field(converter=_text("kind"))
    level: str | None = attrs.field(default=None, converter=_text("level", optional=True))
    ects: float | None = attrs.field(default=None, converter=_opt_amount("ects"))
    awarded_on: date | None = attrs.field(default=None, converter=_opt_date_conv("awarded_on"))
    started_on: date | None = attrs.field(default=None, converter=_opt_date_conv("started_on"))
    accredited_until: date | None = attrs.field(
        default=None, converter=_opt_date_conv("accredited_until"))

    def __attrs_post_init__(self) -> None:
        if self.awarded_on is None and self.started_on is None:
            raise DataError("give 'awarded_on', or 'started_on' for a programme in progress",
                            record=_label(self), field="awarded_on")
        if self.awarded_on and self.started_on and self.awarded_on < self.started_on:
            raise DataError(f"awarded ({self.awarded_on}) before it started "
                            f"({self.started_on})", record=_label(self), field="awarded_on")


def _weekly_hours(value: object) -> float:
    hours = _amount(value, "hours_per_week")
    if hours > 168:
        raise DataError(f"must be at most 168 (hours in a week), got {value!r}",
                        field="hours_per_week")
    return hours


@attrs.frozen
class Employment:
    """Employment in a role: ``end`` is the last day worked (inclusive); None while ongoing."""

    id: str = attrs.field(converter=_text("id"))
    start: date = attrs.field(converter=_date_conv("start"))
    hours_per_week: float = attrs.field(converter=_weekly_hours)
    end: date | None = attrs.field(default=None, converter=_opt_date_conv("end"),
                                   validator=_end_after_start)
    role: str | None = attrs.field(default=None, converter=_text("role", optional=True))


def _leave_kind(value: object) -> LeaveKind:
    try:
        return LeaveKind(value)
    except ValueError:
        allowed = ", ".join(k.value for k in LeaveKind)
        raise DataError(f"unknown leave kind {value!r}; allowed: {allowed}",
                        field="kind") from None


@attrs.frozen
class Leave:
    """A period of leave; ``end`` is the last day of leave (inclusive)."""

    id: str = attrs.field(converter=_text("id"))
    start: date = attrs.field(converter=_date_conv("start"))
    end: date = attrs.field(converter=_date_conv("end"), validator=_end_after_start)
    kind: LeaveKind = attrs.field(converter=_leave_kind)


@attrs.frozen
class Attestation:
    """A solemn act or endorsement on a date: ``ambtseed``, ``belofte``, ``gedragscode``, ..."""

    id: str = attrs.field(converter=_text("id"))
    kind: str = attrs.field(converter=_text("kind"))
    on: date = attrs.field(converter=_date_conv("on"))


def _event_kind(value: object) -> EventKind:
    try:
        return EventKind(value)
    except ValueError:
        allowed = ", ".join(k.value for k in EventKind)
        raise DataError(f"unknown event kind {value!r}; allowed: {allowed}",
                        field="kind") from None


@attrs.frozen
class RegisterEvent:
    """A register request or decision; ``until`` is the end of a granted deferral."""

    id: str = attrs.field(converter=_text("id"))
    kind: EventKind = attrs.field(converter=_event_kind)
    on: date = attrs.field(converter=_date_conv("on"))
    level: str | None = attrs.field(default=None, converter=_text("level", optional=True))
    until: date | None = attrs.field(default=None, converter=_opt_date_conv("until"))

    def __attrs_post_init__(self) -> None:
        if self.kind is EventKind.DEFERRAL_GRANTED and self.until is None:
            raise DataError("a granted deferral needs 'until'", record=_label(self),
                            field="until")
        if self.until is not None and self.until < self.on:
            raise DataError(f"'until' ({self.until}) is before the decision ({self.on})",
                            record=_label(self), field="until")


def _fte(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            0 < float(value) <= 1.5):
        raise DataError(f"must be a number in (0, 1.5], got {value!r}", field="fte")
    return float(value)


def _records(kind: type[Any], field: str) -> Any:
    def convert(value: object) -> tuple[Any, ...]:
        if value is None:
            return ()
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            raise DataError(f"must be a list of {kind.__name__} records", field=field)
        items = tuple(value)
        for index, item in enumerate(items):
            if not isinstance(item, kind):
                raise DataError(f"item {index} must be a {kind.__name__}, got "
                                f"{type(item).__name__}", field=field)
        ids = [item.id for item in items]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise DataError(f"ids must be unique, repeated: {', '.join(duplicates)}",
                            field=field)
        return items

    return convert


def _attributes(value: object) -> Mapping[str, str]:
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, Mapping):
        raise DataError("must be a mapping of names to values", field="attributes")
    return MappingProxyType({str(k): str(v) for k, v in value.items()})


@attrs.frozen
class Professional:
    """A professional and every fact about them that a register may decide on.

    ``fte`` is the part-time factor used by pro-rata rules; ``entered_service`` the date they
    entered the service or profession (when absent: the earliest employment start).
    ``attributes`` are free grouping columns (organisation, scale, ...), never used by rules.
    """

    id: str = attrs.field(converter=_text("id"))
    fte: float = attrs.field(default=1.0, converter=_fte)
    entered_service: date | None = attrs.field(
        default=None, converter=_opt_date_conv("entered_service"))
    activities: tuple[Activity, ...] = attrs.field(
        default=(), converter=_records(Activity, "activities"))
    qualifications: tuple[Qualification, ...] = attrs.field(
        default=(), converter=_records(Qualification, "qualifications"))
    employments: tuple[Employment, ...] = attrs.field(
        default=(), converter=_records(Employment, "employments"))
    leaves: tuple[Leave, ...] = attrs.field(default=(), converter=_records(Leave, "leaves"))
    attestations: tuple[Attestation, ...] = attrs.field(
        default=(), converter=_records(Attestation, "attestations"))
    events: tuple[RegisterEvent, ...] = attrs.field(
        default=(), converter=_records(RegisterEvent, "events"))
    attributes: Mapping[str, str] = attrs.field(
        factory=dict, converter=_attributes, eq=False, hash=False)

    @property
    def entry_date(self) -> date | None:
        """The declared service entry date, else the first employment start, else None."""
        if self.entered_service is not None:
            return self.entered_service
        return min((e.start for e in self.employments), default=None)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str = "") -> Professional:
        """Build from a plain mapping (the person-file format, see docs/person-file.md).

        Unknown keys are errors. Every error names the record path (``where`` first, then
        the professional and the record) and the field.
        """
        from vakmanschap._person_dict import professional_from_dict

        return professional_from_dict(cls, data, where=where)
