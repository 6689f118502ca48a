"""``solve``: the value of a parameter that meets a target, and ``--costs`` for ``compare``
and ``sweep`` (the cost of a variant in hours and euros).

Exit codes as for every command (docs/cli.md): 0 a value was found, 1 no value of the grid
meets the target, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from vakmanschap.cli.population_commands import (
    _data_arguments,
    _population,
    _rules,
)
from vakmanschap.cli.population_outputs import emit
from vakmanschap.cli.progress import finish, terminal_progress
from vakmanschap.cli.sweep_values import values as _values
from vakmanschap.errors import RuleError
from vakmanschap.model.periods import to_date


def register(sub: Any) -> None:
    """Add ``solve`` to the command line."""
    p = sub.add_parser("solve", help="find the parameter value that meets a target",
                       description="Search the values of one parameter for the one that meets "
                                   "a target: a pass rate (pass_rate=0.90: at least 90 %%) or "
                                   "a cost (cost<=250000 euros, with --costs), overall or per "
                                   "group (--by). Monotone parameters use the sweep's binary "
                                   "search; others are searched value by value (docs/"
                                   "population.md).")
    _data_arguments(p)
    p.add_argument("--param", required=True, metavar="RULE.PARAM",
                   help="the parameter to solve for, e.g. totaal.min")
    p.add_argument("--target", required=True, metavar="MEASURE=VALUE",
                   help="pass_rate=0.90, pass_rate>=90%%, or cost<=250000")
    p.add_argument("--values", metavar="START:STOP:STEP",
                   help="the values to search (default 0 to twice the current value)")
    p.add_argument("--set", action="append", default=[], metavar="RULE.PARAM=VALUE",
                   help="change a parameter of the rules first (repeatable)")
    p.add_argument("--costs", metavar="YAML", help="cost model for a cost target: a file or "
                   "rijksambtenaar (the shipped one)")
    p.add_argument("--plot", metavar="PNG", help="write the curve searched (overall only)")
    p.set_defaults(run=run_solve)


def cost_model(path: str | None) -> Any:
    """The cost model of ``--costs``, or None."""
    if not path:
        return None
    from vakmanschap.population.cost_model import load_cost_model

    return load_cost_model(path)


def run_solve(args: argparse.Namespace) -> int:
    from vakmanschap.population.solve import solutions_table, solve

    progress = terminal_progress(args)
    rules = _rules(args.rules, args.set)
    on = to_date(args.on, record="--on")
    model = cost_model(args.costs)
    population = _population(args, rules, progress)
    values = _values(args.values) if args.values else None
    found = solve(population, rules, args.param, args.target, on, values=values,
                  by=args.by or None, model=model, group=args.group)
    finish(progress)
    if args.plot:
        if args.by:
            raise RuleError("--plot shows one curve: leave out --by")
        found[0].plot(args.plot)
    table = solutions_table(found)
    if args.format == "csv":
        table.to_csv(sys.stdout)
    elif args.format == "json":
        emit(json.dumps(table.to_dict(), ensure_ascii=False, indent=2))
    else:
        emit(str(table))
    return 0 if all(s.value is not None for s in found) else 1
