"""What ``simulate``, ``compare`` and ``sweep`` print and write: every table in every format.

Each command has one set of tables (:func:`simulate_tables`, :func:`compare_tables`,
:func:`sweep_tables`): ``--format text`` prints them, ``--format json`` holds them all in one
document, ``--out`` writes them all (``.xlsx``: one sheet each; ``.csv``: the first in the
file, the others beside it; ``.json``: the document with the per-person rows). ``--format
csv`` on stdout is one table: the per-person table (simulate, compare) or the sweep with the
per-group pass rates as columns ``pass_rate[<group>]``.

Rejected rows are always reported: a line on stderr whatever the format, the ``load`` part of
the JSON document, and the ``rejects`` table of every ``--out`` (a sheet; a sibling file
``<stem>.rejects.csv``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from vakmanschap.cli.tables_out import json_ready, write_out

__all__ = ["OUT_FORMATS", "compare_json", "compare_tables", "dump", "emit", "finish",
           "report_rejects", "simulate_json", "simulate_tables", "sweep_csv_table",
           "sweep_json", "sweep_tables"]

#: The extensions ``--out`` accepts for a command's tables.
OUT_FORMATS = (".csv", ".json", ".xlsx")


def emit(text: str) -> None:
    """Print ``text`` on stdout with one final line break."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def report_rejects(population: Any) -> None:
    """A line on stderr when rows were rejected (whatever the output format)."""
    line = population.report.rejects_line()
    if line:
        print(f"vakmanschap: {line}", file=sys.stderr)


def _rejects_table(population: Any) -> Any:
    from vakmanschap.population.tables import Table

    return Table.of("rows read and rejected, per file", population.report.rows(),
                    ["file", "read", "accepted", "rejected", "rejects_file"])


def _by_name(by: list[str]) -> str:
    return "by " + ", ".join(by)


def simulate_tables(result: Any, by: list[str]) -> dict[str, Any]:
    """The tables of ``simulate``, the per-person table first."""
    tables: dict[str, Any] = {"people": result.records(), "summary": result.summary()}
    if by:
        tables[_by_name(by)] = result.summary(by)
    tables["requirements"] = result.requirements()
    tables["rejects"] = _rejects_table(result.population)
    return tables


def simulate_json(result: Any, by: list[str], people: bool = False) -> dict[str, Any]:
    """The JSON document of ``simulate`` (with the per-person rows for ``--out x.json``)."""
    payload: dict[str, Any] = result.to_dict()
    if people:  # an iterator: written as it is made (see tables_out.dump_streamed)
        payload["rows"] = result.person_rows()
    payload["summary"] = result.summary().to_dict()["rows"]
    if by:
        payload["by"] = result.summary(by).to_dict()["rows"]
    return payload


def compare_tables(diff: Any, by: list[str]) -> dict[str, Any]:
    """The tables of ``compare``, the per-person table first."""
    tables: dict[str, Any] = {"people": diff.records(), "summary": diff.summary()}
    if by:
        tables[_by_name(by)] = diff.summary(by)
    tables["reasons"] = diff.reasons()
    tables["rejects"] = _rejects_table(diff.population)
    return tables


def compare_json(diff: Any, by: list[str], people: bool = False) -> dict[str, Any]:
    """The JSON document of ``compare``."""
    payload: dict[str, Any] = diff.to_dict()
    if by:
        payload["by"] = diff.summary(by).to_dict()["rows"]
    payload["load"] = diff.population.report.to_dict()
    if people:
        names, rows = diff.records()
        payload["rows"] = (dict(zip(names, row, strict=True)) for row in rows)
    return payload


def _grouped(result: Any) -> bool:
    return result.group_met is not None and result.parameter2 is None


def sweep_tables(result: Any, population: Any) -> dict[str, Any]:
    """The tables of ``sweep``: the sweep, the pass rates per group (with ``--by``)."""
    tables: dict[str, Any] = {"sweep": result.table()}
    if _grouped(result):
        tables[_by_name(list(result.by))] = result.group_table()
    tables["rejects"] = _rejects_table(population)
    return tables


def sweep_json(result: Any, population: Any) -> dict[str, Any]:
    """The JSON document of ``sweep``: the table, the per-group table, the load report."""
    payload: dict[str, Any] = result.table().to_dict()
    if _grouped(result):
        payload["by"] = result.group_table().to_dict()
    payload["load"] = population.report.to_dict()
    return payload


def sweep_csv_table(result: Any) -> Any:
    """The sweep as one table: with ``--by``, each group's pass rate as a column
    ``pass_rate[<group>]`` beside the overall one."""
    from vakmanschap.population.tables import Table

    table = result.table()
    if not _grouped(result):
        return table
    groups = result.group_table()
    extra = [c for c in groups.columns if c != result.parameter]
    rows = [{**row, **{f"pass_rate[{c}]": g[c] for c in extra}}
            for row, g in zip(table.rows, groups.rows, strict=True)]
    return Table.of(table.title, rows, [*table.columns, *(f"pass_rate[{c}]" for c in extra)])


def finish(out: str | None, tables: dict[str, Any], payload: Callable[[], Any],
           inputs: list[Any]) -> None:
    """Write ``--out`` (when given) with every table, or the JSON document that ``payload``
    makes (only for ``.json``: its per-person rows are made as they are written)."""
    if out:
        write_out(out, tables, json_payload=payload, inputs=inputs)


def dump(payload: Any) -> None:
    """Print a JSON document (NaN as null)."""
    emit(json.dumps(json_ready(payload), ensure_ascii=False, indent=2))
