"""The ``--hours`` option of ``simulate`` and ``compare``: where the hours go per group (what
one requirement counts, caps per cap and excludes per reason), added to the command's output
(:mod:`vakmanschap.population.hours`)."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_hours_arguments", "compare_hours_table", "simulate_hours_table"]


def add_hours_arguments(p: argparse.ArgumentParser) -> None:
    """``--hours`` and ``--hours-for NODE``."""
    p.add_argument("--hours", action="store_true", help="where the hours go per group (--by): "
                   "counted, capped per cap, excluded per reason")
    p.add_argument("--hours-for", metavar="RULE", help="the requirement the hours are broken "
                   "down for (default: the first total, e.g. totaal; implies --hours)")


def _wanted(args: argparse.Namespace) -> bool:
    if args.hours_for and not args.hours:
        args.hours = True
    return bool(args.hours)


def simulate_hours_table(args: argparse.Namespace, result: Any) -> Any:
    """The breakdown of a simulation, or None without ``--hours``."""
    if not _wanted(args):
        return None
    return result.hours(args.hours_for, args.by or None)


def compare_hours_table(args: argparse.Namespace, diff: Any) -> Any:
    """The breakdown of the base and the variant side by side, or None without ``--hours``."""
    if not _wanted(args):
        return None
    from vakmanschap.population.hours import compare_hours

    return compare_hours(diff, args.hours_for, args.by or None)
