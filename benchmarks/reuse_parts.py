"""What judging again with reuse saves a completion plan, per shipped rule set: benchmarks/
assess.py's professional assessed on 30 November 2026, in µs of CPU time.

Run: PYTHONPATH=src .venv/bin/python benchmarks/reuse_parts.py [--number 300] [--rules kp,nba]

Columns, each once judging every node again (``afresh``) and once reusing what the change
cannot alter (``reuse``, engine/reuse.py), in the same run: ``projection`` (the tree on the
cycle's last day, from the assessment: a fresh planner each time) and ``verify`` (the
judgement with every fact of the plan, as a plan's single round and its verification
makes it; with reuse, from the projection: the planner itself judges it afresh, as this
column shows it pays less than it costs); ``kept`` is how many of the verify judgement's
nodes are taken from the projection, of how many. A projection that is the assessment
itself (no node reads the date) costs nothing either way. Each figure is the best of three
timings of ``number`` calls; the machine's load moves them, so compare columns of one run.
Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

from assess import professional_for
from explain_parts import _took

import vakmanschap as vk
from vakmanschap.engine.judging import judge_cycle
from vakmanschap.engine.plan.planner import Planner
from vakmanschap.engine.primitives.activity_filter import prepare_activities

ON = date(2026, 11, 30)


def _projection(a: Any, reuse: bool) -> Callable[[], Any]:
    def run() -> Any:
        planner = Planner(a)
        planner.reuse = reuse
        return planner.projection()
    return run


def _verify(planner: Planner, projection: Any, person: vk.Professional, reuse: bool
            ) -> Callable[[], Any]:
    """The judgement with the plan's facts as :meth:`Planner.reassess` makes it, from the
    projection when ``reuse`` (the planner itself judges every node again)."""
    rules, cycle, group = planner.rules, planner.cycle, planner.assessment.group
    known = planner.assessment.result.prepared
    earlier = projection if reuse else None

    def run() -> Any:
        rules.check_professional(person)
        prepared = known + prepare_activities(person, rules, start=len(known))
        return judge_cycle(rules, person, cycle, planner.horizon, group, prepared,
                           earlier=earlier)
    return run


def _row(name: str, n: int) -> str:
    rules = vk.builtin_rules(name)
    a = rules.assess(professional_for(rules, ON), ON)
    if a.met:
        return f"{name:15s} (met: no plan)"
    plan = a.plan()
    planner = Planner(a)
    projection = planner.projection()
    facts = (list(plan.activities), list(plan.employments), list(plan.qualifications),
             list(plan.attestations))
    person = planner._with(facts)
    p0, p1 = (_took(_projection(a, reuse), n) for reuse in (False, True))
    cells = f"{name:15s} {p0:8.0f} {p1:8.0f}"
    if not any(facts):
        return cells + f" {'-':>8s} {'-':>8s}"
    v0, v1 = (_took(_verify(planner, projection, person, reuse), n) for reuse in (False, True))
    again = _verify(planner, projection, person, True)()
    before = {id(node) for node in projection.result.walk()}
    nodes = list(again.result.walk())
    kept = sum(1 for node in nodes if id(node) in before)
    return cells + f" {v0:8.0f} {v1:8.0f} {kept:4d}/{len(nodes)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=300)
    parser.add_argument("--rules", default="", help="rule sets, comma-separated (default: all)")
    args = parser.parse_args()
    names = args.rules.split(",") if args.rules else list(vk.builtin_names())
    print(f"{'':15s} {'projection':>17s} {'verify':>17s}")
    print(f"{'rule set':15s} {'afresh':>8s} {'reuse':>8s} {'afresh':>8s} {'reuse':>8s} kept")
    for name in names:
        print(_row(name, args.number), flush=True)


if __name__ == "__main__":
    main()
