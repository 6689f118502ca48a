"""Evaluation alone against the hand-written numpy reference, in one process.

Prints figures (it is not a test). Loads the R1 workforce of ``--size`` people from the
Parquet files that benchmarks/population.py writes (``<data>/r1-<N>-1-random/``) twice: as a
:class:`Population` and as the reference's arrays (``r1_baselines.read_reference``); then, for
``--repeats`` rounds, runs ``simulate`` and ``r1_numpy`` in turn (so that a machine whose speed
drifts moves both alike) and prints the medians and their ratio, with the load average.

To compare two versions of the library (A/B), run it alternately with each one's ``src`` first
on the path, e.g. three rounds of::

    for side in /tmp/before/src src; do
        PYTHONPATH=$side .venv/bin/python benchmarks/evaluate_ratio.py --size 100000 --label $side
    done

Run: .venv/bin/python benchmarks/evaluate_ratio.py [--size 100000] [--repeats 5] [--data DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from r1_baselines import r1_numpy, read_reference  # noqa: E402

import vakmanschap as vk  # noqa: E402
from vakmanschap.population import Population, simulate  # noqa: E402

ON = date(2033, 1, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--data", type=Path, default=Path("out/bench"))
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    folder = args.data / f"r1-{args.size}-1-random"
    people, acts = folder / "professionals.parquet", folder / "activities.parquet"
    population = Population.from_parquet(people, acts)
    reference = read_reference(people, acts, "parquet")
    rules = vk.load_rules(HERE / "r1.yaml")
    on = ON.toordinal()
    engine, numpy = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        result = simulate(population, rules, ON)
        engine.append(time.perf_counter() - start)
        del result
        start = time.perf_counter()
        found = r1_numpy(*reference[:8], on, reference[8], reference[9])
        numpy.append(time.perf_counter() - start)
        del found
    e, r = statistics.median(engine), statistics.median(numpy)
    print(f"{args.label} N={args.size:,} simulate {e:.3f} s, r1_numpy {r:.3f} s, "
          f"ratio {e / r:.2f}x (load average {os.getloadavg()[0]:.1f})", flush=True)


if __name__ == "__main__":
    main()
