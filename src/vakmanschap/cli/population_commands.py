"""``simulate``, ``compare``, ``sweep`` and ``generate``: the population on the command line.

Every command reads a population from a folder of HR exports (``professionals.csv``,
``activities.csv`` and, when present, ``employments.csv``, ``leaves.csv``, ``events.csv``,
``attestations.csv``; or the same names ending in ``.parquet``), or from files named one by
one. Output is ``--format text`` (tables for people), ``json`` or ``csv``; ``--out`` writes
every table (.xlsx, .csv or .json: :mod:`vakmanschap.cli.population_outputs`), ``--plot`` a
PNG chart. A progress line is shown on stderr for
long runs, only when stderr is a terminal. Exit codes as for every command (docs/cli.md):
0 done, 2 bad input.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import IO, Any

from vakmanschap.cli import population_outputs as out
from vakmanschap.cli.outputs import refuse_outputs_onto_inputs
from vakmanschap.cli.params_commands import pointing_to_params
from vakmanschap.cli.person_commands import parse_sets
from vakmanschap.cli.tables_out import check_out
from vakmanschap.errors import DataError, RuleError
from vakmanschap.io import load_overlay, load_rules, read_text
from vakmanschap.model.periods import to_date

OUT_HELP = ("write every table to FILE: .xlsx (one sheet per table), .csv (the first table; "
            "the others beside it as STEM.TABLE.csv) or .json")
FILES = ("professionals", "activities", "employments", "leaves", "events", "attestations")


class Progress:
    """A one-line progress indicator on a terminal stream; silent when it is not one."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.active = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, stage: str, fraction: float) -> None:
        if not self.active:
            return
        now = time.monotonic()
        if fraction < 1 and now - self.last < 0.1:
            return
        self.last = now
        width = 24
        filled = int(max(0.0, min(1.0, fraction)) * width)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {fraction * 100:5.1f}% {stage[:40]:<40} "
                          f"{now - self.start:6.1f}s")
        self.stream.flush()

    def done(self) -> None:
        """End the progress line."""
        if self.active:
            self.stream.write("\r" + " " * 90 + "\r")
            self.stream.flush()


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
    p.add_argument("--out", metavar="FILE", help=OUT_HELP)
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
    p.add_argument("--out", metavar="FILE", help=OUT_HELP)
    p.add_argument("--plot", metavar="PNG", help="write a who-flips chart per the first --by")
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
    p.add_argument("--out", metavar="FILE", help=OUT_HELP)
    p.add_argument("--plot", metavar="PNG", help="write the pass-rate curve here")
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
            rules if rules and Path(rules).is_file() else None]


def _guard(args: argparse.Namespace, files: dict[str, Path | None]) -> None:
    """Refuse a bad delimiter, outputs that would replace an input, and an ``--out`` whose
    extension names no format of ours."""
    if len(args.delimiter) != 1 or args.delimiter in "\r\n\"":
        raise DataError(f"{args.delimiter!r}: expected one character other than a quote or "
                        "a line break, e.g. ';'", field="--delimiter")
    outputs = {f"--{name}": getattr(args, name, None) for name in ("out", "rejects", "plot")}
    refuse_outputs_onto_inputs(outputs, _inputs(args, files))
    check_out(getattr(args, "out", None), out.OUT_FORMATS)


def _population(args: argparse.Namespace, rules: Any, progress: Progress) -> Any:
    from vakmanschap.population import Population

    files = _files(args)
    _guard(args, files)
    columns = _yaml_file(args.columns, "columns") if args.columns else None
    if columns is not None and not isinstance(columns, dict):
        raise DataError("a column mapping is a YAML mapping", record=args.columns)
    progress("reading the exports", 0.0)
    parquet = str(files["professionals"]).endswith(".parquet")
    kwargs: dict[str, Any] = {"columns": columns, "rejects": args.rejects, "rules": rules,
                              "attestations": files["attestations"]}
    loader = Population.from_parquet if parquet else Population.from_csv
    if not parquet:
        kwargs["delimiter"] = args.delimiter
    population = loader(files["professionals"], files["activities"], files["employments"],
                        files["leaves"], files["events"], **kwargs)
    progress("read", 1.0)
    return population


def _rules(name: str, sets: list[str]) -> Any:
    rules = load_rules(name)
    if not sets:
        return rules
    with pointing_to_params(name):
        return rules.with_changes(parse_sets(sets))


def _variant(args: argparse.Namespace, base: Any) -> Any:
    variant = base
    if args.variant:
        data = _yaml_file(args.variant, "variant")
        if isinstance(data, dict) and "register" in data:
            variant = load_rules(args.variant)
        else:
            with pointing_to_params(args.rules):
                try:
                    variant = base.with_changes(load_overlay(args.variant))
                except RuleError as exc:
                    raise RuleError(f"{args.variant}: {exc}") from None
    if args.set:
        with pointing_to_params(args.rules):
            variant = variant.with_changes(parse_sets(args.set))
    if variant is base:
        raise RuleError("compare needs a variant: --set RULE.PARAM=VALUE or --variant FILE")
    return variant


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


# -- commands -----------------------------------------------------------------------------------


def run_simulate(args: argparse.Namespace) -> int:
    from vakmanschap.population import simulate

    progress = Progress()
    rules = _rules(args.rules, args.set)
    on = to_date(args.on, record="--on")
    population = _population(args, rules, progress)
    result = simulate(population, rules, on, group=args.group, progress=progress)
    progress.done()
    out.report_rejects(population)
    if args.out:
        out.finish(args.out, out.simulate_tables(result, args.by),
                   out.simulate_json(result, args.by, people=True), _inputs(args, _files(args)))
    if args.format == "csv":
        result.to_csv(sys.stdout)
    elif args.format == "json":
        out.dump(out.simulate_json(result, args.by))
    else:
        lines = population.report.lines()
        if result.fallbacks:
            lines.append("evaluated person by person: " + ", ".join(result.fallbacks))
        out.emit("\n".join([*lines, "", str(result.summary()),
                            *(["", str(result.summary(args.by))] if args.by else []),
                            "", str(result.requirements())]))
    return 0


def run_compare(args: argparse.Namespace) -> int:
    from vakmanschap.population.compare import compare

    progress = Progress()
    base = _rules(args.rules, args.base_set)
    variant = _variant(args, base)
    on = to_date(args.on, record="--on")
    if args.plot and not args.by:
        raise RuleError("--plot needs --by COLUMN: the chart shows flips per group")
    population = _population(args, base, progress)
    diff = compare(population, base, variant, on, group=args.group, progress=progress)
    progress.done()
    out.report_rejects(population)
    if args.out:
        out.finish(args.out, out.compare_tables(diff, args.by),
                   out.compare_json(diff, args.by, people=True), _inputs(args, _files(args)))
    if args.plot:
        diff.plot(args.by[0], args.plot)
    if args.format == "csv":
        diff.to_csv(sys.stdout)
    elif args.format == "json":
        out.dump(out.compare_json(diff, args.by))
    else:
        parts = [*population.report.lines(), "", str(diff.summary())]
        if args.by:
            parts += ["", str(diff.summary(args.by))]
        parts += ["", str(diff.reasons())]
        out.emit("\n".join(parts))
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
    progress = Progress()
    rules = _rules(args.rules, args.set)
    on = to_date(args.on, record="--on")
    population = _population(args, rules, progress)
    (first, values), *rest = specs
    second, values2 = rest[0] if rest else (None, [])
    with pointing_to_params(args.rules):
        result = sweep(population, rules, first, values, on, parameter2=second,
                       values2=values2, group=args.group, by=args.by or None,
                       progress=progress)
    progress.done()
    out.report_rejects(population)
    if args.out:
        out.finish(args.out, out.sweep_tables(result, population),
                   out.sweep_json(result, population), _inputs(args, _files(args)))
    if args.plot:
        result.plot(args.plot)
    if args.format == "csv":
        out.sweep_csv_table(result).to_csv(sys.stdout)
    elif args.format == "json":
        out.dump(out.sweep_json(result, population))
    else:
        tables = out.sweep_tables(result, population)
        tables.pop("rejects")
        out.emit("\n\n".join(["\n".join(population.report.lines()),
                               *(str(t) for t in tables.values())]))
    return 0


def run_generate(args: argparse.Namespace) -> int:
    from vakmanschap.population.generate import generate
    from vakmanschap.population.writing import write_csv

    if args.size < 1:
        raise DataError(f"--size must be at least 1, got {args.size}", field="size")
    rules = load_rules(args.rules)
    start = to_date(args.start, record="--start")
    progress = Progress()
    progress("generating", 0.0)
    population = generate(args.size, args.seed, rules, start=start, activities=args.activities,
                          employments=args.employments, leaves=args.leaves)
    progress("writing", 0.5)
    paths = write_csv(population, args.out)
    progress.done()
    for name, path in paths.items():
        print(f"{name}: {path}")
    print(f"{population.size} people, {len(population.activities)} activities "
          f"(seed {args.seed}, rules {rules.register})")
    return 0
