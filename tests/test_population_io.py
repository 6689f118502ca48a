"""HR exports in and out: CSV/Parquet loading, strict errors, rejects, column mapping."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import vakmanschap as vk
from population_strategies import ON, population, rule_text
from vakmanschap.errors import DataError
from vakmanschap.population import Population, reading, simulate
from vakmanschap.population.writing import write_csv

RULES = vk.parse_rules("""
register: t
title: T
source: test
unit: hours
categories:
  formeel: {title: Formeel, if_unaccredited: informeel}
  informeel: Informeel
themes: {t1: T1, t2: T2}
versions:
  - id: v
    title: V
    valid_from: 2000-01-01
    source: test
    cycle: {years: 4}
    reregistration: {id: totaal, title: Totaal, total: {min: 10}}
""")

PROFESSIONALS = """id,registered_on,fte,organisatie
p1,2020-01-01,1,BZK
p2,2020-06-01,0.8,FIN
p3,,1,FIN
"""
ACTIVITIES = """professional_id,date,hours,category,theme,accredited
p1,2020-02-01,4,formeel,t1;t2,true
p1,2020-03-01,8,informeel,,false
p2,2021-01-01,12.5,formeel,t2,false
"""


def _files(tmp_path: Path, professionals: str = PROFESSIONALS,
           activities: str = ACTIVITIES) -> tuple[Path, Path]:
    p = tmp_path / "professionals.csv"
    a = tmp_path / "activities.csv"
    p.write_text(professionals, encoding="utf-8")
    a.write_text(activities, encoding="utf-8")
    return p, a


ENGINES = ["python"] + (["pyarrow"] if reading.have_pyarrow() else [])


def _activity_fields(act: vk.Activity) -> tuple[Any, ...]:
    return (act.id, act.on, act.category, act.hours, act.points, frozenset(act.themes),
            act.accredited, act.provider)


def _same_person(a: vk.Professional, b: vk.Professional) -> None:
    assert (a.id, a.fte, a.entered_service) == (b.id, b.fte, b.entered_service)
    key = sorted(map(_activity_fields, a.activities)) == sorted(
        map(_activity_fields, b.activities))
    assert key, a.id
    assert a.employments == b.employments and a.leaves == b.leaves
    assert a.attestations == b.attestations
    assert sorted(a.events, key=lambda e: e.id) == sorted(b.events, key=lambda e: e.id)


@pytest.mark.parametrize("engine", ENGINES)
def test_load_default_columns(tmp_path: Path, engine: str) -> None:
    """The default columns load; extra professional columns become grouping attributes."""
    p, a = _files(tmp_path)
    pop = Population.from_csv(p, a, engine=engine)
    assert pop.ids.tolist() == ["p1", "p2", "p3"]
    assert pop.attributes["organisatie"].tolist() == ["BZK", "FIN", "FIN"]
    person = pop.professional(0)
    assert [x.hours for x in person.activities] == [4.0, 8.0]
    assert person.activities[0].themes == ("t1", "t2")
    assert person.events[0].kind is vk.EventKind.REGISTERED
    assert pop.professional(2).events == ()
    assert [f.to_dict() for f in pop.report.files] == [
        {"file": "professionals.csv", "read": 3, "accepted": 3, "rejected": 0,
         "delimiter": ","},
        {"file": "activities.csv", "read": 3, "accepted": 3, "rejected": 0, "delimiter": ","}]
    result = simulate(pop, RULES, "2024-07-01")
    assert result.status.tolist() == ["met", "met", "not_registered"]


@pytest.mark.parametrize("engine", ENGINES)
def test_strict_error_names_file_row_column_value_and_allowed(tmp_path: Path,
                                                               engine: str) -> None:
    """A bad cell raises DataError with file, row, column, value and what is allowed."""
    p, a = _files(tmp_path, activities=ACTIVITIES + "p2,2021-02-30,1,formeel,,true\n")
    with pytest.raises(DataError) as caught:
        Population.from_csv(p, a, engine=engine)
    message = str(caught.value)
    assert "activities.csv, row 5" in message and "field 'date'" in message
    assert "'2021-02-30'" in message and "YYYY-MM-DD" in message


def test_unknown_category_is_an_error_against_the_rules(tmp_path: Path) -> None:
    """Categories and themes the rule set lacks are errors, at load or at evaluation."""
    p, a = _files(tmp_path, activities=ACTIVITIES + "p1,2021-02-01,1,cursus,t9,true\n")
    with pytest.raises(DataError, match=r"row 5, field 'category'.*allowed: formeel, informeel"):
        Population.from_csv(p, a, rules=RULES)
    pop = Population.from_csv(p, a)
    with pytest.raises(DataError, match=r"activities.csv, row 5, field 'category'"):
        simulate(pop, RULES, "2024-01-01")


@pytest.mark.parametrize("engine", ENGINES)
def test_rejects_account_for_every_row(tmp_path: Path, engine: str) -> None:
    """With a rejects file, bad rows go there and read = accepted + rejected per file."""
    p, a = _files(
        tmp_path,
        professionals=PROFESSIONALS + "p4,2020-01-01,2.5,BZK\np1,2020-01-01,1,BZK\n",
        activities=ACTIVITIES + "p4,2020-02-01,1,formeel,,true\npx,2020-02-01,1,formeel,,true\n"
                                "p1,2020-02-01,1.234,formeel,,true\np1,2020-02-01\n"
                                "p2,2020-02-01,1,formeel,,maybe\n")
    rejects = tmp_path / "rejects.csv"
    pop = Population.from_csv(p, a, rejects=rejects, rules=RULES, engine=engine)
    files = {f.file: f for f in pop.report.files}
    assert (files["professionals.csv"].read, files["professionals.csv"].accepted,
            files["professionals.csv"].rejected) == (5, 3, 2)
    assert (files["activities.csv"].read, files["activities.csv"].accepted,
            files["activities.csv"].rejected) == (8, 3, 5)
    lines = rejects.read_text().splitlines()
    assert lines[0] == "file,row,column,value,problem"
    assert len(lines) == 1 + 7
    text = rejects.read_text()
    assert "was rejected" in text and "unknown professional id" in text
    assert "hundredth" in text and "expected 6 fields, got 2" in text
    assert "repeated professional id (first at row 2)" in text
    assert pop.size == 3 and len(pop.activities) == 3


def test_column_mapping_and_delimiter(tmp_path: Path) -> None:
    """A mapping renames columns; a semicolon export reads with delimiter=';'."""
    p = tmp_path / "mensen.csv"
    a = tmp_path / "leren.csv"
    p.write_text("nummer;start\nq1;2020-01-01\n")
    a.write_text("wie;datum;uren;soort;thema\nq1;2020-05-05;3,5;formeel;\n"
                 .replace("3,5", "3.5"))
    columns = {"professionals": {"id": "nummer", "registered_on": "start"},
               "activities.professional_id": "wie", "activities.date": "datum",
               "activities.hours": "uren", "activities.category": "soort",
               "activities.theme": "thema"}
    pop = Population.from_csv(p, a, columns=columns, delimiter=";")
    assert pop.professional(0).activities[0].hours == 3.5
    with pytest.raises(DataError, match="unknown column 'uur' for activities"):
        Population.from_csv(p, a, columns={"activities.uur": "x"}, delimiter=";")
    with pytest.raises(DataError, match="missing column 'professional_id'"):
        Population.from_csv(p, a, delimiter=";", columns={"professionals.id": "nummer"})


def test_parquet_needs_pyarrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pyarrow, Parquet loading says how to install it."""
    monkeypatch.setattr(reading.reader, "have_pyarrow", lambda: False)
    with pytest.raises(DataError, match=r"pip install 'vakmanschap\[parquet\]'"):
        Population.from_parquet(tmp_path / "p.parquet", tmp_path / "a.parquet")


def test_parquet_round_trip(tmp_path: Path) -> None:
    """Parquet files with the CSV columns (typed or text) load like the CSV files."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table({"id": ["p1", "p2"], "registered_on": [date(2020, 1, 1), None],
                             "fte": [1.0, 0.5], "org": ["A", "B"]}), tmp_path / "p.parquet")
    pq.write_table(pa.table({"professional_id": ["p1", "p1"],
                             "date": [date(2020, 2, 1), date(2020, 3, 1)],
                             "hours": [4.0, 6.5], "category": ["formeel", "informeel"],
                             "theme": ["t1", None], "accredited": [True, False]}),
                   tmp_path / "a.parquet")
    pop = Population.from_parquet(tmp_path / "p.parquet", tmp_path / "a.parquet")
    assert [x.hours for x in pop.professional(0).activities] == [4.0, 6.5]
    assert pop.professional(1).events == ()
    assert simulate(pop, RULES, "2024-01-01").met.tolist() == [True, False]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=rule_text(fallbacks=False), people=population(), on=ON)
def test_csv_round_trip_keeps_people_and_outcomes(tmp_path: Path, text: str,
                                                  people: list[vk.Professional],
                                                  on: date) -> None:
    """Written and read back as CSV, people are the same and so are their outcomes."""
    rules = vk.parse_rules(text)
    original = Population.from_professionals(people)
    for engine in ENGINES:
        folder = tmp_path / f"{engine}-{abs(hash((text, on))) % 10**8}"
        paths = write_csv(original, folder)
        loaded = Population.from_csv(paths["professionals"], paths["activities"],
                                     paths.get("employments"), paths.get("leaves"),
                                     paths.get("events"), attestations=paths.get("attestations"),
                                     engine=engine)
        for i, person in enumerate(people):
            _same_person(person, loaded.professional(i))
        try:
            a = simulate(original, rules, on)
        except DataError as exc:
            with pytest.raises(DataError) as again:
                simulate(loaded, rules, on)
            assert str(again.value) == str(exc)
            continue
        b = simulate(loaded, rules, on)
        assert a.met.tolist() == b.met.tolist()
        for key, col in a.columns.items():
            other = b.columns[key]
            assert np.array_equal(col.applies, other.applies)
            assert np.array_equal(col.met, other.met)
            assert np.array_equal(col.actual, other.actual, equal_nan=True)


def test_employments_leaves_events_and_attestations(tmp_path: Path) -> None:
    """The optional files load into each person's records; model checks reject bad rows."""
    p, a = _files(tmp_path)
    (tmp_path / "employments.csv").write_text(
        "professional_id,start,end,hours_per_week,role\n"
        "p1,2019-01-01,,36,\np2,2021-05-01,2020-01-01,36,\np3,2018-03-01,,24,\n")
    (tmp_path / "leaves.csv").write_text(
        "professional_id,start,end,kind\np1,2021-01-01,2021-03-31,illness\n"
        "p1,2022-01-01,2022-02-01,holiday\n")
    (tmp_path / "events.csv").write_text(
        "professional_id,kind,date,until\np2,deferral_granted,2024-01-01,\n"
        "p3,registered,2021-01-01,\n")
    (tmp_path / "att.csv").write_text("professional_id,kind,date\np1,gedragscode,2021-01-01\n")
    pop = Population.from_csv(p, a, tmp_path / "employments.csv", tmp_path / "leaves.csv",
                              tmp_path / "events.csv", attestations=tmp_path / "att.csv",
                              rejects=tmp_path / "rejects.csv")
    lines = pop.report.lines()
    assert "employments.csv: 3 read = 2 accepted + 1 rejected" in lines
    assert "leaves.csv: 2 read = 1 accepted + 1 rejected" in lines
    assert "events.csv: 2 read = 1 accepted + 1 rejected" in lines
    p1, p3 = pop.professional(0), pop.professional(2)
    assert p1.employments[0].hours_per_week == 36 and p1.leaves[0].kind is vk.LeaveKind.ILLNESS
    assert p1.attestations[0].kind == "gedragscode"
    assert p3.entry_date == date(2018, 3, 1) and int(pop.entry[2]) == date(2018, 3, 1).toordinal()
    assert [e.kind for e in p3.events] == [vk.EventKind.REGISTERED]
    text = (tmp_path / "rejects.csv").read_text()
    assert "ends before it starts" in text and "a granted deferral needs 'until'" in text
    assert "expected one of illness, pregnancy, parental, care, other" in text


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("cell", "problem"), [
    ("1_000", "decimal point"), ("\u0661\u0662", "decimal point"),
    ("0.000000001", "hundredth"), ("4.0000001", "hundredth"),
])
def test_amount_cells_are_read_as_written(tmp_path: Path, engine: str, cell: str,
                                          problem: str) -> None:
    """Fixed defect: '1_000' read as 1000, other scripts' digits as numbers and amounts finer
    than a hundredth rounded silently; now each is refused, as in person files."""
    p, a = _files(tmp_path, activities=f"professional_id,date,hours,category\n"
                                       f"p1,2020-02-01,{cell},formeel\n")
    with pytest.raises(DataError, match=f"row 2, field 'hours': '{cell}': .*{problem}"):
        Population.from_csv(p, a, engine=engine)


def test_export_and_person_file_read_the_same_values(tmp_path: Path) -> None:
    """An HR export and a person file with the same facts give the same professional."""
    p, a = _files(tmp_path, activities="professional_id,date,hours,category,theme,accredited\n"
                                       "p1,2020-02-01, 12.50 ,formeel,t2; t1;t2,JA\n")
    (tmp_path / "leaves.csv").write_text("professional_id,start,end,kind,id\n"
                                         "p1,2021-01-01,2021-03-31, care ,l1\n")
    got = Population.from_csv(p, a, leaves=tmp_path / "leaves.csv").professional(0)
    person = vk.Professional.from_dict({
        "id": "p1",
        "activities": [{"id": "row2", "on": "2020-02-01", "hours": 12.5, "category": "formeel",
                        "themes": "t2; t1;t2", "accredited": True}],
        "leaves": [{"id": "l1", "start": "2021-01-01", "end": "2021-03-31", "kind": " care "}]})
    assert got.activities == person.activities and got.leaves == person.leaves


def test_regenerating_replaces_the_whole_set(tmp_path: Path) -> None:
    """Issue 16, item 10 ("regenerating into a folder leaves an old employments.csv that
    simulate then loads"): a second write without employments removes the first one's."""
    from vakmanschap.population import generate, write_csv

    first = write_csv(generate(5, 1, employments=True), tmp_path)
    assert "employments" in first and (tmp_path / "employments.csv").exists()
    second = write_csv(generate(5, 2), tmp_path)
    assert "employments" not in second and not (tmp_path / "employments.csv").exists()


def test_a_second_writer_into_one_folder_is_refused(tmp_path: Path) -> None:
    """Issue 16, item 5 ("two generate runs into one folder interleave files"): while one
    writer holds the folder, another is refused with a DataError naming the folder."""
    from vakmanschap.errors import DataError
    from vakmanschap.population import generate, write_csv
    from vakmanschap.population.writing import _only_writer

    with _only_writer(tmp_path), pytest.raises(DataError, match="another run is writing"):
        write_csv(generate(3, 1), tmp_path)
    assert "professionals" in write_csv(generate(3, 1), tmp_path)  # free again afterwards
