"""``timeline``: the status timeline of the professionals of a person file, as a letter."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from vakmanschap.io import load_professionals, load_rules
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
    p.add_argument("--rules", required=True, help="built-in name (srpo, big, rijksambtenaar) "
                   "or path to a rule file")
    p.add_argument("--until", required=True, help="end of the timeline YYYY-MM-DD (exclusive)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--lang", choices=("nl", "en"), default="nl")
    p.set_defaults(run=run_timeline)


def run_timeline(args: argparse.Namespace) -> int:
    from vakmanschap.lifecycle.segments import timeline_to_dict
    from vakmanschap.text.letter import render_letter

    rules = load_rules(args.rules)
    until = to_date(args.until, record="--until")
    people = load_professionals(args.person_file)
    timelines = [(person, rules.timeline(person, until)) for person in people]
    if args.format == "json":
        payload: Any = [timeline_to_dict(rules, person, until, segments)
                        for person, segments in timelines]
        json.dump(payload[0] if len(payload) == 1 else payload, sys.stdout, ensure_ascii=False,
                  indent=2)
        sys.stdout.write("\n")
    else:
        letters = [render_letter(rules, person, until, segments, args.lang)
                   for person, segments in timelines]
        sys.stdout.write(("\n" + "-" * 72 + "\n\n").join(letters))
    return 0
