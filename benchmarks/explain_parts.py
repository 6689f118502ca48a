"""Where ``explain`` goes, per shipped rule set: the parts of one explanation of
benchmarks/assess.py's professional (assessed on 30 November 2026), in µs of CPU time.

Run: PYTHONPATH=src .venv/bin/python benchmarks/explain_parts.py [--number 300] [--rules kp,nba]

Columns: ``assess``; ``explain`` of an assessment already made (the text and, for a professional
who does not pass, the completion plan); ``text`` (the Dutch text given the plan); ``plan``;
of the plan: ``projection`` (the tree on the cycle's last day: the judged tree itself when no
node reads the date, else a re-assessment), ``rounds`` (re-assessments with planned facts per
plan) and ``verify`` (one re-assessment with all of the plan's facts); ``planner`` is the plan
less the projection and its rounds of re-assessment (needs, synthesis, steps); ``status`` is
the status timeline of a fresh assessment (which ``explain`` words). ``floor`` is
(assess + status + text) ÷ assess: the ratio ``assess`` + ``explain`` ÷ ``assess`` would have
if the whole plan cost nothing (issue 13 asks for at most 3; a verified plan adds at least
one judgement, ``verify``, about one ``assess``). Use ``--fresh`` for it. Each figure is
the best of three timings of ``number`` calls; the machine's load moves them, so compare
columns of one run. Prints figures; it is not a test.

``--fresh`` times ``text`` on fresh assessments instead (each rendered once, its status and
plan worked out beforehand and not timed): what an explanation of a new assessment pays for
its text, without the memos that repeated renders of one assessment keep.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from assess import professional_for

import vakmanschap as vk
from vakmanschap.engine.plan.planner import Planner, make_plan
from vakmanschap.text.explain import render

ON = date(2026, 11, 30)


def _took(fn: Callable[[], Any], number: int) -> float:
    best = float("inf")
    for _ in range(3):
        begin = time.process_time()
        for _ in range(number):
            fn()
        best = min(best, (time.process_time() - begin) / number * 1e6)
    return best


class _Counting(Planner):
    """A planner that counts its re-assessments with planned facts."""

    rounds = 0

    def reassess(self, person: vk.Professional) -> Any:
        if person is not self.person:
            self.rounds += 1
        return super().reassess(person)


def _fresh_text(rules: vk.RuleSet, person: vk.Professional, number: int) -> float:
    """The best of three timings of rendering ``number`` fresh assessments once each (their
    status and plan worked out before the clock starts), in µs per render."""
    best = float("inf")
    for _ in range(3):
        made = []
        for _ in range(number):
            a = rules.assess(person, ON)
            a.standing  # noqa: B018 - the status timeline, outside the timing
            made.append((a, None if a.met else make_plan(a)))
        begin = time.process_time()
        for a, plan in made:
            render(a, "nl", plan)
        best = min(best, (time.process_time() - begin) / number * 1e6)
    return best


def _row(name: str, n: int, fresh: bool = False) -> str:
    """One rule set's line (``fresh``: the text of fresh assessments)."""
    rules = vk.builtin_rules(name)
    person = professional_for(rules, ON)
    a = rules.assess(person, ON)
    assess = _took(lambda: rules.assess(person, ON), n)
    status = _took(lambda: rules.assess(person, ON).standing, n) - assess
    explain = _took(a.explain, max(1, n // 4))
    if a.met:
        text = (_fresh_text(rules, person, n) if fresh else _took(lambda: render(a, "nl"), n))
        return (f"{name:15s} {assess:7.0f} {status:7.0f} {explain:8.0f} {text:7.0f} "
                f"{'(met: no plan)':>44s} {(assess + status + text) / assess:6.1f}")
    plan = make_plan(a)
    text = (_fresh_text(rules, person, n) if fresh else
            _took(lambda: render(a, "nl", plan), n))
    whole = _took(lambda: make_plan(a), n)
    planner = Planner(a)
    projection = _took(planner.projection, n)
    counting = _Counting(a)
    counting.run()
    facts = (list(plan.activities), list(plan.employments), list(plan.qualifications),
             list(plan.attestations))
    verify = (_took(lambda: planner.reassess(planner._with(facts)), n)
              if counting.rounds else 0.0)
    rest = whole - projection - counting.rounds * verify
    floor = (assess + status + text) / assess
    return (f"{name:15s} {assess:7.0f} {status:7.0f} {explain:8.0f} {text:7.0f} {whole:7.0f} "
            f"{projection:10.0f} {counting.rounds:6d} {verify:7.0f} {rest:8.0f} {floor:6.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=300)
    parser.add_argument("--rules", default="", help="rule sets, comma-separated (default: all)")
    parser.add_argument("--fresh", action="store_true",
                        help="time the text of fresh assessments (rendered once each)")
    args = parser.parse_args()
    names = args.rules.split(",") if args.rules else list(vk.builtin_names())
    print(f"{'rule set':15s} {'assess':>7s} {'status':>7s} {'explain':>8s} {'text':>7s} "
          f"{'plan':>7s} {'projection':>10s} {'rounds':>6s} {'verify':>7s} {'planner':>8s} "
          f"{'floor':>6s}")
    for name in names:
        print(_row(name, args.number, args.fresh), flush=True)


if __name__ == "__main__":
    main()
