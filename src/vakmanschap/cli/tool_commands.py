"""``schema`` and ``diff``: tools for rule authors and negotiators.

``schema`` prints the JSON Schema of rule files (for editors: completion and validation while
typing); ``diff`` says in words what changed between two rule sets (docs/negotiator-guide.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from vakmanschap.io import load_rules

MAX_INDENT = 16


def register(sub: Any) -> None:
    """Add ``schema`` and ``diff`` to the command line."""
    p = sub.add_parser("schema", help="print the JSON Schema of rule files",
                       description="Print the JSON Schema (draft 2020-12) of rule files, "
                                   "generated from the definitions the loader uses.")
    p.add_argument("--indent", type=int, default=2, help="indentation (default 2; 0: one line)")
    p.set_defaults(run=run_schema)

    p = sub.add_parser("diff", help="what changed between two rule sets, in words",
                       description="List what changed from rule set A to rule set B: versions, "
                                   "requirements, parameters (with the dates from which they "
                                   "apply, old and new value), titles and sources. Exit 0 when "
                                   "nothing changed, 1 when something did.")
    p.add_argument("a", metavar="A", help="built-in name or path of the old rule set")
    p.add_argument("b", metavar="B", nargs="?",
                   help="built-in name or path of the new rule set (default: A, useful with "
                        "--set)")
    p.add_argument("--set", action="append", default=[], metavar="RULE.PARAM=VALUE",
                   help="change a parameter of B, e.g. --set totaal.min=120 (repeatable)")
    p.add_argument("--lang", choices=("nl", "en"), default="nl",
                   help="language of the text: nl (Dutch, default) or en (English)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text for people (default) or json for programs")
    p.set_defaults(run=run_diff)


def run_schema(args: argparse.Namespace) -> int:
    from vakmanschap.engine.rulefile.file_schema import rule_file_json_schema
    from vakmanschap.errors import DataError

    if not 0 <= args.indent <= MAX_INDENT:  # 99999 spaces per level ran out of memory
        raise DataError(f"{args.indent}: expected at least 0 (one line) and at most "
                        f"{MAX_INDENT} spaces", field="--indent")
    json.dump(rule_file_json_schema(), sys.stdout, ensure_ascii=False,
              indent=args.indent or None)
    sys.stdout.write("\n")
    return 0


def run_diff(args: argparse.Namespace) -> int:
    from vakmanschap.cli.params_commands import pointing_to_params
    from vakmanschap.cli.person_commands import parse_sets
    from vakmanschap.text.diff import diff_rules

    old = load_rules(args.a)
    new = load_rules(args.b) if args.b is not None else old
    if args.set:
        with pointing_to_params(args.b or args.a):
            new = new.with_changes(parse_sets(args.set))
    b_label = args.b if args.b is not None else args.a
    if args.set:
        b_label += " + --set " + " --set ".join(args.set)
    result = diff_rules(old, new, a_label=args.a, b_label=b_label)
    if args.format == "json":
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(result.explain(args.lang))
    return 1 if result.changes else 0
