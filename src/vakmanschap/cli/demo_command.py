"""``demo``: the main job on built-in defaults, told step by step in one language.

First the shipped example professionals are assessed under every shipped rule set; then a
workforce of rijksambtenaren is generated, written as HR exports, read back, evaluated under
the shipped civil-servant rules and a variant, and one parameter is swept. Every step says
what it does before it starts and how long it took; tables, headings and plots follow
``--lang`` (Dutch by default). Progress bars go to stderr, only on a terminal, not with
``--quiet``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from vakmanschap.cli.progress import finish, terminal_progress
from vakmanschap.errors import VakmanschapError
from vakmanschap.io import builtin_names, builtin_rules, load_professionals, load_rules
from vakmanschap.model.words import Lang, Text, fmt_date

__all__ = ["DEMO_ON", "DEMO_VARIANT", "register", "run_demo"]

# The shipped register starts on 2025-01-01 and registers existing staff during 2025, so on
# this date every first term of existing staff has ended: the question is who would lapse.
DEMO_ON = "2030-01-01"
# The variant a negotiator might table: fewer hours, but reflection twice in every year.
DEMO_VARIANT = {"totaal.min": 120, "formeel.min": 60, "reflectie-jaar.min": 2}
SWEPT, SWEEP_VALUES = "totaal.min", range(40, 201, 10)

W = {
    "title": Text("{register}: {people} gegenereerde rijksambtenaren (seed {seed}), beoordeeld "
                  "op {on}", "{register}: {people} generated civil servants (seed {seed}), "
                  "assessed on {on}"),
    "generate": Text("Personeelsbestand maken: {people} personen, met hun activiteiten en "
                     "verklaringen (verdelingen: docs/population.md)",
                     "Generating the workforce: {people} people with their activities and "
                     "attestations (distributions: docs/population.md)"),
    "write": Text("Schrijven als HR-exports (CSV) naar {folder}",
                  "Writing them as HR exports (CSV) to {folder}"),
    "read": Text("De exports inlezen en elke cel controleren ({engine})",
                 "Reading the exports back, checking every cell ({engine})"),
    "pyarrow": Text("met pyarrow", "with pyarrow"),
    "python": Text("met de csv-module van Python; installeer [parquet] voor pyarrow, tien keer "
                   "zo snel", "with Python's csv module; install [parquet] for pyarrow, ten "
                   "times faster"),
    "diff": Text("Het voorstel: de regels en de variant naast elkaar",
                 "The proposal: the rules and the variant side by side"),
    "compare": Text("Iedereen beoordelen onder de regels en onder de variant",
                    "Assessing everyone under the rules and under the variant"),
    "sweep": Text("Eén parameter doorlopen: {param} van {low} tot {high}, uit één beoordeling",
                  "Sweeping one parameter: {param} from {low} to {high}, from one assessment"),
    "plots": Text("Grafieken en de tabel per persoon schrijven",
                  "Writing the charts and the per-person table"),
    "done": Text("klaar in {seconds} s", "done in {seconds} s"),
    "base": Text("basis: de regels zoals geleverd ({origin})",
                 "base: the rules as shipped ({origin})"),
    "variant": Text("variant: {changes}", "variant: {changes}"),
    "requirements": Text("Per eis, onder de regels zoals geleverd",
                         "Per requirement, under the rules as shipped"),
    "summary": Text("Basis en variant", "Base and variant"),
    "summary_by": Text("Basis en variant, per {by}", "Base and variant, by {by}"),
    "reasons": Text("Waar de uitkomsten uiteenlopen", "Where the outcomes part"),
    "curve": Text("Slagingspercentage per waarde van {param}", "Pass rate per value of {param}"),
    "wrote": Text("Geschreven: {files}", "Written: {files}"),
    "total": Text("Totale tijd: {seconds} s", "Total time: {seconds} s"),
    "no_plots": Text("de demo tekent grafieken en heeft matplotlib nodig: pip install "
                     "'vakmanschap[analysis]' (of: make demo)",
                     "the demo draws charts and needs matplotlib: pip install "
                     "'vakmanschap[analysis]' (or: make demo)"),
}


def register(sub: Any) -> None:
    """Add ``demo`` to the command line."""
    p = sub.add_parser("demo", help="the main job on built-in defaults",
                       description="Assess the shipped example professionals under every "
                                   "shipped rule set; then generate a workforce of rijksambtenaren,"
                                   " write it as HR exports, load it, and compare the shipped "
                                   "civil-servant rules with a variant (fewer hours, reflection "
                                   "twice a year), step by step with timings: tables on stdout, "
                                   "plots in --out, all in --lang.")
    p.add_argument("--lang", choices=("nl", "en"), default="nl",
                   help="language of all output: nl (default) or en")
    p.add_argument("--size", type=int, default=130_000,
                   help="workforce size (default 130,000: the rijksambtenaren)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--out", default="out/demo", help="folder for the exports and plots "
                   "(default out/demo)")
    p.add_argument("--on", default=DEMO_ON, help=f"population assessment date (default {DEMO_ON})")
    p.add_argument("--people-only", action="store_true",
                   help="only the example professionals, no workforce")
    p.set_defaults(run=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    """The people demo, then (unless ``--people-only``) the population demo."""
    if not args.people_only:
        _need_matplotlib(args.lang)
    code = run_people_demo(args)
    if not args.people_only:
        code = code or run_population_demo(args)
    return code


def _need_matplotlib(lang: Lang) -> None:
    """Fail before the long work, not at the very end, when the charts cannot be drawn."""
    from importlib.util import find_spec

    if find_spec("matplotlib") is None:
        raise VakmanschapError(W["no_plots"](lang))


def _number(value: float, lang: Lang) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".") if lang == "nl" else text


def _show(table: object) -> None:
    print(f"{table}\n")


def _seconds(value: float, lang: Lang) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "nl" else text


class _Steps:
    """Prints each step before it starts and its time when it ends."""

    def __init__(self, lang: Lang, count: int) -> None:
        self.lang, self.count, self.index = lang, count, 0
        self.start = time.perf_counter()

    def run(self, key: str, work: Callable[[], Any], **words: Any) -> Any:
        self.index += 1
        print(f"[{self.index}/{self.count}] {W[key](self.lang).format(**words)}", flush=True)
        clock = time.perf_counter()
        result = work()
        seconds = _seconds(time.perf_counter() - clock, self.lang)
        print(f"      {W['done'](self.lang).format(seconds=seconds)}\n", flush=True)
        return result

    def total(self) -> str:
        seconds = _seconds(time.perf_counter() - self.start, self.lang)
        return W["total"](self.lang).format(seconds=seconds)


def run_population_demo(args: argparse.Namespace) -> int:
    """The main job: a generated workforce under the shipped rules and a variant."""
    from pathlib import Path

    from vakmanschap.model.periods import to_date
    from vakmanschap.population import Population, compare, generate, sweep, write_csv
    from vakmanschap.population.reading import have_pyarrow
    from vakmanschap.population.words import heading
    from vakmanschap.text.diff import diff_rules

    lang: Lang = args.lang
    out = Path(args.out)
    on = to_date(args.on, record="--on")
    rules = builtin_rules("rijksambtenaar")
    variant = rules.with_changes(DEMO_VARIANT)
    progress = terminal_progress(args, lang)
    steps = _Steps(lang, 6)
    people = _number(args.size, lang)
    title = W["title"](lang).format(register=rules.title(lang), people=people, seed=args.seed,
                                    on=fmt_date(on, lang))
    print(f"==== {title} ====\n")
    try:
        population = steps.run("generate", lambda: generate(args.size, args.seed, rules,
                                                            progress=progress), people=people)
        files = steps.run("write", lambda: write_csv(population, out / "workforce",
                                                     progress=progress),
                          folder=out / "workforce")
        engine = W["pyarrow" if have_pyarrow() else "python"](lang)
        population = steps.run("read", lambda: Population.from_csv(
            files["professionals"], files["activities"], attestations=files.get("attestations"),
            rules=rules, progress=progress), engine=engine)
        changes = ", ".join(f"{k} = {v}" for k, v in DEMO_VARIANT.items())
        print(W["diff"](lang) + "\n")
        print(diff_rules(rules, variant,
                         a_label=W["base"](lang).format(origin=rules.origin or rules.register),
                         b_label=W["variant"](lang).format(changes=changes)).explain(lang))
        diff = steps.run("compare", lambda: compare(population, rules, variant, on,
                                                    progress=progress))
        _show(diff.base.requirements().translated(lang, W["requirements"](lang)))
        _show(diff.summary().translated(lang, W["summary"](lang)))
        for by in ("organisation", "late_starter"):
            title = W["summary_by"](lang).format(by=heading(by, lang))
            _show(diff.summary(by).translated(lang, title))
        _show(diff.reasons().translated(lang, W["reasons"](lang)))
        curve = steps.run("sweep", lambda: sweep(population, rules, SWEPT, SWEEP_VALUES, on,
                                                 base=diff.base, progress=progress),
                          param=SWEPT, low=min(SWEEP_VALUES), high=max(SWEEP_VALUES))
        _show(curve.table().translated(lang, W["curve"](lang).format(param=SWEPT)))
    finally:
        finish(progress)
    flips_png, curve_png = out / "flips-by-organisation.png", out / "sweep-totaal-min.png"

    def write_outputs() -> None:
        diff.plot("organisation", flips_png, lang)
        curve.plot(curve_png, lang)
        diff.to_csv(out / "comparison.csv")

    steps.run("plots", write_outputs)
    written = [f"{files['professionals'].parent}/", str(out / "comparison.csv"),
               str(flips_png), str(curve_png)]
    print(W["wrote"](lang).format(files=", ".join(written)))
    print(steps.total())
    return 0


def run_people_demo(args: argparse.Namespace) -> int:
    """Assess the shipped example professionals (data/examples/people-NAME.yaml) under the
    rule set NAME (built-in, or data/examples/NAME.yaml) on the date each file declares."""
    from importlib import resources

    data = resources.files("vakmanschap").joinpath("data")
    examples = data.joinpath("examples")
    people_files = sorted(p.name for p in examples.iterdir()
                          if p.name.startswith("people-") and p.name.endswith(".yaml"))
    for file_name in people_files:
        name = file_name.removeprefix("people-").removesuffix(".yaml")
        with resources.as_file(examples.joinpath(file_name)) as path:
            people = load_professionals(path)
            on = _demo_date(path)
        if name in builtin_names():
            rules = builtin_rules(name)
        else:
            with resources.as_file(examples.joinpath(f"{name}.yaml")) as rule_path:
                rules = load_rules(rule_path)
        print(f"==== {rules.title(args.lang)} ({name}) ====\n")
        for person in people:
            print(rules.assess(person, on).explain(args.lang))
    return 0


def _demo_date(path: Any) -> Any:
    """The assessment date a demo person file declares in its first comment line."""
    from datetime import date

    with open(path, encoding="utf-8") as handle:
        first = handle.readline()
    marker = "demo-on:"
    if marker in first:
        return date.fromisoformat(first.split(marker, 1)[1].strip())
    return date(2026, 11, 30)
