"""``timeline``: the status timeline of the professionals of a person file, as a letter."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from vakmanschap.cli.params_commands import RULES_HELP
from vakmanschap.cli.person_commands import people_of
from vakmanschap.io import load_rules
from vakmanschap.model.periods import to_date


def register(sub: Any) -> None:
    """Add ``timeline`` to the command line."""
    p = sub.add_parser(
        "timeline", help="the status timeline of professionals, as a letter from the register",
        description="Derive every status segment (ingeschreven, geregistreerd, onder "
                    "voorwaarden, uitstel, geherregistreerd, verlopen, doorgehaald, "
                    "uitgeschreven, herintreding) of each professional in PERSON_FILE up to "
                    "--until (exclusive), from the register's decisions and the rules "
                    "(docs/lifecycle.md). Exit 0 on success.")
    p.add_argument("person_file", metavar="PERSON_FILE", help="YAML or JSON person file")
    p.add_argument("--rules", required=True, help=RULES_HELP)
    p.add_argument("--until", required=True, help="end of the timeline YYYY-MM-DD (exclusive)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text for people (default) or json for programs")
    p.add_argument("--lang", choices=("nl", "en"), default="nl",
                   help="language of the text: nl (Dutch, default) or en (English)")
    p.add_argument("--rules-as-of", metavar="DATE",
                   help="draw the timeline under the rules as they stood on DATE")
    p.set_defaults(run=run_timeline)

    v = sub.add_parser(
        "verify", help="verify a stored decision (check or timeline JSON) against rules and facts",
        description="Judge the professional of STORED_JSON again from PERSON_FILE under --rules, "
                    "as the stored decision says it was judged, and compare the two JSON forms, "
                    "receipt included (docs/result-schema.md). Exit 0 when they are the same, 1 "
                    "when they differ (each difference on its own line).")
    v.add_argument("stored", metavar="STORED_JSON", help="the stored decision (JSON)")
    v.add_argument("person_file", metavar="PERSON_FILE", help="YAML or JSON person file")
    v.add_argument("--rules", required=True, help=RULES_HELP)
    v.add_argument("--set", action="append", default=[], metavar="RULE.PARAM=VALUE",
                   help="the parameter changes the decision was made under (repeatable)")
    v.add_argument("--rules-as-of", metavar="DATE",
                   help="the decision was made under the rules as they stood on DATE")
    v.set_defaults(run=run_verify)


def run_timeline(args: argparse.Namespace) -> int:
    from vakmanschap.lifecycle.segments import timeline_to_dict
    from vakmanschap.text.letter import render_letter

    rules = load_rules(args.rules)
    if args.rules_as_of:
        rules = rules.as_of(to_date(args.rules_as_of, record="--rules-as-of"))
    until = to_date(args.until, record="--until")
    people = people_of(args.person_file, rules)
    timelines = [(person, rules.timeline(person, until)) for person in people]
    if args.format == "json":
        # Always a list, one timeline per professional (as check --format json).
        json.dump([timeline_to_dict(rules, person, until, segments)
                   for person, segments in timelines], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        letters = [render_letter(rules, person, until, segments, args.lang)
                   for person, segments in timelines]
        sys.stdout.write(("\n" + "-" * 72 + "\n\n").join(letters))
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from vakmanschap.cli.params_commands import pointing_to_params
    from vakmanschap.cli.person_commands import parse_sets
    from vakmanschap.errors import DataError
    from vakmanschap.io import read_text
    from vakmanschap.lifecycle.verify import verify_decision

    rules = load_rules(args.rules)
    if args.set:
        with pointing_to_params(args.rules):
            rules = rules.with_changes(parse_sets(args.set))
    if args.rules_as_of:
        rules = rules.as_of(to_date(args.rules_as_of, record="--rules-as-of"))
    try:
        stored = json.loads(read_text(args.stored))
    except json.JSONDecodeError as exc:
        raise DataError(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                        record=args.stored) from None
    except (ValueError, RecursionError) as exc:  # a 5000-digit number, [[[[...]]]]
        raise DataError(f"invalid JSON: {str(exc).split(';')[0] or 'nested too deeply'}",
                        record=args.stored) from None
    items = stored if isinstance(stored, list) else [stored]
    people = {p.id: p for p in people_of(args.person_file, rules)}
    ok = True
    for index, item in enumerate(items):
        where = f"{args.stored}, item {index}"
        if not isinstance(item, dict) or "professional" not in item:
            raise DataError("not a stored decision; expected an object of the JSON that "
                            "'check --format json' or 'timeline --format json' wrote",
                            record=where, field="professional")
        if item["professional"] not in people:
            raise DataError(f"professional {item['professional']!r} is not in "
                            f"{args.person_file}; it has: {', '.join(people) or '(nobody)'}",
                            record=where, field="professional")
        check = verify_decision(item, rules, people[item["professional"]])
        ok = ok and check.ok
        head = f"{item['professional']}: " + ("verified" if check.ok else "differs")
        sys.stdout.write("\n".join([head, *(f"  {d}" for d in check.differences)]) + "\n")
    return 0 if ok else 1
