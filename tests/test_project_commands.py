"""The ``project`` command (vakmanschap.cli.project_commands)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import vakmanschap as vk
from vakmanschap.cli import main
from vakmanschap.population import generate, write_csv


@pytest.fixture(scope="module")
def workforce(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workforce")
    write_csv(generate(60, 1, vk.load_rules("rijksambtenaar")), folder)
    return folder


def test_project_prints_json_with_variant_and_groups(workforce: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A projection with a variant and --by prints the totals and the rows per group."""
    code = main(["project", str(workforce), "--rules", "rijksambtenaar", "--from",
                 "2027-01-01", "--years", "3", "--draws", "3", "--set", "totaal.min=120",
                 "--by", "organisation", "--format", "json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["years"] == ["2027", "2028", "2029"]
    assert {"rules", "variant", "difference"} <= set(data["total"][0])
    assert len({r["organisation"] for r in data["rows"]}) > 1


def test_project_writes_the_table_as_csv(workforce: Path, tmp_path: Path) -> None:
    """--out writes the table as CSV, one row per year and outcome."""
    out = tmp_path / "projection.csv"
    code = main(["project", str(workforce), "--rules", "rijksambtenaar", "--from",
                 "2027-01-01", "--years", "2", "--draws", "2", "--out", str(out)])
    assert code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("year,outcome,rules,rules_p5,rules_p95")
    assert len(lines) == 1 + 2 * 6


@pytest.mark.parametrize("extra, message", [
    (["--workers", "2", "--scheduler", "dask://localhost:1"], "not both"),
    (["--years", "0"], "1 to 50"),
    (["--scheduler", "http://x"], "dask://HOST:PORT"),
])
def test_project_bad_options_exit_2(workforce: Path, capsys: pytest.CaptureFixture[str],
                                    extra: list[str], message: str) -> None:
    """Bad options exit with 2 and one line that says what is allowed."""
    code = main(["project", str(workforce), "--rules", "rijksambtenaar", "--from",
                 "2027-01-01", "--draws", "1", *extra])
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
