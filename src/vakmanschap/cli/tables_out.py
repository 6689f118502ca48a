"""``--out FILE``: every table of a command into one file, in the format its extension names.

* ``.xlsx``: one workbook, one sheet per table (:func:`vakmanschap.population.workbook.
  write_tables`; needs ``pip install 'vakmanschap[excel]'``).
* ``.csv``: the first table (the per-person table, or the sweep) in ``FILE``, every other
  table beside it as ``<stem>.<table>.csv`` (``flips.summary.csv``, ``flips.rejects.csv``):
  CSV holds one table per file.
* ``.json``: the command's JSON document (what ``--format json`` prints, with the
  per-person rows where there are any).

Any other extension is refused (exit 2) with the allowed ones named: an output is never
silently written in another format than its name says. Every file is written whole or not at
all, and none may be an input of the run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from vakmanschap.cli.outputs import refuse_outputs_onto_inputs
from vakmanschap.errors import DataError

__all__ = ["check_out", "csv_siblings", "dump_streamed", "json_ready", "write_out"]


def check_out(path: str | None, allowed: tuple[str, ...], option: str = "--out") -> None:
    """Refuse an output path whose extension is not one of ``allowed`` (``.csv``, ...)."""
    if not path:
        return
    suffix = Path(path).suffix.lower()
    if suffix not in allowed:
        shown = repr(suffix) if suffix else "no extension"
        raise DataError(f"{path}: {shown} is not an output format here; allowed: "
                        f"{', '.join(allowed)} (the extension chooses the format)",
                        field=option)


def csv_siblings(path: str | Path, names: Iterable[str]) -> dict[str, Path]:
    """Where ``.csv`` output puts each table: the first in ``path``, the others beside it."""
    target = Path(path)
    out: dict[str, Path] = {}
    for index, name in enumerate(names):
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name)
        out[name] = target if index == 0 else target.with_name(f"{target.stem}.{safe}.csv")
    return out


def _csv_cell(value: Any) -> Any:
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _write_csv(path: Path, table: Any) -> None:
    from vakmanschap.io import atomic_text, safe_csv_writer
    from vakmanschap.population.csv_columns import PersonRecords, write_columns
    from vakmanschap.population.tables import Table

    if isinstance(table, PersonRecords):  # column by column: the same bytes, sooner
        with atomic_text(path) as handle:
            write_columns(handle, table[0], table.columns(), table.size, _csv_cell)
        return
    if isinstance(table, Table):
        columns, rows = list(table.columns), ([r[c] for c in table.columns] for r in table.rows)
    else:
        columns, rows = table
    with atomic_text(path) as handle:
        writer = safe_csv_writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(v) for v in row])


def write_out(path: str, tables: Mapping[str, Any], *, json_payload: Any = None,
              inputs: Iterable[Any] = ()) -> list[Path]:
    """Write ``tables`` (name -> Table or ``(columns, rows)``, the main table first) to
    ``path`` as its extension says (see the module docstring); return the files written.

    ``json_payload`` is the document of ``.json`` output, or a function that makes it (called
    only for ``.json``: a per-person document is not built for another format); a value in
    it that is an iterator (the per-person rows) is written as a list as it is read."""
    suffix = Path(path).suffix.lower()
    inputs = list(inputs)
    if suffix == ".xlsx":
        from vakmanschap.population.workbook import write_tables

        refuse_outputs_onto_inputs({"--out": path}, inputs)
        return [write_tables(path, tables)]
    if suffix == ".json":
        from vakmanschap.io import atomic_text

        refuse_outputs_onto_inputs({"--out": path}, inputs)
        payload = json_payload() if callable(json_payload) else json_payload
        with atomic_text(path) as handle:
            dump_streamed(json_ready(payload), handle)
            handle.write("\n")
        return [Path(path)]
    places = csv_siblings(path, tables)
    refuse_outputs_onto_inputs({f"--out ({name})": p for name, p in places.items()}, inputs)
    for name, table in tables.items():
        _write_csv(places[name], table)
    return list(places.values())


def json_ready(value: Any) -> Any:
    """``value`` with NaN as None, for ``json.dump`` (an iterator stays one, its items made
    ready as they are read)."""
    kind = type(value)
    # The common cases first, by exact type: the per-person rows hold a million scalars, and
    # each isinstance test against Iterator (an ABC) costs more than the value's own work.
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return None if value != value else value
    if kind is dict:
        return {k: v if type(v) is str else json_ready(v) for k, v in value.items()}
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if isinstance(value, Iterator):
        return map(json_ready, value)
    return value


_SCALARS = frozenset((str, int, float, bool, type(None)))


def dump_streamed(value: Any, handle: IO[str], indent: str = "") -> None:
    """Write ``value`` as ``json.dump(value, handle, ensure_ascii=False, indent=2)`` does,
    byte for byte, except that an iterator in it is written as a list item by item."""
    inner = indent + "  "
    if isinstance(value, dict) and any(isinstance(v, Iterator) for v in value.values()):
        if not value:
            handle.write("{}")
            return
        handle.write("{")
        for k, (key, item) in enumerate(value.items()):
            handle.write(("," if k else "") + "\n" + inner + json.dumps(str(key),
                                                                     ensure_ascii=False) + ": ")
            dump_streamed(item, handle, inner)
        handle.write("\n" + indent + "}")
    elif isinstance(value, Iterator):
        first = True
        # A flat row (scalars only) is encoded by json's C encoder, its separator carrying
        # the newline and indentation that ``indent=2`` would write: ``indent`` makes json
        # use its pure-Python encoder, three times slower for the per-person rows.
        pad = inner + "  "
        flat = json.JSONEncoder(ensure_ascii=False, separators=(",\n" + pad, ": ")).encode
        for item in value:
            handle.write(("[" if first else ",") + "\n" + inner)
            first = False
            if type(item) is dict and item and all(
                    type(v) in _SCALARS for v in item.values()):
                text = flat(item)
                handle.write("{\n" + pad + text[1:-1] + "\n" + inner + "}")
            else:
                dump_streamed(item, handle, inner)
        handle.write("[]" if first else "\n" + indent + "]")
    else:
        text = json.dumps(value, ensure_ascii=False, indent=2)
        handle.write(text.replace("\n", "\n" + indent) if indent else text)

