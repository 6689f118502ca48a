"""The ``--costs`` option of ``compare`` and ``sweep``: the cost of a variant (or of each
swept value) in hours and euros, per group, added to the command's output."""

from __future__ import annotations

import argparse
from typing import Any

from vakmanschap.errors import RuleError


def add_cost_arguments(p: argparse.ArgumentParser, plot: bool) -> None:
    """``--costs`` (and, for compare, ``--cost-plot``)."""
    p.add_argument("--costs", metavar="YAML", help="cost model, a file or rijksambtenaar (the "
                   "shipped one): report the hours to close every gap and their euros per "
                   "group")
    if plot:
        p.add_argument("--cost-plot", metavar="PNG", help="write a cost chart per the first "
                       "--by (needs --costs)")


def _model(args: argparse.Namespace) -> Any:
    from vakmanschap.population.cost_model import load_cost_model

    return load_cost_model(args.costs)


def compare_costs(args: argparse.Namespace, diff: Any) -> Any:
    """The cost table of a comparison (per ``--by``), or None without ``--costs``; writes
    ``--cost-plot``."""
    if getattr(args, "cost_plot", None) and not args.costs:
        raise RuleError("--cost-plot needs --costs FILE")
    if not args.costs:
        return None
    from vakmanschap.population.cost import variant_cost

    report = variant_cost(diff, _model(args))
    if args.cost_plot:
        if not args.by:
            raise RuleError("--cost-plot needs --by COLUMN: the chart shows cost per group")
        report.plot(args.by[0], args.cost_plot)
    return report.table(args.by or None)


def sweep_costs(args: argparse.Namespace, population: Any, rules: Any, parameter: str,
                values: list[float], on: Any) -> Any:
    """The cost per swept value (per ``--by``), or None without ``--costs``."""
    if not args.costs:
        return None
    if len(args.param) > 1:
        raise RuleError("--costs with sweep takes one --param (a curve), not a grid")
    from vakmanschap.population.cost import cost_curve

    return cost_curve(population, rules, parameter, values, on, _model(args),
                      by=args.by or None, group=args.group)
