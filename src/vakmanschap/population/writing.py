"""A population out as CSV files in the format :meth:`Population.from_csv` reads.

``professionals.csv`` (``registered_on`` from the events named ``registered_on``),
``activities.csv``, and ``employments.csv``, ``leaves.csv``, ``events.csv`` when there is
something to write. Columns are written in chunks with vectorised formatting, so that a
generated workforce of a million people is written in reasonable time.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from vakmanschap.errors import DataError
from vakmanschap.io import atomic_text
from vakmanschap.population.activity_lines import ActivityLines
from vakmanschap.population.fact_tables import EVENT_KINDS, LEAVE_KINDS, REGISTERED_ON_ID
from vakmanschap.population.heap import release
from vakmanschap.population.store import Population
from vakmanschap.progress import Progress, report

__all__ = ["amounts_text", "dates_text", "write_csv"]

_UNIX = 719163  # date(1970, 1, 1).toordinal()
CHUNK = 1 << 20
LINES = 1 << 17  # lines joined at a time


def dates_text(ordinals: Any) -> list[str]:
    """ISO dates (``YYYY-MM-DD``) of ordinals; 0 gives an empty text."""
    uniques, inverse = np.unique(np.asarray(ordinals, dtype=np.int64), return_inverse=True)
    table = np.array([date.fromordinal(int(u)).isoformat() if u else ""
                      for u in uniques.tolist()] or [""], dtype=object)
    out: list[str] = table[inverse].tolist()
    return out


def _amount(cents: int) -> str:
    whole, rest = divmod(cents, 100)
    if not rest:
        return str(whole)
    return f"{whole}.{rest:02d}".rstrip("0")


def amounts_text(hundredths: Any) -> list[str]:
    """Amounts in hundredths as decimal texts (``1250`` -> ``12.5``)."""
    uniques, inverse = np.unique(np.asarray(hundredths, dtype=np.int64), return_inverse=True)
    table = np.array([_amount(int(u)) for u in uniques.tolist()] or [""], dtype=object)
    out: list[str] = table[inverse].tolist()
    return out


_SPECIAL = (",", '"', "\n", "\r")


def _plain(values: Any) -> bool:
    """Whether every value is a text that needs no CSV quoting (then lines are joined
    directly: faster)."""
    distinct = set(values)
    if not all(issubclass(t, str) for t in set(map(type, distinct))):
        return False
    joined = "\x00".join(distinct)
    return not any(c in joined for c in _SPECIAL)


def _rows(writer: Any, columns: Sequence[Sequence[Any]], handle: Any) -> None:
    """Write rows of ``columns``: joined directly when no value needs quoting (the text
    ``csv.writer`` would write for rows of two or more columns), by the writer otherwise."""
    if all(_plain(c) for c in columns):
        size = len(columns[0]) if columns else 0
        for lo in range(0, size, LINES):  # in pieces: a million lines are ~100 MB of strings
            part = [c[lo:lo + LINES] for c in columns]
            handle.write("\n".join(map(",".join, zip(*part, strict=True))) + "\n")
        return
    writer.writerows(zip(*columns, strict=True))


def _stream(handle: Any, header: Sequence[str], size: int,
            columns: Callable[[int, int], Sequence[Sequence[Any]]]) -> None:
    """Write ``header``, then rows 0 to ``size`` in pieces of :data:`LINES`, the columns of
    rows ``lo`` to ``hi`` made by ``columns(lo, hi)`` when written: a million rows are never
    a million strings at once, and the bytes do not depend on the piece size."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    for lo in range(0, size, LINES):
        _rows(writer, columns(lo, min(lo + LINES, size)), handle)


EXPORTS = ("professionals", "activities", "employments", "leaves", "events", "attestations")


def write_csv(population: Population, directory: str | Path, *,
              progress: Progress | None = None) -> dict[str, Path]:
    """Write the population's CSV files into ``directory`` (created); return their paths.

    The set is replaced whole (issue 16, item 2): each file is written atomically, an export
    CSV of an earlier set that this population lacks (say ``employments.csv``) is removed,
    and a second writer into the same folder at the same time is refused (DataError).
    ``progress`` (optional) is called as ``progress("write", rows written, rows)``
    (:mod:`vakmanschap.progress`)."""
    out_dir = Path(directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    with _only_writer(out_dir):
        written = _write_files(population, out_dir, progress)
        for name in EXPORTS:
            if name not in written:
                (out_dir / f"{name}.csv").unlink(missing_ok=True)
    return written


@contextlib.contextmanager
def _only_writer(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out_dir/.vakmanschap.lock`` (released when the process
    ends, however it ends); refuse when another process holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX: no lock
        yield
        return
    with open(out_dir / ".vakmanschap.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DataError("another run is writing a workforce into this folder; wait for "
                            "it or write into another folder", record=str(out_dir)) from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write_files(pop: Population, out_dir: Path, progress: Progress | None) -> dict[str, Path]:
    release()  # what the population's making left free, before the writing's own (heap.py)
    n = pop.size
    written: dict[str, Path] = {}
    ev = pop.events
    is_reg = np.array([i == REGISTERED_ON_ID for i in ev.ids], dtype=bool) if len(ev) else \
        np.zeros(0, bool)
    registered = np.zeros(n, dtype=np.int64)
    registered[ev.person[is_reg]] = ev.on[is_reg]
    rows = n + len(pop.activities) + len(pop.employments) + len(pop.leaves) + \
        len(pop.attestations) + int((~is_reg).sum())
    report(progress, "write", 0, rows)

    # professionals, in pieces
    header = ["id", "registered_on", "fte"]
    has_entered = bool((pop.entered != 0).any())
    header += ["entered_service"] if has_entered else []
    header += list(pop.attributes)

    def people(lo: int, hi: int) -> list[Sequence[Any]]:
        columns: list[Sequence[Any]] = [pop.ids[lo:hi].tolist(), dates_text(registered[lo:hi]),
                                        _formatted(pop.fte[lo:hi], "{:g}")]
        if has_entered:
            columns.append(dates_text(pop.entered[lo:hi]))
        columns += [[str(v) for v in values[lo:hi].tolist()]
                    for values in pop.attributes.values()]
        return columns

    path = out_dir / "professionals.csv"
    with atomic_text(path) as handle:
        _stream(handle, header, n, people)
    written["professionals"] = path
    report(progress, "write", n, rows)

    # activities, in chunks
    acts = pop.activities
    path = out_dir / "activities.csv"
    themes_text = _theme_texts(acts.themes, acts.themes_names)
    with atomic_text(path) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        header = ["professional_id"]
        if acts.ids is not None:
            header.append("id")
        header += ["date"]
        # activities in other units (words, ...) give their amount and unit instead
        # (no table-long temporaries when every activity is in hours or points)
        other = (acts.unit >= 2) if acts.unit is not None else None
        has_other = other is not None and bool(other.any())
        has_points = bool(acts.points.any())
        has_hours = (bool((~acts.points & ~other).any()) if other is not None
                     else not bool(acts.points.all())) or not (has_points or has_other)
        header += (["hours"] if has_hours else []) + (["points"] if has_points else [])
        header += ["amount", "unit"] if has_other else []
        unit_names = np.array(acts.units or ["hours", "points"], dtype=object)
        header += ["category", "theme", "accredited"]
        has_provider = bool((acts.provider >= 0).any())
        if has_provider:
            header.append("provider")
        writer.writerow(header)
        categories = np.array(list(acts.categories) or [""], dtype=object)
        providers = np.array([*acts.providers, ""], dtype=object)

        def fields(rows: Any) -> list[list[str]]:
            """The columns after the date, of the activity rows ``rows``."""
            amount = np.asarray(acts.amount[rows], dtype=np.int64)
            points = acts.points[rows]
            text = np.array(amounts_text(amount), dtype=object)
            blank = np.full(len(rows), "", dtype=object)
            out: list[list[str]] = []
            elsewhere = other[rows] if other is not None else np.zeros(len(rows), bool)
            if has_hours:
                out.append(np.where(points | elsewhere, blank, text).tolist())
            if has_points:
                out.append(np.where(points, text, blank).tolist())
            if has_other and acts.unit is not None:
                out.append(np.where(elsewhere, text, blank).tolist())
                out.append(np.where(elsewhere, unit_names[acts.unit[rows]], blank).tolist())
            out.append(categories[acts.category[rows]].tolist())
            out.append(themes_text(rows))
            out.append(np.where(acts.accredited[rows], "true", "false").tolist())
            if has_provider:
                out.append(providers[acts.provider[rows]].tolist())
            return out

        # without activity ids and with nothing to quote, lines are built from the distinct
        # dates and rows (activity_lines.py): the same text, several times faster
        fast = acts.ids is None and all(_plain(c) for c in (
            categories, providers, acts.themes_names)) and all(
            _plain(pop.ids[lo:lo + LINES]) for lo in range(0, n, LINES))  # no set of all ids
        lines = ActivityLines(pop.ids, acts, dates_text, fields) if fast else None
        step = CHUNK // 4 if lines is not None else CHUNK  # its text is built whole
        for lo in range(0, len(acts), step):
            hi = min(lo + step, len(acts))
            if lines is not None:  # its UTF-8 bytes straight to the file (newline="")
                handle.flush()
                handle.buffer.write(lines.data(lo, hi))
                report(progress, "write", n + hi, rows)
                continue
            cols: list[Sequence[Any]] = [pop.ids[acts.person[lo:hi]].tolist()]
            if acts.ids is not None:
                cols.append([str(x) for x in acts.ids[lo:hi].tolist()])
            cols.append(dates_text(acts.day[lo:hi]))
            cols.extend(fields(np.arange(lo, hi)))
            _rows(writer, cols, handle)
            report(progress, "write", n + hi, rows)
    del lines
    release()
    written["activities"] = path

    emp = pop.employments
    if len(emp):
        path = out_dir / "employments.csv"
        with atomic_text(path) as handle:
            _stream(handle, ["professional_id", "id", "start", "end", "hours_per_week", "role"],
                    len(emp), lambda lo, hi: [
                        pop.ids[emp.person[lo:hi]].tolist(), list(emp.ids[lo:hi]),
                        dates_text(emp.start[lo:hi]), dates_text(emp.end[lo:hi]),
                        [f"{h:g}" for h in emp.hours[lo:hi].tolist()],
                        [r or "" for r in emp.role[lo:hi]]])
        written["employments"] = path
    lv = pop.leaves
    if len(lv):
        path = out_dir / "leaves.csv"
        with atomic_text(path) as handle:
            _stream(handle, ["professional_id", "id", "start", "end", "kind"], len(lv),
                    lambda lo, hi: [
                        pop.ids[lv.person[lo:hi]].tolist(), list(lv.ids[lo:hi]),
                        dates_text(lv.start[lo:hi]), dates_text(lv.end[lo:hi]),
                        [LEAVE_KINDS[k].value for k in lv.kind[lo:hi].tolist()]])
        written["leaves"] = path
    att = pop.attestations
    if len(att):
        path = out_dir / "attestations.csv"
        kinds = np.array(list(att.kinds) or [""], dtype=object)
        with atomic_text(path) as handle:
            _stream(handle, ["professional_id", "id", "kind", "date"], len(att),
                    lambda lo, hi: [
                        pop.ids[att.person[lo:hi]].tolist(), list(att.ids[lo:hi]),
                        kinds[att.kind[lo:hi]].tolist(), dates_text(att.on[lo:hi])])
        written["attestations"] = path
    rest = np.flatnonzero(~is_reg)
    if len(rest):
        path = out_dir / "events.csv"
        with atomic_text(path) as handle:
            def events(lo: int, hi: int) -> list[Sequence[Any]]:
                part = rest[lo:hi]
                return [pop.ids[ev.person[part]].tolist(), [ev.ids[k] for k in part.tolist()],
                        [EVENT_KINDS[ev.kind[k]].value for k in part.tolist()],
                        dates_text(ev.on[part]), [ev.level[k] or "" for k in part.tolist()],
                        dates_text(ev.until[part])]

            _stream(handle, ["professional_id", "id", "kind", "date", "level", "until"],
                    len(rest), events)
        written["events"] = path
    report(progress, "write", rows, rows)
    return written


def _formatted(values: Any, form: str) -> list[str]:
    """``form`` applied to each distinct value once (equal texts are one object)."""
    uniques, inverse = np.unique(values, return_inverse=True)
    table = np.array([form.format(u) for u in uniques.tolist()] or [""], dtype=object)
    out: list[str] = table[inverse.reshape(-1)].tolist()
    return out


def _theme_texts(masks: Any, names: tuple[str, ...]) -> Any:
    """A function giving the theme texts (``a;b``) of the rows it is given, each distinct
    mask formatted once."""
    cache: dict[int, str] = {}

    def text(rows: Any) -> list[str]:
        uniques, inverse = np.unique(np.asarray(masks[rows], dtype=np.uint64),
                                     return_inverse=True)
        for u in uniques.tolist():
            if u not in cache:
                cache[u] = ";".join(t for b, t in enumerate(names) if u >> b & 1)
        table = np.array([cache[u] for u in uniques.tolist()] or [""], dtype=object)
        out: list[str] = table[inverse.reshape(-1)].tolist()
        return out

    return text
