"""compare: who flips, where the outcomes part, extra hours; tables, writers and plots."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import vakmanschap as vk
from vakmanschap.population import Population, simulate
from vakmanschap.population.compare import compare
from vakmanschap.population.generate import generate
from vakmanschap.population.sweep import sweep

ON = "2033-01-01"


@pytest.fixture(scope="module")
def workforce() -> tuple[vk.RuleSet, Population]:
    """A small generated workforce under the shipped civil-servant rules."""
    rules = vk.load_rules("rijksambtenaar")
    return rules, generate(600, 11, rules)


def test_compare_flips_match_the_two_evaluations(workforce: tuple[vk.RuleSet, Population]
                                                 ) -> None:
    """Losers meet the base only, gainers the variant only; counts add up per group."""
    rules, pop = workforce
    variant = rules.with_changes({"totaal.min": 120, "formeel.min": 100})
    diff = compare(pop, rules, variant, ON)
    base, other = simulate(pop, rules, ON).met, simulate(pop, variant, ON).met
    assert diff.loses.tolist() == (base & ~other).tolist()
    assert diff.gains.tolist() == (~base & other).tolist()
    table = diff.summary(by="organisation")
    assert sum(r["loses"] for r in table.rows) == int(diff.loses.sum())
    assert sum(r["gains"] for r in table.rows) == int(diff.gains.sum())


def test_diverges_at_names_the_changed_requirement(workforce: tuple[vk.RuleSet, Population]
                                                   ) -> None:
    """A change to one minimum makes exactly that requirement the point of divergence."""
    rules, pop = workforce
    diff = compare(pop, rules, rules.with_changes({"formeel.min": 120}), ON)
    at = diff.diverges_at()
    flipped = diff.flip != "same"
    assert flipped.any()
    assert set(at[flipped].tolist()) == {"formeel"}
    assert all(x in (None, "formeel") for x in at.tolist())
    extra = diff.extra()
    assert (extra[diff.loses] > 0).all()
    assert diff.reasons().rows[0]["requirement"] == "formeel"


def test_comparison_writers(tmp_path: Path, workforce: tuple[vk.RuleSet, Population]) -> None:
    """The per-person table writes as CSV; the summary as JSON and HTML."""
    rules, pop = workforce
    diff = compare(pop, rules, rules.with_changes({"totaal.min": 200}), ON)
    diff.to_csv(tmp_path / "diff.csv")
    header = (tmp_path / "diff.csv").read_text().splitlines()[0]
    assert header.startswith("id,organisation") and "diverges_at" in header
    assert '"loses"' in (diff.to_json() or "")
    assert "<table>" in diff._repr_html_()
    assert "where the outcomes part" in str(diff)


def test_pandas_frames(workforce: tuple[vk.RuleSet, Population]) -> None:
    """to_pandas gives one row per person (skipped without pandas)."""
    pytest.importorskip("pandas")
    rules, pop = workforce
    frame = simulate(pop, rules, ON).to_pandas()
    assert len(frame) == pop.size and "totaal.actual" in frame.columns
    diff = compare(pop, rules, rules.with_changes({"totaal.min": 200}), ON).to_pandas()
    assert set(diff["flip"]) <= {"same", "loses", "gains"}
    curve = sweep(pop, rules, "totaal.min", [80, 160], ON).to_pandas()
    assert list(curve["totaal.min"]) == [80.0, 160.0]


def test_plots_write_png(tmp_path: Path, workforce: tuple[vk.RuleSet, Population]) -> None:
    """Sweep curves and who-flips charts are written as PNG (skipped without matplotlib)."""
    pytest.importorskip("matplotlib")
    rules, pop = workforce
    curve = sweep(pop, rules, "totaal.min", np.arange(0, 241, 10), ON, by="part_time")
    curve.plot(tmp_path / "curve.png")
    diff = compare(pop, rules, rules.with_changes({"totaal.min": 120}), ON)
    diff.plot("organisation", tmp_path / "flips.png")
    for name in ("curve.png", "flips.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
