"""``generate``: a synthetic workforce written as HR-export CSV files (docs/population.md)."""

from __future__ import annotations

import argparse

from vakmanschap.cli.progress import finish, terminal_progress
from vakmanschap.io import load_rules
from vakmanschap.model.periods import to_date

__all__ = ["run_generate"]


def run_generate(args: argparse.Namespace) -> int:
    """Generate the workforce of ``args`` and write its CSV files."""
    from vakmanschap.population.generate import check_generate_bounds, generate
    from vakmanschap.population.writing import write_csv

    start = to_date(args.start, record="--start")
    check_generate_bounds(args.size, args.seed, start, args.activities, option="--")
    rules = load_rules(args.rules)
    progress = terminal_progress(args)
    population = generate(args.size, args.seed, rules, start=start, activities=args.activities,
                          employments=args.employments or None, leaves=args.leaves,
                          progress=progress)
    paths = write_csv(population, args.out, progress=progress)
    finish(progress)
    for name, path in paths.items():
        print(f"{name}: {path}")
    print(f"{population.size} people, {len(population.activities)} activities "
          f"(seed {args.seed}, rules {rules.register})")
    return 0
