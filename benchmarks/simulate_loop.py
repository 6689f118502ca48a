"""Run ``vakmanschap simulate`` on the demo workforce many times, each in its own process, and
count how each run ended (issue 16, item 12: about 1 process in 30 died at exit with SIGABRT,
"terminate called without an active exception").

The workforce is the demo's (``generate`` with the shipped rijksambtenaar rules, as
``vakmanschap demo`` makes it), small enough that a run takes about a second; every run is
``simulate DIR --rules rijksambtenaar --on 2030-01-01``, whose documented exit code is 0
(docs/cli.md). Prints one line per distinct ending and a summary::

    PYTHONPATH=src .venv/bin/python benchmarks/simulate_loop.py --runs 200 --jobs 2

Exits 0 when every run ended with exit code 0 and nothing on stderr, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ON = "2030-01-01"
ENTRY = "import sys; from vakmanschap.cli import main; sys.exit(main())"


def _environment() -> dict[str, str]:
    src = Path(__file__).resolve().parent.parent / "src"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep)
    return env


def make_workforce(folder: Path, size: int, seed: int = 1) -> Path:
    """The demo's workforce of ``size`` people, written as CSV into ``folder``."""
    done = subprocess.run([sys.executable, "-c", ENTRY, "generate", "--size", str(size),
                           "--seed", str(seed), "--out", str(folder)], capture_output=True,
                          env=_environment(), timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"generate failed: {done.stderr.decode(errors='replace')}")
    return folder


def run_once(workforce: Path, timeout: float = 120) -> tuple[int | str, str]:
    """One ``simulate`` process: (its return code, or 'timeout'; the last stderr line)."""
    try:
        done = subprocess.run([sys.executable, "-c", ENTRY, "simulate", str(workforce),
                               "--rules", "rijksambtenaar", "--on", ON],
                              capture_output=True, env=_environment(), timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    lines = done.stderr.decode(errors="replace").strip().splitlines()
    return done.returncode, lines[-1] if lines else ""


def loop(runs: int, size: int, jobs: int) -> Counter[tuple[int | str, str]]:
    """Run ``runs`` simulations, ``jobs`` at a time; count (return code, stderr) pairs."""
    with tempfile.TemporaryDirectory(prefix="simulate-loop-") as tmp:
        workforce = make_workforce(Path(tmp) / "workforce", size)
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            return Counter(pool.map(lambda _: run_once(workforce), range(runs)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--size", type=int, default=500, help="people (default 500)")
    parser.add_argument("--jobs", type=int, default=2, help="runs at a time (default 2)")
    args = parser.parse_args()
    began = time.monotonic()
    endings = loop(args.runs, args.size, args.jobs)
    for (code, last), count in sorted(endings.items(), key=str):
        name = f"signal {-code}" if isinstance(code, int) and code < 0 else f"exit {code}"
        print(f"{count:5d} x {name}" + (f": {last}" if last else ""))
    clean = endings.get((0, ""), 0)
    aborts = sum(n for (code, _), n in endings.items() if code == -6)
    print(f"simulate loop: {args.runs} runs of {args.size} people in "
          f"{time.monotonic() - began:.0f} s: {clean} exit 0, {aborts} SIGABRT, "
          f"{args.runs - clean} other")
    return 0 if clean == args.runs else 1


if __name__ == "__main__":
    sys.exit(main())
