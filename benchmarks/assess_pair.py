"""Per-person speed of two versions of the library, paired in one run: ``assess`` and
``assess`` + ``explain`` of benchmarks/assess.py's professional, per shipped rule set.

Run: .venv/bin/python benchmarks/assess_pair.py --base /path/to/other/checkout
     [--rounds 7] [--number 400] [--rules srpo,big]

Two long-lived worker processes, one importing this checkout (A) and one ``--base`` (B), are
asked in turn (A B, then B A, ...), so that both see the same load of a shared machine; each
figure is the best of three timings of ``number`` calls (CPU time of the worker,
``time.process_time``). The ratios A/B are taken round by round and their median printed, as
is each version's ``assess + explain`` ÷ ``assess`` and the cost of ``explain`` alone (the
round's ``assess + explain`` less its ``assess``). Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

_WORKER = r"""
import json, sys, time
from datetime import date
import vakmanschap as vk
from assess import professional_for
on = date(2026, 11, 30)
cache = {}
def took(fn, n):
    begin = time.process_time()
    for _ in range(n):
        fn()
    return (time.process_time() - begin) / n * 1e6
for line in sys.stdin:
    name, n = line.split()
    n = int(n)
    if name not in cache:
        rules = vk.builtin_rules(name)
        cache[name] = (rules, professional_for(rules, on))
    rules, person = cache[name]
    assess = min(took(lambda: rules.assess(person, on), n) for _ in range(3))
    explain = min(took(lambda: rules.assess(person, on).explain(), max(1, n // 4))
                  for _ in range(3))
    print(json.dumps([assess, explain]), flush=True)
"""


def worker(root: Path, source: str = _WORKER) -> subprocess.Popen[str]:
    """A Python process running ``source`` with ``root``'s src first on its path (one per
    checkout, so that each imports its own vakmanschap)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root / "src"),
                                                       str(Path(__file__).parent)]))
    return subprocess.Popen([sys.executable, "-c", source], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=env)


def ask(process: subprocess.Popen[str], name: str, number: int) -> list[float]:
    """The figures a worker prints for rule set ``name`` timed over ``number`` calls."""
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(f"{name} {number}\n")
    process.stdin.flush()
    figures: list[float] = json.loads(process.stdout.readline())
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True,
                        help="the other checkout (B), holding src/vakmanschap")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--number", type=int, default=400)
    parser.add_argument("--rules", default="", help="rule sets, comma-separated (default: all)")
    args = parser.parse_args()
    here = Path(__file__).resolve().parent.parent
    a, b = worker(here), worker(args.base.resolve())
    if args.rules:
        names = args.rules.split(",")
    else:
        sys.path.insert(0, str(here / "src"))
        import vakmanschap as vk

        names = list(vk.builtin_names())
    runs: dict[str, dict[str, list[list[float]]]] = {n: {"A": [], "B": []} for n in names}
    for round_ in range(args.rounds):
        for name in names:
            order = (("A", a), ("B", b)) if round_ % 2 == 0 else (("B", b), ("A", a))
            for tag, process in order:
                runs[name][tag].append(ask(process, name, args.number))
    med = statistics.median
    print("µs per call (median over rounds of the best of 3); A = this checkout, B = --base; "
          "A/B = median of the ratios round by round")
    print(f"{'rule set':<16}{'assess B':>10}{'assess A':>10}{'A/B':>7}{'+expl B':>10}"
          f"{'+expl A':>10}{'A/B':>7}{'+expl÷assess B':>16}{'A':>6}{'expl B':>9}{'expl A':>9}")
    for name in names:
        ra, rb = runs[name]["A"], runs[name]["B"]
        print(f"{name:<16}{med([y[0] for y in rb]):>10.1f}{med([x[0] for x in ra]):>10.1f}"
              f"{med([x[0] / y[0] for x, y in zip(ra, rb, strict=True)]):>7.2f}"
              f"{med([y[1] for y in rb]):>10.1f}{med([x[1] for x in ra]):>10.1f}"
              f"{med([x[1] / y[1] for x, y in zip(ra, rb, strict=True)]):>7.2f}"
              f"{med([y[1] / y[0] for y in rb]):>16.1f}{med([x[1] / x[0] for x in ra]):>6.1f}"
              f"{med([y[1] - y[0] for y in rb]):>9.1f}{med([x[1] - x[0] for x in ra]):>9.1f}")
    for process in (a, b):
        assert process.stdin is not None
        process.stdin.close()
        process.wait()


if __name__ == "__main__":
    main()
