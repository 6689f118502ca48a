"""``project``: future terms of a workforce, under the rules and a variant (docs/cli.md).

Reads the workforce as ``simulate`` does (a folder of HR exports, or files one by one),
continues each person's history from ``--from`` for ``--years`` years over ``--draws`` random
draws, and prints per year (and per ``--by`` group) the expected number passing, onder
voorwaarden, lapsing, leaving and entering, with a 90 % band; with ``--variant`` or ``--set``
also under the variant and the difference. ``--workers N`` or ``--scheduler dask://HOST:PORT``
run the partitions on Dask (the ``[dask]`` extra). Exit codes: 0 done, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from vakmanschap.cli.params_commands import RULES_HELP
from vakmanschap.cli.person_commands import parse_sets
from vakmanschap.cli.population_commands import _population, _rules, file_arguments
from vakmanschap.cli.population_files import yaml_file as _yaml_file
from vakmanschap.cli.population_outputs import emit
from vakmanschap.cli.progress import finish, terminal_progress
from vakmanschap.errors import RuleError
from vakmanschap.io import load_overlay, load_rules
from vakmanschap.model.periods import to_date


def register(sub: Any) -> None:
    """Add ``project`` to the command line."""
    p = sub.add_parser("project", help="project future terms of a workforce",
                       description="Continue every professional's history from --from with "
                                   "their own past pace and mix; judge every term that ends "
                                   "in the horizon under the rules then in force (and a "
                                   "variant); report per year and group with a 90%% band.")
    file_arguments(p, "WORKFORCE")
    p.add_argument("--rules", required=True, help=RULES_HELP)
    p.add_argument("--variant", metavar="YAML", help="the variant: an overlay file or a whole "
                   "rule file")
    p.add_argument("--set", action="append", default=[], metavar="RULE.PARAM=VALUE",
                   help="a change that makes the variant (repeatable)")
    p.add_argument("--base-set", action="append", default=[], metavar="RULE.PARAM=VALUE",
                   help="a change to the base rules (repeatable)")
    p.add_argument("--from", dest="start", required=True, metavar="DATE",
                   help="first day of the projection, YYYY-MM-DD")
    p.add_argument("--years", type=int, default=5, help="years to project (default 5)")
    p.add_argument("--draws", type=int, default=200, help="random draws (default 200)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--assumptions", metavar="YAML", help="override the projection's "
                   "assumptions (pace, leavers, entrants, part_time)")
    p.add_argument("--by", action="append", default=[], metavar="COLUMN",
                   help="report per value of a grouping column (repeatable)")
    p.add_argument("--workers", type=int, help="run on a local Dask cluster of N workers")
    p.add_argument("--scheduler", metavar="dask://HOST:PORT", help="run on this Dask cluster")
    p.add_argument("--partition-size", type=int, default=20_000,
                   help="professionals per partition (default 20000)")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text",
                   help="output format: text (default), json or csv")
    p.add_argument("--out", metavar="FILE", help="write the table (per group with --by) here: "
                   ".xlsx (a sheet), .csv or .json (the extension chooses)")
    p.set_defaults(run=run_project)


def _variant(args: argparse.Namespace, base: Any) -> Any:
    if not args.variant and not args.set:
        return None
    variant = base
    if args.variant:
        data = _yaml_file(args.variant, "variant")
        if isinstance(data, dict) and "register" in data:
            variant = load_rules(args.variant)
        else:
            variant = base.with_changes(load_overlay(args.variant))
    if args.set:
        variant = variant.with_changes(parse_sets(args.set))
    return variant


def run_project(args: argparse.Namespace) -> int:
    from vakmanschap.population.projection import load_assumptions, project

    if args.workers is not None and args.scheduler:
        raise RuleError("give --workers N (a local cluster) or --scheduler (an existing one), "
                        "not both")
    progress = terminal_progress(args)
    base = _rules(args.rules, args.base_set)
    variant = _variant(args, base)
    start = to_date(args.start, record="--from")
    assumptions = load_assumptions(args.assumptions)
    population = _population(args, base, progress)
    result = project(population, base, start, years=args.years, draws=args.draws,
                     seed=args.seed, variant=variant, by=args.by or None,
                     assumptions=assumptions, partition_size=args.partition_size,
                     scheduler=args.scheduler, workers=args.workers, progress=progress)
    finish(progress)
    table = result.table(total=not args.by)
    if args.out:
        from vakmanschap.cli.tables_out import write_out

        write_out(args.out, {"projection": table}, json_payload=json.loads(result.to_json()
                                                                           or "{}"))
    if args.format == "csv":
        table.to_csv(sys.stdout)
    elif args.format == "json":
        emit(result.to_json() or "")
    else:
        emit(str(result))
    return 0
