"""The completion plan's parts in two versions of the library, paired in one run: the plan of
benchmarks/assess.py's professional (assessed on 30 November 2026), per shipped rule set.

Run: .venv/bin/python benchmarks/plan_pair.py --base /path/to/other/checkout
     [--rounds 5] [--number 300] [--rules nba,nip]

Columns, as benchmarks/explain_parts.py names them: ``plan`` (``make_plan`` of an assessment
already made), ``verify`` (one re-assessment with all of the plan's facts: the planned person
built, checked and judged), ``planner`` (the plan less its projection and its rounds of
re-assessment: needs, synthesis, steps). Two long-lived workers, one importing this checkout
(A) and one ``--base`` (B), are asked in turn (A B, then B A, ...) so that both see the same
load of a shared machine; each figure is the best of three timings of ``number`` calls (CPU
time); medians over rounds are printed, and the median of the ratios A/B round by round.
Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from assess_pair import ask, worker

_WORKER = r"""
import json, sys, time
from datetime import date
import vakmanschap as vk
from assess import professional_for
from vakmanschap.engine.plan.planner import Planner, make_plan
on = date(2026, 11, 30)
def took(fn, n):
    best = float("inf")
    for _ in range(3):
        begin = time.process_time()
        for _ in range(n):
            fn()
        best = min(best, (time.process_time() - begin) / n * 1e6)
    return best
class Counting(Planner):
    rounds = 0
    def reassess(self, person):
        if person is not self.person:
            self.rounds += 1
        return super().reassess(person)
cache = {}
for line in sys.stdin:
    name, n = line.split()
    n = int(n)
    if name not in cache:
        rules = vk.builtin_rules(name)
        person = professional_for(rules, on)
        cache[name] = rules.assess(person, on)
    a = cache[name]
    if a.met:
        print(json.dumps([0.0, 0.0, 0.0]), flush=True)
        continue
    plan = took(lambda: make_plan(a), n)
    planner = Planner(a)
    projection = took(planner.projection, n)
    counting = Counting(a)
    made = counting.run()
    facts = (list(made.activities), list(made.employments), list(made.qualifications),
             list(made.attestations))
    verify = (took(lambda: planner.reassess(planner._with(facts)), n)
              if counting.rounds else 0.0)
    print(json.dumps([plan, verify, plan - projection - counting.rounds * verify]), flush=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True,
                        help="the other checkout (B), holding src/vakmanschap")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--number", type=int, default=300)
    parser.add_argument("--rules", default="nba,nip,registerplein,rijksambtenaar,skj",
                        help="rule sets, comma-separated")
    args = parser.parse_args()
    here = Path(__file__).resolve().parent.parent
    a, b = worker(here, _WORKER), worker(args.base.resolve(), _WORKER)
    names = args.rules.split(",")
    runs: dict[str, dict[str, list[list[float]]]] = {n: {"A": [], "B": []} for n in names}
    for round_ in range(args.rounds):
        for name in names:
            order = (("A", a), ("B", b)) if round_ % 2 == 0 else (("B", b), ("A", a))
            for tag, process in order:
                runs[name][tag].append(ask(process, name, args.number))
    med = statistics.median
    print("µs per call (median over rounds of the best of 3); A = this checkout, B = --base; "
          "A/B = median of the ratios round by round")
    print(f"{'rule set':<16}{'plan B':>8}{'plan A':>8}{'A/B':>6}{'verify B':>10}{'verify A':>10}"
          f"{'planner B':>11}{'planner A':>11}{'A/B':>6}")
    for name in names:
        ra, rb = runs[name]["A"], runs[name]["B"]
        if not rb[0][0]:
            print(f"{name:<16}(met: no plan)")
            continue
        row = [f"{med([y[0] for y in rb]):>8.0f}", f"{med([x[0] for x in ra]):>8.0f}",
               f"{med([x[0] / y[0] for x, y in zip(ra, rb, strict=True)]):>6.2f}",
               f"{med([y[1] for y in rb]):>10.0f}", f"{med([x[1] for x in ra]):>10.0f}",
               f"{med([y[2] for y in rb]):>11.0f}", f"{med([x[2] for x in ra]):>11.0f}",
               f"{med([x[2] / y[2] for x, y in zip(ra, rb, strict=True)]):>6.2f}"]
        print(f"{name:<16}{''.join(row)}")
    for process in (a, b):
        assert process.stdin is not None
        process.stdin.close()
        process.wait()


if __name__ == "__main__":
    main()
