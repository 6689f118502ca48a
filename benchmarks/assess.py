"""Per-person speed: median time of one ``assess`` (building the full explanation tree) for a
professional with 25 activities, under each shipped rule set; also with text rendering.

Run: .venv/bin/python benchmarks/assess.py [--repeat 7] [--number 2000]

Prints figures; it is not a test. The professional is built from each rule set's own
vocabulary (categories, themes, kinds, roles) so that every requirement has work to do.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, timedelta

import vakmanschap as vk


def professional_for(rules: vk.RuleSet, on: date) -> vk.Professional:
    """A registered professional with 25 activities spread over the running cycle."""
    version = rules.version_at(on)
    years = version.cycle.years or 1
    start = max(date(on.year - years + 1, 1, 15), version.valid_from)
    categories = list(rules.categories)
    themes = list(rules.themes)
    unit = rules.unit
    activities = []
    for i in range(25):
        span = max(1, min((on - start).days, 365 * years))
        day = start + timedelta(days=(i * 53) % span)
        amount = {"hours": 8.0, "points": 20.0}[unit]
        activities.append(vk.Activity(
            id=f"a{i:02d}", on=day, category=categories[i % len(categories)],
            themes=[themes[i % len(themes)], themes[(i + 3) % len(themes)]] if themes else [],
            accredited=i % 3 != 0, **{unit: amount}))
    role = next(iter(rules.roles), None)
    employment = [vk.Employment(id="e1", start=start - timedelta(days=400),
                                hours_per_week=32, role=role)]
    attestations = [vk.Attestation(id=f"t{i}", kind=kind, on=start - timedelta(days=300))
                    for i, kind in enumerate(rules.attestation_kinds)]
    level = next(iter(rules.levels), None)
    return vk.Professional(
        id="bench", fte=0.9, activities=activities, employments=employment,
        attestations=attestations, entered_service=start - timedelta(days=400),
        events=[vk.RegisterEvent(id="r1", kind="registered", on=start, level=level)])


def _mean_us(fn: object, number: int) -> float:
    """Mean CPU time per call over ``number`` calls, in microseconds.

    CPU time of this process (``time.process_time``), not wall time, so that other work on a
    shared machine does not inflate the figure; on an idle machine the two agree.
    """
    begin = time.process_time()
    for _ in range(number):
        fn()  # type: ignore[operator]
    return (time.process_time() - begin) / number * 1e6


def _reference() -> int:
    # A fixed pure-Python workload: figures from machines of different speed, or from one
    # shared machine at different moments, compare as ratios to it.
    return sum(range(1000))


def median_us(fn: object, number: int, repeat: int) -> tuple[float, float, float]:
    """Median µs per call of ``fn``, of the reference, and of their ratio run by run.

    Each run times the reference just before ``fn``, so that a ratio compares two figures
    taken under the same load; the median of those paired ratios is what to compare across
    versions and machines.
    """
    times, refs, ratios = [], [], []
    for _ in range(repeat):
        ref = _mean_us(_reference, number)
        took = _mean_us(fn, number)
        times.append(took)
        refs.append(ref)
        ratios.append(took / ref)
    return statistics.median(times), statistics.median(refs), statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--number", type=int, default=2000)
    args = parser.parse_args()
    on = date(2026, 11, 30)
    print("µs per call (median of runs); ÷ ref: median of the paired ratios to "
          "sum(range(1000)) timed just before each run")
    print(f"{'rule set':<16}{'nodes':>6}{'assess µs':>12}{'+explain µs':>13}"
          f"{'+to_dict µs':>13}{'ref µs':>8}{'÷ ref':>9}{'+expl ÷ ref':>13}")
    for name in vk.builtin_names():
        rules = vk.builtin_rules(name)
        person = professional_for(rules, on)
        assessment = rules.assess(person, on)
        nodes = sum(1 for _ in assessment.result.walk())
        t_assess, ref, r_assess = median_us(lambda r=rules, p=person: r.assess(p, on),
                                            args.number, args.repeat)
        t_explain, _, r_explain = median_us(
            lambda r=rules, p=person: r.assess(p, on).explain(), args.number // 4, args.repeat)
        t_dict, _, _ = median_us(lambda r=rules, p=person: r.assess(p, on).to_dict(),
                                 args.number // 4, args.repeat)
        print(f"{name:<16}{nodes:>6}{t_assess:>12.1f}{t_explain:>13.1f}{t_dict:>13.1f}"
              f"{ref:>8.1f}{r_assess:>8.1f}x{r_explain:>12.1f}x")


if __name__ == "__main__":
    main()
