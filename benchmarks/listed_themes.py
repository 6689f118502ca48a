"""NOvA on a generated workforce: seconds of ``simulate``, with and without each person's
list of fields of law (the ``rechtsgebieden`` attribute that ``total_per_listed_theme``
reads), and the primitives evaluated person by person.

The generator draws no ``rechtsgebieden``; this script adds one to every person (one to three
of NOvA's themes, ``;`` between them, seeded), so that the requirement per listed field has
work to do. Run it with an older ``src`` first on the path to compare (one process each,
alternating; the figures are in-process seconds of ``simulate`` alone)::

    PYTHONPATH=src .venv/bin/python benchmarks/listed_themes.py --sizes 20000 100000
"""

from __future__ import annotations

import argparse
import time
from datetime import date

ON = date(2023, 6, 1)
START = date(2021, 1, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    import attrs
    import numpy as np

    import vakmanschap as vk
    from vakmanschap.population import simulate
    from vakmanschap.population.generate import generate

    rules = vk.builtin_rules("nova")
    names = list(rules.themes)
    for size in args.sizes:
        people = generate(size, args.seed, rules, start=START)
        rng = np.random.default_rng(args.seed)
        lists = np.array([";".join(rng.choice(names, rng.integers(1, 4), replace=False))
                          for _ in range(size)], dtype=object)
        listed = attrs.evolve(people, attributes={**people.attributes, "rechtsgebieden": lists})
        for label, population in (("no lists", people), ("lists", listed)):
            start = time.perf_counter()
            result = simulate(population, rules, ON)
            seconds = time.perf_counter() - start
            print(f"{size:>8,} people {label:>8}: simulate {seconds:7.2f} s, pass rate "
                  f"{result.pass_rate:.3f}, person by person: "
                  f"{', '.join(sorted(result.fallbacks)) or '-'}", flush=True)


if __name__ == "__main__":
    main()
