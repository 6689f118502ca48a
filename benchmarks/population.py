"""Population benchmark: the engine against hand-written numpy (+ pyarrow) and pandas R1.

Prints figures (it is not a test). For each size N (default 10,000 and 100,000; ``--full`` adds
1,000,000) it generates a synthetic workforce once (``--data``, default ``out/bench``) and
writes it as CSV and as Parquet with the activity rows in RANDOM order, as a real export has
them (``--grouped`` keeps them grouped by person, as the generator writes them). Each
implementation of the reference rule R1 (benchmarks/r1.yaml) runs in its own process, once per
format, so that each one's peak memory (VmHWM) is its own:

* **engine**: ``Population.from_csv`` / ``from_parquet`` (load), ``simulate`` (evaluation),
  and, from CSV, ``compare`` against a variant and a sweep of 1,000 values of ``totaal.min``;
* **reference**: benchmarks/r1_baselines.py ``read_reference`` (pyarrow reads the same files
  into typed columns, ids joined with ``index_in``, no checks) and ``r1_numpy``;
* **pandas**: ``pandas.read_csv`` and ``r1_pandas`` (a groupby), from CSV.

End to end is load + evaluate: from the file to every person's result. Times are medians over
``--repeats`` runs (load: one run). All must agree person by person (met, counted total,
required total, which requirements failed); the script says so or stops. Usage::

    .venv/bin/python benchmarks/population.py            # 10k and 100k
    .venv/bin/python benchmarks/population.py --full     # and 1M
    .venv/bin/python benchmarks/population.py --sizes 20000 --repeats 5 --grouped

Then the register workloads (benchmarks/register_workloads.py): NBA (and NOvA once shipped)
on as many generated people, as a ratio to the R1 evaluation (``--no-registers`` skips them).
    .venv/bin/python benchmarks/population.py --sizes 1000000 --commands   # CLI peak memory

``--commands`` runs, instead of the workers, each command of the command line as a child
process and reports its wall and CPU time (``os.wait4``) and its own peak memory (VmHWM,
which the child writes as it ends): ``generate`` of the N people, then ``simulate --out``,
``compare --set``, ``sweep`` over 1,000 values of ``totaal.min`` and ``project`` (20 draws,
five years, in the command's own process), each reading the random-order CSV files.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RULES = HERE / "r1.yaml"
ON = date(2033, 1, 1)
VARIANT = {"totaal.min": 120, "formeel.min": 60}
SWEEP = np.round(np.arange(1000) * 0.25, 2)  # totaal.min from 0 to 249.75 hours


def peak_mb() -> float:
    """Peak resident memory of this process so far (MiB): VmHWM of /proc (Linux), which
    starts afresh in a new program; else ru_maxrss (which a child may inherit from its
    parent)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function: Any, repeats: int) -> tuple[float, Any]:
    """Median wall time over ``repeats`` runs, and the last result (the previous one is
    dropped before each run, so that two results never share the peak memory)."""
    times = []
    result = None
    for _ in range(repeats):
        result = None
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def prepare(size: int, seed: int, folder: Path, grouped: bool) -> Path:
    """Generate and write the workforce of ``size`` people once: CSV and Parquet, the
    activities in random row order unless ``grouped``."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    import vakmanschap as vk
    from vakmanschap.population.generate import generate
    from vakmanschap.population.writing import write_csv

    target = folder / f"r1-{size}-{seed}-{'grouped' if grouped else 'random'}"
    if (target / "activities.parquet").is_file():
        return target
    start = time.perf_counter()
    population = generate(size, seed, vk.load_rules(RULES))
    write_csv(population, target)
    for name in ("professionals", "activities"):
        text = pacsv.ConvertOptions(strings_can_be_null=False,
                                    column_types={"id": pa.string(),
                                                  "professional_id": pa.string()})
        table = pacsv.read_csv(target / f"{name}.csv", convert_options=text)
        if name == "activities" and not grouped:
            table = table.take(np.random.default_rng(seed).permutation(table.num_rows))
            pacsv.write_csv(table, target / f"{name}.csv")
        pq.write_table(table, target / f"{name}.parquet")
    print(f"  generated {size:,} people, {len(population.activities):,} activities in "
          f"{time.perf_counter() - start:.1f} s -> {target}", flush=True)
    return target


# -- workers (run in their own process) ---------------------------------------------------------


def _files(data: Path, fmt: str) -> tuple[Path, Path]:
    return data / f"professionals.{fmt}", data / f"activities.{fmt}"


def worker_engine(data: Path, fmt: str, repeats: int, out: Path) -> dict[str, Any]:
    import vakmanschap as vk
    from vakmanschap.population import Population, compare, simulate, sweep

    rules = vk.load_rules(RULES)
    start = time.perf_counter()
    load_from = Population.from_csv if fmt == "csv" else Population.from_parquet
    population = load_from(*_files(data, fmt))
    load = time.perf_counter() - start
    load_peak = peak_mb()
    evaluation, result = timed(lambda: simulate(population, rules, ON), repeats)
    eval_peak = peak_mb()
    columns = result.columns
    failed = np.zeros(population.size, dtype=np.int64)
    for bit, key in enumerate(("totaal", "formeel", "reflectie", "themas")):
        failed |= (~columns[key].met).astype(np.int64) << bit
    np.savez(out, met=result.met, total=np.rint(columns["totaal"].actual * 100).astype(np.int64),
             required=np.rint(columns["totaal"].required * 100).astype(np.int64), failed=failed)
    figures = {"load": load, "evaluate": evaluation, "peak_load_mb": load_peak,
               "peak_eval_mb": eval_peak, "people": population.size,
               "activities": len(population.activities), "pass_rate": result.pass_rate}
    del result, columns  # each phase below holds only its own results
    if fmt == "csv":
        variant = rules.with_changes(VARIANT)
        comparison, diff = timed(lambda: compare(population, rules, variant, ON), repeats)
        del diff
        figures["peak_compare_mb"] = peak_mb()
        swept, curve = timed(lambda: sweep(population, rules, "totaal.min", SWEEP, ON),
                             max(1, repeats // 2))
        figures.update(compare=comparison, sweep=swept, sweep_at_160=int(curve.met[640]))
    figures["peak_mb"] = peak_mb()
    return figures


def worker_numpy(data: Path, fmt: str, repeats: int, out: Path) -> dict[str, Any]:
    from r1_baselines import r1_numpy, read_reference

    start = time.perf_counter()
    person, day, amount, category, accredited, themes, registered, fte, codes, bits = \
        read_reference(*_files(data, fmt), fmt)
    load = time.perf_counter() - start
    on = ON.toordinal()
    evaluation, result = timed(lambda: r1_numpy(person, day, amount, category, accredited,
                                                themes, registered, fte, on, codes, bits),
                               repeats)
    np.savez(out, **result)
    return {"load": load, "evaluate": evaluation, "peak_mb": peak_mb()}


def worker_pandas(data: Path, fmt: str, repeats: int, out: Path) -> dict[str, Any]:
    import pandas as pd
    from r1_baselines import r1_pandas

    start = time.perf_counter()
    people = pd.read_csv(data / "professionals.csv", usecols=["id", "registered_on", "fte"])
    acts = pd.read_csv(data / "activities.csv",
                       usecols=["professional_id", "date", "hours", "category", "theme",
                                "accredited"], keep_default_na=False)
    # the same codes the engine uses: person index, ordinal day, hundredths, category code,
    # theme bit mask
    index = pd.Series(np.arange(len(people)), index=people["id"])
    epoch = date(1970, 1, 1).toordinal()
    categories = {"formeel": 0, "informeel": 1, "reflectie": 2}
    theme_bits = {f"t{k}": k - 1 for k in range(1, 6)}
    masks = {text: sum(1 << theme_bits[t] for t in text.split(";") if t)
             for text in acts["theme"].unique()}
    frame = pd.DataFrame({
        "person": index.loc[acts["professional_id"]].to_numpy(),
        "day": (pd.to_datetime(acts["date"]).to_numpy().astype("datetime64[D]")
                .astype(np.int64) + epoch),
        "amount": np.rint(acts["hours"].to_numpy() * 100).astype(np.int64),
        "category": acts["category"].map(categories).to_numpy(),
        "accredited": acts["accredited"].astype(str).str.lower().eq("true").to_numpy(),
        "themes": acts["theme"].map(masks).to_numpy().astype(np.int64)})
    registered = (pd.to_datetime(people["registered_on"]).to_numpy().astype("datetime64[D]")
                  .astype(np.int64) + epoch)
    frame_people = pd.DataFrame({"registered": registered, "fte": people["fte"].to_numpy()})
    load = time.perf_counter() - start
    evaluation, result = timed(lambda: r1_pandas(frame, frame_people, ON.toordinal(),
                                                 categories, list(range(5))), repeats)
    np.savez(out, **result)
    return {"load": load, "evaluate": evaluation, "peak_mb": peak_mb()}


def worker_registers(data: Path, fmt: str, repeats: int, out: Path) -> dict[str, Any]:
    from register_workloads import worker_registers as registers

    return registers(data, fmt, repeats, out, RULES, ON)




def run_commands(size: int, seed: int, data: Path, folder: Path) -> None:
    """Each command of the command line in its own process: wall and CPU time, peak memory."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"),
                                                        os.environ.get("PYTHONPATH", "")])}
    # the child writes its own VmHWM when it ends: ru_maxrss of a child counts the parent's
    # peak at the fork (Linux keeps the larger), and this process has read the files
    cli = [sys.executable, "-c", "import os, sys\nfrom vakmanschap.cli import main\ntry:\n"
           "    code = main()\nfinally:\n    peak = [l for l in open('/proc/self/status') "
           "if l.startswith('VmHWM')]\n    open(os.environ['PEAK_FILE'], 'w').write("
           "peak[0].split()[1] if peak else '0')\nsys.exit(code)"]
    read = ["--professionals", str(data / "professionals.csv"), "--activities",
            str(data / "activities.csv"), "--rules", str(RULES), "--on", ON.isoformat()]
    out = folder / f"commands-{size}"
    out.mkdir(parents=True, exist_ok=True)
    commands = {
        "generate": ["generate", "--size", str(size), "--seed", str(seed), "--rules",
                     str(RULES), "--out", str(out / "generated")],
        "simulate --out": ["simulate", *read, "--out", str(out / "simulate.csv")],
        "compare": ["compare", *read, "--set", "totaal.min=120", "--out",
                    str(out / "compare.csv")],
        "sweep (1,000 values)": ["sweep", *read, "--param", "totaal.min=0:249.75:0.25"],
        # in this process (no Dask workers): the whole workforce and every block in one peak;
        # memory is bounded per block of draws, so 20 draws show the peak of 200 in less time
        "project (20 draws)": ["project", *[a for a in read if a not in ("--on", ON.isoformat())],
                               "--from", ON.isoformat(), "--draws", "20", "--set",
                               "totaal.min=120", "--out", str(out / "project.csv")],
    }
    print(f"  {'command (CSV, random order)':32}{'wall s':>9}{'CPU s':>9}{'peak MiB':>10}")
    for name, arguments in commands.items():
        errors = out / "stderr.txt"
        peak = out / "peak.txt"
        start = time.perf_counter()
        with errors.open("wb") as sink:
            child = subprocess.Popen([*cli, *arguments], env={**env, "PEAK_FILE": str(peak)},
                                     stdout=subprocess.DEVNULL, stderr=sink)
            _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        if status != 0:
            raise SystemExit(f"{name} failed:\n{errors.read_text()}")
        cpu = usage.ru_utime + usage.ru_stime
        print(f"  {name:32}{wall:9.1f}{cpu:9.1f}{int(peak.read_text()) / 1024:10.0f}",
              flush=True)


WORKERS = {"engine": worker_engine, "numpy": worker_numpy, "pandas": worker_pandas,
           "registers": worker_registers}


def run_worker(kind: str, data: Path, fmt: str, repeats: int, out: Path) -> dict[str, Any]:
    """Run one implementation in a fresh process (its own peak memory)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--data",
               str(data), "--format", fmt, "--repeats", str(repeats), "--result", str(out)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT / "src"),
                                                        os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} worker failed:\n{done.stderr}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def agree(data: Path, files: dict[str, Path]) -> str:
    """Person by person: met, counted total, required total and failed requirements."""
    engine = np.load(files["engine-csv"])
    out = []
    for other in sorted(set(files) - {"engine-csv"}):
        if other not in files:
            continue
        theirs = np.load(files[other])
        for name in ("met", "total", "required", "failed"):
            if not np.array_equal(engine[name], theirs[name]):
                bad = int((engine[name] != theirs[name]).sum())
                raise SystemExit(f"engine and {other} disagree on {name} for {bad} people "
                                 f"({data})")
        out.append(other)
    return ("engine (CSV) = " + " = ".join(out) +
            " for every person (met, total, required, failed)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated sizes")
    parser.add_argument("--full", action="store_true", help="also 1,000,000 people")
    parser.add_argument("--repeats", type=int, default=3, help="runs per timing (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", default=str(ROOT / "out" / "bench"),
                        help="folder for the generated files (reused between runs)")
    parser.add_argument("--grouped", action="store_true",
                        help="activity rows grouped by person (default: random order)")
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas version")
    parser.add_argument("--no-registers", action="store_true",
                        help="skip the register workloads (NBA; NOvA once shipped)")
    parser.add_argument("--commands", action="store_true",
                        help="run the CLI commands as child processes: time and peak memory")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--format", default="csv", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        figures = WORKERS[args.worker](Path(args.data), args.format, args.repeats,
                                       Path(args.result))
        print(json.dumps(figures))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.full and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    runs = [("engine", "csv"), ("numpy", "csv"), ("engine", "parquet"), ("numpy", "parquet")]
    try:
        import pandas  # noqa: F401

        if not args.no_pandas:
            runs.append(("pandas", "csv"))
    except ImportError:
        pass
    import platform

    print(f"vakmanschap population benchmark: R1, on {ON}, repeats {args.repeats}, "
          f"python {platform.python_version()}, numpy {np.__version__}, "
          f"{os.cpu_count()} CPUs, activity rows {'grouped' if args.grouped else 'random'}",
          flush=True)
    folder = Path(args.data)
    folder.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        print(f"\nN = {size:,}", flush=True)
        data = prepare(size, args.seed, folder, args.grouped)
        if args.commands:
            run_commands(size, args.seed, data, folder)
            continue
        files = {f"{k}-{f}": folder / f"result-{k}-{f}-{size}.npz" for k, f in runs}
        figures = {f"{k}-{f}": run_worker(k, data, f, args.repeats, files[f"{k}-{f}"])
                   for k, f in runs}
        e = figures["engine-csv"]
        print(f"  {e['people']:,} people, {e['activities']:,} activities "
              f"({e['activities'] / e['people']:.1f} each); pass rate {e['pass_rate']:.1%}")
        print(f"  {'':24}{'load':>9}{'evaluate':>10}{'end to end':>12}{'peak MB':>9}"
              f"{'e2e ratio':>11}{'eval ratio':>11}")
        for fmt in ("csv", "parquet"):
            ref = figures[f"numpy-{fmt}"]
            for kind in ("engine", "numpy", "pandas"):
                f = figures.get(f"{kind}-{fmt}")
                if f is None:
                    continue
                e2e = f["load"] + f["evaluate"]
                ratio = e2e / (ref["load"] + ref["evaluate"])
                label = {"engine": "vakmanschap", "numpy": "numpy + pyarrow",
                         "pandas": "pandas"}[kind]
                print(f"  {label + ', ' + fmt:24}{f['load']:9.2f}{f['evaluate']:10.3f}"
                      f"{e2e:12.2f}{f['peak_mb']:9.0f}{ratio:10.2f}x"
                      f"{f['evaluate'] / ref['evaluate']:10.2f}x")
        print("  targets: end to end <= 1.5x the reference of the same format; evaluation "
              "<= 1.0x")
        print(f"  compare (s) {e['compare']:.3f}; sweep of 1000 points (s) {e['sweep']:.3f} "
              f"({e['sweep'] / e['evaluate']:.2f}x an evaluation; target <= 10)")
        print(f"  engine peak (MB): after load {e['peak_load_mb']:.0f}, after evaluate "
              f"{e['peak_eval_mb']:.0f}, after compare {e['peak_compare_mb']:.0f}, "
              f"with the sweep {e['peak_mb']:.0f}")
        print(f"  {agree(data, files)}", flush=True)
        if not args.no_registers:  # benchmarks/register_workloads.py (issue 15)
            from register_workloads import report

            registers = run_worker("registers", data, "csv", 1, folder / "unused.npz")
            print("\n".join(report(registers)), flush=True)


if __name__ == "__main__":
    main()
