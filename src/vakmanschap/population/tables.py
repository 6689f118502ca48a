"""Small summary tables for people and notebooks: text, HTML, CSV, JSON and pandas.

A :class:`Table` is a list of rows (mappings) with ordered columns. It prints as an aligned
text table, shows as HTML in a notebook (``_repr_html_``), converts to a pandas DataFrame
(pandas is an optional extra: ``pip install 'vakmanschap[analysis]'``) and writes CSV or JSON.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import IO, Any

import attrs

from vakmanschap.io import atomic_text, safe_csv_writer
from vakmanschap.model.words import Lang
from vakmanschap.population import frames
from vakmanschap.population.frames import need_pandas

__all__ = ["ROW_CHUNK", "Table", "need_pandas", "rows_of", "text_target"]

#: people per piece when a per-person table is turned into rows: the Python objects of one
#: piece exist at a time, not those of the whole table
ROW_CHUNK = 1 << 14


@contextmanager
def text_target(target: str | Path | IO[str]) -> Iterator[IO[str]]:
    """A writable text stream: the file at a path (written whole or not at all, see
    :func:`vakmanschap.io.atomic_text`), or the stream given."""
    if isinstance(target, str | Path):
        with atomic_text(target) as handle:
            yield handle
    else:
        yield target


def rows_of(columns: Sequence[Any], size: int, chunk: int = ROW_CHUNK) -> Iterator[list[Any]]:
    """The rows of equally long columns (numpy arrays or sequences), made ``chunk`` rows at a
    time: a per-person table is streamed, never held whole as Python lists."""
    for start in range(0, size, chunk):
        stop = min(start + chunk, size)
        lists = [v[start:stop].tolist() if hasattr(v, "tolist") else list(v[start:stop])
                 for v in columns]
        for row in zip(*lists, strict=True):
            yield list(row)


def _cell(value: Any, lang: Lang | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("ja" if value else "nee") if lang == "nl" else ("yes" if value else "no")
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if abs(value - round(value)) < 1e-9 and abs(value) < 1e15:
            return _dutch(f"{round(value):,}", lang)
        return _dutch(f"{value:,.2f}" if abs(value) >= 1 else f"{value:.3f}", lang)
    if isinstance(value, int):
        return _dutch(f"{value:,}", lang)
    return str(value)


def _dutch(number: str, lang: Lang | None) -> str:
    """``1,234.5`` written the Dutch way (``1.234,5``) when ``lang`` is nl."""
    if lang != "nl":
        return number
    return number.replace(",", "_").replace(".", ",").replace("_", ".")


def _plain(value: Any) -> Any:
    """JSON-ready: numpy scalars to Python, NaN to None."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


@attrs.frozen(eq=False)
class Table:
    """Rows of named values with a title; see the module docstring."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...]
    percent: tuple[str, ...] = ()  # columns holding shares, shown as percentages
    lang: Lang | None = None  # numbers and yes/no shown in this language (None: as English)

    @classmethod
    def of(cls, title: str, rows: Sequence[Mapping[str, Any]], columns: Sequence[str] = (),
           percent: Sequence[str] = ()) -> Table:
        """Build a table; the columns default to the keys of the first row."""
        cols = tuple(columns) or (tuple(rows[0]) if rows else ())
        return cls(title, cols, tuple({k: _plain(r.get(k)) for k in cols} for r in rows),
                   tuple(percent))

    def translated(self, lang: Lang, title: str | None = None) -> Table:
        """The table for people reading ``lang``: headings and words in cells (yes/no, a
        requirement's kind, a unit) in that language, numbers written its way, and ``title``
        when given (:mod:`vakmanschap.population.words`). Its keys are no longer the stable
        English ones, so write files from the table itself."""
        from vakmanschap.population.words import cell_words, heading

        names = {c: heading(c, lang) for c in self.columns}
        rows = tuple({names[c]: cell_words(c, r[c], lang) for c in self.columns}
                     for r in self.rows)
        return Table(self.title if title is None else title,
                     tuple(names[c] for c in self.columns), rows,
                     tuple(names[c] for c in self.percent if c in names), lang)

    def __len__(self) -> int:
        return len(self.rows)

    def _show(self, column: str, value: Any) -> str:
        if column in self.percent and isinstance(value, int | float) and not (
                isinstance(value, float) and math.isnan(value)):
            return _dutch(f"{value * 100:.1f}%", self.lang)
        return _cell(value, self.lang)

    def __str__(self) -> str:
        cells = [[self._show(c, r[c]) for c in self.columns] for r in self.rows]
        widths = [max([len(c)] + [len(row[k]) for row in cells])
                  for k, c in enumerate(self.columns)]
        numeric = [all(isinstance(r[c], int | float) or r[c] is None for r in self.rows)
                   for c in self.columns]

        def line(values: Sequence[str]) -> str:
            return "  ".join(v.rjust(w) if num else v.ljust(w)
                             for v, w, num in zip(values, widths, numeric, strict=True)).rstrip()

        out = [self.title, line(self.columns), line(["-" * w for w in widths])]
        out.extend(line(row) for row in cells)
        return "\n".join(out)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{escape(c)}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(
            f"<td>{escape(self._show(c, r[c]))}</td>" for c in self.columns) + "</tr>"
            for r in self.rows)
        return (f"<table><caption>{escape(self.title)}</caption><thead><tr>{head}</tr></thead>"
                f"<tbody>{body}</tbody></table>")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: title, columns and rows."""
        return {"title": self.title, "columns": list(self.columns),
                "rows": [dict(r) for r in self.rows]}

    def typed(self) -> list[frames.Typed]:
        """The columns, each typed from its values (:func:`vakmanschap.population.frames.infer`:
        counts Int64, shares float, yes/no boolean, numbers in text numbers, labels categories)."""
        return [frames.infer(c, [r[c] for r in self.rows]) for c in self.columns]

    def to_pandas(self) -> Any:
        """The table as a pandas DataFrame (needs pandas), typed as :meth:`typed` says."""
        return frames.to_pandas(self.typed())

    def to_arrow(self) -> Any:
        """The table as an Arrow table (needs pyarrow), typed as :meth:`typed` says."""
        return frames.to_arrow(self.typed())

    def to_csv(self, target: str | Path | IO[str] | None = None) -> str | None:
        """Write CSV to a path or stream; without a target, return the text."""
        buffer = io.StringIO()
        with text_target(buffer if target is None else target) as handle:
            writer = safe_csv_writer(handle, lineterminator="\n")
            writer.writerow(self.columns)
            for r in self.rows:
                writer.writerow(["" if r[c] is None else r[c] for c in self.columns])
        return buffer.getvalue() if target is None else None

    def to_json(self, target: str | Path | IO[str] | None = None) -> str | None:
        """Write JSON to a path or stream; without a target, return the text."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
        if target is None:
            return text
        if isinstance(target, str | Path):
            Path(target).write_text(text + "\n", encoding="utf-8")
        else:
            target.write(text + "\n")
        return None
