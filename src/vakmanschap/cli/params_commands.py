"""``params``: every changeable parameter of a rule set, and the pointer to it that every
``--set``, ``--param`` and overlay error carries."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from vakmanschap.cli.tables_out import check_out, write_out
from vakmanschap.errors import DataError, RuleError
from vakmanschap.io import load_rules
from vakmanschap.model.periods import to_date

__all__ = ["pointing_to_params", "register", "run_params"]

_COLUMNS = ("path", "value", "in_force", "unit", "allowed", "meaning", "requirement", "kind",
            "sweep", "versions", "source")


#: The help of every --rules option (and of params' RULES).
RULES_HELP = "a shipped rule set by name (vakmanschap --help lists them) or a rule file's path"

def register(sub: Any) -> None:
    """Add ``params`` to the command line."""
    p = sub.add_parser("params", help="list every parameter that --set and overlays can change",
                       description="List every changeable parameter of RULES: its path as "
                                   "--set, overlays and sweeps write it, its value (dated "
                                   "values in full), unit, allowed values, meaning, and the "
                                   "requirement it belongs to with its source.")
    p.add_argument("rules", metavar="RULES", help=RULES_HELP)
    p.add_argument("--as-of", metavar="DATE", help="only the rule version in force on DATE, "
                   "with each value on that date (column in_force)")
    p.add_argument("--lang", choices=("nl", "en"), default="en",
                   help="language of the meanings and titles (default en)")
    p.add_argument("--format", choices=("text", "json", "csv", "xlsx"), default="text",
                   help="output on stdout: text table, JSON list, CSV; xlsx needs --out")
    p.add_argument("--out", metavar="FILE", help="write the list to FILE (.csv, .json or "
                   ".xlsx, by its extension)")
    p.set_defaults(run=run_params)


@contextmanager
def pointing_to_params(rules_name: str) -> Iterator[None]:
    """Re-raise a RuleError about a change (``--set``, ``--param``, an overlay) with a
    pointer to ``vakmanschap params RULES``, which lists every parameter."""
    try:
        yield
    except RuleError as exc:
        if type(exc) is not RuleError:
            raise
        raise RuleError(f"{exc}; see `vakmanschap params {rules_name}` for every "
                        "parameter") from None


def _table(args: argparse.Namespace) -> Any:
    from vakmanschap.population.tables import Table

    rules = load_rules(args.rules)
    day = to_date(args.as_of, record="--as-of") if args.as_of else None
    params = rules.parameters(day)
    columns = [c for c in _COLUMNS if c != "in_force" or day is not None]
    title = f"parameters of {rules.register}" + (f" as of {day.isoformat()}" if day else "")
    return params, Table.of(title, [p.row(args.lang) for p in params], columns)


def run_params(args: argparse.Namespace) -> int:
    check_out(args.out, (".csv", ".json", ".xlsx"))
    if args.format == "xlsx" and not str(args.out or "").lower().endswith(".xlsx"):
        raise DataError("--format xlsx needs --out FILE.xlsx (a workbook is not written to "
                        "the terminal)", field="--format")
    params, table = _table(args)
    if args.out:
        write_out(args.out, {"parameters": table},
                  json_payload=[p.to_dict() for p in params])
        if args.format == "xlsx":
            return 0
    if args.format == "json":
        json.dump([p.to_dict() for p in params], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        table.to_csv(sys.stdout)
    else:
        sys.stdout.write(_text(table) + "\n")
    return 0


def _text(table: Any) -> str:
    """The table without its longest columns (source, versions): one line per parameter."""
    from vakmanschap.population.tables import Table

    short = [c for c in table.columns if c not in ("source", "versions", "kind")]
    return str(Table.of(table.title, list(table.rows), short)) + (
        "\n\nchange one with --set PATH=VALUE or an overlay file {PATH: VALUE}; a dated "
        "parameter also takes {YYYY-MM-DD: VALUE, ...}; sources: --format csv|json")
