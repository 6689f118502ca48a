"""Before/after check of per-person results: a sha256 of ``to_dict()``, both explanations and
the completion plan of several hundred assessments of every shipped rule set.

Run: .venv/bin/python benchmarks/assess_digest.py [--out dumps.jsonl]

Speed work on ``RuleSet.assess`` must not change a single byte of what it returns: run this on
the checkout before and after and compare the digests it prints (one per rule set, then one
over all). The professionals vary the assessment date (three), the number of activities (0 to
25, some outside the window or after the date, some in the other unit), the level, the
employment (none, in a role of the register, in none), and the group (default and
registration); each is also assessed twice, so that anything remembered between calls shows.
``--out`` writes every dump as one JSON line, to find what differs with ``diff``.
Prints digests; it is not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from datetime import date, timedelta
from typing import Any

import attrs

import vakmanschap as vk

DATES = (date(2023, 3, 31), date(2025, 6, 15), date(2026, 11, 30))
SIZES = (0, 3, 12, 25)


def people_for(rules: vk.RuleSet, on: date, seed: int) -> list[vk.Professional]:
    """A few professionals registered some time before ``on``, varied as the module says."""
    rng = random.Random(seed)
    version = rules.version_at(on)
    years = version.cycle.years or 1
    categories = list(rules.categories)
    themes = list(rules.themes)
    levels: list[str | None] = [*rules.levels, None]
    roles: list[str | None] = [*rules.roles, None]
    out = []
    for k, size in enumerate(SIZES * 3):
        start = max(on - timedelta(days=rng.randrange(30, 365 * years + 200)),
                    version.valid_from)
        level = levels[(k + seed) % len(levels)]
        activities = []
        for i in range(size):
            day = start + timedelta(days=rng.randrange(-200, (on - start).days + 120))
            unit = rules.unit if rng.random() < 0.85 else rng.choice(rules.units)
            amount = rng.choice((1.0, 2.5, 8.0, 16.0, 40.0))
            picked = rng.sample(themes, min(len(themes), rng.randrange(0, 3))) if themes else []
            activities.append(vk.Activity(
                id=f"a{i:02d}", on=day, category=rng.choice(categories), themes=picked,
                accredited=rng.random() < 0.7,
                **({unit: amount} if unit in ("hours", "points") else
                   {"amount": amount, "unit": unit})))
        employments = []
        if k % 3 != 0:
            employments.append(vk.Employment(
                id="e1", start=start - timedelta(days=rng.randrange(0, 900)),
                hours_per_week=rng.choice((16, 24, 32, 36)),
                role=roles[(k + seed) % len(roles)] if k % 3 == 1 else None))
        attestations = [vk.Attestation(id=f"t{i}", kind=kind,
                                       on=start + timedelta(days=rng.randrange(-400, 400)))
                        for i, kind in enumerate(rules.attestation_kinds) if rng.random() < 0.6]
        qualifications = [vk.Qualification(id=f"q{i}", kind=kind, level=rng.choice(
                                               ("basisbekwaam", "vakbekwaam", None)),
                                           awarded_on=start - timedelta(days=rng.randrange(0, 900)))
                          for i, kind in enumerate(rules.qualification_kinds)
                          if rng.random() < 0.3]
        events = [vk.RegisterEvent(id="r1", kind="registered", on=start, level=level)]
        if k % 4 == 3:
            events = []
        out.append(vk.Professional(
            id=f"p{seed}-{k}", fte=rng.choice((0.5, 0.9, 1.0)), activities=activities,
            employments=employments, attestations=attestations, qualifications=qualifications,
            entered_service=start - timedelta(days=400), events=events))
    return out + bad_people(out[-1])


def bad_people(base: vk.Professional) -> list[vk.Professional]:
    """Variants of ``base`` that name what the register lacks (a category, a theme, a unit,
    a profession, a qualification kind), each bad activity on top of the bad profession and
    qualification: the error and which one comes first must stay the same too."""
    day = base.events[0].on if base.events else date(2024, 1, 1)
    extra = [vk.Activity(id="bad-theme", on=day, category=base.activities[0].category,
                         themes=["no-such-theme"], hours=1.0),
             vk.Activity(id="bad-unit", on=day, category=base.activities[0].category,
                         amount=1.0, unit="furlongs"),
             vk.Activity(id="bad-category", on=day, category="no-such-category", hours=1.0)]
    out = [base.with_records(qualifications=(vk.Qualification(id="bad-q", kind="no-such-kind",
                                                              awarded_on=day),))]
    out.append(attrs.evolve(out[-1], profession="no-such-profession"))
    out.extend(attrs.evolve(out[-1], activities=[*base.activities[:k], bad, *base.activities[k:]])
               for k, bad in enumerate(extra))
    return out


def dump(assessment: vk.Assessment) -> dict[str, Any]:
    """What must stay byte for byte the same."""
    return {"dict": assessment.to_dict(), "nl": assessment.explain("nl"),
            "en": assessment.explain("en"), "plan": assessment.plan().to_dict()}


def dumps_for(rules: vk.RuleSet, seed: int) -> list[str]:
    """Every dump of one rule set, as canonical JSON text (errors included, by message)."""
    lines = []
    first = rules.versions[0].valid_from
    for d, day in enumerate(DATES):
        on = max(day, first + timedelta(days=200 + 150 * d))
        for person in people_for(rules, on, seed + d):
            for group in (None, "registration"):
                for _ in range(2):
                    try:
                        got: Any = dump(rules.assess(person, on, group=group))
                    except vk.VakmanschapError as exc:
                        got = {"error": type(exc).__name__, "message": str(exc)}
                    lines.append(json.dumps(got, sort_keys=True, default=str))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="write every dump as a JSON line to this file")
    parser.add_argument("--rules", default="", help="rule sets, comma-separated (default: all)")
    args = parser.parse_args()
    total = hashlib.sha256()
    everything: list[str] = []
    count = 0
    for seed, name in enumerate(args.rules.split(",") if args.rules else vk.builtin_names()):
        rules = vk.builtin_rules(name)
        lines = dumps_for(rules, seed * 10)
        digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
        total.update(digest.encode())
        count += len(lines)
        everything.extend(f"{name}\t{line}" for line in lines)
        errors = sum('"error"' in line[:12] for line in lines)
        print(f"{name:<16}{len(lines):>6} dumps {errors:>4} errors  {digest}")
    print(f"{'all':<16}{count:>6} dumps             {total.hexdigest()}")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write("\n".join(everything) + "\n")


if __name__ == "__main__":
    main()
