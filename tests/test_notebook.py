"""The policy analyst's notebook (docs/analyst-notebook.ipynb) runs, cell by cell, and its results
say what its text says (issue 5, part 6).

The code cells are executed in order in one namespace, as Jupyter would, but without a kernel:
the notebook is read with the json module and each cell's source is compiled and run. The
working directory and the notebook's temporary folder are inside ``tmp_path``; matplotlib draws
with the Agg backend. Needs the ``analysis`` extra (pandas, matplotlib); skipped without it.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tooling_helpers import DOCS

NOTEBOOK = DOCS / "analyst-notebook.ipynb"
PNG = b"\x89PNG\r\n\x1a\n"


def _cells(kind: str) -> list[tuple[int, str]]:
    """(cell number, source) of the notebook's cells of ``kind``, numbered from 1."""
    data = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    out = []
    for number, cell in enumerate(data["cells"], 1):
        if cell["cell_type"] == kind:
            source = cell["source"]
            out.append((number, source if isinstance(source, str) else "".join(source)))
    return out


def test_notebook_is_clean_nbformat_4() -> None:
    """The notebook is nbformat 4 JSON whose code cells hold no outputs and no shell magics."""
    data = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert data["nbformat"] == 4 and data["metadata"]["kernelspec"]["language"] == "python"
    code = [c for c in data["cells"] if c["cell_type"] == "code"]
    assert len(code) >= 10
    ids = [c["id"] for c in data["cells"]]
    assert len(set(ids)) == len(ids)
    for cell in code:
        assert cell["outputs"] == [] and cell["execution_count"] is None, cell["id"]
        lines = "".join(cell["source"]).splitlines()
        assert not any(line.lstrip().startswith(("%", "!")) for line in lines), cell["id"]


@pytest.fixture(scope="module")
def notebook(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The namespace after running every code cell of the notebook in order."""
    pytest.importorskip("pandas")
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = tmp_path_factory.mktemp("notebook")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.setattr(tempfile, "tempdir", str(folder))
        namespace: dict[str, Any] = {"__name__": "__main__"}
        try:
            for number, source in _cells("code"):
                try:
                    exec(compile(source, f"{NOTEBOOK.name}, cell {number}", "exec"), namespace)
                except Exception as exc:
                    raise AssertionError(f"{NOTEBOOK.name}, cell {number}: "
                                         f"{type(exc).__name__}: {exc}") from exc
        finally:
            plt.close("all")
    namespace["_folder"] = folder
    return namespace


def test_notebook_works_inside_its_temporary_folder(notebook: dict[str, Any]) -> None:
    """Every file the notebook writes (export, overlay, CSV, PNG figures) is in its own folder."""
    work: Path = notebook["WORK"]
    assert work.parent == notebook["_folder"]
    assert {"professionals.csv", "activities.csv", "attestations.csv"} <= {
        p.name for p in (work / "hr-export").iterdir()}
    for name in ("hours.png", "flips.png", "curve.png", "grid.png", "heatmap.png"):
        assert (work / name).read_bytes()[:8] == PNG, name
    for name in ("people.csv", "flips.csv", "curve.csv", "cao-voorstel.yaml"):
        assert (work / name).stat().st_size > 0, name


def test_export_loads_with_every_row_accounted_for(notebook: dict[str, Any]) -> None:
    """The generated export loads without rejects, read = accepted + rejected for every file."""
    population = notebook["population"]
    workforce = notebook["workforce"]
    assert population.size == workforce.size == 3000
    files = {f.file: f for f in population.report.files}
    assert set(files) == {"professionals.csv", "activities.csv", "attestations.csv"}
    for report in files.values():
        assert report.read == report.accepted + report.rejected and report.rejected == 0
    assert files["activities.csv"].accepted == len(workforce.activities)
    rejects = (notebook["WORK"] / "rejects.csv").read_text(encoding="utf-8").splitlines()
    assert rejects == ["file,row,column,value,problem"]


def test_people_frame_has_one_row_per_person(notebook: dict[str, Any]) -> None:
    """The per-person DataFrame has one row per person, and its columns agree with the summary."""
    people, base, population = notebook["people"], notebook["base"], notebook["population"]
    assert len(people) == population.size and people.index.is_unique
    assert people.index.name == "id" and people.index.tolist() == population.ids.tolist()
    assert set(people["status"]) <= {"met", "not_met"}             # everyone is registered
    assert people["met"].sum() == int(base.met.sum())
    assert people["met"].mean() == pytest.approx(base.pass_rate)
    assert 0 < base.pass_rate < 1
    by_org = base.summary(by="organisation")
    assert sum(row["people"] for row in by_org.rows) == population.size
    failing = people.loc[~people["met"], "first_failed"]
    assert failing.notna().all() and people.loc[people["met"], "first_failed"].isna().all()
    full_time = ~people["part_time"]                              # the norm is prorated by fte
    assert (people.loc[full_time, "totaal.required"] == 160).all()
    assert (people.loc[~full_time, "totaal.required"] < 160).all()


def test_lower_norm_only_lets_people_gain(notebook: dict[str, Any]) -> None:
    """Lowering totaal.min from 160 to 120 raises the pass rate: nobody loses, some gain there."""
    comparison = notebook["lower_norm_comparison"]
    assert int(comparison.loses.sum()) == 0 and int(comparison.gains.sum()) > 0
    assert comparison.variant.pass_rate > comparison.base.pass_rate
    gained_at = set(comparison.diverges_at()[comparison.gains].tolist())
    assert gained_at == {"totaal"}
    assert "120 uur in plaats van 160 uur" in notebook["vk"].diff_rules(
        notebook["rules"], notebook["lower_norm"]).explain("nl")


def test_overlay_proposal_flips_people_both_ways(notebook: dict[str, Any]) -> None:
    """The YAML proposal makes some lose (at themas, the stricter change) and others gain."""
    vk, rules, proposal = notebook["vk"], notebook["rules"], notebook["proposal"]
    assert notebook["overlay"]["changes"] == {"totaal.min": 140, "themas.min_per_theme": 12,
                                              "reflectie.allow_missed": 1}
    text = vk.diff_rules(rules, proposal).explain("nl")
    assert "140 uur in plaats van 160 uur" in text and "12 uur in plaats van 8 uur" in text
    flips = notebook["flips"]
    assert len(flips) == notebook["population"].size
    counts = flips["flip"].value_counts()
    assert counts["loses"] > 0 and counts["gains"] > 0
    assert set(flips.loc[flips["flip"] == "loses", "diverges_at"]) == {"themas"}
    assert set(flips.loc[flips["flip"] == "gains", "diverges_at"]) <= {"totaal", "reflectie"}
    assert (flips["extra_hours"] == 0).all()       # the proposal asks no one for more hours
    comparison = notebook["proposal_comparison"]
    summary = comparison.summary(by="organisation")
    assert sum(row["loses"] for row in summary.rows) == counts["loses"]
    assert sum(row["gains"] for row in summary.rows) == counts["gains"]


def test_the_person_shown_loses_under_the_proposal(notebook: dict[str, Any]) -> None:
    """The person explained meets the rules and fails the proposal's themas, as the tables say."""
    before, after, person = notebook["before"], notebook["after"], notebook["person"]
    assert person.id == notebook["who"]
    assert before.met and not after.met
    assert [s.requirement for s in after.shortfalls] == ["themas"]
    assert "minstens 12 uur per thema" in after.explain("nl")
    assert "U voldoet niet aan" in after.explain("nl")
    index = notebook["population"].index(person.id)
    comparison = notebook["proposal_comparison"]
    assert comparison.base.met[index] and not comparison.variant.met[index]


def test_sweeps_move_the_pass_rate_the_way_the_parameters_imply(
        notebook: dict[str, Any]) -> None:
    """A higher hour norm or more hours per theme never raises the pass rate; 160/8 is the base."""
    base = notebook["base"]
    curve = notebook["curve_table"]
    assert curve["totaal.min"].tolist() == [float(v) for v in range(80, 201, 10)]
    assert curve["met"].is_monotonic_decreasing
    at_160 = curve.loc[curve["totaal.min"] == 160].iloc[0]
    assert at_160["met"] == int(base.met.sum()) and at_160["loses"] == 0
    assert curve.loc[curve["totaal.min"] > 160, "loses"].gt(0).all()
    groups = notebook["curve"].group_met
    assert (groups.sum(axis=1) == curve["met"].to_numpy()).all()
    lower = notebook["lower_norm_comparison"].variant
    assert curve.loc[curve["totaal.min"] == 120, "met"].item() == int(lower.met.sum())

    rates = notebook["pass_rates"]          # rows: hours per theme, columns: hour norm
    assert rates.shape == (5, 7)
    assert rates.loc[8.0, 160.0] == pytest.approx(base.pass_rate)
    assert (rates.diff(axis=0).iloc[1:] <= 0).all().all()
    assert (rates.diff(axis=1).iloc[:, 1:] <= 0).all().all()


# -- pandas-native (issue 10, part 1) -------------------------------------------------------------

PEOPLE_DTYPES = {
    "organisation": "category", "scale": "Int64", "birth_year": "Int64", "part_time": "boolean",
    "status": "category", "met": "boolean", "cycle_start": "datetime64[ns]",
    "due": "datetime64[ns]", "first_failed": "category", "failed": "string",
    "totaal.met": "boolean", "totaal.actual": "float64", "totaal.required": "float64",
}
FLIPS_DTYPES = {"status_base": "category", "flip": "category", "diverges_at": "category",
                "hours_short_base": "float64", "extra_hours": "float64"}


def test_notebook_casts_nothing() -> None:
    """No code cell of the notebook converts a column's type: the frames come typed."""
    for number, source in _cells("code"):
        assert ".astype(" not in source and "pd.to_datetime" not in source, number
        assert "to_numeric" not in source, number


def test_frames_have_proper_dtypes(notebook: dict[str, Any]) -> None:
    """The per-person frames are indexed by id and carry dates, categories, nullable integers
    and booleans, with one kind of missing value (isna) and no empty texts."""
    people, flips = notebook["people"], notebook["flips"]
    for frame, expected in ((people, PEOPLE_DTYPES), (flips, FLIPS_DTYPES)):
        assert frame.index.name == "id" and str(frame.index.dtype) in ("object", "string")
        assert {k: str(frame[k].dtype) for k in expected} == expected
        for name in frame.columns:
            if str(frame[name].dtype) in ("string", "category", "object"):
                assert not (frame[name].astype("string") == "").any(), name
    assert set(people["status"].cat.categories) == {"met", "not_met", "not_registered"}
    assert people["failed"].isna().equals(people["met"].astype(bool))
    assert people["first_failed"].isna().equals(people["failed"].isna())
    assert (people["due"] > people["cycle_start"]).all()
    assert str(notebook["curve_table"]["met"].dtype) == "Int64"


def test_arrow_tables_match_the_frames(notebook: dict[str, Any]) -> None:
    """to_arrow() gives the same columns with the matching Arrow types (id first)."""
    pa = pytest.importorskip("pyarrow")
    table = notebook["base"].to_arrow()
    people = notebook["people"]
    assert table.column_names == ["id", *people.columns[:-1]]    # the notebook added scale_band
    types = {name: table.schema.field(name).type for name in table.column_names}
    assert types["id"] == pa.string() and types["scale"] == pa.int64()
    assert types["part_time"] == pa.bool_() and types["cycle_start"] == pa.date32()
    assert pa.types.is_dictionary(types["status"]) and types["totaal.actual"] == pa.float64()
    assert table.column("first_failed").null_count == int(people["first_failed"].isna().sum())
    flips = notebook["proposal_comparison"].to_arrow()
    assert pa.types.is_dictionary(flips.schema.field("flip").type) and len(flips) == len(people)


def test_notebook_runs_in_a_jupyter_kernel(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The notebook executes top to bottom in a real kernel (nbclient), and a last cell finds
    the dtypes that the text promises."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))                 # the notebook's WORK folder
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    book = nbformat.read(NOTEBOOK, as_version=4)
    book.cells.append(nbformat.v4.new_code_cell(
        "import json\nprint(json.dumps({k: str(people[k].dtype) for k in "
        f"{sorted(PEOPLE_DTYPES)!r}}} | {{'index': people.index.name}}))"))
    nbclient.NotebookClient(book, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    printed = json.loads(book.cells[-1].outputs[0]["text"])
    assert printed == {**PEOPLE_DTYPES, "index": "id"}
