"""A variant costs only what it changes: ``compare`` of a threshold change against one evaluation.

Prints figures (it is not a test). For each size it loads the R1 workforce (benchmarks/r1.yaml)
from ``--data`` (the CSV files benchmarks/population.py writes, ``r1-<N>-1/``) or generates it,
then times, as medians of ``--repeats`` rounds in which the four run in turn (so that a
machine whose speed drifts moves them alike), in one process:

* ``simulate``: one evaluation of the base rules;
* ``compare``: base and a threshold change (``totaal.min``), the variant reusing the base's node
  columns (:class:`~vakmanschap.engine.columnar.memo.ColumnarMemo`);
* ``compare, no reuse``: the two evaluations in full, as compare did before;
* ``3 variants, one baseline``: the base evaluated once with a memo, then three variants
  compared against that result (``compare(population, base_result, variant, on)``).

Each figure is also given as a ratio to ``simulate`` measured in the same run.

Run: .venv/bin/python benchmarks/compare.py [--sizes 100000] [--repeats 3] [--data DIR]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any

import vakmanschap as vk
from vakmanschap.engine.columnar.memo import ColumnarMemo
from vakmanschap.population import Population, compare, simulate
from vakmanschap.population.generate import generate

HERE = Path(__file__).resolve().parent
ON = date(2033, 1, 1)
VARIANTS = ({"totaal.min": 120}, {"totaal.min": 140}, {"formeel.min": 60})


def interleaved(functions: list[Any], repeats: int) -> list[float]:
    """Median wall seconds of each function over ``repeats`` rounds, the functions run in
    turn within each round: a machine whose speed drifts (shared cores) moves them alike,
    so their ratios hold."""
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(repeats):
        for k, function in enumerate(functions):
            begin = time.perf_counter()
            function()
            times[k].append(time.perf_counter() - begin)
    return [statistics.median(t) for t in times]


def workforce(size: int, data: Path | None, rules: vk.RuleSet) -> Population:
    """The R1 workforce of ``size`` people: from ``data`` when written there, else generated."""
    folder = data / f"r1-{size}-1" if data is not None else None
    if folder is not None and (folder / "activities.csv").exists():
        return Population.from_csv(folder / "professionals.csv", folder / "activities.csv")
    return generate(size, 1, rules)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    rules = vk.load_rules(HERE / "r1.yaml")
    variants = [rules.with_changes(v) for v in VARIANTS]
    for size in args.sizes:
        report(workforce(size, args.data, rules), rules, variants, args.repeats)


def report(pop: Population, rules: vk.RuleSet, variants: list[vk.RuleSet], repeats: int
           ) -> None:
    """Time and print the four figures for one workforce."""
    def stack() -> None:
        base = simulate(pop, rules, ON, memo=ColumnarMemo())
        for variant in variants:
            compare(pop, base, variant, ON)

    one, reused, full, stacked = interleaved([
        lambda: simulate(pop, rules, ON),
        lambda: compare(pop, rules, variants[0], ON),
        lambda: (simulate(pop, rules, ON), simulate(pop, variants[0], ON)),
        stack], repeats)
    same = compare(pop, rules, variants[0], ON)
    fresh = simulate(pop, variants[0], ON)
    agree = (same.variant.met == fresh.met).all()
    print(f"{pop.size:,} people, R1, threshold change totaal.min 160 -> 120 "
          f"(results identical to a fresh evaluation: {'yes' if agree else 'NO'})")
    for label, seconds in (("simulate (one evaluation)", one), ("compare", reused),
                           ("compare, no reuse", full),
                           (f"{len(variants)} variants, one baseline", stacked)):
        print(f"  {label:32}{seconds:9.3f} s{seconds / one:8.2f}x")

if __name__ == "__main__":
    main()
