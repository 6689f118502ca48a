"""Reading HR exports columnar: row order, typed Parquet, tables in memory, delimiters,
decimal commas, workbooks, value mappings and unknown columns."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from population_strategies import ON, population, rule_text
from vakmanschap.errors import DataError
from vakmanschap.population import Population, reading, simulate
from vakmanschap.population.writing import write_csv

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

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
PEOPLE = "id,registered_on,fte,organisatie\np1,2020-01-01,1,BZK\np2,2020-06-01,0.8,FIN\n"
ACTS = ("professional_id,date,hours,category,theme,accredited\n"
        "p1,2020-02-01,4,formeel,t1;t2,true\np1,2020-03-01,8,informeel,,false\n"
        "p2,2021-01-01,12.5,formeel,t2,false\n")
ENGINES = ["python"] + (["pyarrow"] if reading.have_pyarrow() else [])


def _write(folder: Path, people: str = PEOPLE, acts: str = ACTS,
           suffix: str = ".csv") -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    p, a = folder / f"professionals{suffix}", folder / f"activities{suffix}"
    p.write_text(people, encoding="utf-8")
    a.write_text(acts, encoding="utf-8")
    return p, a


def _outcome(pop: Population, rules: vk.RuleSet, on: date) -> Any:
    result = simulate(pop, rules, on)
    return (result.met.tolist(), {k: (c.met.tolist(), np.nan_to_num(c.actual).tolist())
                                  for k, c in result.columns.items()})


def _shuffled(path: Path, seed: int) -> tuple[list[int], str]:
    """The rows of a CSV file in another order: (new position -> old row number), text."""
    header, *lines = path.read_text(encoding="utf-8").splitlines()
    order = np.random.default_rng(seed).permutation(len(lines)).tolist()
    return [k + 2 for k in order], "\n".join([header] + [lines[k] for k in order]) + "\n"


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=rule_text(fallbacks=False), people=population(), on=ON,
       seed=st.integers(0, 2**16), bad=st.integers(0, 3))
def test_shuffled_rows_change_nothing_but_row_numbers(tmp_path: Path, text: str,
                                                      people: list[vk.Professional], on: date,
                                                      seed: int, bad: int) -> None:
    """Shuffling the rows of the fact files (activities, employments, leaves, events,
    attestations) changes no result and no message except the row numbers it names. (The
    professionals file's order is the population's order, which results follow.)"""
    rules = vk.parse_rules(text)
    folder = tmp_path / f"x{abs(hash((text, on, seed, bad))) % 10**9}"
    paths = write_csv(Population.from_professionals(people), folder / "grouped")
    if bad:  # some rows that are refused, to compare the messages
        lines = paths["activities"].read_text(encoding="utf-8").splitlines()
        lines += ["nobody," * (lines[0].count(",")) + "x"] * bad
        paths["activities"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    shuffled = {}
    for name, path in paths.items():
        target = folder / "shuffled" / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shuffled[name] = (_shuffled(path, seed) if name != "professionals"
                          else ([], path.read_text(encoding="utf-8")))
        target.write_text(shuffled[name][1], encoding="utf-8")
    results = []
    for engine in ENGINES:
        for kind in ("grouped", "shuffled"):
            base = folder / kind
            try:
                pop = Population.from_csv(
                    *(base / paths[n].name if n in paths else None
                      for n in ("professionals", "activities", "employments", "leaves",
                                "events")),
                    attestations=base / "attestations.csv" if "attestations" in paths else None,
                    engine=engine, rejects=base / f"rejects-{engine}.csv")
            except DataError as exc:
                results.append(("error", re.sub(r"row \d+", "row N",
                                                str(exc).replace(str(base), ""))))
                continue
            rejects = (base / f"rejects-{engine}.csv").read_text(encoding="utf-8")
            messages = sorted(re.sub(r"^([^,]*),\d+,", r"\1,N,", line.replace(str(base), ""))
                              for line in rejects.splitlines()[1:])
            try:
                outcome = _outcome(pop, rules, on)
            except DataError as exc:
                outcome = re.sub(r"row \d+", "row N", str(exc).replace(str(base), ""))
            results.append((sorted(pop.ids.tolist()), messages, outcome, pop.report.rejected))
    assert all(r == results[0] for r in results), results


def test_random_order_gives_the_same_store_as_grouped(tmp_path: Path) -> None:
    """Activities in any row order are stored in the same (person, day, id) order."""
    acts = ("professional_id,id,date,hours,category\n"
            "p2,b,2021-01-01,1,formeel\np1,z,2020-01-01,2,formeel\np1,a,2020-01-01,3,formeel\n"
            "p1,m,2019-05-05,4,informeel\n")
    p, a = _write(tmp_path, acts=acts)
    for engine in ENGINES:
        got = Population.from_csv(p, a, engine=engine).activities
        assert [got.activity_id(k) for k in range(4)] == ["m", "a", "z", "b"]
        assert got.rows is not None and got.rows.tolist() == [5, 4, 3, 2]


def test_repeated_activity_id_is_reported_at_its_second_row(tmp_path: Path) -> None:
    """A repeated activity id of one person names the row of the repeat and of the first."""
    acts = ("professional_id,id,date,hours,category\n"
            "p1,a,2020-01-02,1,formeel\np2,a,2020-01-01,1,formeel\np1,a,2020-01-01,1,formeel\n")
    p, a = _write(tmp_path, acts=acts)
    for engine in ENGINES:
        with pytest.raises(DataError, match=r"activities.csv, row 2, field 'id': 'a': "
                                            r"activity ids must be unique .*first at row 4"):
            Population.from_csv(p, a, engine=engine)


def test_typed_parquet_reads_as_the_csv(tmp_path: Path) -> None:
    """Typed Parquet columns (date32, float, int, bool) give the same store as the CSV
    texts, and bad typed values are refused with the CSV message."""
    p, a = _write(tmp_path)
    csv_pop = Population.from_csv(p, a)
    people = pa.table({"id": ["p1", "p2"],
                       "registered_on": pa.array([date(2020, 1, 1), date(2020, 6, 1)]),
                       "fte": [1, 0.8], "organisatie": ["BZK", "FIN"]})
    acts = pa.table({"professional_id": ["p1", "p1", "p2"],
                     "date": pa.array([date(2020, 2, 1), date(2020, 3, 1), date(2021, 1, 1)]),
                     "hours": [4.0, 8.0, 12.5], "category": ["formeel", "informeel", "formeel"],
                     "theme": ["t1;t2", "", "t2"], "accredited": [True, False, False]})
    pq.write_table(people, tmp_path / "p.parquet")
    pq.write_table(acts, tmp_path / "a.parquet")
    typed = Population.from_parquet(tmp_path / "p.parquet", tmp_path / "a.parquet")
    for i in range(2):
        assert typed.professional(i) == csv_pop.professional(i)
    assert _outcome(typed, RULES, date(2024, 1, 1)) == _outcome(csv_pop, RULES, date(2024, 1, 1))
    bad = acts.set_column(2, "hours", pa.array([4.0, -8.0, 0.125]))
    pq.write_table(bad, tmp_path / "bad.parquet")
    with pytest.raises(DataError, match=r"bad.parquet, row 3, field 'hours': '-8': expected "
                                        r"a number >= 0"):
        Population.from_parquet(tmp_path / "p.parquet", tmp_path / "bad.parquet")


def test_from_pandas_and_arrow_check_as_files(tmp_path: Path) -> None:
    """DataFrames and Arrow tables load as the files do, with the same checks."""
    pd = pytest.importorskip("pandas")
    p, a = _write(tmp_path)
    from_files = Population.from_csv(p, a)
    people = pd.read_csv(p, dtype={"registered_on": str})
    acts = pd.read_csv(a, keep_default_na=False)
    acts["date"] = pd.to_datetime(acts["date"])
    frames = Population.from_pandas(people, acts)
    arrow = Population.from_arrow(pa.Table.from_pandas(people), pa.Table.from_pandas(acts))
    for pop in (frames, arrow):
        assert pop.ids.tolist() == ["p1", "p2"]
        for i in range(2):
            assert pop.professional(i) == from_files.professional(i)
    acts.loc[1, "category"] = "nosuch"
    with pytest.raises(DataError, match=r"activities \(table\), row 3, field 'category': "
                                        r"'nosuch': unknown category"):
        Population.from_pandas(people, acts, rules=RULES)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_delimiter_is_sniffed_and_reported(tmp_path: Path, engine: str,
                                           delimiter: str) -> None:
    """A ';' or tab export loads without saying its delimiter, and the report names it."""
    acts = ACTS.replace("t1;t2", '"t1;t2"').replace(",", delimiter)
    p, a = _write(tmp_path, PEOPLE.replace(",", delimiter), acts)
    pop = Population.from_csv(p, a, engine=engine)
    assert pop.report.delimiters == {"professionals.csv": delimiter,
                                     "activities.csv": delimiter}
    assert pop.professional(1) == Population.from_csv(*_write(tmp_path / "c")).professional(1)


@pytest.mark.parametrize("engine", ENGINES)
def test_decimal_comma(tmp_path: Path, engine: str) -> None:
    """With decimal=',' a Dutch export (0,8 and 12,5) loads; a decimal point is refused."""
    people = PEOPLE.replace(",", ";").replace("0.8", "0,8")
    acts = ACTS.replace("t1;t2", '"t1;t2"').replace(",", ";").replace("12.5", "12,5")
    p, a = _write(tmp_path, people, acts)
    pop = Population.from_csv(p, a, decimal=",", engine=engine)
    assert pop.fte.tolist() == [1.0, 0.8]
    assert pop.professional(1).activities[0].hours == 12.5
    p, a = _write(tmp_path / "b", people, acts.replace("12,5", "12.5"))
    with pytest.raises(DataError, match=r"'12.5': expected a number written with a decimal "
                                        r"comma"):
        Population.from_csv(p, a, decimal=",", engine=engine)


def test_xlsx_one_sheet_per_table(tmp_path: Path) -> None:
    """A workbook with a sheet per table loads like the CSV files (typed cells included)."""
    openpyxl = pytest.importorskip("openpyxl")
    pytest.importorskip("python_calamine")
    book = openpyxl.Workbook()
    people = book.active
    people.title = "professionals"
    for row in [["id", "registered_on", "fte", "organisatie"],
                ["p1", date(2020, 1, 1), 1, "BZK"], ["p2", date(2020, 6, 1), 0.8, "FIN"]]:
        people.append(row)
    acts = book.create_sheet("activities")
    for row in [["professional_id", "date", "hours", "category", "theme", "accredited"],
                ["p1", date(2020, 2, 1), 4, "formeel", "t1;t2", True],
                ["p1", "2020-03-01", 8, "informeel", None, False],
                ["p2", date(2021, 1, 1), 12.5, "formeel", "t2", "false"]]:
        acts.append(row)
    book.save(tmp_path / "export.xlsx")
    csv_pop = Population.from_csv(*_write(tmp_path / "c"))
    book_path = tmp_path / "export.xlsx"
    pop = Population.from_files(book_path, book_path)
    for i in range(2):
        assert pop.professional(i) == csv_pop.professional(i)
    pop = Population.from_files(f"{book_path}#professionals", f"{book_path}#activities")
    assert pop.size == 2
    with pytest.raises(DataError, match=r"export.xlsx: the workbook has no 'nosuch'; its "
                                        r"sheets: professionals, activities"):
        Population.from_files(f"{book_path}#nosuch", book_path)


def test_unknown_extension_is_an_error(tmp_path: Path) -> None:
    """from_files refuses a file whose ending it does not know, rather than reading CSV."""
    p, _ = _write(tmp_path)
    other = tmp_path / "activities.dat"
    other.write_text(ACTS, encoding="utf-8")
    with pytest.raises(DataError, match=r"activities.dat: unknown file type '.dat'; "
                                        r"expected .csv"):
        Population.from_files(p, other)


@pytest.mark.parametrize(("table", "header", "near"), [
    ("activities", "professional_id,date,hours,category,acredited", "'accredited'"),
    ("activities", "professional_id,date,hours,category,themes", "'theme'"),
    ("professionals", "id,registerd_on,fte", "'registered_on'"),
    ("professionals", "id,registered_on,ftee", "'fte'"),
])
def test_misspelled_column_names_its_near_match(tmp_path: Path, table: str, header: str,
                                                near: str) -> None:
    """Fixed defect: a misspelled optional column was ignored (a wrong pass rate); now it is
    an error that says which column was meant."""
    people = header + "\np1,2020-01-01,1\n" if table == "professionals" else PEOPLE
    acts = header + "\np1,2020-02-01,4,formeel,true\n" if table == "activities" else ACTS
    p, a = _write(tmp_path, people, acts)
    with pytest.raises(DataError, match=f"unknown column .*did you mean {near}"):
        Population.from_csv(p, a)


def test_extra_columns_are_declared_to_be_kept(tmp_path: Path) -> None:
    """An unknown activity column is an error unless declared; once any column is declared,
    only the declared professional columns are kept."""
    acts = "".join(line + (",note\n" if k == 0 else ",x\n")
                   for k, line in enumerate(ACTS.splitlines()))
    p, a = _write(tmp_path, acts=acts)
    with pytest.raises(DataError, match=r"unknown column 'note'; allowed columns: "
                                        r"professional_id"):
        Population.from_csv(p, a)
    pop = Population.from_csv(p, a, keep_columns=["note", "organisatie"])
    assert list(pop.attributes) == ["organisatie"]
    with pytest.raises(DataError, match="unknown column 'organisatie'"):
        Population.from_csv(p, a, columns={"keep": ["note"]})


def test_value_mapping_renames_names(tmp_path: Path) -> None:
    """The column mapping maps an export's category and theme names onto the rule file's;
    an unmapped unknown name is still an error."""
    acts = ACTS.replace("informeel", "informal").replace("t1;t2", "ethics;t2")
    p, a = _write(tmp_path, acts=acts)
    mapping = {"activities": {"category": {"values": {"informal": "informeel"}},
                              "theme": {"values": {"ethics": "t1"}}}}
    pop = Population.from_csv(p, a, columns=mapping, rules=RULES)
    assert pop.professional(0) == Population.from_csv(*_write(tmp_path / "c")).professional(0)
    with pytest.raises(DataError, match=r"'informal': unknown category"):
        Population.from_csv(p, a, columns={"activities.theme": {"values": {"ethics": "t1"}}},
                            rules=RULES)
    with pytest.raises(DataError, match=r"activities.hours.values: only the values"):
        Population.from_csv(p, a, columns={"activities": {"hours": {"values": {"a": "b"}}}})


UNIT_RULES = vk.parse_rules(
    """
register: t
title: T
source: test
unit: points
units: [points, hours, words]
categories:
  formeel: {title: Formeel, convert: {words: {per: 500}, hours: {per: 0.5}}}
  informeel: Informeel
versions:
  - id: v
    title: V
    valid_from: 2000-01-01
    source: test
    cycle: {years: 4}
    reregistration: {id: totaal, title: Totaal, total: {min: 10}}
""")
UNIT_ACTS = ("professional_id,id,date,hours,points,amount,unit,category\n"
             "p1,a,2020-02-01,,,1500,words,formeel\np1,b,2020-02-02,2.25,,,,formeel\n"
             "p1,c,2020-02-03,,2,,,informeel\np1,d,2020-02-04,,,1.5,points,informeel\n"
             "p2,e,2021-01-01,,,499,words,formeel\n")


def _registered(on: str) -> vk.RegisterEvent:
    return vk.RegisterEvent(id="r", kind="registered", on=on)


def test_amount_and_unit_columns_read_as_the_person_files(tmp_path: Path) -> None:
    """Activities with amount and unit (words) read from CSV, in both engines, and count as
    the same people written as person files do."""
    p, a = _write(tmp_path, acts=UNIT_ACTS)
    people = [vk.Professional(id="p1", events=[_registered("2020-01-01")], activities=[
        vk.Activity(id="a", on="2020-02-01", category="formeel", amount=1500, unit="words"),
        vk.Activity(id="b", on="2020-02-02", category="formeel", hours=2.25),
        vk.Activity(id="c", on="2020-02-03", category="informeel", points=2),
        vk.Activity(id="d", on="2020-02-04", category="informeel", points=1.5)]),
        vk.Professional(id="p2", events=[_registered("2020-06-01")], activities=[
            vk.Activity(id="e", on="2021-01-01", category="formeel", amount=499,
                        unit="words")])]
    expected = _outcome(Population.from_professionals(people), UNIT_RULES, date(2023, 1, 1))
    for engine in ENGINES:
        pop = Population.from_csv(p, a, rules=UNIT_RULES, engine=engine)
        acts = pop.activities
        assert [acts.unit_name(k) for k in range(len(acts))] == [
            "words", "hours", "points", "points", "words"]
        assert _outcome(pop, UNIT_RULES, date(2023, 1, 1)) == expected
        assert expected[1]["totaal"][1] == [10.5, 0]  # 3 + 4 + 2 + 1.5; 499 words: none


@pytest.mark.parametrize(("row", "message"), [
    ("p1,x,2020-02-01,,,3,pages,formeel", r"row 2, field 'unit': 'pages': unknown unit; "
                                          r"allowed: points, hours, words"),
    ("p1,x,2020-02-01,,,3,,formeel", r"row 2, field 'unit'.*give 'amount' and 'unit' together"),
    ("p1,x,2020-02-01,2,,3,words,formeel", r"row 2, field 'hours'.*give exactly one of"),
])
def test_bad_amount_or_unit_cells_are_located(tmp_path: Path, row: str, message: str) -> None:
    """An undeclared unit, an amount without a unit, or two amounts are refused at their row."""
    p, a = _write(tmp_path, acts="professional_id,id,date,hours,points,amount,unit,category\n"
                  + row + "\n")
    for engine in ENGINES:
        with pytest.raises(DataError, match=message):
            Population.from_csv(p, a, rules=UNIT_RULES, engine=engine)


def test_other_units_survive_a_csv_round_trip(tmp_path: Path) -> None:
    """Written and read again, activities in words keep their amount and unit."""
    people = [vk.Professional(id="p1", activities=[
        vk.Activity(id="a", on="2020-02-01", category="formeel", amount=1500, unit="words"),
        vk.Activity(id="b", on="2020-02-02", category="formeel", hours=2)])]
    write_csv(Population.from_professionals(people), tmp_path / "out")
    pop = Population.from_csv(tmp_path / "out" / "professionals.csv",
                              tmp_path / "out" / "activities.csv", rules=UNIT_RULES)
    again = pop.professional(0).activities
    assert [(x.amount, x.unit) for x in again] == [(1500, "words"), (2, "hours")]


def _store(pop: Population) -> Any:
    acts = pop.activities
    arrays = ("person", "day", "amount", "points", "category", "themes", "accredited",
              "provider")
    return (pop.ids.tolist(), [getattr(acts, k).tolist() for k in arrays],
            [acts.row(k) for k in range(len(acts))], acts.categories, acts.themes_names,
            acts.providers, pop.report.rejected)


def _many_blocks(tmp_path: Path, malformed_at: int | None) -> tuple[Path, Path]:
    """An export of 400 activity rows in random order with open names (no rules), bad rows
    spread over the file and, optionally, a malformed row (a cell too many) late in it."""
    rng = np.random.default_rng(7)
    people = "id,registered_on,fte\n" + "".join(f"p{k},2020-01-01,1\n" for k in range(40))
    lines = []
    for k in range(400):
        person = "nobody" if k % 97 == 5 else f"p{int(rng.integers(40))}"
        hours = "x" if k % 89 == 3 else str(int(rng.integers(1, 9)))
        lines.append(f"{person},2021-{int(rng.integers(1, 13)):02d}-01,{hours},"
                     f"c{int(rng.integers(6))},t{int(rng.integers(5))},true")
    if malformed_at is not None:
        lines[malformed_at] += ",surplus"
    acts = "professional_id,date,hours,category,theme,accredited\n" + "\n".join(lines) + "\n"
    return _write(tmp_path, people=people, acts=acts)


@pytest.mark.skipif("pyarrow" not in ENGINES, reason="needs pyarrow")
@pytest.mark.parametrize("malformed_at", [None, 350])
def test_streamed_blocks_read_as_the_careful_reader(tmp_path: Path, monkeypatch: Any,
                                                    malformed_at: int | None) -> None:
    """Read in many small blocks, a file gives the csv module's store, vocabulary order and
    rejects; a malformed row in a late block makes it forget the blocks already read."""
    from vakmanschap.population.reading import sources

    monkeypatch.setattr(sources, "ARROW_BLOCK", 512)
    batches = []
    streamed = sources.arrow_csv_batches

    def counted(*args: Any) -> Any:
        for batch in streamed(*args):
            batches.append(len(batch.rows))
            yield batch

    monkeypatch.setattr(reading.reader, "arrow_csv_batches", counted)
    p, a = _many_blocks(tmp_path, malformed_at)
    got = {}
    for engine in ENGINES:
        rejects = tmp_path / f"rejects-{engine}.csv"
        got[engine] = (_store(Population.from_csv(p, a, engine=engine, rejects=rejects)),
                       rejects.read_text(encoding="utf-8"))
    assert got["pyarrow"] == got["python"]
    assert len(batches) > 10  # the activities file came in many blocks
    assert got["python"][0][-1] == 10 + (malformed_at is not None)  # every bad row found
