"""The files of a population assembled into the tables of a population store."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from vakmanschap.errors import DataError
from vakmanschap.model.kinds import EventKind
from vakmanschap.population.fact_tables import (
    EVENT_KINDS,
    REGISTERED_ON_ID,
    ActivityTable,
    AttestationTable,
    EmploymentTable,
    EventTable,
    LeaveTable,
    theme_dtype,
)
from vakmanschap.population.heap import release
from vakmanschap.population.load_report import LoadReport
from vakmanschap.population.reading.amounts import amounts_and_units
from vakmanschap.population.reading.codes import sorted_codes, used_bits, used_codes
from vakmanschap.population.reading.person_order import person_day_order
from vakmanschap.population.reading.reader import Reader, Table
from vakmanschap.population.reading.sources import have_pyarrow
from vakmanschap.progress import Progress
from vakmanschap.progress import report as report_progress

__all__ = ["load"]


def load(fmt: str, professionals: Any, activities: Any | None = None,
         employments: Any | None = None, leaves: Any | None = None, events: Any | None = None,
         *, attestations: Any | None = None, columns: Mapping[str, Any] | None = None,
         rejects: Any | None = None, rules: Any | None = None, delimiter: str | None = None,
         engine: str = "auto", decimal: str = ".", keep_columns: Any | None = None,
         progress: Progress | None = None) -> dict[str, Any]:
    """Read the files of a population; see the module doc.

    ``progress`` (optional) is called as ``progress("read", tables read, tables given)``
    (:mod:`vakmanschap.progress`).

    ``fmt``: ``csv`` or ``parquet`` (every file read so, but ``.xlsx`` workbooks), or ``auto``
    (by each file's name ending; an unknown ending is an error). A file may also be an Arrow
    table (``Population.from_arrow``). Returns the fields of the
    :class:`~vakmanschap.population.store.Population` they make (the store builds it, so that
    reading never needs the store's class).
    """
    reader = Reader(fmt, columns, rejects, rules, delimiter, engine, decimal, keep_columns)
    given = sum(t is not None for t in (professionals, activities, employments, leaves,
                                         events, attestations))

    def step() -> None:  # one report per file read
        report_progress(progress, "read", min(len(reader.reports), given), given)

    step()
    people = reader.read("professionals", professionals)
    step()
    ids_all = people.values["id"]
    rows_all = people.rows
    keep = _unique_people(reader, ids_all, rows_all, _name(professionals, "professionals"))
    ids = ids_all[keep]
    n = len(ids)
    reader.set_people(ids)
    fte = people.values["fte"][keep] if "fte" in people.present else np.ones(n)
    entered = (people.values["entered_service"][keep] if "entered_service" in people.present
               else np.zeros(n, np.int32))
    registered = (people.values["registered_on"][keep] if "registered_on" in people.present
                  else np.zeros(n, np.int32))
    sources = {"professionals": _name(professionals, "professionals")}

    acts = _activities(reader, activities, n) if activities is not None else _no_activities()
    if activities is not None:
        sources["activities"] = _name(activities, "activities")
    step()
    emp = _employments(reader, employments) if employments is not None else \
        EmploymentTable.empty()
    lv = _leaves(reader, leaves) if leaves is not None else LeaveTable.empty()
    step()
    ev = _events(reader, events, registered)
    att = _attestations(reader, attestations) if attestations is not None else \
        AttestationTable.empty()
    step()
    entry = entered.copy()
    if len(emp):
        first = np.full(n, np.iinfo(np.int32).max, dtype=np.int64)
        np.minimum.at(first, emp.person, emp.start)
        use = (entry == 0) & (first < np.iinfo(np.int32).max)
        entry[use] = first[use]
    reader.write_rejects()
    _release_freed()
    if reader.strict and reader.rejects:  # pragma: no cover - strict mode raises earlier
        raise DataError("rows were rejected")
    attributes = {h: v[keep] for h, v in people.extra.items()}
    report = LoadReport(tuple(reader.reports),
                        str(reader.rejects_path) if reader.rejects_path else None)
    return {"ids": ids, "fte": fte.astype(np.float64), "entered": entered.astype(np.int32),
            "entry": entry.astype(np.int32), "attributes": attributes, "activities": acts,
            "employments": emp, "leaves": lv, "events": ev, "report": report,
            "sources": sources, "rows": rows_all[keep], "attestations": att}


def _release_freed() -> None:
    """Give back to the operating system the pages the reading freed: Arrow's allocator keeps
    the blocks' pages for reuse (at 1M people about 350 MB, read ahead and joined a few blocks
    at a time), and the C library keeps numpy's temporaries; what comes next (evaluating,
    writing) would otherwise come on top."""
    if have_pyarrow():
        import_module("pyarrow").default_memory_pool().release_unused()
    release()


def _name(source: Any, table: str) -> str:
    """How a file (or a table in memory) is named in messages."""
    if type(source).__module__.startswith("pyarrow"):
        return f"{table} (table)"
    return str(Path(source)) if "#" not in str(source) else str(source)


def _less_accepted(reader: Reader, rejected: int) -> None:
    """Move ``rejected`` rows of the last file read from accepted to rejected."""
    last = reader.reports[-1]
    reader.reports[-1] = attrs.evolve(last, accepted=last.accepted - rejected,
                                      rejected=last.rejected + rejected)


def _unique_people(reader: Reader, ids: Any, rows: Any, file: str) -> Any:
    """The indices of the first row of each professional id; repeats are bad rows."""
    if have_pyarrow() and len(ids):
        pa = import_module("pyarrow")
        pc = import_module("pyarrow.compute")
        column = pa.array(ids.tolist(), type=pa.string())
        first_at = np.asarray(pc.index_in(column, value_set=column).to_numpy(
            zero_copy_only=False), dtype=np.int64)
    else:
        seen: dict[str, int] = {}
        first_at = np.array([seen.setdefault(pid, k) for k, pid in enumerate(ids.tolist())],
                            dtype=np.int64)
    repeated = np.flatnonzero(first_at != np.arange(len(ids)))
    for k in repeated.tolist():
        pid = ids[k]
        row = int(rows[k])
        reader.fail(file, row, reader.mapping["professionals"].get("id", "id"), pid,
                    f"repeated professional id (first at row {int(rows[first_at[k]])})")
        reader.rejected_people.setdefault(pid, row)
    if len(repeated):
        _less_accepted(reader, len(repeated))
    keep = np.ones(len(ids), dtype=bool)
    keep[repeated] = False
    return np.flatnonzero(keep)


def _no_activities() -> ActivityTable:
    z = np.zeros(0, np.int32)
    return ActivityTable(z, z, np.zeros(0, np.int64), np.zeros(0, bool), np.zeros(0, np.int16),
                         np.zeros(0, np.uint8), np.zeros(0, bool), z, z, (), (), ())


def _activities(reader: Reader, path: Any, n: int) -> ActivityTable:
    t = reader.read("activities", path)
    v = t.values
    count = len(t.rows)
    amount, is_points, unit_codes, units = amounts_and_units(
        v, set(t.present), count, tuple(reader.vocab.units))
    if len(amount) and int(amount.max()) <= np.iinfo(np.int32).max:
        amount = amount.astype(np.int32, copy=False)
    person = v.pop("professional_id").astype(np.int32, copy=False)
    day = v.pop("date").astype(np.int32, copy=False)
    rows = t.rows.astype(np.int32, copy=False)
    ids = v.get("id") if "id" in t.present else None
    order = _chronological(person, day, rows, ids)
    mask = v["theme"] if "theme" in t.present else np.zeros(count, np.uint64)
    category, categories = v["category"], tuple(reader.vocab.categories)
    themes_names = tuple(reader.vocab.themes)
    if not reader.vocab.closed:  # names met only in rejected rows are not the population's
        category, categories = used_codes(category, categories)
        mask, themes_names = used_bits(mask, themes_names)
    themes_count = len(themes_names)
    if "provider" in t.present:
        provider, providers = sorted_codes(v["provider"], reader.vocab.providers)
    else:
        provider, providers = np.full(count, -1, np.int8), ()
    accredited = v["accredited"] if "accredited" in t.present else np.zeros(count, bool)
    category = category.astype(np.uint8 if len(categories) < 256 else np.int16, copy=False)
    mask = mask.astype(theme_dtype(themes_count), copy=False)
    del t, v  # from here each column is put in order and its unordered copy freed at once

    def take(a: Any) -> Any:
        return a if order is None else a[order]

    if ids is not None:
        _check_activity_ids(reader, take(person), take(ids), take(rows),
                            _name(path, "activities"))
    width = len(str(int(rows.max()))) if len(rows) else 1
    # rows 2, 3, 4, ... in order need not be kept: they follow from the position
    plain = order is None and len(rows) > 0 and int(rows[0]) == 2 and int(rows[-1]) == \
        count + 1
    person = take(person)  # one statement each: one unordered copy alive at a time
    day = take(day)
    amount = take(amount)
    is_points = take(is_points)
    category = take(category)
    mask = take(mask)
    accredited = take(accredited)
    provider = take(provider)
    ids = None if ids is None else take(ids)
    unit_codes = None if unit_codes is None else take(unit_codes)
    ordered_rows = None if plain else take(rows)
    return ActivityTable(
        person=person, day=day, amount=amount, points=is_points, category=category,
        themes=mask, accredited=accredited, provider=provider, rows=ordered_rows,
        first_row=2 if plain else 0,
        categories=categories, themes_names=themes_names,
        providers=providers, ids=ids,
        source=_name(path, "activities"), id_width=width, unit=unit_codes, units=units)


def _chronological(person: Any, day: Any, rows: Any, ids: Any | None) -> Any | None:
    """The permutation sorting by (person, day, activity id or row); None when sorted."""
    if len(person) == 0:
        return None
    later = person[1:] > person[:-1]
    same = person[1:] == person[:-1]
    if (later | same).all() and (later | (day[1:] >= day[:-1])).all():
        if ids is None:
            return None
        order: Any = np.arange(len(person))
    else:
        del later, same
        order = person_day_order(person, day)
    if ids is None:
        return order
    # runs of activities of one person on one day: ordered by activity id (only those rows)
    p, d = person[order], day[order]
    tie = np.zeros(len(order), dtype=bool)
    tie[1:] = (p[1:] == p[:-1]) & (d[1:] == d[:-1])
    tie[:-1] |= tie[1:]
    del p, d
    at = np.flatnonzero(tie)
    if not len(at):
        return None if (order == np.arange(len(order))).all() else order
    members = order[at]
    run = np.cumsum(np.concatenate(([1], np.diff(at) > 1)) |
                    np.concatenate(([1], (person[members][1:] != person[members][:-1]) |
                                    (day[members][1:] != day[members][:-1]))).astype(bool))
    rank = np.empty(len(members), dtype=np.int64)
    rank[np.argsort(np.asarray(ids[members], dtype=object), kind="stable")] = \
        np.arange(len(members))
    order[at] = members[np.lexsort((rank, run))]
    return None if (order == np.arange(len(order))).all() else order


def _check_activity_ids(reader: Reader, person: Any, ids: Any, rows: Any, file: str) -> None:
    """Activity ids are unique per professional; the rows are in chronological order, and
    the first repeat in that order is reported (only rows with a repeated id are walked)."""
    if len(ids) < 2:
        return
    if have_pyarrow():
        pc = import_module("pyarrow.compute")
        pa = import_module("pyarrow")
        encoded = pc.dictionary_encode(pa.array(ids.tolist(), type=pa.string()))
        code = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    else:
        seen_codes: dict[str, int] = {}
        code = np.array([seen_codes.setdefault(a, len(seen_codes)) for a in ids.tolist()],
                        dtype=np.int64)
    key = person.astype(np.int64) << 32 | code
    ordered = np.sort(key)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    if not len(repeated):
        return
    suspects = np.flatnonzero(np.isin(key, repeated))
    seen: dict[tuple[int, str], int] = {}
    for p, a, r in zip(person[suspects].tolist(), ids[suspects].tolist(),
                       rows[suspects].tolist(), strict=True):
        if (p, a) in seen:
            raise DataError(f"{a!r}: activity ids must be unique per professional (first at "
                            f"row {seen[(p, a)]})", record=f"{file}, row {r}",
                            field=reader.mapping["activities"].get("id", "id"))
        seen[(p, a)] = r


def _sorted_by_person(person: Any) -> Any:
    return np.argsort(person, kind="stable")


def _employments(reader: Reader, path: Any) -> EmploymentTable:
    t = reader.read("employments", path)
    v = t.values
    count = len(t.rows)
    end = v["end"] if "end" in t.present else np.zeros(count, np.int32)
    bad = (end != 0) & (end < v["start"])
    keep = _model_check(reader, _name(path, "employments"), t.rows, bad,
                        reader.mapping["employments"].get("end", "end"),
                        "ends before it starts")
    order = keep[_sorted_by_person(v["professional_id"][keep])]
    ids = _ids(v, t, order, "employment")
    role = v["role"][order].tolist() if "role" in t.present else [None] * len(order)
    return EmploymentTable(person=v["professional_id"][order].astype(np.int32),
                           start=v["start"][order].astype(np.int32),
                           end=end[order].astype(np.int32),
                           hours=v["hours_per_week"][order].astype(np.float64),
                           role=tuple(role), ids=ids)


def _leaves(reader: Reader, path: Any) -> LeaveTable:
    t = reader.read("leaves", path)
    v = t.values
    bad = v["end"] < v["start"]
    keep = _model_check(reader, _name(path, "leaves"), t.rows, bad,
                        reader.mapping["leaves"].get("end", "end"), "ends before it starts")
    order = keep[_sorted_by_person(v["professional_id"][keep])]
    return LeaveTable(person=v["professional_id"][order].astype(np.int32),
                      start=v["start"][order].astype(np.int32),
                      end=v["end"][order].astype(np.int32),
                      kind=v["kind"][order].astype(np.int8), ids=_ids(v, t, order, "leave"))


def _events(reader: Reader, path: Any | None, registered: Any) -> EventTable:
    reg_people = np.flatnonzero(registered != 0).astype(np.int32)
    kind_registered = EVENT_KINDS.index(EventKind.REGISTERED)
    person = [reg_people]
    kind = [np.full(len(reg_people), kind_registered, np.int8)]
    on = [registered[reg_people].astype(np.int32)]
    until = [np.zeros(len(reg_people), np.int32)]
    level: list[str | None] = [None] * len(reg_people)
    ids: list[str] = [REGISTERED_ON_ID] * len(reg_people)
    if path is not None:
        t = reader.read("events", path)
        v = t.values
        count = len(t.rows)
        u = v["until"] if "until" in t.present else np.zeros(count, np.int32)
        deferral = EVENT_KINDS.index(EventKind.DEFERRAL_GRANTED)
        needs_until = (v["kind"] == deferral) & (u == 0)
        until_col = reader.mapping["events"].get("until", "until")
        keep = _model_check(reader, _name(path, "events"), t.rows, needs_until, until_col,
                            "a granted deferral needs 'until'")
        early = np.zeros(count, bool)
        early[keep] = (u[keep] != 0) & (u[keep] < v["date"][keep])
        keep2 = _model_check(reader, _name(path, "events"), t.rows, early, until_col,
                             "'until' is before the decision date")
        keep = np.intersect1d(keep, keep2)
        person.append(v["professional_id"][keep].astype(np.int32))
        kind.append(v["kind"][keep].astype(np.int8))
        on.append(v["date"][keep].astype(np.int32))
        until.append(u[keep].astype(np.int32))
        level.extend(v["level"][keep].tolist() if "level" in t.present else [None] * len(keep))
        ids.extend(_ids(v, t, keep, "event"))
    p = np.concatenate(person)
    order = np.argsort(p, kind="stable")
    return EventTable(person=p[order], kind=np.concatenate(kind)[order],
                      on=np.concatenate(on)[order], until=np.concatenate(until)[order],
                      level=tuple(level[k] for k in order.tolist()),
                      ids=tuple(ids[k] for k in order.tolist()))


def _attestations(reader: Reader, path: Any) -> AttestationTable:
    t = reader.read("attestations", path)
    v = t.values
    order = _sorted_by_person(v["professional_id"])
    return AttestationTable(person=v["professional_id"][order].astype(np.int32),
                            kind=v["kind"][order].astype(np.int32),
                            on=v["date"][order].astype(np.int32),
                            kinds=tuple(reader.vocab.attestation_kinds),
                            ids=_ids(v, t, order, "attestation"))


def _ids(v: dict[str, Any], t: Table, order: Any, prefix: str) -> tuple[str, ...]:
    if "id" in t.present:
        return tuple(str(x) for x in v["id"][order].tolist())
    return tuple(f"{prefix}-row{int(r)}" for r in t.rows[order].tolist())


def _model_check(reader: Reader, file: str, rows: Any, bad: Any, column: str,
                 problem: str) -> Any:
    """Report rows that convert but break a rule of the model; the indices of the others."""
    for k in np.flatnonzero(bad):
        reader.fail(file, int(rows[k]), column, "", problem)
    if bad.any():
        _less_accepted(reader, int(bad.sum()))
    return np.flatnonzero(~bad)
