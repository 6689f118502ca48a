"""Before/after check of per-person results: a sha256 per shipped rule set (and one over all)
of ``to_dict()``, both explanations (nl, en) and the completion plan of many assessments, in two
sets of people. Run it on two checkouts and compare: speed work on ``RuleSet.assess``, or a
change to the text or the plan, must not change a single byte of what they return.

Run: PYTHONPATH=src .venv/bin/python benchmarks/digest.py [--assess] [--explain]
         [--rules srpo,big] [--dump DIR]

``--assess`` (2,244 dumps over every shipped rule set, errors included): professionals drawn
at random (seeded per rule set by its place in the list) that vary the assessment date (three),
the number of activities (0 to 25, some outside the window or after the date, some in the other
unit), the level, the employment (none, in a role of the register, in none), and the group
(default and registration), with variants that name what the register lacks (a category, a
theme, a unit, a profession, a qualification kind: the error and which comes first must stay
the same); each is assessed twice, so that anything remembered between calls shows. Each dump
is one canonical JSON line (``to_dict``, both explanations, the plan's ``to_dict``).

``--explain`` (13,000 assessments): people varied from benchmarks/assess.py's professional:
three assessment dates, 0, 3, 9 and 25 activities of three sizes (passing and failing), every
level (and none), two roles, with and without employment, attestations present or missing,
and every requirement group that applies; the text holds ``to_dict``, both explanations, the
plan's JSON and both of its wordings.

Both (the default) print one block each: a line per rule set and the digest of all of them.
``--dump DIR`` writes ``assess-NAME.jsonl`` and ``explain-NAME.txt`` per rule set, to find
what differs with ``diff -r``. Prints digests; it is not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs

import vakmanschap as vk

# -- --assess: random professionals, errors included, each assessed twice --

ASSESS_DATES = (date(2023, 3, 31), date(2025, 6, 15), date(2026, 11, 30))
ASSESS_SIZES = (0, 3, 12, 25)


def assess_people(rules: vk.RuleSet, on: date, seed: int) -> list[vk.Professional]:
    """A few professionals registered some time before ``on``, varied as the module says."""
    rng = random.Random(seed)
    version = rules.version_at(on)
    years = version.cycle.years or 1
    categories = list(rules.categories)
    themes = list(rules.themes)
    levels: list[str | None] = [*rules.levels, None]
    roles: list[str | None] = [*rules.roles, None]
    out = []
    for k, size in enumerate(ASSESS_SIZES * 3):
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


def assess_dump(assessment: vk.Assessment) -> dict[str, Any]:
    """What must stay byte for byte the same."""
    return {"dict": assessment.to_dict(), "nl": assessment.explain("nl"),
            "en": assessment.explain("en"), "plan": assessment.plan().to_dict()}


def assess_lines(rules: vk.RuleSet, seed: int) -> list[str]:
    """Every dump of one rule set, as canonical JSON text (errors included, by message)."""
    lines = []
    first = rules.versions[0].valid_from
    for d, day in enumerate(ASSESS_DATES):
        on = max(day, first + timedelta(days=200 + 150 * d))
        for person in assess_people(rules, on, seed + d):
            for group in (None, "registration"):
                for _ in range(2):
                    try:
                        got: Any = assess_dump(rules.assess(person, on, group=group))
                    except vk.VakmanschapError as exc:
                        got = {"error": type(exc).__name__, "message": str(exc)}
                    lines.append(json.dumps(got, sort_keys=True, default=str))
    return lines


# -- --explain: people varied from benchmarks/assess.py's professional --

EXPLAIN_DATES = (date(2025, 6, 30), date(2026, 11, 30), date(2027, 12, 31))
EXPLAIN_COUNTS = (0, 3, 9, 25)
EXPLAIN_SIZES = (2.0, 8.0, 60.0)


def explain_people(rules: vk.RuleSet, on: date) -> list[vk.Professional]:
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
    for count in EXPLAIN_COUNTS:
        for size in EXPLAIN_SIZES:
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


def explain_texts(rules: vk.RuleSet) -> tuple[int, str]:
    """How many assessments, and the text of every one of them."""
    parts: list[str] = []
    n = 0
    for on in EXPLAIN_DATES:
        for person in explain_people(rules, on):
            for group in (None, "development", "registration"):
                try:
                    a = rules.assess(person, on, group=group)
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


# -- the runs --


def run_assess(names: Sequence[str], dump: Path | None) -> str:
    """Print the assess digests (one line per rule set, then all); the one over all."""
    total = hashlib.sha256()
    count = 0
    for seed, name in enumerate(names):
        lines = assess_lines(vk.builtin_rules(name), seed * 10)
        digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
        total.update(digest.encode())
        count += len(lines)
        errors = sum('"error"' in line[:12] for line in lines)
        print(f"{name:<16}{len(lines):>6} dumps {errors:>4} errors  {digest}", flush=True)
        if dump is not None:
            (dump / f"assess-{name}.jsonl").write_text("\n".join(lines) + "\n",
                                                       encoding="utf-8")
    print(f"{'all':<16}{count:>6} dumps             {total.hexdigest()}", flush=True)
    return total.hexdigest()


def run_explain(names: Sequence[str], dump: Path | None) -> str:
    """Print the explain digests (one line per rule set, then all); the one over all."""
    total = hashlib.sha256()
    for name in names:
        n, text = explain_texts(vk.builtin_rules(name))
        digest = hashlib.sha256(text.encode()).hexdigest()
        total.update(digest.encode())
        print(f"{name:<16}{n:>6} {digest}", flush=True)
        if dump is not None:
            (dump / f"explain-{name}.txt").write_text(text, encoding="utf-8")
    print(f"{'all':<16}{'':>6} {total.hexdigest()}", flush=True)
    return total.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assess", action="store_true",
                        help="the assess digests (default: both)")
    parser.add_argument("--explain", action="store_true",
                        help="the explain digests (default: both)")
    parser.add_argument("--rules", default="", help="rule sets, comma-separated (default: all)")
    parser.add_argument("--dump", type=Path, default=None,
                        help="write each rule set's dumps and text into this folder")
    args = parser.parse_args()
    names = args.rules.split(",") if args.rules else list(vk.builtin_names())
    both = not (args.assess or args.explain)
    if args.dump is not None:
        args.dump.mkdir(parents=True, exist_ok=True)
    if args.assess or both:
        print("assess: to_dict, explanations and plan (JSON lines, errors included)")
        run_assess(names, args.dump)
    if args.explain or both:
        print("explain: to_dict, explanations, plan and its wordings")
        run_explain(names, args.dump)


if __name__ == "__main__":
    main()
