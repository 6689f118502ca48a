"""The progress protocol: steps, their words, reports and parts; and that the long population
functions report through it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vakmanschap.io import builtin_rules
from vakmanschap.population import Population, compare, generate, simulate, sweep, write_csv
from vakmanschap.progress import STEPS, part, report, step_words

ON = "2030-01-01"


class Recorder:
    """A progress callback that keeps every report."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, int]] = []

    def __call__(self, step: str, done: int, total: int, /) -> None:
        self.calls.append((step, done, total))

    def steps(self) -> list[str]:
        """The steps reported, each once, in order."""
        return list(dict.fromkeys(s for s, _, _ in self.calls))


def check_reports(calls: list[tuple[str, int, int]]) -> None:
    """Every report is within bounds, and each step's share done never goes down and ends
    at 1."""
    last: dict[str, float] = {}
    for step, done, total in calls:
        assert total >= 1 and 0 <= done <= total
        share = done / total
        assert share >= last.get(step, 0.0) - 1e-9, (step, done, total)
        last[step] = share
    assert all(share == 1 for share in last.values()), last


def test_every_step_has_words_in_both_languages() -> None:
    """Each step is named in Dutch and in English, differently; an unknown step as given."""
    for step in STEPS:
        assert step_words(step, "nl") != step_words(step, "en")
    assert step_words("other", "nl") == "other"


def test_report_without_a_callback_does_nothing() -> None:
    """report(None, ...) is a no-op; with a callback, counts are clamped."""
    report(None, "read", 5, 3)
    rec = Recorder()
    report(rec, "read", 5, 3)
    report(rec, "read", -1, 0)
    assert rec.calls == [("read", 3, 3), ("read", 0, 1)]


@given(st.integers(1, 5), st.lists(st.tuples(st.integers(0, 50), st.integers(1, 50)),
                                   min_size=1, max_size=10))
def test_parts_stay_inside_their_share(parts: int, inner: list[tuple[int, int]]) -> None:
    """Inner work reported through part k of n lands between k/n and (k+1)/n of the step."""
    for k in range(parts):
        rec = Recorder()
        wrapped = part(rec, "compare", k, parts)
        assert wrapped is not None
        for done, total in inner:
            wrapped("evaluate", min(done, total), total)
        for step, done, total in rec.calls:
            assert step == "compare"
            assert k / parts <= done / total <= (k + 1) / parts


def test_part_of_none_is_none() -> None:
    """Without a callback there is nothing to wrap."""
    assert part(None, "compare", 0, 2) is None


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Recorder, dict[str, Path]]:
    """A small generated workforce, written as CSV files, with the reports of both steps."""
    rec = Recorder()
    population = generate(200, 3, builtin_rules("rijksambtenaar"), progress=rec)
    files = write_csv(population, tmp_path_factory.mktemp("pop"), progress=rec)
    return rec, files


def test_generate_and_write_report(written: tuple[Recorder, dict[str, Path]]) -> None:
    """generate and write_csv report their steps from 0 to the end."""
    rec, _ = written
    assert rec.steps() == ["generate", "write"]
    assert rec.calls[0][1] == 0
    check_reports(rec.calls)


def test_read_evaluate_compare_sweep_report(written: tuple[Recorder, dict[str, Path]]
                                            ) -> None:
    """Loading, simulating, comparing and sweeping each report their own step to the end,
    and give the same results as without a callback."""
    _, files = written
    rules = builtin_rules("rijksambtenaar")
    rec = Recorder()
    pop = Population.from_csv(files["professionals"], files["activities"],
                              attestations=files["attestations"], progress=rec)
    assert rec.steps() == ["read"]
    variant = rules.with_changes({"totaal.min": 120})
    quiet = compare(pop, rules, variant, ON)
    loud = compare(pop, rules, variant, ON, progress=rec)
    assert (quiet.flip == loud.flip).all()
    result = simulate(pop, rules, ON, progress=rec)
    assert (result.met == quiet.base.met).all()
    curve = sweep(pop, rules, "totaal.min", [80, 120, 160], ON, progress=rec)
    assert (curve.met == sweep(pop, rules, "totaal.min", [80, 120, 160], ON).met).all()
    assert rec.steps() == ["read", "compare", "evaluate", "sweep"]
    check_reports(rec.calls)


def test_only_the_adapters_name_tqdm() -> None:
    """tqdm is imported only by the bar adapter; the core reports through the protocol and
    stays free of it."""
    import re

    src = Path(__file__).resolve().parents[1] / "src" / "vakmanschap"
    pattern = re.compile(r"import tqdm|from tqdm|import_module\(\s*\"tqdm")
    importing = sorted(str(p.relative_to(src)) for p in src.rglob("*.py")
                       if pattern.search(p.read_text(encoding="utf-8")))
    assert importing == ["population/bars.py"]
