"""``validate``, ``test`` and ``demo``: commands for rule files and their scenarios."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vakmanschap.errors import RuleFileError
from vakmanschap.io import builtin_names, builtin_rules, load_professionals, load_rules


def register(sub: Any) -> None:
    """Add ``validate``, ``test`` and ``demo`` to the command line."""
    p = sub.add_parser("validate", help="check rule files; report every problem",
                       description="Check each RULE_FILE and print every problem with "
                                   "file:line:column. Exit 0 when all are valid, 2 otherwise.")
    p.add_argument("rule_files", nargs="+", metavar="RULE_FILE",
                   help="rule files (YAML) to check")
    p.set_defaults(run=run_validate)

    p = sub.add_parser("test", help="run scenario files",
                       description="Run YAML scenario files (docs/scenarios.md). Exit 0 when "
                                   "all scenarios pass, 1 when one fails.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    p.set_defaults(run=run_test)

    p = sub.add_parser("demo", help="the main job on built-in defaults",
                       description="Assess the shipped example professionals under every "
                                   "shipped rule set; then generate a workforce of rijksambtenaren,"
                                   " write it as HR exports, load it, and compare the shipped "
                                   "civil-servant rules with a variant (fewer hours, reflection "
                                   "twice a year): summary tables on stdout, plots in --out.")
    p.add_argument("--lang", choices=("nl", "en"), default="nl",
                   help="language of the text: nl (Dutch, default) or en (English)")
    p.add_argument("--size", type=int, default=130_000,
                   help="workforce size (default 130,000: the rijksambtenaren)")
    p.add_argument("--seed", type=int, default=1,
                   help="random seed of the generated workforce (default 1)")
    p.add_argument("--out", default="out/demo", help="folder for the exports and plots")
    p.add_argument("--on", default=DEMO_ON, help=f"population assessment date (default {DEMO_ON})")
    p.add_argument("--people-only", action="store_true",
                   help="only the example professionals, no workforce")
    p.set_defaults(run=run_demo)


def run_validate(args: argparse.Namespace) -> int:
    bad = 0
    for path in args.rule_files:
        try:
            rules = load_rules(path)
        except RuleFileError as exc:
            bad += 1
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            continue
        versions = ", ".join(f"{v.id} (from {v.valid_from})" for v in rules.versions)
        print(f"{path}: ok — {rules.register}: {len(rules.versions)} version(s): {versions}")
    return 2 if bad else 0


def _scenario_paths(paths: list[str]) -> list[str]:
    """The files named, and in each folder named every scenario file below it (a YAML file
    with a top-level ``scenarios:``; rule files and person files beside them are passed over)."""
    from pathlib import Path

    from vakmanschap.errors import DataError
    from vakmanschap.scenarios import is_scenario_file

    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [str(p) for p in sorted([*path.rglob("*.yaml"), *path.rglob("*.yml")])
                     if is_scenario_file(p)]
            if not found:
                raise DataError("no scenario files (YAML with a top-level 'scenarios:') in "
                                "this folder", record=raw)
            out.extend(found)
        else:
            out.append(raw)
    return out


def run_test(args: argparse.Namespace) -> int:
    from vakmanschap.scenarios import run_scenario_file

    total = failed = 0
    for path in _scenario_paths(args.paths):
        for result in run_scenario_file(path):
            total += 1
            if result.passed:
                continue
            failed += 1
            for failure in result.failures:
                print(f"FAIL {result.file}: {result.name}: {failure}")
    print(f"{total - failed} of {total} scenarios passed")
    return 1 if failed else 0


# The shipped register starts on 2025-01-01 and registers existing staff during 2025, so on
# this date every first term of existing staff has ended: the question is who would lapse.
DEMO_ON = "2030-01-01"
# The variant a negotiator might table: fewer hours, but reflection twice in every year.
DEMO_VARIANT = {"totaal.min": 120, "formeel.min": 60, "reflectie-jaar.min": 2}


def run_demo(args: argparse.Namespace) -> int:
    code = run_people_demo(args)
    if not args.people_only:
        code = code or run_population_demo(args)
    return code


def run_population_demo(args: argparse.Namespace) -> int:
    """The main job: a generated workforce under the shipped rules and a variant."""
    import time
    from pathlib import Path

    from vakmanschap.model.periods import to_date
    from vakmanschap.population import Population, compare, generate, sweep, write_csv
    from vakmanschap.population.plots import sweep_curve
    from vakmanschap.text.diff import diff_rules

    out = Path(args.out)
    on = to_date(args.on, record="--on")
    rules = builtin_rules("rijksambtenaar")
    variant = rules.with_changes(DEMO_VARIANT)
    clock = time.perf_counter()
    files = write_csv(generate(args.size, args.seed, rules), out / "workforce")
    population = Population.from_csv(files["professionals"], files["activities"],
                                     attestations=files.get("attestations"), rules=rules)
    loaded = time.perf_counter() - clock
    print(f"==== {rules.title(args.lang)}: {population.size:,} generated professionals "
          f"(seed {args.seed}), assessed on {on.isoformat()} ====\n")
    print(diff_rules(rules, variant).explain(args.lang))
    clock = time.perf_counter()
    diff = compare(population, rules, variant, on)
    compared = time.perf_counter() - clock
    print(diff.base.requirements())
    print()
    print(diff.summary())
    print()
    print(diff.summary("organisation"))
    print()
    print(diff.summary("late_starter"))
    print()
    print(diff.reasons())
    curve = sweep(population, rules, "totaal.min", range(40, 201, 10), on)
    print()
    print(curve)
    flips_png, curve_png = out / "flips-by-organisation.png", out / "sweep-totaal-min.png"
    diff.plot("organisation", flips_png)
    sweep_curve(curve, curve_png)
    diff.to_csv(out / "comparison.csv")
    print(f"\nwrote {files['professionals'].parent}/ (HR exports), {out / 'comparison.csv'}, "
          f"{flips_png}, {curve_png}")
    print(f"generate + write + load: {loaded:.1f} s; compare (two evaluations): "
          f"{compared:.1f} s")
    return 0


def run_people_demo(args: argparse.Namespace) -> int:
    """Assess the shipped example professionals (data/examples/people-NAME.yaml) under the
    rule set NAME (built-in, or data/examples/NAME.yaml) on the date each file declares."""
    from importlib import resources

    data = resources.files("vakmanschap").joinpath("data")
    examples = data.joinpath("examples")
    people_files = sorted(p.name for p in examples.iterdir()
                          if p.name.startswith("people-") and p.name.endswith(".yaml"))
    for file_name in people_files:
        name = file_name.removeprefix("people-").removesuffix(".yaml")
        with resources.as_file(examples.joinpath(file_name)) as path:
            people = load_professionals(path)
            on = _demo_date(path)
        if name in builtin_names():
            rules = builtin_rules(name)
        else:
            with resources.as_file(examples.joinpath(f"{name}.yaml")) as rule_path:
                rules = load_rules(rule_path)
        print(f"==== {rules.title(args.lang)} ({name}) ====\n")
        for person in people:
            print(rules.assess(person, on).explain(args.lang))
    return 0


def _demo_date(path: Any) -> Any:
    """The assessment date a demo person file declares in its first comment line."""
    from datetime import date

    with open(path, encoding="utf-8") as handle:
        first = handle.readline()
    marker = "demo-on:"
    if marker in first:
        return date.fromisoformat(first.split(marker, 1)[1].strip())
    return date(2026, 11, 30)
