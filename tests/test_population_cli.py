"""The population commands: generate, simulate, compare and sweep on the command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from vakmanschap.cli import main

ON = "2033-01-01"


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated workforce written as CSV exports."""
    folder = tmp_path_factory.mktemp("exports")
    assert main(["generate", "--size", "300", "--seed", "4", "--out", str(folder)]) == 0
    return folder


def test_generate_writes_the_files(exports: Path) -> None:
    """generate writes professionals, activities and attestations with a header row."""
    header = (exports / "professionals.csv").read_text().splitlines()[0]
    assert header.startswith("id,registered_on,fte,entered_service,organisation")
    assert (exports / "activities.csv").read_text().startswith(
        "professional_id,date,hours,category,theme,accredited")
    assert (exports / "attestations.csv").is_file()


def test_generate_is_reproducible(tmp_path: Path, exports: Path) -> None:
    """The same size and seed give the same files."""
    assert main(["generate", "--size", "300", "--seed", "4", "--out", str(tmp_path)]) == 0
    for name in ("professionals.csv", "activities.csv"):
        assert (tmp_path / name).read_bytes() == (exports / name).read_bytes()


def test_simulate_text_json_csv(exports: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    """simulate prints tables, JSON or the per-person CSV; --out writes the CSV too."""
    assert main(["simulate", str(exports), "--rules", "rijksambtenaar", "--on", ON,
                 "--by", "organisation", "--out", str(tmp_path / "people.csv")]) == 0
    text = capsys.readouterr().out
    assert "activities.csv:" in text and "read =" in text and "pass_rate" in text
    assert "Belastingdienst" in text
    assert len((tmp_path / "people.csv").read_text().splitlines()) == 301
    assert main(["simulate", str(exports), "--rules", "rijksambtenaar", "--on", ON,
                 "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["people"] == 300 and payload["load"]["files"][0]["read"] == 300
    assert main(["simulate", str(exports), "--rules", "rijksambtenaar", "--on", ON,
                 "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("id,organisation")


def test_compare_with_sets_and_overlay(exports: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """compare takes --set changes or an overlay file; --plot writes a PNG per group."""
    pytest.importorskip("matplotlib")
    overlay = tmp_path / "variant.yaml"
    overlay.write_text("changes: {totaal.min: 120, themas.min_per_theme: 4}\n")
    assert main(["compare", str(exports), "--rules", "rijksambtenaar", "--on", ON,
                 "--variant", str(overlay), "--by", "organisation",
                 "--plot", str(tmp_path / "flips.png")]) == 0
    text = capsys.readouterr().out
    assert "where the outcomes part" in text and "gains" in text
    assert (tmp_path / "flips.png").read_bytes()[:4] == b"\x89PNG"
    assert main(["compare", str(exports), "--rules", "rijksambtenaar", "--on", ON,
                 "--set", "totaal.min=200", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["loses"] >= 0


def test_sweep_curve_and_grid(exports: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    """sweep over a range, a list, or a grid of two parameters."""
    pytest.importorskip("matplotlib")
    assert main(["sweep", str(exports), "--rules", "rijksambtenaar", "--on", ON,
                 "--param", "totaal.min=0:200:50", "--by", "part_time",
                 "--plot", str(tmp_path / "curve.png")]) == 0
    text = capsys.readouterr().out
    assert "sweep of totaal.min" in text and "pass rate by part_time" in text
    assert main(["sweep", str(exports), "--rules", "rijksambtenaar", "--on", ON,
                 "--param", "totaal.min=100,160", "--param", "formeel.min=40,80",
                 "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "totaal.min,formeel.min,met,pass_rate,loses" and len(lines) == 5


def test_bad_input_exits_2_with_one_line(exports: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Missing files, bad values and a compare without variant are one-line errors (exit 2)."""
    assert main(["simulate", str(tmp_path), "--rules", "rijksambtenaar", "--on", ON]) == 2
    assert "no professionals file" in capsys.readouterr().err
    assert main(["sweep", str(exports), "--rules", "rijksambtenaar", "--on", ON,
                 "--param", "totaal.min=a:b"]) == 2
    assert "start:stop:step" in capsys.readouterr().err
    assert main(["compare", str(exports), "--rules", "rijksambtenaar", "--on", ON]) == 2
    assert "needs a variant" in capsys.readouterr().err
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "professionals.csv").write_text("id,registered_on\np1,2025-13-01\n")
    (bad / "activities.csv").write_text("professional_id,date,hours,category\n")
    assert main(["simulate", str(bad), "--rules", "rijksambtenaar", "--on", ON]) == 2
    err = capsys.readouterr().err
    assert "professionals.csv, row 2, field 'registered_on'" in err and err[-1] == "\n"


def test_cost_and_solve_on_the_command_line(tmp_path: Path) -> None:
    """compare --costs prints the cost table and writes a chart; solve finds a value (exit 0)
    or says none meets the target (exit 1); simulate --why lists alone and together."""
    costs = str(Path(__file__).parent.parent / "rules" / "costs" / "rijksambtenaar.yaml")
    data = tmp_path / "demo"
    assert main(["generate", "--size", "200", "--seed", "2", "--out", str(data)]) == 0
    common = [str(data), "--rules", "rijksambtenaar", "--on", "2030-01-01"]
    assert main(["compare", *common, "--set", "totaal.min=120", "--by", "organisation",
                  "--costs", costs, "--cost-plot", str(tmp_path / "c.png"),
                  "--format", "json"]) == 0
    assert (tmp_path / "c.png").is_file()
    assert main(["solve", *common, "--param", "totaal.min", "--target", "pass_rate=0.99",
                  "--values", "0:40:10"]) == 1
    assert main(["solve", *common, "--param", "totaal.min", "--target", "pass_rate=0.01",
                  "--format", "json"]) == 0
    assert main(["simulate", *common, "--why"]) == 0
    assert main(["solve", *common, "--param", "totaal.min", "--target", "cost<=5",
                  "--values", "0:2:1"]) == 2


def test_twenty_simulate_processes_end_with_exit_0(tmp_path: Path) -> None:
    """Issue 16, item 12 ("about 1 process in 30 dies at exit with SIGABRT"): 20 simulate
    processes on a small demo workforce each exit 0 with nothing on stderr (the 200-run
    version is benchmarks/simulate_loop.py)."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "simulate_loop.py"
    spec = importlib.util.spec_from_file_location("simulate_loop", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    workforce = module.make_workforce(tmp_path / "workforce", 100)
    endings = [module.run_once(workforce) for _ in range(20)]
    assert endings == [(0, "")] * 20, [e for e in endings if e != (0, "")]


def test_dutch_excel_export_loads(exports: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A ';'-separated, decimal-comma export loads with --decimal ',' and the sniffed
    delimiter is said on stderr; the results are those of the ',' export; a workbook given
    as DATA loads too, and an unknown file ending is refused."""
    assert main(["simulate", str(exports), "--rules", "rijksambtenaar", "--on", ON,
                 "--format", "csv"]) == 0
    expected = capsys.readouterr().out
    dutch = tmp_path / "dutch"
    dutch.mkdir()
    for name in ("professionals", "activities", "attestations"):
        with open(exports / f"{name}.csv", encoding="utf-8", newline="") as source, \
                open(dutch / f"{name}.csv", "w", encoding="utf-8", newline="") as target:
            writer = csv.writer(target, delimiter=";")
            for row in csv.reader(source):
                writer.writerow([cell.replace(".", ",") if cell.replace(".", "").isdigit()
                                 else cell for cell in row])
    assert main(["simulate", str(dutch), "--rules", "rijksambtenaar", "--on", ON,
                 "--format", "csv", "--decimal", ","]) == 0
    out = capsys.readouterr()
    assert out.out == expected
    assert "activities.csv" in out.err and "delimiter ';' (sniffed)" in out.err
    odd = tmp_path / "activities.dat"
    odd.write_bytes((exports / "activities.csv").read_bytes())
    assert main(["simulate", "--professionals", str(exports / "professionals.csv"),
                 "--activities", str(odd), "--rules", "rijksambtenaar", "--on", ON]) == 2
    assert "unknown file type '.dat'" in capsys.readouterr().err
