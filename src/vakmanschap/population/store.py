"""The columnar population store: one numpy array per fact, people and activities side by side.

A :class:`Population` holds what the population evaluator needs as flat arrays:

* per person (index ``i``): ``ids[i]``, ``fte[i]``, ``entered[i]`` (the declared service entry
  date, an ordinal day or 0), ``entry[i]`` (:attr:`Professional.entry_date`: the declared entry,
  else the first employment start, else 0) and the grouping ``attributes``;
* per activity, sorted by person, then date, then activity id (the order in which
  ``primitives/total.py`` applies caps): person index, day (ordinal), amount in integer
  hundredths, unit, recorded category (a code into :attr:`ActivityTable.categories`), themes
  (a bit mask over :attr:`ActivityTable.themes`), accredited, provider (a code or -1);
* employments, leaves and register events as small tables, sorted by person.

``registered_on`` in an HR export becomes a ``registered`` :class:`RegisterEvent` with the id
``registered_on``. The per-person objects can be rebuilt with :meth:`Population.professional`
(what the equivalence test feeds to :meth:`RuleSet.assess`); a population built from
professionals returns the very objects it was built from.

Dates are stored as proleptic ordinals (``date.toordinal()``) in int32; 0 means "none".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from importlib import import_module
from typing import Any

import attrs
import numpy as np

from vakmanschap.errors import DataError
from vakmanschap.model.kinds import EventKind
from vakmanschap.model.records import (
    Attestation,
    Employment,
    Leave,
    Professional,
    RegisterEvent,
)
from vakmanschap.population.fact_tables import (
    EVENT_KINDS,
    F64,
    I32,
    LEAVE_KINDS,
    ActivityTable,
    AnyArray,
    AttestationTable,
    EmploymentTable,
    EventTable,
    IntArray,
    LeaveTable,
    offsets_of,
    theme_dtype,
)
from vakmanschap.population.load_report import FileReport, LoadReport
from vakmanschap.population.person_records import activities_of
from vakmanschap.population.reading.assemble import load
from vakmanschap.progress import Progress

# The array aliases are also named here because the evaluators import them with Population.
__all__ = ["Population"]


def _day(ordinal: int) -> date | None:
    return date.fromordinal(int(ordinal)) if ordinal else None


@attrs.frozen(eq=False)
class Population:
    """A workforce as columns; build it with :meth:`from_csv`, :meth:`from_parquet` or
    :meth:`from_professionals`."""

    ids: AnyArray  # object array of str
    fte: F64
    entered: I32  # declared entered_service, ordinal or 0
    entry: I32  # Professional.entry_date, ordinal or 0
    attributes: Mapping[str, AnyArray]  # grouping columns: object arrays of str
    activities: ActivityTable
    employments: EmploymentTable
    leaves: LeaveTable
    events: EventTable
    report: LoadReport = attrs.field(factory=LoadReport)
    attestations: AttestationTable = attrs.field(factory=AttestationTable.empty)
    objects: tuple[Professional, ...] | None = None
    sources: Mapping[str, str] = attrs.field(factory=dict)
    rows: I32 | None = None  # source row of each person in the professionals file
    _offsets: dict[str, IntArray] = attrs.field(factory=dict, init=False, repr=False)

    # -- shape -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def size(self) -> int:
        """Number of professionals."""
        return len(self.ids)

    def offsets(self, table: str) -> IntArray:
        """Row offsets per person (length ``size + 1``) of ``activities``, ``employments``,
        ``leaves``, ``events`` or ``attestations``."""
        found = self._offsets.get(table)
        if found is None:
            found = offsets_of(getattr(self, table).person, self.size)
            self._offsets[table] = found
        return found

    def where(self, i: int) -> str:
        """Where person ``i`` came from, for error messages."""
        if self.rows is not None and self.sources.get("professionals"):
            return f"{self.sources['professionals']}, row {int(self.rows[i])}"
        return f"professional {self.ids[i]}"

    def index(self, professional_id: str) -> int:
        """The index of the professional with this id (KeyError when absent)."""
        found = np.flatnonzero(self.ids == professional_id)
        if not len(found):
            raise KeyError(professional_id)
        return int(found[0])

    # -- per-person objects ------------------------------------------------------------

    def events_of(self, i: int) -> tuple[RegisterEvent, ...]:
        """The register events of person ``i`` (``registered_on`` included)."""
        if self.objects is not None:
            return self.objects[i].events
        lo, hi = self.offsets("events")[i:i + 2]
        ev = self.events
        return tuple(RegisterEvent(id=ev.ids[k], kind=EVENT_KINDS[int(ev.kind[k])],
                                   on=date.fromordinal(int(ev.on[k])), level=ev.level[k],
                                   until=_day(int(ev.until[k])))
                     for k in range(int(lo), int(hi)))

    def leaves_of(self, i: int) -> tuple[Leave, ...]:
        """The leaves of person ``i``."""
        if self.objects is not None:
            return self.objects[i].leaves
        lo, hi = self.offsets("leaves")[i:i + 2]
        lv = self.leaves
        return tuple(Leave(id=lv.ids[k], start=date.fromordinal(int(lv.start[k])),
                           end=date.fromordinal(int(lv.end[k])), kind=LEAVE_KINDS[int(lv.kind[k])])
                     for k in range(int(lo), int(hi)))

    def professional(self, i: int) -> Professional:
        """Person ``i`` as a :class:`Professional` (the object it was built from, if any)."""
        if self.objects is not None:
            return self.objects[i]
        lo, hi = self.offsets("activities")[i:i + 2]
        activities = activities_of(self.activities, int(lo), int(hi))
        emp = self.employments
        lo, hi = self.offsets("employments")[i:i + 2]
        employments = tuple(Employment(id=emp.ids[k], start=date.fromordinal(int(emp.start[k])),
                                       hours_per_week=float(emp.hours[k]),
                                       end=_day(int(emp.end[k])), role=emp.role[k])
                            for k in range(int(lo), int(hi)))
        att = self.attestations
        lo, hi = self.offsets("attestations")[i:i + 2]
        attestations = tuple(Attestation(id=att.ids[k], kind=att.kinds[int(att.kind[k])],
                                         on=date.fromordinal(int(att.on[k])))
                             for k in range(int(lo), int(hi)))
        return Professional(id=str(self.ids[i]), fte=float(self.fte[i]),
                            entered_service=_day(int(self.entered[i])),
                            activities=activities, employments=employments,
                            leaves=self.leaves_of(i),
                            attestations=attestations, events=self.events_of(i),
                            attributes={k: v[i] for k, v in self.attributes.items()})

    def to_professionals(self) -> list[Professional]:
        """Every person as a :class:`Professional` (slow for large populations)."""
        return [self.professional(i) for i in range(self.size)]

    def registration_dates(self) -> I32:
        """Per person: the date of the only register event when it is a ``registered``
        decision without a stated end (ordinal), 0 when there are no events, -1 when the
        history is richer."""
        ev = self.events
        counts = np.diff(self.offsets("events"))
        out = np.where(counts == 0, 0, -1).astype(np.int32)
        single = counts == 1
        first = self.offsets("events")[:-1][single]
        registered = EVENT_KINDS.index(EventKind.REGISTERED)
        ok = (ev.kind[first] == registered) & (ev.until[first] == 0)
        idx = np.flatnonzero(single)
        out[idx[ok]] = ev.on[first[ok]]
        return out

    # -- construction ------------------------------------------------------------------

    @classmethod
    def from_professionals(cls, professionals: Iterable[Professional]) -> Population:
        """A population of these professionals (kept, so :meth:`professional` returns them)."""
        people = tuple(professionals)
        for p in people:
            if not isinstance(p, Professional):
                raise DataError(f"expected Professional objects, got {type(p).__name__}")
        ids = [p.id for p in people]
        if len(set(ids)) != len(ids):
            repeated = sorted({i for i in ids if ids.count(i) > 1})
            raise DataError(f"professional ids must be unique; repeated: {', '.join(repeated)}",
                            field="id")
        n = len(people)
        keys: list[str] = []
        for p in people:
            for key in p.attributes:
                if key not in keys:
                    keys.append(key)
        attributes = {k: np.array([p.attributes.get(k, "") for p in people] or [], dtype=object)
                      for k in keys}
        activities = _activity_table(people)
        employments = _employment_table(people)
        leaves = _leave_table(people)
        events = _event_table(people)
        return cls(
            ids=np.array(ids, dtype=object),
            fte=np.array([p.fte for p in people], dtype=np.float64),
            entered=_ordinals([p.entered_service for p in people]),
            entry=_ordinals([p.entry_date for p in people]),
            attributes=attributes, activities=activities, employments=employments,
            leaves=leaves, events=events, attestations=_attestation_table(people),
            report=LoadReport((FileReport("professionals", n, n, 0),)), objects=people)

    @classmethod
    def from_csv(cls, professionals: Any, activities: Any | None = None,
                 employments: Any | None = None, leaves: Any | None = None,
                 events: Any | None = None, *, attestations: Any | None = None,
                 columns: Mapping[str, Any] | None = None, rejects: Any | None = None,
                 rules: Any | None = None, delimiter: str | None = None,
                 engine: str = "auto", decimal: str = ".", keep_columns: Any | None = None,
                 progress: Progress | None = None) -> Population:
        """Load HR exports (CSV); see :mod:`vakmanschap.population.reading` and
        docs/population.md for the columns, the column mapping and the rejects file.

        ``rules`` (optional) checks categories, themes and attestation kinds while loading,
        so that an unknown name is reported (or rejected) with its row; without it the check
        happens when the population is evaluated. ``delimiter``: sniffed from each header
        line (``,`` ``;`` or tab) when not given; ``decimal``: ``.`` or ``,``;
        ``keep_columns``: extra columns to keep; ``engine``: ``auto`` (pyarrow when
        installed), ``python`` or ``pyarrow``. ``progress`` (optional) is called as
        ``progress("read", tables read, tables)`` (:mod:`vakmanschap.progress`).
        """
        return cls(**load("csv", professionals, activities, employments, leaves, events,
                          attestations=attestations, columns=columns, rejects=rejects,
                          rules=rules, delimiter=delimiter, engine=engine, decimal=decimal,
                          keep_columns=keep_columns, progress=progress))

    @classmethod
    def from_parquet(cls, professionals: Any, activities: Any | None = None,
                     employments: Any | None = None, leaves: Any | None = None,
                     events: Any | None = None, *, attestations: Any | None = None,
                     columns: Mapping[str, Any] | None = None, rejects: Any | None = None,
                     rules: Any | None = None, keep_columns: Any | None = None,
                     progress: Progress | None = None) -> Population:
        """Load Parquet files with the same columns as the CSV exports (needs pyarrow:
        ``pip install 'vakmanschap[parquet]'``); typed columns are read as typed;
        ``progress`` as for :meth:`from_csv`."""
        return cls(**load("parquet", professionals, activities, employments, leaves, events,
                          attestations=attestations, columns=columns, rejects=rejects,
                          rules=rules, keep_columns=keep_columns, progress=progress))

    @classmethod
    def from_files(cls, professionals: Any, activities: Any | None = None,
                   employments: Any | None = None, leaves: Any | None = None,
                   events: Any | None = None, **options: Any) -> Population:
        """Load exports of any supported kind, each file by its name ending: ``.csv``
        (``.tsv``, ``.txt``), ``.parquet`` or ``.xlsx`` (``book.xlsx#Sheet`` for a sheet;
        without one, the sheet named after the file's table, or the only sheet). Another
        ending is an error. ``options`` as for :meth:`from_csv`."""
        return cls(**load("auto", professionals, activities, employments, leaves, events,
                          **options))

    @classmethod
    def from_arrow(cls, professionals: Any, activities: Any | None = None,
                   employments: Any | None = None, leaves: Any | None = None,
                   events: Any | None = None, *, attestations: Any | None = None,
                   columns: Mapping[str, Any] | None = None, rejects: Any | None = None,
                   rules: Any | None = None, keep_columns: Any | None = None) -> Population:
        """A population from Arrow tables with the columns of the exports, checked as files
        are (rows are numbered from 2, as if written to a CSV file with a header)."""
        return cls(**load("auto", professionals, activities, employments, leaves, events,
                          attestations=attestations, columns=columns, rejects=rejects,
                          rules=rules, keep_columns=keep_columns))

    @classmethod
    def from_pandas(cls, professionals: Any, activities: Any | None = None,
                    employments: Any | None = None, leaves: Any | None = None,
                    events: Any | None = None, *, attestations: Any | None = None,
                    **options: Any) -> Population:
        """A population from pandas DataFrames with the columns of the exports (through
        Arrow: needs pyarrow); the index is not a column. ``options`` as for
        :meth:`from_arrow`."""
        try:
            pa = import_module("pyarrow")
        except ImportError:
            raise DataError("Population.from_pandas needs pyarrow: "
                            "pip install 'vakmanschap[parquet]'") from None

        def table(frame: Any) -> Any:
            if frame is None:
                return None
            if not hasattr(frame, "columns") or not hasattr(frame, "iloc"):
                raise DataError(f"expected a pandas DataFrame, got {type(frame).__name__}")
            try:
                return pa.Table.from_pandas(frame, preserve_index=False)
            except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
                raise DataError(f"a DataFrame column cannot be read: {exc}") from None

        return cls.from_arrow(table(professionals), table(activities), table(employments),
                              table(leaves), table(events),
                              attestations=table(attestations), **options)


def _ordinals(days: Sequence[date | None]) -> I32:
    return np.array([d.toordinal() if d is not None else 0 for d in days] or [],
                    dtype=np.int32)


def _activity_table(people: Sequence[Professional]) -> ActivityTable:
    categories: dict[str, int] = {}
    themes: dict[str, int] = {}
    providers: dict[str, int] = {}
    cols: dict[str, list[Any]] = {k: [] for k in (
        "person", "day", "amount", "category", "themes", "accredited", "provider", "ids",
        "unit")}
    units = {"hours": 0, "points": 1}  # other units (words, ...) after these two
    for i, p in enumerate(people):
        for act in sorted(p.activities, key=lambda a: (a.on, a.id)):
            cols["person"].append(i)
            cols["day"].append(act.on.toordinal())
            cols["amount"].append(round(act.amount * 100))
            cols["unit"].append(units.setdefault(act.unit, len(units)))
            cols["category"].append(categories.setdefault(act.category, len(categories)))
            mask = 0
            for t in act.themes:
                mask |= 1 << themes.setdefault(t, len(themes))
            cols["themes"].append(mask)
            cols["accredited"].append(act.accredited)
            cols["provider"].append(-1 if act.provider is None else
                                    providers.setdefault(act.provider, len(providers)))
            cols["ids"].append(act.id)
    amount = np.array(cols["amount"], dtype=np.int64)
    return ActivityTable(
        person=np.array(cols["person"], dtype=np.int32),
        day=np.array(cols["day"], dtype=np.int32),
        amount=amount, points=np.array(cols["unit"], np.int8) == 1,
        category=np.array(cols["category"], dtype=np.int16),
        themes=np.array(cols["themes"], dtype=theme_dtype(len(themes))),
        accredited=np.array(cols["accredited"], dtype=bool),
        provider=np.array(cols["provider"], dtype=np.int32), rows=None,
        categories=tuple(categories), themes_names=tuple(themes), providers=tuple(providers),
        ids=np.array(cols["ids"], dtype=object), source="professionals",
        unit=np.array(cols["unit"], np.int8) if len(units) > 2 else None, units=tuple(units))


def _employment_table(people: Sequence[Professional]) -> EmploymentTable:
    rows = [(i, e) for i, p in enumerate(people) for e in p.employments]
    return EmploymentTable(
        person=np.array([i for i, _ in rows], dtype=np.int32),
        start=np.array([e.start.toordinal() for _, e in rows], dtype=np.int32),
        end=np.array([e.end.toordinal() if e.end else 0 for _, e in rows], dtype=np.int32),
        hours=np.array([e.hours_per_week for _, e in rows], dtype=np.float64),
        role=tuple(e.role for _, e in rows), ids=tuple(e.id for _, e in rows))


def _leave_table(people: Sequence[Professional]) -> LeaveTable:
    rows = [(i, lv) for i, p in enumerate(people) for lv in p.leaves]
    return LeaveTable(
        person=np.array([i for i, _ in rows], dtype=np.int32),
        start=np.array([lv.start.toordinal() for _, lv in rows], dtype=np.int32),
        end=np.array([lv.end.toordinal() for _, lv in rows], dtype=np.int32),
        kind=np.array([LEAVE_KINDS.index(lv.kind) for _, lv in rows], dtype=np.int8),
        ids=tuple(lv.id for _, lv in rows))


def _attestation_table(people: Sequence[Professional]) -> AttestationTable:
    rows = [(i, a) for i, p in enumerate(people) for a in p.attestations]
    kinds: dict[str, int] = {}
    return AttestationTable(
        person=np.array([i for i, _ in rows], dtype=np.int32),
        kind=np.array([kinds.setdefault(a.kind, len(kinds)) for _, a in rows], dtype=np.int32),
        on=np.array([a.on.toordinal() for _, a in rows], dtype=np.int32),
        kinds=tuple(kinds), ids=tuple(a.id for _, a in rows))


def _event_table(people: Sequence[Professional]) -> EventTable:
    rows = [(i, e) for i, p in enumerate(people) for e in p.events]
    return EventTable(
        person=np.array([i for i, _ in rows], dtype=np.int32),
        kind=np.array([EVENT_KINDS.index(e.kind) for _, e in rows], dtype=np.int8),
        on=np.array([e.on.toordinal() for _, e in rows], dtype=np.int32),
        until=np.array([e.until.toordinal() if e.until else 0 for _, e in rows],
                       dtype=np.int32),
        level=tuple(e.level for _, e in rows), ids=tuple(e.id for _, e in rows))
