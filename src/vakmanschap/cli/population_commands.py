"""``simulate``, ``compare``, ``sweep`` and ``generate``: the population on the command line.

Every command reads a population from a folder of HR exports (``professionals.csv``,
``activities.csv`` and, when present, ``employments.csv``, ``leaves.csv``, ``events.csv``,
``attestations.csv``; or the same names ending in ``.parquet``), or from files named one by
one. Output is ``--format text`` (tables for people), ``json`` or ``csv``; ``--out`` writes
the per-person table as CSV, ``--plot`` a PNG chart. Progress bars are shown on stderr for
long steps, only when stderr is a terminal and ``--quiet`` is not given. Exit codes as for
every command (docs/cli.md): 0 done, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from vakmanschap.cli.cost_outputs import add_cost_arguments, compare_costs, sweep_costs
from vakmanschap.cli.hours_outputs import (
    add_hours_arguments,
    compare_hours_table,
    simulate_hours_table,
)
from vakmanschap.cli.outputs import refuse_outputs_onto_inputs
from vakmanschap.cli.person_commands import parse_sets
from vakmanschap.cli.progress import finish, terminal_progress
from vakmanschap.errors import DataError, RuleError
from vakmanschap.io import load_overlay, load_rules, read_text
from vakmanschap.model.periods import to_date

FILES = ("professionals", "activities", "employments", "leaves", "events", "attestations")


def _data_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", nargs="?", metavar="DATA_DIR",
                   help="folder with professionals.csv, activities.csv, ... (or .parquet)")
    for name in FILES:
        p.add_argument(f"--{name}", metavar="FILE", help=f"the {name} file (overrides DATA_DIR)")
    p.add_argument("--columns", metavar="YAML", help="column mapping file, e.g. "
                   "{activities: {hours: uren}} (docs/population.md)")
    p.add_argument("--rejects", metavar="CSV", help="write bad rows here instead of stopping "
                   "at the first one")
    p.add_argument("--delimiter", default=",", help="CSV delimiter (default ,)")
    p.add_argument("--rules", required=True, help="built-in name (srpo, big, rijksambtenaar) "
                   "or path to a rule file")
    p.add_argument("--on", required=True, help="assessment date YYYY-MM-DD")
    p.add_argument("--group", choices=("registration", "development", "reregistration"),
                   help="requirement group (default: as for one professional)")
    p.add_argument("--by", action="append", default=[], metavar="COLUMN",
                   help="summarise per value of a grouping column (repeatable)")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")


def register(sub: Any) -> None:
    """Add ``simulate``, ``compare``, ``sweep`` and ``generate`` to the command line."""
    p = sub.add_parser("simulate", help="assess a whole population from HR exports",
                       description="Assess every professional of a population (HR exports) on "
                                   "a date; print pass rates per group and per requirement.")
    _data_arguments(p)
    p.add_argument("--set", action="append", default=[], metavar="RULE.PARAM=VALUE",
                   help="change a parameter, e.g. --set totaal.min=120 (repeatable)")
    p.add_argument("--out", metavar="CSV", help="write the per-person table here")
    p.add_argument("--why", action="store_true", help="per requirement: how many fail it "
                   "alone and how many together with other requirements")
    add_hours_arguments(p)
    p.set_defaults(run=run_simulate)

    p = sub.add_parser("compare", help="compare the rules with a variant over a population",
                       description="Evaluate a population under the rules and under a variant "
                                   "(--set changes and/or --variant FILE): who loses, who gains, "
                                   "where the outcomes part, and the extra hours.")
    _data_arguments(p)
    p.add_argument("--set", action="append", default=[], metavar="RULE.PARAM=VALUE",
                   help="a change that makes the variant (repeatable)")
    p.add_argument("--variant", metavar="YAML", help="the variant: an overlay file "
                   "({totaal.min: 120, ...}) or a whole rule file")
    p.add_argument("--base-set", action="append", default=[], metavar="RULE.PARAM=VALUE",
                   help="a change to the base rules (repeatable)")
    p.add_argument("--out", metavar="CSV", help="write the per-person table here")
    p.add_argument("--plot", metavar="PNG", help="write a who-flips chart per the first --by")
    add_cost_arguments(p, plot=True)
    add_hours_arguments(p)
    p.set_defaults(run=run_compare)

    p = sub.add_parser("sweep", help="pass rates over the values of one or two parameters",
                       description="Pass rates of a population for each value of a parameter "
                                   "(or each combination of two: a grid), from one evaluation.")
    _data_arguments(p)
    p.add_argument("--param", action="append", required=True, metavar="RULE.PARAM=VALUES",
                   help="parameter and values: totaal.min=80:200:5 (start:stop:step, stop "
                        "included) or totaal.min=100,120,160; give it twice for a grid")
    p.add_argument("--set", action="append", default=[], metavar="RULE.PARAM=VALUE",
                   help="change a parameter of the rules swept (repeatable)")
    p.add_argument("--plot", metavar="PNG", help="write the pass-rate curve here")
    add_cost_arguments(p, plot=False)
    p.set_defaults(run=run_sweep)

    p = sub.add_parser("generate", help="write a synthetic workforce as CSV files",
                       description="Write professionals.csv, activities.csv (and attestations, "
                                   "employments, leaves) for a synthetic workforce of "
                                   "rijksambtenaren (distributions: docs/population.md).")
    p.add_argument("--size", type=int, required=True, help="number of people")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    p.add_argument("--rules", default="rijksambtenaar", help="rule set whose categories, "
                   "themes and kinds to use (default rijksambtenaar)")
    p.add_argument("--start", default="2025-01-01", help="the register's start date")
    p.add_argument("--activities", type=float, default=24.0,
                   help="mean activities per person per cycle (default 24)")
    p.add_argument("--employments", action="store_true", help="also write employments.csv")
    p.add_argument("--leaves", action="store_true", help="also write leaves.csv")
    p.set_defaults(run=run_generate)


# -- helpers ------------------------------------------------------------------------------------


def _yaml_file(path: str, what: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(read_text(path))
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML ({exc.__class__.__name__})", record=path,
                        field=what) from None


def _files(args: argparse.Namespace) -> dict[str, Path | None]:
    folder = Path(args.data) if args.data else None
    if folder is not None and not folder.is_dir():
        raise DataError("not a folder; give a folder of exports or --professionals/--activities",
                        record=str(folder))
    out: dict[str, Path | None] = {}
    for name in FILES:
        given = getattr(args, name)
        if given:
            out[name] = Path(given)
            continue
        found = None
        if folder is not None:
            for suffix in (".csv", ".parquet"):
                if (folder / f"{name}{suffix}").is_file():
                    found = folder / f"{name}{suffix}"
                    break
        out[name] = found
    for name in ("professionals", "activities"):
        if out[name] is None:
            raise DataError(f"no {name} file: give DATA_DIR with {name}.csv or --{name} FILE")
    return out


def _inputs(args: argparse.Namespace, files: dict[str, Path | None]) -> list[Any]:
    rules = getattr(args, "rules", None)
    return [*files.values(), getattr(args, "columns", None), getattr(args, "variant", None),
            getattr(args, "costs", None), rules if rules and Path(rules).is_file() else None]


def _guard(args: argparse.Namespace, files: dict[str, Path | None]) -> None:
    """Refuse a bad delimiter, and outputs that would replace an input."""
    if len(args.delimiter) != 1 or args.delimiter in "\r\n\"":
        raise DataError(f"{args.delimiter!r}: expected one character other than a quote or "
                        "a line break, e.g. ';'", field="--delimiter")
    outputs = {f"--{name.replace('_', '-')}": getattr(args, name, None)
               for name in ("out", "rejects", "plot", "cost_plot")}
    refuse_outputs_onto_inputs(outputs, _inputs(args, files))


def _population(args: argparse.Namespace, rules: Any, progress: Any) -> Any:
    from vakmanschap.population import Population

    files = _files(args)
    _guard(args, files)
    columns = _yaml_file(args.columns, "columns") if args.columns else None
    if columns is not None and not isinstance(columns, dict):
        raise DataError("a column mapping is a YAML mapping", record=args.columns)
    parquet = str(files["professionals"]).endswith(".parquet")
    kwargs: dict[str, Any] = {"columns": columns, "rejects": args.rejects, "rules": rules,
                              "attestations": files["attestations"], "progress": progress}
    loader = Population.from_parquet if parquet else Population.from_csv
    if not parquet:
        kwargs["delimiter"] = args.delimiter
    population = loader(files["professionals"], files["activities"], files["employments"],
                        files["leaves"], files["events"], **kwargs)
    return population


def _rules(name: str, sets: list[str]) -> Any:
    rules = load_rules(name)
    return rules.with_changes(parse_sets(sets)) if sets else rules


def _variant(args: argparse.Namespace, base: Any) -> Any:
    variant = base
    if args.variant:
        data = _yaml_file(args.variant, "variant")
        if isinstance(data, dict) and "register" in data:
            variant = load_rules(args.variant)
        else:
            variant = base.with_changes(load_overlay(args.variant))
    if args.set:
        variant = variant.with_changes(parse_sets(args.set))
    if variant is base:
        raise RuleError("compare needs a variant: --set RULE.PARAM=VALUE or --variant FILE")
    return variant


def _emit(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _values(spec: str) -> list[float]:
    text = spec.strip()
    try:
        if ":" in text:
            parts = [float(x) for x in text.split(":")]
            if len(parts) != 3 or parts[2] <= 0:
                raise ValueError
            start, stop, step = parts
            count = round((stop - start) / step) + 1
            if count < 1 or count > 100_000:
                raise ValueError
            return [round(start + k * step, 10) for k in range(count)]
        return [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise RuleError(f"--param values {spec!r}: write start:stop:step (e.g. 80:200:5) or "
                        "a list (100,120,160)") from None


def _csv_after(table: Any) -> None:
    """A further table after the per-person CSV, separated by an empty line."""
    if table is not None:
        sys.stdout.write("\n")
        table.to_csv(sys.stdout)


def _why(result: Any, by: list[str]) -> Any:
    from vakmanschap.population.failures import failing_together

    return failing_together(result, by or None)


# -- commands -----------------------------------------------------------------------------------


def run_simulate(args: argparse.Namespace) -> int:
    from vakmanschap.population import simulate

    progress = terminal_progress(args)
    rules = _rules(args.rules, args.set)
    on = to_date(args.on, record="--on")
    population = _population(args, rules, progress)
    result = simulate(population, rules, on, group=args.group, progress=progress)
    finish(progress)
    hours = simulate_hours_table(args, result)
    if args.out:
        result.to_csv(args.out)
    if args.format == "csv":
        result.to_csv(sys.stdout)
        _csv_after(hours)
    elif args.format == "json":
        payload = result.to_dict()
        if args.by:
            payload["by"] = result.summary(args.by).to_dict()["rows"]
        if args.why:
            payload["why"] = _why(result, args.by).to_dict()["rows"]
        if hours is not None:
            payload["hours"] = hours.to_dict()
        _emit(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        lines = population.report.lines()
        if result.fallbacks:
            lines.append("evaluated person by person: " + ", ".join(result.fallbacks))
        _emit("\n".join([*lines, "", str(result.summary()),
                         *(["", str(result.summary(args.by))] if args.by else []),
                         "", str(result.requirements()),
                         *(["", str(_why(result, args.by))] if args.why else []),
                         *(["", str(hours)] if hours is not None else [])]))
    return 0


def run_compare(args: argparse.Namespace) -> int:
    from vakmanschap.population.compare import compare

    progress = terminal_progress(args)
    base = _rules(args.rules, args.base_set)
    variant = _variant(args, base)
    on = to_date(args.on, record="--on")
    population = _population(args, base, progress)
    diff = compare(population, base, variant, on, group=args.group, progress=progress)
    finish(progress)
    if args.out:
        diff.to_csv(args.out)
    if args.plot:
        if not args.by:
            raise RuleError("--plot needs --by COLUMN: the chart shows flips per group")
        diff.plot(args.by[0], args.plot)
    costs = compare_costs(args, diff)
    hours = compare_hours_table(args, diff)
    if args.format == "csv":
        diff.to_csv(sys.stdout)
        _csv_after(hours)
    elif args.format == "json":
        payload = diff.to_dict()
        if args.by:
            payload["by"] = diff.summary(args.by).to_dict()["rows"]
        if costs is not None:
            payload["cost"] = costs.to_dict()["rows"]
        if hours is not None:
            payload["hours"] = hours.to_dict()
        _emit(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        parts = [str(diff.summary())]
        if args.by:
            parts.append(str(diff.summary(args.by)))
        parts.append(str(diff.reasons()))
        if costs is not None:
            parts.append(str(costs))
        if hours is not None:
            parts.append(str(hours))
        _emit("\n\n".join(parts))
    return 0


def run_sweep(args: argparse.Namespace) -> int:
    from vakmanschap.population.sweep import sweep

    if len(args.param) > 2:
        raise RuleError("sweep takes one --param (a curve) or two (a grid)")
    specs = []
    for item in args.param:
        key, sep, spec = item.partition("=")
        if not sep or not key.strip():
            raise RuleError(f"--param {item!r}: write RULE.PARAM=VALUES, e.g. totaal.min=80:200:5")
        specs.append((key.strip(), _values(spec)))
    progress = terminal_progress(args)
    rules = _rules(args.rules, args.set)
    on = to_date(args.on, record="--on")
    population = _population(args, rules, progress)
    (first, values), *rest = specs
    second, values2 = rest[0] if rest else (None, [])
    result = sweep(population, rules, first, values, on, parameter2=second, values2=values2,
                   group=args.group, by=args.by or None, progress=progress)
    costs = sweep_costs(args, population, rules, first, values, on)
    finish(progress)
    if args.plot:
        result.plot(args.plot)
    if args.format == "csv":
        result.to_csv(sys.stdout)
        if costs is not None:
            sys.stdout.write("\n")
            costs.to_csv(sys.stdout)
    elif args.format == "json":
        payload = json.loads(result.to_json() or "{}")
        if costs is not None:
            payload["cost"] = costs.to_dict()["rows"]
        _emit(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        parts = [str(result)]
        if args.by and second is None:
            parts.append(str(result.group_table()))
        if costs is not None:
            parts.append(str(costs))
        _emit("\n\n".join(parts))
    return 0


def run_generate(args: argparse.Namespace) -> int:
    from vakmanschap.population.generate import generate
    from vakmanschap.population.writing import write_csv

    if args.size < 1:
        raise DataError(f"--size must be at least 1, got {args.size}", field="size")
    rules = load_rules(args.rules)
    start = to_date(args.start, record="--start")
    progress = terminal_progress(args)
    population = generate(args.size, args.seed, rules, start=start, activities=args.activities,
                          employments=args.employments, leaves=args.leaves, progress=progress)
    paths = write_csv(population, args.out, progress=progress)
    finish(progress)
    for name, path in paths.items():
        print(f"{name}: {path}")
    print(f"{population.size} people, {len(population.activities)} activities "
          f"(seed {args.seed}, rules {rules.register})")
    return 0
