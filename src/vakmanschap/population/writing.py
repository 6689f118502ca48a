"""A population out as CSV files in the format :meth:`Population.from_csv` reads.

``professionals.csv`` (``registered_on`` from the events named ``registered_on``),
``activities.csv``, and ``employments.csv``, ``leaves.csv``, ``events.csv`` when there is
something to write. Columns are written in chunks with vectorised formatting, so that a
generated workforce of a million people is written in reasonable time.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from vakmanschap.errors import DataError
from vakmanschap.io import atomic_text
from vakmanschap.population.activity_lines import ActivityLines
from vakmanschap.population.fact_tables import EVENT_KINDS, LEAVE_KINDS, REGISTERED_ON_ID
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


def _rows(writer: Any, header: Sequence[str], columns: Sequence[Sequence[Any]],
          handle: Any = None) -> None:
    if header:
        writer.writerow(header)
    if handle is not None and all(_plain(c) for c in columns):
        size = len(columns[0]) if columns else 0
        for lo in range(0, size, LINES):  # in pieces: a million lines are ~100 MB of strings
            part = [c[lo:lo + LINES] for c in columns]
            handle.write("\n".join(map(",".join, zip(*part, strict=True))) + "\n")
        return
    writer.writerows(zip(*columns, strict=True))


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

    # professionals
    header = ["id", "registered_on", "fte"]
    columns: list[Sequence[Any]] = [pop.ids.tolist(), dates_text(registered),
                                    _formatted(pop.fte, "{:g}")]
    if (pop.entered != 0).any():
        header.append("entered_service")
        columns.append(dates_text(pop.entered))
    for name, values in pop.attributes.items():
        header.append(name)
        columns.append([str(v) for v in values.tolist()])
    path = out_dir / "professionals.csv"
    with atomic_text(path) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        _rows(writer, header, columns, handle)
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
        other = (acts.unit >= 2) if acts.unit is not None else np.zeros(len(acts), bool)
        has_other = bool(other.any())
        has_points = bool(acts.points.any())
        has_hours = bool((~acts.points & ~other).any()) or not (has_points or has_other)
        header += (["hours"] if has_hours else []) + (["points"] if has_points else [])
        header += ["amount", "unit"] if has_other else []
        unit_names = np.array(acts.units or ["hours", "points"], dtype=object)
        unit_codes = acts.unit if acts.unit is not None else np.zeros(len(acts), np.int8)
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
            elsewhere = other[rows]
            if has_hours:
                out.append(np.where(points | elsewhere, blank, text).tolist())
            if has_points:
                out.append(np.where(points, text, blank).tolist())
            if has_other:
                out.append(np.where(elsewhere, text, blank).tolist())
                out.append(np.where(elsewhere, unit_names[unit_codes[rows]], blank).tolist())
            out.append(categories[acts.category[rows]].tolist())
            out.append(themes_text(rows))
            out.append(np.where(acts.accredited[rows], "true", "false").tolist())
            if has_provider:
                out.append(providers[acts.provider[rows]].tolist())
            return out

        # without activity ids and with nothing to quote, lines are built from the distinct
        # dates and rows (activity_lines.py): the same text, several times faster
        fast = acts.ids is None and all(_plain(c) for c in (
            pop.ids, categories, providers, acts.themes_names))
        lines = ActivityLines(pop.ids, acts, dates_text, fields) if fast else None
        step = CHUNK // 4 if lines is not None else CHUNK  # its text is built whole
        for lo in range(0, len(acts), step):
            hi = min(lo + step, len(acts))
            if lines is not None:
                handle.write(lines.text(lo, hi))
                report(progress, "write", n + hi, rows)
                continue
            cols: list[Sequence[Any]] = [pop.ids[acts.person[lo:hi]].tolist()]
            if acts.ids is not None:
                cols.append([str(x) for x in acts.ids[lo:hi].tolist()])
            cols.append(dates_text(acts.day[lo:hi]))
            cols.extend(fields(np.arange(lo, hi)))
            _rows(writer, (), cols, handle)
            report(progress, "write", n + hi, rows)
    written["activities"] = path

    emp = pop.employments
    if len(emp):
        path = out_dir / "employments.csv"
        with atomic_text(path) as handle:
            writer = csv.writer(handle, lineterminator="\n")
            _rows(writer, ["professional_id", "id", "start", "end", "hours_per_week", "role"],
                  [pop.ids[emp.person].tolist(), list(emp.ids), dates_text(emp.start),
                   dates_text(emp.end), [f"{h:g}" for h in emp.hours.tolist()],
                   [r or "" for r in emp.role]], handle)
        written["employments"] = path
    lv = pop.leaves
    if len(lv):
        path = out_dir / "leaves.csv"
        with atomic_text(path) as handle:
            writer = csv.writer(handle, lineterminator="\n")
            _rows(writer, ["professional_id", "id", "start", "end", "kind"],
                  [pop.ids[lv.person].tolist(), list(lv.ids), dates_text(lv.start),
                   dates_text(lv.end), [LEAVE_KINDS[k].value for k in lv.kind.tolist()]], handle)
        written["leaves"] = path
    att = pop.attestations
    if len(att):
        path = out_dir / "attestations.csv"
        with atomic_text(path) as handle:
            writer = csv.writer(handle, lineterminator="\n")
            kinds = np.array(list(att.kinds) or [""], dtype=object)
            _rows(writer, ["professional_id", "id", "kind", "date"],
                  [pop.ids[att.person].tolist(), list(att.ids), kinds[att.kind].tolist(),
                   dates_text(att.on)], handle)
        written["attestations"] = path
    rest = np.flatnonzero(~is_reg)
    if len(rest):
        path = out_dir / "events.csv"
        with atomic_text(path) as handle:
            writer = csv.writer(handle, lineterminator="\n")
            _rows(writer, ["professional_id", "id", "kind", "date", "level", "until"],
                  [pop.ids[ev.person[rest]].tolist(), [ev.ids[k] for k in rest.tolist()],
                   [EVENT_KINDS[ev.kind[k]].value for k in rest.tolist()],
                   dates_text(ev.on[rest]), [ev.level[k] or "" for k in rest.tolist()],
                   dates_text(ev.until[rest])], handle)
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
