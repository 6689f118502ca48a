"""A sha256 per shipped rule set of ``to_dict()``, both explanations (nl, en) and the
completion plan (its JSON and both wordings) of several hundred assessments: run it on two
checkouts and compare, to show that a change to the text or the plan changes no word.

Run: PYTHONPATH=src .venv/bin/python benchmarks/explain_digest.py [--rules srpo,big] [--dump DIR]

The people vary from benchmarks/assess.py's professional: three assessment dates, 0 to 25
activities of varying size (passing and failing), every level (and none), with and without
employment, and every requirement group that applies. Prints one line per rule set and the
digest of all of them; it is not a test. ``--dump`` writes each rule set's text, to diff.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

import vakmanschap as vk

_DATES = (date(2025, 6, 30), date(2026, 11, 30), date(2027, 12, 31))
_COUNTS = (0, 3, 9, 25)
_SIZES = (2.0, 8.0, 60.0)


def people(rules: vk.RuleSet, on: date) -> list[vk.Professional]:
    """The professionals judged on ``on``: activities, sizes, levels and employment varied."""
    version = rules.version_at(on)
    years = version.cycle.years or 1
    start = max(date(on.year - years + 1, 1, 15), version.valid_from)
    categories = list(rules.categories)
    themes = list(rules.themes)
    unit = rules.unit
    roles = [*rules.roles, None][:2]
    levels = [*list(rules.levels)[:3], None]
    out = []
    serial = 0
    for count in _COUNTS:
        for size in _SIZES:
            for level in levels:
                for role in roles:
                    for employed in (True, False):
                        serial += 1
                        span = max(1, min((on - start).days + 60, 365 * years))
                        acts = []
                        for i in range(count):
                            day = start + timedelta(days=(i * 53 + serial * 7) % span)
                            amount = size * (1 + (i + serial) % 3) / 2
                            acts.append(vk.Activity(
                                id=f"a{i:02d}", on=day,
                                category=categories[(i + serial) % len(categories)],
                                themes=([themes[(i + serial) % len(themes)],
                                         themes[(i + 3) % len(themes)]] if themes else []),
                                accredited=(i + serial) % 3 != 0, **{unit: amount}))
                        hours = 16 + 8 * (serial % 4)
                        employment = ([vk.Employment(
                            id="e1", start=start - timedelta(days=400 * (serial % 3)),
                            hours_per_week=hours, role=role)] if employed else [])
                        attestations = [
                            vk.Attestation(id=f"t{i}", kind=kind,
                                           on=start - timedelta(days=300 * (serial % 2)))
                            for i, kind in enumerate(rules.attestation_kinds)
                            if serial % 3 == 0 or (i + serial) % 2 == 0]
                        out.append(vk.Professional(
                            id=f"p{serial}", fte=0.5 + 0.1 * (serial % 5), activities=acts,
                            employments=employment, attestations=attestations,
                            entered_service=start - timedelta(days=400),
                            events=[vk.RegisterEvent(id="r1", kind="registered", on=start,
                                                     level=level)]))
    return out


def dump(rules: vk.RuleSet) -> tuple[int, str]:
    """How many assessments, and the text of every one of them."""
    parts: list[str] = []
    n = 0
    for on in _DATES:
        for person in people(rules, on):
            for group in (None, "development", "registration"):
                try:
                    a = rules.assess(person, on, group=group)  # type: ignore[arg-type]
                except vk.VakmanschapError as exc:
                    parts.append(f"{person.id} {on} {group}: {type(exc).__name__}: {exc}")
                    continue
                n += 1
                plan = a.plan()
                parts.append(json.dumps(a.to_dict(), sort_keys=True, default=str))
                parts.append(a.explain("nl"))
                parts.append(a.explain("en"))
                parts.append(json.dumps(plan.to_dict(), sort_keys=True, default=str))
                parts.append(plan.explain("nl"))
                parts.append(plan.explain("en"))
    return n, "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", default="", help="rule sets, comma-separated (default: all)")
    parser.add_argument("--dump", type=Path, default=None, help="write each rule set's text")
    args = parser.parse_args()
    names = args.rules.split(",") if args.rules else list(vk.builtin_names())
    total = hashlib.sha256()
    for name in names:
        n, text = dump(vk.builtin_rules(name))
        digest = hashlib.sha256(text.encode()).hexdigest()
        total.update(digest.encode())
        print(f"{name:<16}{n:>6} {digest}", flush=True)
        if args.dump is not None:
            args.dump.mkdir(parents=True, exist_ok=True)
            (args.dump / f"{name}.txt").write_text(text, encoding="utf-8")
    print(f"{'all':<16}{'':>6} {total.hexdigest()}")


if __name__ == "__main__":
    main()
