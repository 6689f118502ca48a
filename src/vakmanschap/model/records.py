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
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from vakmanschap.errors import DataError
from vakmanschap.model.periods import to_date

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


class LeaveKind(StrEnum):
    """Kinds of leave; which kinds count as work is decided by the rule file."""

    ILLNESS = "illness"
    PREGNANCY = "pregnancy"
    PARENTAL = "parental"
    CARE = "care"
    OTHER = "other"


class EventKind(StrEnum):
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


# Converters run before a record's id is known, so the record name is added when the object
# is built through ``Professional.from_dict`` (which re-raises with context).


def _opt_date(value: object, field: str) -> date | None:
    return None if value is None else to_date(value, field=field)


def _amount(value: object, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataError(f"must be a number, got {value!r}", field=field)
    try:
        number = float(value)
        finite = math.isfinite(number * 100)
    except OverflowError:  # an int too large for a float
        number, finite = math.inf, False
    if not finite or number < 0:
        raise DataError(f"must be a finite number >= 0, got {value!r}", field=field)
    if abs(round(number * 100) - number * 100) > 1e-6:
        raise DataError(f"is recorded to the hundredth at most, got {value!r}", field=field)
    return round(number, 2)


def _opt_amount(value: object, field: str) -> float | None:
    return None if value is None else _amount(value, field)


def _text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"must be a non-empty text, got {value!r}", field=field)
    return value.strip()


def _opt_text(value: object, field: str) -> str | None:
    return None if value is None else _text(value, field)


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


def _bool(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    raise DataError(f"must be true or false, got {value!r}", field=field)


def _end_after_start(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    start = getattr(instance, "start", None)
    if value is not None and start is not None and value < start:
        raise DataError(f"ends ({value}) before it starts ({start})", record=_label(instance),
                        field=attribute.name)


# Named converters: the attrs mypy plugin types only named functions.
def _conv_accredited(value: object) -> bool:
    return _bool(value, "accredited")


def _conv_activities(value: object) -> tuple[Activity, ...]:
    return _records(value, Activity, "activities")


def _conv_attestations(value: object) -> tuple[Attestation, ...]:
    return _records(value, Attestation, "attestations")


def _conv_category(value: object) -> str:
    return _text(value, "category")


def _conv_employments(value: object) -> tuple[Employment, ...]:
    return _records(value, Employment, "employments")


def _conv_end(value: object) -> date:
    return to_date(value, field="end")


def _conv_events(value: object) -> tuple[RegisterEvent, ...]:
    return _records(value, RegisterEvent, "events")


def _conv_id(value: object) -> str:
    return _text(value, "id")


def _conv_kind(value: object) -> str:
    return _text(value, "kind")


def _conv_leaves(value: object) -> tuple[Leave, ...]:
    return _records(value, Leave, "leaves")


def _conv_on(value: object) -> date:
    return to_date(value, field="on")


def _conv_opt_accredited_until(value: object) -> date | None:
    return _opt_date(value, "accredited_until")


def _conv_opt_awarded_on(value: object) -> date | None:
    return _opt_date(value, "awarded_on")


def _conv_opt_ects(value: object) -> float | None:
    return _opt_amount(value, "ects")


def _conv_opt_end(value: object) -> date | None:
    return _opt_date(value, "end")


def _conv_opt_entered_service(value: object) -> date | None:
    return _opt_date(value, "entered_service")


def _conv_opt_hours(value: object) -> float | None:
    return _opt_amount(value, "hours")


def _conv_opt_level(value: object) -> str | None:
    return _opt_text(value, "level")


def _conv_opt_points(value: object) -> float | None:
    return _opt_amount(value, "points")


def _conv_opt_provider(value: object) -> str | None:
    return _opt_text(value, "provider")


def _conv_opt_role(value: object) -> str | None:
    return _opt_text(value, "role")


def _conv_opt_start(value: object) -> date | None:
    return _opt_date(value, "start")


def _conv_opt_started_on(value: object) -> date | None:
    return _opt_date(value, "started_on")


def _conv_opt_title(value: object) -> str | None:
    return _opt_text(value, "title")


def _conv_opt_until(value: object) -> date | None:
    return _opt_date(value, "until")


def _conv_qualifications(value: object) -> tuple[Qualification, ...]:
    return _records(value, Qualification, "qualifications")


def _conv_start(value: object) -> date:
    return to_date(value, field="start")


@attrs.frozen
class Activity:
    """A professional-development activity (course, training, reflection, intervisie, ...).

    Exactly one of ``hours`` and ``points`` is given. ``on`` is the completion date; an
    activity over several days may also give ``start``. ``themes`` may name several themes:
    one activity can cover more than one.
    """

    id: str = attrs.field(converter=_conv_id)
    on: date = attrs.field(converter=_conv_on)
    category: str = attrs.field(converter=_conv_category)
    hours: float | None = attrs.field(default=None, 
        converter=_conv_opt_hours)
    points: float | None = attrs.field(default=None, 
        converter=_conv_opt_points)
    themes: tuple[str, ...] = attrs.field(default=(), converter=_themes)
    accredited: bool = attrs.field(default=False, converter=_conv_accredited)
    provider: str | None = attrs.field(default=None,
                                       converter=_conv_opt_provider)
    title: str | None = attrs.field(default=None, converter=_conv_opt_title)
    start: date | None = attrs.field(default=None, converter=_conv_opt_start)

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

    id: str = attrs.field(converter=_conv_id)
    kind: str = attrs.field(converter=_conv_kind)
    level: str | None = attrs.field(default=None, converter=_conv_opt_level)
    ects: float | None = attrs.field(default=None, 
        converter=_conv_opt_ects)
    awarded_on: date | None = attrs.field(
        default=None, converter=_conv_opt_awarded_on)
    started_on: date | None = attrs.field(
        default=None, converter=_conv_opt_started_on)
    accredited_until: date | None = attrs.field(
        default=None, converter=_conv_opt_accredited_until)

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

    id: str = attrs.field(converter=_conv_id)
    start: date = attrs.field(converter=_conv_start)
    hours_per_week: float = attrs.field(converter=_weekly_hours)
    end: date | None = attrs.field(default=None, converter=_conv_opt_end,
                                   validator=_end_after_start)
    role: str | None = attrs.field(default=None, converter=_conv_opt_role)


E = TypeVar("E", LeaveKind, EventKind)


def _enum(value: object, kind: type[E], label: str) -> E:
    try:
        return kind(value if isinstance(value, str) else repr(value))
    except ValueError:
        allowed = ", ".join(k.value for k in kind)
        raise DataError(f"unknown {label} {value!r}; allowed: {allowed}", field="kind") from None


def _leave_kind(value: object) -> LeaveKind:
    return _enum(value, LeaveKind, "leave kind")


@attrs.frozen
class Leave:
    """A period of leave; ``end`` is the last day of leave (inclusive)."""

    id: str = attrs.field(converter=_conv_id)
    start: date = attrs.field(converter=_conv_start)
    end: date = attrs.field(converter=_conv_end,
                            validator=_end_after_start)
    kind: LeaveKind = attrs.field(converter=_leave_kind)


@attrs.frozen
class Attestation:
    """A solemn act or endorsement on a date: ``ambtseed``, ``belofte``, ``gedragscode``, ..."""

    id: str = attrs.field(converter=_conv_id)
    kind: str = attrs.field(converter=_conv_kind)
    on: date = attrs.field(converter=_conv_on)


def _event_kind(value: object) -> EventKind:
    return _enum(value, EventKind, "event kind")


@attrs.frozen
class RegisterEvent:
    """A register request or decision; ``until`` is the end of a granted deferral."""

    id: str = attrs.field(converter=_conv_id)
    kind: EventKind = attrs.field(converter=_event_kind)
    on: date = attrs.field(converter=_conv_on)
    level: str | None = attrs.field(default=None, converter=_conv_opt_level)
    until: date | None = attrs.field(default=None, converter=_conv_opt_until)

    def __attrs_post_init__(self) -> None:
        if self.kind is EventKind.DEFERRAL_GRANTED and self.until is None:
            raise DataError("a granted deferral needs 'until'", record=_label(self),
                            field="until")
        if self.until is not None and self.until < self.on:
            raise DataError(f"'until' ({self.until}) is before the decision ({self.on})",
                            record=_label(self), field="until")


def _fte(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            0 < value <= 1.5):
        raise DataError(f"must be a number in (0, 1.5], got {value!r}", field="fte")
    return float(value)


def _records(value: object, kind: type[Any], field: str) -> tuple[Any, ...]:
    if value is None:
        return ()
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise DataError(f"must be a list of {kind.__name__} records", field=field)
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise DataError(f"item {index} must be a {kind.__name__}, got "
                            f"{type(item).__name__}", field=field)
    seen: set[str] = set()
    repeated: set[str] = set()
    for item in items:
        (repeated if item.id in seen else seen).add(item.id)
    duplicates = sorted(repeated)
    if duplicates:
        raise DataError(f"ids must be unique, repeated: {', '.join(duplicates)}", field=field)
    return items


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

    id: str = attrs.field(converter=_conv_id)
    fte: float = attrs.field(default=1.0, converter=_fte)
    entered_service: date | None = attrs.field(
        default=None, converter=_conv_opt_entered_service)
    activities: tuple[Activity, ...] = attrs.field(
        default=(), converter=_conv_activities)
    qualifications: tuple[Qualification, ...] = attrs.field(
        default=(), converter=_conv_qualifications)
    employments: tuple[Employment, ...] = attrs.field(
        default=(), converter=_conv_employments)
    leaves: tuple[Leave, ...] = attrs.field(default=(), converter=_conv_leaves)
    attestations: tuple[Attestation, ...] = attrs.field(
        default=(), converter=_conv_attestations)
    events: tuple[RegisterEvent, ...] = attrs.field(
        default=(), converter=_conv_events)
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
        from vakmanschap.model.person_dict import professional_from_dict

        return professional_from_dict(cls, data, where=where)
