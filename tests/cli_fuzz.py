"""The command-line fuzz of issue 16 (item 7, "extend the fuzz targets to the CLI argument
level"); not a test module: tests/test_cli_fuzz.py runs it, and so can you::

    PYTHONPATH=src .venv/bin/python tests/cli_fuzz.py --calls 10000 --workers 2

Each invocation is drawn from a seeded generator: a command (simulate, compare, sweep,
generate, check, timeline, verify, validate, diff, test, schema) with a valid argument set,
then mutated (arguments dropped, replaced by hostile values, options added), in a fresh
folder whose input files (a 6-person HR export, the toy register and its people, a column
mapping, an overlay, a scenario file, stored decisions) may themselves be mutated (lines
dropped, repeated or swapped, numbers and dates replaced by extreme ones, control characters,
quotes and delimiters inserted, truncation). The entry point ``vakmanschap.cli.main`` is
called in-process, under a per-call alarm and a bound on the rise of its resident peak.
Every call is classified:

* ``ok``: exit 0 or 1 with some output;
* ``clean error``: exit 2 with one line on stderr (or argparse's usage and error line);
* ``exit 3``: an internal error (goal 0);
* ``silent wrong``: exit 0 or 1 that printed and wrote nothing, or a ``simulate`` whose
  population evaluator disagrees with ``RuleSet.assess`` for someone (goal 0);
* ``hang``: still running after :data:`SECONDS`, or its resident peak rose more than
  :data:`PEAK_BYTES` (goal 0);
* ``changed input``: a file that existed before the call is different after it (goal 0).

Not drawn: ``serve`` (it runs until stopped), ``demo`` (130,000 people by default) and
``generate --out`` onto the folder of inputs (documented to replace the whole set).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bounds import Hang, bounded, changed, peak_since, reset_peak, snapshot
from tooling_helpers import TOY_PEOPLE, TOY_RULES

SECONDS = 10
PEAK_BYTES = 500_000_000  # the rise of the resident peak one call may cause
OUTCOMES = ("ok", "clean error", "exit 3", "silent wrong", "hang", "changed input")

# -- the inputs ----------------------------------------------------------------------------

SCENARIOS = """rules: toy.yaml
scenarios:
  - name: bram
    on: 2026-06-01
    professional: {id: b, events: [{id: r, kind: registered, on: 2024-03-01, level: basis}]}
    expect: {met: false}
"""
COLUMNS = "activities: {hours: hours}\nprofessionals: {id: id}\n"
OVERLAY = "totaal.min: 120\n"


def seed_folder(folder: Path) -> None:
    """Write the valid inputs every call starts from into ``folder``."""
    from vakmanschap.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["generate", "--size", "6", "--seed", "3", "--out", str(folder / "io"),
                     "--employments", "--leaves"])
    assert code == 0
    shutil.copy(TOY_RULES, folder / "toy.yaml")
    shutil.copy(TOY_PEOPLE, folder / "people.yaml")
    import yaml

    people = yaml.safe_load(TOY_PEOPLE.read_text(encoding="utf-8"))
    (folder / "people.json").write_text(json.dumps(people, default=str), encoding="utf-8")
    (folder / "cols.yaml").write_text(COLUMNS, encoding="utf-8")
    (folder / "overlay.yaml").write_text(OVERLAY, encoding="utf-8")
    (folder / "scen.yaml").write_text(SCENARIOS, encoding="utf-8")
    shutil.copy(TOY_RULES.parent / "toy-decisions.json", folder / "stored.json")


MUTABLE = ("io/professionals.csv", "io/activities.csv", "io/employments.csv", "io/leaves.csv",
           "toy.yaml", "people.yaml", "people.json", "cols.yaml", "overlay.yaml", "scen.yaml",
           "stored.json")

NUMBERS = ("0", "-1", "-0", "1e300", "1.0e+308", "nan", "inf", "-inf", "1000000", "1000001",
           "99999999999999999999999", "1_000", "\u0668", "\uff18", "0x10", "1,5", "", " ",
           "3.14159265358979", "1e-320", "4" * 50)
DATES = ("2026-02-30", "9999-12-31", "0001-01-01", "1900-01-01", "2026-13-01", "2026-1-1",
         "20260601", "", "x", "2100-01-01", "1969-12-31")
JUNK = ("\x00", '"', "'", ",", ";", "\t", "\r", "\n", "\ufeff", "&a", "*a", "[", "{", "}",
        ":", "- ", "#", "=HYPERLINK(\"x\")", "\u202e", "\U0001f600", "\\", "%s", "!!python")


def _mutate_text(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    kind = rng.randrange(9)
    k = rng.randrange(len(lines))
    if kind == 0:  # drop a line
        del lines[k]
    elif kind == 1:  # repeat a line
        lines[k:k] = [lines[k]] * rng.choice((1, 2, 50, 2000))
    elif kind == 2:  # swap two lines
        j = rng.randrange(len(lines))
        lines[k], lines[j] = lines[j], lines[k]
    elif kind == 3:  # a number replaced
        numbers = list(re.finditer(r"\d+(\.\d+)?", lines[k]))
        if numbers:
            m = rng.choice(numbers)
            lines[k] = lines[k][:m.start()] + rng.choice(NUMBERS) + lines[k][m.end():]
    elif kind == 4:  # a date replaced
        found = list(re.finditer(r"\d{4}-\d{2}-\d{2}", lines[k]))
        if found:
            m = rng.choice(found)
            lines[k] = lines[k][:m.start()] + rng.choice(DATES) + lines[k][m.end():]
    elif kind == 5:  # junk inserted
        at = rng.randrange(len(lines[k]) + 1)
        lines[k] = lines[k][:at] + rng.choice(JUNK) + lines[k][at:]
    elif kind == 6:  # truncated
        return text[:rng.randrange(len(text) + 1)]
    elif kind == 7:  # a name misspelled (a character dropped)
        if len(lines[k]) > 1:
            at = rng.randrange(len(lines[k]))
            lines[k] = lines[k][:at] + lines[k][at + 1:]
    else:  # a cell emptied
        cells = lines[k].split(",")
        cells[rng.randrange(len(cells))] = ""
        lines[k] = ",".join(cells)
    return "\n".join(lines)


def mutate_files(folder: Path, rng: random.Random) -> list[str]:
    """Mutate zero to three input files in place; return their names."""
    names = rng.sample(MUTABLE, rng.choice((0, 0, 1, 1, 1, 2, 3)))
    for name in names:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        for _ in range(rng.choice((1, 1, 2, 4))):
            text = _mutate_text(text, rng) if text else text
        path.write_text(text, encoding="utf-8")
    return names


# -- the arguments -------------------------------------------------------------------------

GOOD_DATES = ("2026-06-01", "2027-06-01", "2030-01-01", "2024-01-01")
POP_RULES = ("rijksambtenaar", "toy.yaml", "./toy.yaml")
PERSON_FILES = ("people.yaml", "people.json")
INPUTS = (*MUTABLE, "io")
HOSTILE_PATHS = ("", "-", "/dev/null", "/dev/zero", "/dev/full", "/proc/version", "nosuch.yaml",
                 "io", ".", "io/../io/activities.csv", "/", "x" * 300, "dir/")
FRESH = ("out.csv", "new/out.csv", "rej.csv", "o.json", "plot.png", "plot.txt", "g", "g2/sub")
SETS = ("totaal.min=120", "totaal.min=1e300", "totaal.min=-5", "totaal.min={2024-01-01: 1}",
        "totaal.min={2024-01-01: 1, 2026-02-30: 2}", "totaal.min=", "=1", "nosuch.min=3",
        "totaal.nosuch=3", "totaal.min=[[[[", "totaal.min=&a [*a]", "formeel.min=null",
        "totaal.min=yes", "totaal.min=nan", "totaal.min=.inf", "totaal.min=1_000")
PARAMS = ("totaal.min=80:200:40", "totaal.min=80:200:70", "totaal.min=100,120", "totaal.min=",
          "totaal.min=0:1000000:1", "totaal.min=1e17", "totaal.min=200:80:10", "totaal.min=a:b:c",
          "totaal.min=nan", "totaal.min=inf:inf:1", "totaal.min=1:2:0", "nosuch.min=1,2",
          "totaal.min=80:200:-5")


def _value(rng: random.Random, pool: tuple[str, ...]) -> str:
    roll = rng.random()
    if roll < 0.75:
        return rng.choice(pool)
    if roll < 0.85:
        return rng.choice(HOSTILE_PATHS)
    if roll < 0.92:
        return rng.choice(NUMBERS)
    return rng.choice(DATES)


def _population_options(rng: random.Random, command: str) -> list[str]:
    options: dict[str, Callable[[], list[str]]] = {
        "--format": lambda: ["--format", rng.choice(("text", "json", "csv", "xml"))],
        "--by": lambda: ["--by", rng.choice(("organisation", "scale", "nosuch", ""))],
        "--group": lambda: ["--group", rng.choice(("registration", "development",
                                                   "reregistration", "x"))],
        "--delimiter": lambda: ["--delimiter", rng.choice((",", ";", "", ";;", '"', "\n"))],
        "--columns": lambda: ["--columns", _value(rng, ("cols.yaml", "overlay.yaml"))],
        "--rejects": lambda: ["--rejects", _value(rng, (*FRESH, *INPUTS))],
        "--professionals": lambda: ["--professionals", _value(rng, INPUTS)],
        "--activities": lambda: ["--activities", _value(rng, INPUTS)],
        "--employments": lambda: ["--employments", _value(rng, INPUTS)],
        "--leaves": lambda: ["--leaves", _value(rng, INPUTS)],
        "--set": lambda: ["--set", rng.choice(SETS)],
    }
    if command != "sweep":
        options["--out"] = lambda: ["--out", _value(rng, (*FRESH, *INPUTS))]
    if command != "simulate" and rng.random() < 0.15:  # a chart costs ~0.2 s: seldom
        options["--plot"] = lambda: ["--plot", _value(rng, (*FRESH, *INPUTS))]
    if command == "compare":
        options["--variant"] = lambda: ["--variant", _value(rng, ("overlay.yaml", "toy.yaml"))]
        options["--base-set"] = lambda: ["--base-set", rng.choice(SETS)]
    chosen = rng.sample(sorted(options), rng.randrange(0, 4))
    return [a for name in chosen for a in options[name]()]


def draw_argv(rng: random.Random) -> list[str]:
    """A command line: a valid template with options, then mutated."""
    command = rng.choice(("simulate", "simulate", "compare", "sweep", "generate", "check",
                          "check", "timeline", "verify", "validate", "diff", "test", "schema"))
    on = rng.choice(GOOD_DATES)
    if command in ("simulate", "compare", "sweep"):
        argv = [command, "io", "--rules", rng.choice(POP_RULES), "--on", on]
        if command == "compare":
            argv += ["--set", rng.choice(SETS[:1] + SETS)]
        if command == "sweep":
            argv += ["--param", rng.choice(PARAMS[:3] + PARAMS)]
        argv += _population_options(rng, command)
    elif command == "generate":
        argv = ["generate", "--size", rng.choice(("3", "20", "0", "-1", "1e3", "10000000000000")),
                "--out", rng.choice(("g", "g2/sub", "people.yaml", "/proc/x", ""))]
        extra = {"--seed": ("1", "-1", "99999999999999999999"), "--start": (*GOOD_DATES, *DATES),
                 "--activities": ("3", "-3", "1e12", "nan", "inf", "0"),
                 "--rules": ("rijksambtenaar", "srpo", "toy.yaml", "nosuch")}
        for name in rng.sample(sorted(extra), rng.randrange(0, 3)):
            argv += [name, rng.choice(extra[name])]
        argv += rng.sample(["--employments", "--leaves"], rng.randrange(0, 3))
    elif command in ("check", "timeline"):
        date_flag = "--on" if command == "check" else "--until"
        argv = [command, "--rules", rng.choice(("toy.yaml", "srpo", "big")), date_flag, on,
                rng.choice(PERSON_FILES)]
        extra = {"--format": ("json", "text", "yaml"), "--lang": ("en", "nl", "fr"),
                 "--rules-as-of": (*GOOD_DATES, *DATES)}
        if command == "check":
            extra.update({"--group": ("registration", "reregistration", "x"), "--set": SETS})
        for name in rng.sample(sorted(extra), rng.randrange(0, 3)):
            argv += [name, rng.choice(extra[name])]
    elif command == "verify":
        argv = ["verify", "stored.json", rng.choice(PERSON_FILES), "--rules", "toy.yaml"]
    elif command == "validate":
        argv = ["validate", rng.choice(("toy.yaml", "overlay.yaml", "people.yaml", "srpo"))]
    elif command == "diff":
        argv = ["diff", "toy.yaml", *rng.choice((["--set", rng.choice(SETS)], ["toy.yaml"]))]
        argv += rng.choice(([], ["--format", "json"], ["--lang", "en"]))
    elif command == "test":
        argv = ["test", rng.choice(("scen.yaml", "io", "toy.yaml"))]
    else:
        argv = ["schema", *rng.choice(([], ["--indent", rng.choice(("0", "-1", "99999"))]))]
    return _mutate_argv(argv, rng)


def _mutate_argv(argv: list[str], rng: random.Random) -> list[str]:
    out = list(argv)
    if rng.random() < 0.2 and len(out) > 1:  # an argument dropped
        del out[rng.randrange(1, len(out))]
    if rng.random() < 0.2 and len(out) > 1:  # an argument replaced by a hostile value
        out[rng.randrange(1, len(out))] = rng.choice(
            (*HOSTILE_PATHS, *NUMBERS, *DATES, *JUNK, "--help", "--on", "--rules"))
    if rng.random() < 0.05:  # an argument repeated
        k = rng.randrange(len(out))
        out.insert(k, out[k])
    return out


# -- one call ------------------------------------------------------------------------------


def _disagreement(argv: list[str]) -> str | None:
    """For a ``simulate`` that succeeded: a person the population evaluator judges otherwise
    than ``RuleSet.assess`` (None when they agree)."""
    from vakmanschap.cli import _parser
    from vakmanschap.cli.population_commands import _population, _rules
    from vakmanschap.errors import RuleError
    from vakmanschap.model.periods import to_date
    from vakmanschap.population import simulate

    args = _parser().parse_args(argv)
    if getattr(args, "rejects", None):
        return None  # the population left people out; nothing to compare them with
    rules = _rules(args.rules, args.set)
    population = _population(argparse.Namespace(**{**vars(args), "rejects": None}), rules,
                             None)
    result = simulate(population, rules, to_date(args.on), group=args.group)
    for i in range(population.size):
        try:
            assessment = result.assessment(i)
        except RuleError:
            if result.assessed[i]:
                return f"person {i}: assess refused, the population judged"
            continue
        if bool(result.met[i]) != assessment.met:
            return f"person {i}: population met={bool(result.met[i])}, assess {assessment.met}"
    return None


def run_one(seed_dir: Path, work: Path, rng: random.Random) -> tuple[str, list[str], str]:
    """One invocation in a fresh copy of ``seed_dir``: (outcome, argv, detail)."""
    from vakmanschap.cli import main

    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(seed_dir, work, symlinks=True)
    mutated = mutate_files(work, rng)
    argv = draw_argv(rng)
    before = snapshot(work)
    out, err = io.StringIO(), io.StringIO()
    cwd = Path.cwd()
    os.chdir(work)
    baseline = reset_peak()
    try:
        with bounded(SECONDS), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: usage errors (2) and --help (0)
                code = exc.code if isinstance(exc.code, int) else 2
            wrong = None
            if code in (0, 1) and argv[0] == "simulate" and "--help" not in argv:
                try:
                    wrong = _disagreement(argv)
                except (Exception, SystemExit) as exc:  # the run succeeded: inputs load
                    wrong = f"the comparison with assess failed: {exc!r}"
    except (Hang, MemoryError) as exc:
        return "hang", argv, f"{type(exc).__name__}: {exc}; mutated {mutated}"
    finally:
        os.chdir(cwd)
    detail = f"exit {code}: {err.getvalue().strip()[:300]}; mutated {mutated}"
    if (peak := peak_since(baseline)) > PEAK_BYTES:
        return "hang", argv, f"resident peak rose {peak / 1e6:.0f} MB; {detail}"
    lost = [name for name in changed(before, work) if name not in _outputs(argv, work)]
    if lost:
        return "changed input", argv, f"{lost}; {detail}"
    if code == 3 or code not in (0, 1, 2) or "Traceback" in err.getvalue():
        return "exit 3", argv, detail
    if code in (0, 1):
        created = set(snapshot(work)) - set(before)
        if wrong is not None:
            return "silent wrong", argv, f"{wrong}; {detail}"
        if not out.getvalue().strip() and not created and "--help" not in argv:
            return "silent wrong", argv, f"no output; {detail}"
        return "ok", argv, detail
    lines = [line for line in err.getvalue().splitlines() if line.strip()]
    usage = bool(lines) and lines[-1].startswith("vakmanschap") and ": error: " in lines[-1]
    # validate reports every problem of a rule file, one located line each
    located = argv[0] == "validate" and all(_LOCATED.match(line) for line in lines)
    return ("clean error" if len(lines) == 1 or usage or located else "exit 3"), argv, detail


_LOCATED = re.compile(r"^(vakmanschap: )?\S+:\d+:\d+: ")
OUTPUT_OPTIONS = ("--out", "--rejects", "--plot")


def _outputs(argv: list[str], work: Path) -> set[str]:
    """Existing files the call may replace: those named by an output option that are not
    also an input of the call (an output onto an input must be refused)."""
    targets = {argv[k + 1] for k in range(len(argv) - 1) if argv[k] in OUTPUT_OPTIONS}
    inputs: set[Path] = set()
    for k, token in enumerate(argv):
        if (k and argv[k - 1] in OUTPUT_OPTIONS) or not token or "\x00" in token:
            continue
        path = work / token
        with contextlib.suppress(OSError):
            if path.is_dir():
                inputs.update(p.resolve() for p in path.rglob("*") if p.is_file())
            elif path.exists():
                inputs.add(path.resolve())
    out = set()
    for target in targets:
        path = work / target
        with contextlib.suppress(OSError, ValueError):
            files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
            out.update(str(p.relative_to(work)) for p in files if p.resolve() not in inputs)
    return out


def fuzz(calls: int, seed: int = 16, worker: int = 0, workers: int = 1, progress: bool = False
         ) -> tuple[Counter[str], list[tuple[str, list[str], str]]]:
    """Run the calls numbered ``worker``, ``worker + workers``, ... of ``calls``; return the
    outcome counts and the failures (every outcome but ok and clean error)."""
    counts: Counter[str] = Counter({name: 0 for name in (*OUTCOMES, "crash")})
    failures = []
    shm = Path("/dev/shm")  # a memory file system where there is one: copies cost less
    where = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="cli-fuzz-", dir=where) as tmp:
        seed_dir, work = Path(tmp) / "seed", Path(tmp) / "work"
        seed_dir.mkdir()
        seed_folder(seed_dir)
        for index in range(worker, calls, workers):
            rng = random.Random(f"{seed}:{index}")
            if progress:  # a worker process: where it was, should it die
                print(f"call {index}", file=sys.__stderr__, flush=True)
            outcome, argv, detail = run_one(seed_dir, work, rng)
            counts[outcome] += 1
            if outcome not in ("ok", "clean error"):
                failures.append((outcome, argv, f"call {index}: {detail}"))
    return counts, failures


def fuzz_parallel(calls: int, seed: int = 16, workers: int = 2
                  ) -> tuple[Counter[str], list[tuple[str, list[str], str]]]:
    """:func:`fuzz` split over ``workers`` processes, each calling the CLI in-process (one
    worker per process of this script, so that a worker that dies is seen, not waited for:
    it counts as a ``crash`` at the call it was running)."""
    import subprocess

    if workers <= 1:
        return fuzz(calls, seed)
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parent.parent / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    procs = [subprocess.Popen([sys.executable, __file__, "--calls", str(calls), "--seed",
                               str(seed), "--workers", str(workers), "--worker", str(w)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
             for w in range(workers)]
    counts: Counter[str] = Counter({name: 0 for name in (*OUTCOMES, "crash")})
    failures: list[Any] = []
    for w, proc in enumerate(procs):
        out, err = proc.communicate()
        if proc.returncode != 0:
            last = err.decode(errors="replace").strip().splitlines()[-3:]
            counts["crash"] += 1
            failures.append(("crash", [], f"worker {w} ended with {proc.returncode}: {last}"))
            continue
        part = json.loads(out)
        counts.update(part["counts"])
        failures.extend(tuple(f) for f in part["failures"])
    return counts, failures


def report(counts: Counter[str], seconds: float) -> str:
    """One line of counts, as the closing note of issue 16 quotes them."""
    total = sum(counts.values())
    return (f"cli fuzz: {total} invocations in {seconds:.0f} s: {counts['ok']} ok (exit 0/1), "
            f"{counts['clean error']} clean errors (exit 2), {counts['exit 3']} exit 3, "
            f"{counts['silent wrong']} silent wrong, {counts['hang']} hangs, "
            f"{counts['changed input']} changed inputs, {counts['crash']} workers crashed")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker", type=int, help="run only this worker's share; print JSON")
    cli = parser.parse_args()
    if cli.worker is not None:
        part_counts, part_failures = fuzz(cli.calls, cli.seed, cli.worker, cli.workers, True)
        json.dump({"counts": part_counts, "failures": part_failures}, sys.stdout)
        sys.exit(0)
    began = time.monotonic()
    totals, failed = fuzz_parallel(cli.calls, cli.seed, cli.workers)
    for outcome, argv, detail in failed:
        print(f"{outcome}: {argv!r}: {detail}")
    print(report(totals, time.monotonic() - began))
