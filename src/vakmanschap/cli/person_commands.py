"""``check``: assess the professionals of a person file under a rule set."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from vakmanschap.cli.params_commands import RULES_HELP, pointing_to_params
from vakmanschap.io import load_professionals, load_rules
from vakmanschap.model.periods import to_date


def register(sub: Any) -> None:
    """Add ``check`` to the command line."""
    p = sub.add_parser("check", help="assess professionals from a person file",
                       description="Assess every professional in PERSON_FILE under the rules on "
                                   "a date. Exit 0 when all meet the requirements and, for "
                                   "re-registration, are in the register on that date (a "
                                   "lapsed, struck-off or deregistered professional exits 1 "
                                   "even when the requirements of the term that ended are "
                                   "met); 1 otherwise.")
    p.add_argument("person_file", metavar="PERSON_FILE", help="YAML or JSON person file")
    p.add_argument("--rules", required=True, help=RULES_HELP)
    p.add_argument("--on", required=True, help="assessment date YYYY-MM-DD")
    p.add_argument("--group", choices=("registration", "development", "reregistration"),
                   help="requirement group (default: chosen from the professional's status)")
    p.add_argument("--lang", choices=("nl", "en"), default="nl",
                   help="language of the text: nl (Dutch, default) or en (English)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text for people (default) or json for programs")
    p.add_argument("--set", action="append", default=[], metavar="RULE.PARAM=VALUE",
                   help="change a parameter, e.g. --set totaal.min=120 (repeatable)")
    p.add_argument("--rules-as-of", metavar="DATE",
                   help="judge under the rules as they stood on DATE (the version and dated "
                        "values in force then), whatever the assessment date")
    p.set_defaults(run=run_check)


def parse_sets(items: list[str]) -> dict[str, Any]:
    """``--set key=value`` options to a changes mapping (values parsed as YAML scalars)."""
    from vakmanschap.errors import RuleError, RuleFileError
    from vakmanschap.rules.yamlpos import load_yaml

    out: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise RuleError(f"--set {item!r}: write it as RULE.PARAM=VALUE, e.g. totaal.min=120")
        try:  # the rule files' YAML reader: bounded, and a date that does not exist refused
            out[key.strip()] = load_yaml(raw, "--set") if raw.strip() else None
        except RuleFileError as exc:
            raise RuleError(f"--set {item!r}: {exc.problems[0].message}; write a number, null "
                            "or a mapping of dates (YYYY-MM-DD) to numbers") from None
    return out


def people_of(path: str, rules: Any) -> list[Any]:
    """The professionals of a person file, checked against the register's names; a file
    without professionals is refused (a command would otherwise exit 0 saying nothing)."""
    from vakmanschap.errors import DataError

    people = load_professionals(path, rules)
    if not people:
        raise DataError("no professionals in the file; give one mapping or a list of at "
                        "least one", record=path)
    return people


def run_check(args: argparse.Namespace) -> int:
    rules = load_rules(args.rules)
    if args.set:
        with pointing_to_params(args.rules):
            rules = rules.with_changes(parse_sets(args.set))
    if args.rules_as_of:
        rules = rules.as_of(to_date(args.rules_as_of, record="--rules-as-of"))
    on = to_date(args.on, record="--on")
    people = people_of(args.person_file, rules)
    assessments = [rules.assess(p, on, group=args.group) for p in people]
    if args.format == "json":
        # Always a list, one assessment per professional, whatever the file holds (one
        # stable shape: docs/cli.md); each item names its schema ("schema").
        json.dump([a.to_dict() for a in assessments], sys.stdout, ensure_ascii=False,
                  indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("\n".join(a.explain(args.lang) for a in assessments))
    return 0 if all(a.ok for a in assessments) else 1
