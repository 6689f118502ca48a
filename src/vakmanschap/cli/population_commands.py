"""``simulate``, ``compare``, ``sweep`` and ``generate``: the population on the command line.

Every command reads a population from a folder of HR exports (``professionals.csv``,
``activities.csv`` and, when present, ``employments.csv``, ``leaves.csv``, ``events.csv``,
``attestations.csv``; or the same names ending in ``.parquet``), or from files named one by
one. Output is ``--format text`` (tables for people), ``json`` or ``csv``; ``--out`` writes
every table (.xlsx, .csv or .json: :mod:`vakmanschap.cli.population_outputs`), ``--plot`` a
chart. Progress bars are shown on stderr for long steps, only when stderr is a terminal and
``--quiet`` is not given. Exit codes as for every command (docs/cli.md): 0 done, 2 bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from vakmanschap.cli import population_outputs as out
from vakmanschap.cli.cost_outputs import add_cost_arguments, compare_costs, sweep_costs
from vakmanschap.cli.generate_command import run_generate
from vakmanschap.cli.hours_outputs import (
    add_hours_arguments,
    compare_hours_table,
    simulate_hours_table,
)
from vakmanschap.cli.outputs import refuse_outputs_onto_inputs
from vakmanschap.cli.params_commands import RULES_HELP, pointing_to_params
from vakmanschap.cli.person_commands import parse_sets
from vakmanschap.cli.population_files import FILES
from vakmanschap.cli.population_files import files_of as _files
from vakmanschap.cli.population_files import yaml_file as _yaml_file
from vakmanschap.cli.progress import finish, terminal_progress
from vakmanschap.cli.sweep_values import values as _values
from vakmanschap.cli.tables_out import check_out
from vakmanschap.errors import DataError, RuleError
from vakmanschap.io import load_overlay, load_rules
from vakmanschap.model.periods import to_date

PLOT_SUFFIXES = (".png", ".svg", ".pdf")
OUT_HELP = ("write every table to FILE: .xlsx (one sheet per table), .csv (the first table; "
            "the others beside it as STEM.TABLE.csv) or .json")


def file_arguments(p: argparse.ArgumentParser, metavar: str = "DATA_DIR") -> None:
    """The arguments that name and read a workforce's HR exports (every population command)."""
    p.add_argument("data", nargs="?", metavar=metavar,
                   help="folder with professionals.csv, activities.csv, ... (or .parquet), "
                        "or an .xlsx workbook with a sheet per file")
    for name in FILES:
        p.add_argument(f"--{name}", metavar="FILE", help=f"the {name} file (overrides {metavar})")
    p.add_argument("--columns", metavar="YAML", help="column mapping file, e.g. "
                   "{activities: {hours: uren}} (docs/population.md)")
    p.add_argument("--rejects", metavar="CSV", help="write bad rows here instead of stopping "
                   "at the first one")
    p.add_argument("--delimiter", help="CSV delimiter (default: sniffed from the header line: "
                   "',' ';' or tab; the one used is said on stderr when it is not ',')")
    p.add_argument("--decimal", choices=(".", ","), default=".",
                   help="decimal mark of numbers in CSV files (default .; ',' for 0,8)")
    p.add_argument("--keep-columns", metavar="NAMES",
                   help="extra columns to keep, comma-separated (professionals: grouping "
                        "attributes); any other unknown column is an error")


def _data_arguments(p: argparse.ArgumentParser) -> None:
    file_arguments(p)
    p.add_argument("--rules", required=True, help=RULES_HELP)
    p.add_argument("--on", required=True, help="assessment date YYYY-MM-DD")
    p.add_argument("--group", choices=("registration", "development", "reregistration"),
                   help="requirement group (default: as for one professional)")
    p.add_argument("--by", action="append", default=[], metavar="COLUMN",
                   help="summarise per value of a grouping column (repeatable)")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text",
                   help="output format: text (default), json or csv")


def register(sub: Any) -> None:
    """Add ``simulate``, ``compare``, ``sweep`` and ``generate`` to the command line."""
    p = sub.add_parser("simulate", help="assess a whole population from HR exports",
                       description="Assess every professional of a population (HR exports) on "
                                   "a date; print pass rates per group and per requirement.")
    _data_arguments(p)
    p.add_argument("--set", action="append", default=[], metavar="RULE.PARAM=VALUE",
                   help="change a parameter, e.g. --set totaal.min=120 (repeatable)")
    p.add_argument("--out", metavar="FILE", help=OUT_HELP)
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
    p.add_argument("--out", metavar="FILE", help=OUT_HELP)
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
    p.add_argument("--out", metavar="FILE", help=OUT_HELP)
    p.add_argument("--plot", metavar="PNG", help="write the pass-rate curve here")
    add_cost_arguments(p, plot=False)
    p.add_argument("--workers", type=int, help="sweep partitions on a local Dask cluster of N "
                   "processes (the [dask] extra)")
    p.add_argument("--scheduler", metavar="dask://HOST:PORT",
                   help="sweep partitions on this Dask cluster")
    p.add_argument("--partition-size", type=int, default=100_000,
                   help="professionals per partition with --workers/--scheduler "
                        "(default 100000)")
    p.set_defaults(run=run_sweep)

    p = sub.add_parser("generate", help="write a synthetic workforce as CSV files",
                       description="Write professionals.csv, activities.csv (and attestations, "
                                   "employments, leaves, events): a synthetic workforce drawn "
                                   "from what the rules ask (docs/population.md).")
    p.add_argument("--size", type=int, required=True, help="number of people")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    p.add_argument("--rules", default="rijksambtenaar", help="rule set whose categories, "
                   "themes, kinds, levels and roles to use (default rijksambtenaar)")
    p.add_argument("--start", default="2025-01-01", help="the register's start date")
    p.add_argument("--activities", type=float, default=24.0,
                   help="mean activities per person per cycle (default 24)")
    p.add_argument("--employments", action="store_true",
                   help="also write employments.csv (always when the rule set counts work)")
    p.add_argument("--leaves", action="store_true", help="also write leaves.csv")
    p.set_defaults(run=run_generate)  # cli/generate_command.py


# -- helpers ------------------------------------------------------------------------------------


def _inputs(args: argparse.Namespace, files: dict[str, Path | None]) -> list[Any]:
    rules = getattr(args, "rules", None)
    return [*files.values(), getattr(args, "columns", None), getattr(args, "variant", None),
            getattr(args, "costs", None), rules if rules and Path(rules).is_file() else None]


def _guard(args: argparse.Namespace, files: dict[str, Path | None]) -> None:
    """Refuse a bad delimiter, outputs that would replace an input, and an ``--out`` whose
    extension names no format of ours."""
    if args.delimiter is not None and (len(args.delimiter) != 1 or
                                       args.delimiter in "\r\n\""):
        raise DataError(f"{args.delimiter!r}: expected one character other than a quote or "
                        "a line break, e.g. ';'", field="--delimiter")
    plot = getattr(args, "plot", None)
    if plot and Path(plot).suffix.lower() not in PLOT_SUFFIXES:
        raise DataError(f"{plot}: a chart is written as png, svg or pdf; give a file name "
                        "ending in .png, .svg or .pdf", field="--plot")
    outputs = {f"--{name.replace('_', '-')}": getattr(args, name, None)
               for name in ("out", "rejects", "plot", "cost_plot")}
    refuse_outputs_onto_inputs(outputs, _inputs(args, files))
    check_out(getattr(args, "out", None), out.OUT_FORMATS)


def _population(args: argparse.Namespace, rules: Any, progress: Any) -> Any:
    from vakmanschap.population import Population

    files = _files(args)
    _guard(args, files)
    columns = _yaml_file(args.columns, "columns") if args.columns else None
    if columns is not None and not isinstance(columns, dict):
        raise DataError("a column mapping is a YAML mapping", record=args.columns)
    population = Population.from_files(
        files["professionals"], files["activities"], files["employments"], files["leaves"],
        files["events"], attestations=files["attestations"], columns=columns,
        rejects=args.rejects, rules=rules, delimiter=args.delimiter, decimal=args.decimal,
        keep_columns=args.keep_columns, progress=progress)
    _say_delimiters(population.report.delimiters, given=args.delimiter is not None)
    return population


def _say_delimiters(delimiters: dict[str, str], given: bool) -> None:
    """On stderr: the delimiter the CSV files were read with, when it is not ','."""
    for d in sorted({d for d in delimiters.values() if d != ","}):
        names = ", ".join(f for f, x in delimiters.items() if x == d)
        sys.stderr.write(f"vakmanschap: {names}: delimiter {'tab' if d == chr(9) else repr(d)} "
                         f"({'given' if given else 'sniffed'})\n")


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
    out.report_rejects(population)
    hours = simulate_hours_table(args, result)
    if args.out:
        tables = out.simulate_tables(result, args.by)
        if hours is not None:
            tables["hours"] = hours

        def document() -> Any:
            payload = out.simulate_json(result, args.by, people=True)
            if hours is not None:
                payload["hours"] = hours.to_dict()
            return payload

        out.finish(args.out, tables, document, _inputs(args, _files(args)))
    if args.format == "csv":
        result.to_csv(sys.stdout)
        _csv_after(hours)
    elif args.format == "json":
        payload = out.simulate_json(result, args.by)
        if args.why:
            payload["why"] = _why(result, args.by).to_dict()["rows"]
        if hours is not None:
            payload["hours"] = hours.to_dict()
        out.dump(payload)
    else:
        lines = population.report.lines()
        if result.fallbacks:
            lines.append("evaluated person by person: " + ", ".join(result.fallbacks))
        out.emit("\n".join([*lines, "", str(result.summary()),
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
    if args.plot and not args.by:
        raise RuleError("--plot needs --by COLUMN: the chart shows flips per group")
    population = _population(args, base, progress)
    diff = compare(population, base, variant, on, group=args.group, progress=progress)
    finish(progress)
    out.report_rejects(population)
    costs = compare_costs(args, diff)
    hours = compare_hours_table(args, diff)
    if args.out:
        tables = out.compare_tables(diff, args.by)
        if costs is not None:  # the cost sheet beside the flips
            tables["cost"] = costs
        if hours is not None:
            tables["hours"] = hours

        def document() -> Any:
            payload = out.compare_json(diff, args.by, people=True)
            if costs is not None:
                payload["cost"] = costs.to_dict()["rows"]
            if hours is not None:
                payload["hours"] = hours.to_dict()
            return payload

        out.finish(args.out, tables, document, _inputs(args, _files(args)))
    if args.plot:
        diff.plot(args.by[0], args.plot)
    if args.format == "csv":
        diff.to_csv(sys.stdout)
        _csv_after(hours)
    elif args.format == "json":
        payload = out.compare_json(diff, args.by)
        if costs is not None:
            payload["cost"] = costs.to_dict()["rows"]
        if hours is not None:
            payload["hours"] = hours.to_dict()
        out.dump(payload)
    else:
        parts = [*population.report.lines(), "", str(diff.summary())]
        if args.by:
            parts += ["", str(diff.summary(args.by))]
        parts += ["", str(diff.reasons())]
        if costs is not None:
            parts += ["", str(costs)]
        if hours is not None:
            parts += ["", str(hours)]
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
    progress = terminal_progress(args)
    rules = _rules(args.rules, args.set)
    on = to_date(args.on, record="--on")
    population = _population(args, rules, progress)
    (first, values), *rest = specs
    second, values2 = rest[0] if rest else (None, [])
    with pointing_to_params(args.rules):
        if args.workers is not None or args.scheduler is not None:
            from vakmanschap.population.sweep_partitions import sweep_partitioned

            result = sweep_partitioned(
                population, rules, first, values, on, parameter2=second, values2=values2,
                group=args.group, by=args.by or None, partition_size=args.partition_size,
                scheduler=args.scheduler, workers=args.workers, progress=progress)
        else:
            result = sweep(population, rules, first, values, on, parameter2=second,
                           values2=values2, group=args.group, by=args.by or None,
                           progress=progress)
    costs = sweep_costs(args, population, rules, first, values, on)
    finish(progress)
    out.report_rejects(population)
    if args.out:
        out.finish(args.out, out.sweep_tables(result, population),
                   lambda: out.sweep_json(result, population), _inputs(args, _files(args)))
    if args.plot:
        result.plot(args.plot)
    if args.format == "csv":
        out.sweep_csv_table(result).to_csv(sys.stdout)
        if costs is not None:
            sys.stdout.write("\n")
            costs.to_csv(sys.stdout)
    elif args.format == "json":
        payload = out.sweep_json(result, population)
        if costs is not None:
            payload["cost"] = costs.to_dict()["rows"]
        out.dump(payload)
    else:
        tables = out.sweep_tables(result, population)
        tables.pop("rejects")
        parts = ["\n".join(population.report.lines()), *(str(t) for t in tables.values())]
        if costs is not None:
            parts.append(str(costs))
        out.emit("\n\n".join(parts))
    return 0

