"""Every table in every format for simulate, compare and sweep, and rejects always reported
(cli/population_outputs.py and cli/tables_out.py; issue 10 item 4, issue 12 item 1, issue 16
item 4)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vakmanschap.cli import main
from vakmanschap.cli.tables_out import dump_streamed, json_ready
from vakmanschap.population.tables import rows_of

ON = "2033-01-01"
openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated workforce written as CSV exports, with two bad activity rows added."""
    folder = tmp_path_factory.mktemp("exports")
    assert main(["generate", "--size", "120", "--seed", "5", "--out", str(folder)]) == 0
    acts = folder / "activities.csv"
    lines = acts.read_text().splitlines()
    bad = lines[1].split(",")
    bad[2] = "lots"  # hours
    acts.write_text("\n".join([*lines, ",".join(bad), ",".join(bad)]) + "\n")
    return folder


def _run(exports: Path, *args: str) -> int:
    return main([args[0], str(exports), "--rules", "rijksambtenaar", "--on", ON, *args[1:]])


def test_simulate_out_xlsx_has_every_table(exports: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """simulate --out x.xlsx writes one sheet per table, the rejects sheet included, and
    says on stderr how many rows were rejected."""
    book_path = tmp_path / "x.xlsx"
    assert _run(exports, "simulate", "--by", "organisation", "--rejects",
                str(tmp_path / "bad.csv"), "--out", str(book_path)) == 0
    err = capsys.readouterr().err
    assert "2 rows rejected (activities.csv: 2), listed in" in err
    book = openpyxl.load_workbook(book_path, read_only=True)
    assert book.sheetnames == ["people", "summary", "by organisation", "requirements",
                               "rejects"]
    rejects = list(book["rejects"].values)
    assert rejects[0][:4] == ("file", "read", "accepted", "rejected")
    assert sum(r[3] for r in rejects[1:]) == 2
    people = list(book["people"].values)
    header = people[0]
    assert header[0] == "id" and len(people) == 121
    assert isinstance(people[1][header.index("met")], bool)


def test_rejects_in_json_and_csv_stdout(exports: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """--format json carries the rejected count; --format csv reports it on stderr."""
    rejects = str(tmp_path / "bad.csv")
    assert _run(exports, "simulate", "--rejects", rejects, "--format", "json") == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["load"]["rejected"] == 2
    assert "2 rows rejected" in captured.err
    assert _run(exports, "compare", "--set", "totaal.min=120", "--rejects", rejects,
                "--format", "csv") == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("id,") and "2 rows rejected" in captured.err


def test_out_csv_writes_siblings(exports: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    """compare --out x.csv: the per-person table in x.csv, the others beside it."""
    out = tmp_path / "flips.csv"
    assert _run(exports, "compare", "--set", "totaal.min=120", "--by", "organisation",
                "--rejects", str(tmp_path / "bad.csv"), "--out", str(out)) == 0
    names = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("flips"))
    assert names == ["flips.by-organisation.csv", "flips.csv", "flips.reasons.csv",
                     "flips.rejects.csv", "flips.summary.csv"]
    assert out.read_text().startswith("id,")
    assert "activities,," not in (tmp_path / "flips.rejects.csv").read_text()


def test_out_json_has_the_rows(exports: Path, tmp_path: Path) -> None:
    """simulate --out x.json writes the JSON document with the per-person rows."""
    out = tmp_path / "x.json"
    assert _run(exports, "simulate", "--rejects", str(tmp_path / "b.csv"), "--out",
                str(out)) == 0
    payload = json.loads(out.read_text())
    assert len(payload["rows"]) == 120 and payload["load"]["rejected"] == 2


@pytest.mark.parametrize("name", ["x.txt", "x.xls", "x", "x.CSVX"])
def test_unknown_out_extension_is_refused(exports: Path, tmp_path: Path, name: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown --out extension exits 2 naming the allowed ones; nothing is written."""
    for command in ("simulate", "sweep"):
        extra = ["--param", "totaal.min=100,120"] if command == "sweep" else []
        assert _run(exports, command, *extra, "--out", str(tmp_path / name)) == 2
        err = capsys.readouterr().err
        assert "allowed: .csv, .json, .xlsx" in err and err.count("\n") == 1
    assert not (tmp_path / name).exists()


def test_out_onto_an_input_is_refused(exports: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A sibling CSV that would land on an input is refused, and the input is untouched."""
    folder = tmp_path / "io"
    folder.mkdir()
    for name in ("professionals.csv", "activities.csv"):
        (folder / name).write_bytes((exports / name).read_bytes())
    before = (folder / "professionals.csv").read_bytes()
    assert main(["simulate", str(folder), "--rules", "rijksambtenaar", "--on", ON,
                 "--rejects", str(tmp_path / "b.csv"), "--out",
                 str(folder / "activities.csv")]) == 2
    assert "is an input" in capsys.readouterr().err
    assert (folder / "professionals.csv").read_bytes() == before


def test_sweep_by_keeps_the_group_table(exports: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """sweep --by: JSON holds the per-group table, CSV its rates as columns, xlsx a sheet."""
    args = ["sweep", "--param", "totaal.min=100,160", "--by", "part_time",
            "--rejects", str(tmp_path / "b.csv")]
    assert _run(exports, *args, "--format", "json") == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["by"]["columns"][0] == "totaal.min" and len(payload["by"]["rows"]) == 2
    assert payload["load"]["rejected"] == 2
    assert _run(exports, *args, "--format", "csv") == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header.startswith("totaal.min,met,pass_rate,loses,pass_rate[")
    assert _run(exports, *args, "--out", str(tmp_path / "s.xlsx")) == 0
    book = openpyxl.load_workbook(tmp_path / "s.xlsx", read_only=True)
    assert book.sheetnames == ["sweep", "by part_time", "rejects"]


@pytest.mark.parametrize("param", ["cycle.years=2,4", "reflectie.every.months=12,24"])
def test_lengths_are_not_swept(exports: Path, tmp_path: Path, param: str,
                               capsys: pytest.CaptureFixture[str]) -> None:
    """A term's or sub-period's length is refused by sweep (it would reuse stale windows)."""
    assert _run(exports, "sweep", "--param", param, "--rejects", str(tmp_path / "b.csv")) == 2
    assert "cannot be swept" in capsys.readouterr().err


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(head=st.dictionaries(st.text(), _JSON, max_size=3), rows=st.lists(_JSON, max_size=5),
       tail=st.dictionaries(st.text(), _JSON, max_size=3))
def test_streamed_json_is_json_dump_byte_for_byte(head: dict[str, Any], rows: list[Any],
                                                  tail: dict[str, Any]) -> None:
    """A document whose rows are an iterator is written as json.dump writes it with a list."""
    document = {**head, "rows (streamed)": rows, **tail}
    expected = json.dumps(document, ensure_ascii=False, indent=2)
    streamed = {k: iter(v) if k == "rows (streamed)" else v for k, v in document.items()}
    handle = io.StringIO()
    dump_streamed(json_ready(streamed), handle)
    assert handle.getvalue() == expected


_SCALAR = st.none() | st.booleans() | st.integers() | st.floats() | st.text()


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.dictionaries(st.text(), _SCALAR, max_size=6), max_size=6),
       nested=st.booleans())
def test_flat_rows_are_written_as_json_dump_writes_them(rows: list[dict[str, Any]],
                                                       nested: bool) -> None:
    """Rows of scalars only (the per-person rows; NaN among them written as null) take the
    C encoder's path and still come out as json.dump with indent=2 writes them, also among
    nested rows."""
    if nested:
        rows = [*rows, {"a": [1, {"b": float("nan")}]}, *rows]
    document = {"on": "2030-01-01", "rows": rows}
    expected = json.dumps(json_ready(document), ensure_ascii=False, indent=2)
    handle = io.StringIO()
    dump_streamed(json_ready({"on": "2030-01-01", "rows": iter(rows)}), handle)
    assert handle.getvalue() == expected


def test_compare_out_json_rows_match_the_csv(exports: Path, tmp_path: Path) -> None:
    """compare --out x.json holds one row per person, the rows of --out x.csv."""
    for name in ("c.json", "c.csv"):
        assert _run(exports, "compare", "--set", "totaal.min=100", "--rejects",
                    str(tmp_path / "r.csv"), "--out", str(tmp_path / name)) == 0
    rows = json.loads((tmp_path / "c.json").read_text())["rows"]
    with (tmp_path / "c.csv").open(newline="") as handle:
        table = list(csv.DictReader(handle))
    assert len(rows) == len(table) == 120
    assert [r["id"] for r in rows] == [r["id"] for r in table]
    assert [r["flip"] for r in rows] == [r["flip"] for r in table]


@given(size=st.integers(0, 40), chunk=st.integers(1, 9))
def test_rows_of_is_the_rows_whatever_the_chunk(size: int, chunk: int) -> None:
    """Rows made a chunk at a time are the rows of the columns, whatever the chunk size."""
    numbers = np.arange(size) * 0.5
    names = [f"p{k}" for k in range(size)]
    assert list(rows_of([numbers, names], size, chunk)) == [
        [numbers[k].item(), names[k]] for k in range(size)]
