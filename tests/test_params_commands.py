"""``vakmanschap params`` and the pointer to it in every change error
(cli/params_commands.py; issue 12, item 2)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from vakmanschap.cli import main


def test_params_text_lists_paths_values_and_meanings(capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    """The text table names each path, its value, unit, allowed range and requirement."""
    assert main(["params", "rijksambtenaar"]) == 0
    out = capsys.readouterr().out
    for fragment in ("totaal.min", "160", "hours", "0 to 1000000", "reflectie.allow_missed",
                     "reflectie.every.months", "cycle_year", "cycle.years",
                     "Development hours in the cycle"):
        assert fragment in out


def test_params_json_and_csv_carry_sources(capsys: pytest.CaptureFixture[str]) -> None:
    """JSON and CSV hold every field, the requirement's source included."""
    assert main(["params", "big", "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)
    uren = next(i for i in items if i["path"] == "uren-2080.interruption_max_years")
    assert uren["value"] == {"2009-01-01": 2, "2022-12-01": None} and uren["dated"]
    assert uren["source"] and uren["title"]["nl"]
    assert main(["params", "big", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["path"] for r in rows} == {i["path"] for i in items}
    assert all(r["source"] for r in rows)


def test_params_as_of_gives_the_value_in_force(capsys: pytest.CaptureFixture[str]) -> None:
    """--as-of lists the version in force then, with each value on that date."""
    assert main(["params", "big", "--as-of", "2015-01-01", "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)
    uren = next(i for i in items if i["path"] == "uren-2080.interruption_max_years")
    assert uren["in_force"] == 2


def test_params_out_xlsx(tmp_path: Path) -> None:
    """--out x.xlsx writes a 'parameters' sheet with numbers as numbers."""
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "p.xlsx"
    assert main(["params", "rijksambtenaar", "--format", "xlsx", "--out", str(path)]) == 0
    rows = list(openpyxl.load_workbook(path)["parameters"].values)
    row = next(r for r in rows if r[0] == "totaal.min")
    assert row[1] == 160


@pytest.mark.parametrize(("argv", "fragment"), [
    (["params", "rijksambtenaar", "--format", "xlsx"], "needs --out"),
    (["params", "rijksambtenaar", "--out", "p.txt"], "allowed: .csv, .json, .xlsx"),
    (["params", "rijksambtenaar", "--as-of", "2026-02-30"], "--as-of"),
    (["params", "rijksambtenaar", "--as-of", "1990-01-01"], "no rule version"),
    (["params", "nosuch"], "unknown built-in rule set"),
])
def test_params_bad_options_exit_2(argv: list[str], fragment: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Bad options give one line on stderr and exit 2."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert fragment in err and err.count("\n") == 1


def test_set_error_lists_the_parameters_and_points_to_params(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--set reflectie.x=1` names allow_missed (it used to say "(none)") and the command."""
    person = tmp_path / "p.yaml"
    person.write_text("id: p1\n", encoding="utf-8")
    assert main(["check", str(person), "--rules", "rijksambtenaar", "--on", "2026-06-01",
                 "--set", "reflectie.x=1"]) == 2
    err = capsys.readouterr().err
    assert "its parameters: allow_missed, every.months" in err
    assert "see `vakmanschap params rijksambtenaar`" in err


def test_overlay_error_names_the_file_and_points_to_params(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An overlay with an unknown parameter names the overlay file and the params command."""
    assert main(["generate", "--size", "20", "--out", str(tmp_path / "w")]) == 0
    overlay = tmp_path / "v.yaml"
    overlay.write_text("totaal.mnimum: 120\n", encoding="utf-8")
    assert main(["compare", str(tmp_path / "w"), "--rules", "rijksambtenaar", "--on",
                 "2030-01-01", "--variant", str(overlay)]) == 2
    err = capsys.readouterr().err
    assert str(overlay) in err and "its parameters: min," in err
    assert "`vakmanschap params rijksambtenaar`" in err


def test_reflect_every_two_years_on_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """"Reflect every two years" is a --set: two reflections, in years 1 and 3, then do."""
    person = tmp_path / "p.yaml"
    person.write_text(
        "id: p1\nevents: [{id: r, kind: registered, on: 2020-01-01}]\n"
        "activities:\n"
        "  - {id: a1, on: 2020-05-01, hours: 1, category: reflectie}\n"
        "  - {id: a2, on: 2022-05-01, hours: 1, category: reflectie}\n",
        encoding="utf-8")
    rules = tmp_path / "r.yaml"
    rules.write_text(
        "register: r\ntitle: R\nsource: Wet\nunit: hours\n"
        "categories: {reflectie: Reflectie}\n"
        "versions:\n  - id: v1\n    title: V1\n    valid_from: 2000-01-01\n    source: R\n"
        "    cycle: {years: 4}\n"
        "    reregistration:\n      id: reflectie\n      title: Reflectie\n"
        "      per_period:\n        every: cycle_year\n"
        "        requires: {id: jaar, title: Jaar, count: {min: 1}}\n", encoding="utf-8")
    base = ["check", str(person), "--rules", str(rules), "--on", "2023-12-31"]
    assert main(base) == 1
    assert main([*base, "--set", "reflectie.every.months=24"]) == 0
    capsys.readouterr()
