"""Projection speed and memory: ``project`` of a synthetic rijksambtenaren workforce with a
variant, on a local Dask cluster of 1 and of 2 single-threaded worker processes.

Run: .venv/bin/python benchmarks/projection.py [--size 1000000] [--draws 100] [--years 5]
     [--workers 1 2] [--partition-size 20000]        (--workers 0: in this process, no Dask)

Prints, per number of workers: wall time, people x draws per second, the peak resident
memory of each worker process (VmHWM, read in the worker after the run) and that of this
process so far (the workforce, the client and the local scheduler). The workforce is
generated once in this process (seed 1) and sent to the workers partition by partition. It is
not a test; on a shared machine the times are noisy (compare the runs of one invocation).
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import time

import numpy as np

import vakmanschap as vk
from vakmanschap.population import generate
from vakmanschap.population.partitions import local_cluster
from vakmanschap.population.projection import project


def _peak_mb() -> float:
    """This process's own peak resident memory (VmHWM; ru_maxrss of a child started by fork
    counts the parent's peak at the fork)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--draws", type=int, default=100)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--partition-size", type=int, default=20_000)
    args = parser.parse_args()
    from distributed import Client

    rules = vk.load_rules("rijksambtenaar")
    variant = rules.with_changes({"totaal.min": 120})
    began = time.perf_counter()
    population = generate(args.size, 1, rules)
    print(f"workforce: {args.size:,} people, {len(population.activities):,} activities "
          f"(generated in {time.perf_counter() - began:.1f} s); {args.draws} draws, "
          f"{args.years} years, partitions of {args.partition_size:,}")
    reference = None
    for n in args.workers:
        began = time.perf_counter()
        if n == 0:  # in this process, no Dask
            result = project(population, rules, "2027-01-01", years=args.years,
                             draws=args.draws, seed=1, variant=variant, by="organisation",
                             partition_size=args.partition_size)
            seconds = time.perf_counter() - began
            peaks = {"this process": _peak_mb()}
        else:
            with local_cluster(n, memory_limit=0) as cluster, Client(cluster) as client:
                began = time.perf_counter()
                result = project(population, rules, "2027-01-01", years=args.years,
                                 draws=args.draws, seed=1, variant=variant, by="organisation",
                                 partition_size=args.partition_size, scheduler=client)
                seconds = time.perf_counter() - began
                peaks = client.run(_peak_mb)
        same = "" if reference is None else (
            ", counts identical to the first run" if np.array_equal(reference, result.counts)
            else ", COUNTS DIFFER from the first run")
        reference = result.counts if reference is None else reference
        rate = args.size * args.draws / seconds
        print(f"{n} worker(s): {seconds:,.1f} s, {rate:,.0f} person-draws/s, peak memory per "
              f"worker: {', '.join(f'{v:,.0f} MB' for v in peaks.values())}; this process "
              f"(workforce, scheduler): {_peak_mb():,.0f} MB; counts sha256 "
              f"{hashlib.sha256(result.counts.tobytes()).hexdigest()[:16]}{same}")


if __name__ == "__main__":
    main()
