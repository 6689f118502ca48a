"""Domain objects: a professional and the facts a register decides on.

All classes are frozen, slotted attrs classes validated at the boundary: dates may be given
as ``date`` or ISO strings and are stored as ``date``; sequences are stored as tuples, so an
object never changes after construction and the caller's lists are never touched.

Amounts (hours, points, ECTS) are recorded to the hundredth; a finer value is an error rather
than something rounded away silently, so that the per-person and population evaluators can
add amounts exactly as integers. What a field accepts is decided by the converters of
:mod:`vakmanschap.model.fields`, which share their meaning with the HR-export reader.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import attrs

from vakmanschap.errors import DataError
from vakmanschap.model import fields as f
from vakmanschap.model.frozen_map import FrozenMap
from vakmanschap.model.kinds import EventKind, LeaveKind
from vakmanschap.model.person_dict import professional_from_dict

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


def _label(self: Any) -> str:
    ident = getattr(self, "id", None)
    return f"{type(self).__name__.lower()} {ident}" if ident else type(self).__name__.lower()


def _end_after_start(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    start = getattr(instance, "start", None)
    if value is not None and start is not None and value < start:
        raise DataError(f"ends ({value}) before it starts ({start})", record=_label(instance),
                        field=attribute.name)


@attrs.frozen
class Activity:
    """A professional-development activity (course, training, reflection, intervisie, ...).

    Exactly one of ``hours``, ``points`` and ``amount`` (with ``unit``) is given: ``amount``
    and ``unit`` record an activity in another unit that a register converts per category
    (``amount=1500, unit="words"``: docs/rule-language.md#unit-conversion); given as
    ``hours`` or ``points`` it is the same as ``hours=`` or ``points=``. ``on`` is the
    completion date; an activity over several days may also give ``start``. ``themes`` may
    name several themes: one activity can cover more than one.
    """

    id: str = attrs.field(converter=f.conv_id)
    on: date = attrs.field(converter=f.conv_on)
    category: str = attrs.field(converter=f.conv_category)
    hours: float | None = attrs.field(default=None, converter=f.conv_opt_hours)
    points: float | None = attrs.field(default=None, converter=f.conv_opt_points)
    themes: tuple[str, ...] = attrs.field(default=(), converter=f.themes)
    accredited: bool = attrs.field(default=False, converter=f.conv_accredited)
    provider: str | None = attrs.field(default=None,
                                       converter=f.conv_opt_provider)
    title: str | None = attrs.field(default=None, converter=f.conv_opt_title)
    start: date | None = attrs.field(default=None, converter=f.conv_opt_start)
    # ``amount`` in another ``unit`` (the init and person-file keys); the attribute names
    # differ because ``amount`` and ``unit`` are the properties every activity has
    other_amount: float | None = attrs.field(default=None, converter=f.conv_opt_amount,
                                             alias="amount")
    other_unit: str | None = attrs.field(default=None, converter=f.conv_opt_unit, alias="unit")

    def __attrs_post_init__(self) -> None:
        if (self.other_amount is None) != (self.other_unit is None):
            raise DataError("give 'amount' and 'unit' together", record=_label(self),
                            field="amount" if self.other_amount is None else "unit")
        if self.other_unit in ("hours", "points"):  # one form per fact: hours=/points=
            given = self.hours if self.other_unit == "hours" else self.points
            if given is None:
                object.__setattr__(self, self.other_unit, self.other_amount)
                object.__setattr__(self, "other_amount", None)
                object.__setattr__(self, "other_unit", None)
        given_count = sum(v is not None for v in (self.hours, self.points, self.other_amount))
        if given_count != 1:
            raise DataError("give exactly one of 'hours', 'points' and 'amount' (with "
                            "'unit')", record=_label(self), field="hours")
        if self.start is not None and self.start > self.on:
            raise DataError(f"completion date {self.on} is before the start {self.start}",
                            record=_label(self), field="on")

    @property
    def amount(self) -> float:
        """The recorded amount, in :attr:`unit`."""
        if self.hours is not None:
            return self.hours
        return self.points if self.points is not None else self.other_amount  # type: ignore[return-value]

    @property
    def unit(self) -> str:
        """``"hours"``, ``"points"`` or the unit given with ``amount`` (e.g. ``"words"``)."""
        if self.hours is not None:
            return "hours"
        return "points" if self.points is not None else self.other_unit  # type: ignore[return-value]


@attrs.frozen
class Qualification:
    """A diploma or certificate; ``awarded_on`` is None while the programme is still followed.

    ``accredited`` states whether the programme was accredited when the diploma was awarded
    (an NVAO-accredited master, a certified vakbekwaam programme); None leaves it to
    ``accredited_until`` (the last day of the programme's accreditation).
    """

    id: str = attrs.field(converter=f.conv_id)
    kind: str = attrs.field(converter=f.conv_kind)
    level: str | None = attrs.field(default=None, converter=f.conv_opt_level)
    ects: float | None = attrs.field(default=None, converter=f.conv_opt_ects)
    awarded_on: date | None = attrs.field(
        default=None, converter=f.conv_opt_awarded_on)
    started_on: date | None = attrs.field(
        default=None, converter=f.conv_opt_started_on)
    accredited_until: date | None = attrs.field(
        default=None, converter=f.conv_opt_accredited_until)
    accredited: bool | None = attrs.field(default=None, converter=f.conv_opt_accredited)

    def __attrs_post_init__(self) -> None:
        if self.awarded_on is None and self.started_on is None:
            raise DataError("give 'awarded_on', or 'started_on' for a programme in progress",
                            record=_label(self), field="awarded_on")
        if self.awarded_on and self.started_on and self.awarded_on < self.started_on:
            raise DataError(f"awarded ({self.awarded_on}) before it started "
                            f"({self.started_on})", record=_label(self), field="awarded_on")


@attrs.frozen
class Employment:
    """Employment in a role: ``end`` is the last day worked (inclusive); None while ongoing."""

    id: str = attrs.field(converter=f.conv_id)
    start: date = attrs.field(converter=f.conv_start)
    hours_per_week: float = attrs.field(converter=f.conv_hours_per_week)
    end: date | None = attrs.field(default=None, converter=f.conv_opt_end,
                                   validator=_end_after_start)
    role: str | None = attrs.field(default=None, converter=f.conv_opt_role)



@attrs.frozen
class Leave:
    """A period of leave; ``end`` is the last day of leave (inclusive)."""

    id: str = attrs.field(converter=f.conv_id)
    start: date = attrs.field(converter=f.conv_start)
    end: date = attrs.field(converter=f.conv_end,
                            validator=_end_after_start)
    kind: LeaveKind = attrs.field(converter=f.conv_leave_kind)


@attrs.frozen
class Attestation:
    """A solemn act or endorsement on a date: ``ambtseed``, ``belofte``, ``gedragscode``, ..."""

    id: str = attrs.field(converter=f.conv_id)
    kind: str = attrs.field(converter=f.conv_kind)
    on: date = attrs.field(converter=f.conv_on)


@attrs.frozen
class RegisterEvent:
    """A register request or decision; ``until`` is the end of a granted deferral."""

    id: str = attrs.field(converter=f.conv_id)
    kind: EventKind = attrs.field(converter=f.conv_event_kind)
    on: date = attrs.field(converter=f.conv_on)
    level: str | None = attrs.field(default=None, converter=f.conv_opt_level)
    until: date | None = attrs.field(default=None, converter=f.conv_opt_until)

    def __attrs_post_init__(self) -> None:
        if self.kind is EventKind.DEFERRAL_GRANTED and self.until is None:
            raise DataError("a granted deferral needs 'until'", record=_label(self),
                            field="until")
        if self.until is not None and self.until < self.on:
            raise DataError(f"'until' ({self.until}) is before the decision ({self.on})",
                            record=_label(self), field="until")


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
    return _unique(items, field)


def _unique(items: tuple[Any, ...], field: str) -> tuple[Any, ...]:
    """``items``, or DataError when two share an id."""
    if len({item.id for item in items}) == len(items):
        return items
    seen: set[str] = set()
    repeated: set[str] = set()
    for item in items:
        (repeated if item.id in seen else seen).add(item.id)
    raise DataError(f"ids must be unique, repeated: {', '.join(sorted(repeated))}", field=field)


def _conv_activities(value: object) -> tuple[Activity, ...]:
    return _records(value, Activity, "activities")


def _conv_attestations(value: object) -> tuple[Attestation, ...]:
    return _records(value, Attestation, "attestations")


def _conv_employments(value: object) -> tuple[Employment, ...]:
    return _records(value, Employment, "employments")


def _conv_events(value: object) -> tuple[RegisterEvent, ...]:
    return _records(value, RegisterEvent, "events")


def _conv_leaves(value: object) -> tuple[Leave, ...]:
    return _records(value, Leave, "leaves")


def _conv_qualifications(value: object) -> tuple[Qualification, ...]:
    return _records(value, Qualification, "qualifications")


def _attributes(value: object) -> Mapping[str, str]:
    if value is None:
        return FrozenMap()
    if not isinstance(value, Mapping):
        raise DataError("must be a mapping of names to values", field="attributes")
    return FrozenMap({str(k): str(v) for k, v in value.items()})


@attrs.frozen
class Professional:
    """A professional and every fact about them that a register may decide on.

    ``fte`` is the part-time factor used by pro-rata rules; ``entered_service`` the date they
    entered the service or profession (when absent: the earliest employment start).
    ``attributes`` are free grouping columns (organisation, scale, ...); rules read one only
    where a rule file names it (``total_per_listed_theme``: a list of themes).
    ``profession`` is the profession (a level of the register, e.g. ``verpleegkundige`` in
    BIG) for registers that register per profession: a registration decision that names no
    level is taken to be for this profession.
    """

    id: str = attrs.field(converter=f.conv_id)
    fte: float = attrs.field(default=1.0, converter=f.conv_fte)
    entered_service: date | None = attrs.field(
        default=None, converter=f.conv_opt_entered_service)
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
    profession: str | None = attrs.field(default=None, converter=f.conv_opt_profession)

    @property
    def entry_date(self) -> date | None:
        """The declared service entry date, else the first employment start, else None."""
        if self.entered_service is not None:
            return self.entered_service
        return min((e.start for e in self.employments), default=None)

    def with_records(self, activities: tuple[Activity, ...] = (),
                     employments: tuple[Employment, ...] = (),
                     qualifications: tuple[Qualification, ...] = (),
                     attestations: tuple[Attestation, ...] = ()) -> Professional:
        """This professional with the given records (built, so checked) added: the same as
        ``attrs.evolve`` with the longer tuples, but only the ids are checked again (unique),
        not every record's type (completion plans add records round by round)."""
        out: Professional = object.__new__(Professional)
        for name in _FIELDS:
            object.__setattr__(out, name, getattr(self, name))
        for name, added in (("activities", activities), ("employments", employments),
                            ("qualifications", qualifications),
                            ("attestations", attestations)):
            if added:
                object.__setattr__(out, name, _unique(getattr(self, name) + added, name))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str = "") -> Professional:
        """Build from a plain mapping (the person-file format, see docs/person-file.md).

        Unknown keys are errors. Every error names the record path (``where`` first, then
        the professional and the record) and the field.
        """
        return professional_from_dict(cls, data, where=where, record_types={
            "activities": Activity, "qualifications": Qualification,
            "employments": Employment, "leaves": Leave, "attestations": Attestation,
            "events": RegisterEvent})


_FIELDS = tuple(field.name for field in attrs.fields(Professional))
