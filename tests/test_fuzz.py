"""Fuzzing (issue 5, part 3): any input gives a result or a VakmanschapError, never another
exception and never a hang.

Each property runs at the suite's default size; its ``_slow`` twin runs :data:`SLOW_EXAMPLES`
examples under ``-m slow``. Count the examples with::

    .venv/bin/pytest tests/test_fuzz.py -m slow -p no:randomly --hypothesis-show-statistics
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tooling_helpers import TOY_RULES, json_ready
from vakmanschap import strategies as vks
from vakmanschap.engine.rulefile.file_schema import rule_file_json_schema
from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.errors import VakmanschapError
from vakmanschap.io import load_professionals, load_rules, parse_rules
from vakmanschap.model.records import Professional
from vakmanschap.rules.yamlpos import load_yaml

SLOW_EXAMPLES = 1200
#: No single example may take longer than this (a hang fails the test).
DEADLINE = timedelta(seconds=5)
FAST = settings(deadline=DEADLINE, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(FAST, max_examples=SLOW_EXAMPLES)

TOY = load_rules(TOY_RULES)
TOY_TEXT = TOY_RULES.read_text(encoding="utf-8")
ON = date(2026, 6, 1)
VALIDATOR = jsonschema.Draft202012Validator(rule_file_json_schema())

# -- rule files ------------------------------------------------------------------------------

RULE_TEXTS = st.one_of(
    vks.mutated_texts(TOY_TEXT, max_edits=6),
    vks.rule_file_texts().flatmap(lambda t: vks.mutated_texts(t, max_edits=4)),
    st.text(max_size=300),
    st.text("{}[]:-,&*!|>'\"#\n abc019", max_size=200),
)


def check_rule_text(text: str) -> None:
    """Parse; when the loader accepts, the schema accepts too and assessing works."""
    try:
        rules = parse_rules(text, "fuzz.yaml")
    except VakmanschapError:
        return
    assert list(VALIDATOR.iter_errors(json_ready(load_yaml(text, "fuzz.yaml")))) == []
    assess_all(rules, people_for(rules))


def people_for(rules: RuleSet) -> list[Professional]:
    """Two fixed professionals using ``rules``' own names: one registered, one not."""
    category = next(iter(rules.categories))
    themes = list(rules.themes)[:1]
    registered = Professional.from_dict({
        "id": "reg", "fte": 0.8, "entered_service": "2023-12-31",
        "events": [{"id": "r", "kind": "registered", "on": "2024-02-29",
                    **({"level": next(iter(rules.levels))} if rules.levels else {})}],
        "employments": [{"id": "e", "start": "2023-12-31", "hours_per_week": 36,
                         **({"role": next(iter(rules.roles))} if rules.roles else {})}],
        "leaves": [{"id": "l", "start": "2025-01-31", "end": "2025-03-31", "kind": "illness"}],
        "attestations": [{"id": "t", "kind": next(iter(rules.attestation_kinds)),
                          "on": "2024-01-15"}] if rules.attestation_kinds else [],
        "qualifications": [{"id": "q", "kind": next(iter(rules.qualification_kinds)),
                            "awarded_on": "2025-06-30", "ects": 60}]
        if rules.qualification_kinds else [],
        "activities": [{"id": f"a{i}", "on": day, "hours": 12, "category": category,
                        "themes": themes, "accredited": i % 2 == 0}
                       for i, day in enumerate(["2024-02-29", "2025-01-31", "2026-12-31",
                                                "2028-02-29"])]})
    return [registered, Professional(id="new")]


def assess_all(rules: RuleSet, people: list[Professional]) -> None:
    """Assess each person on a few dates; only VakmanschapErrors may be raised."""
    for person in people:
        for on in (ON, date(2024, 2, 29), date(2030, 12, 31)):
            try:
                result = rules.assess(person, on)
            except VakmanschapError:
                continue
            json.dumps(result.to_dict())
            result.explain("nl")
            result.explain("en")


@FAST
@given(RULE_TEXTS)
def test_fuzz_rule_file_text(text: str) -> None:
    """Random and mutated rule-file text loads or raises a VakmanschapError."""
    check_rule_text(text)


@pytest.mark.slow
@SLOW
@given(RULE_TEXTS)
def test_fuzz_rule_file_text_slow(text: str) -> None:
    """The rule-file fuzz property at the larger size."""
    check_rule_text(text)


# -- person data -----------------------------------------------------------------------------

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**20),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
                    st.dates().map(date.isoformat), st.sampled_from(
                        ["2024-02-29", "2023-02-29", "registered", "formeel", "illness", "on"]))
JSONISH = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20)


@st.composite
def mutated_person(draw: st.DrawFn) -> Any:
    """A valid person mapping with a few keys dropped, replaced or added."""
    data: Any = draw(vks.person_dicts(TOY, max_activities=6))
    for _ in range(draw(st.integers(1, 4))):
        lists = [data.get(key) for key in ("activities", "employments", "leaves",
                                           "attestations", "qualifications", "events")]
        containers = [data, *[item for items in lists if isinstance(items, list)
                              for item in items]]
        target = draw(st.sampled_from(containers))
        if not isinstance(target, dict) or not target:
            continue
        key = draw(st.sampled_from(sorted(target)))
        action = draw(st.sampled_from(["drop", "replace", "add"]))
        if action == "drop":
            del target[key]
        elif action == "replace":
            target[key] = draw(JSONISH)
        else:
            target[draw(st.text(max_size=6))] = draw(JSONISH)
    return data


PERSON_DATA = st.one_of(mutated_person(), JSONISH, vks.person_dicts(TOY))


def check_person_data(data: Any) -> None:
    """Build a professional; when that works, assessing works or raises a VakmanschapError."""
    try:
        person = Professional.from_dict(data)
    except VakmanschapError:
        return
    assess_all(TOY, [person])


@FAST
@given(PERSON_DATA)
def test_fuzz_person_data(data: Any) -> None:
    """Random and mutated person mappings give a professional or a DataError."""
    check_person_data(data)


@pytest.mark.slow
@SLOW
@given(PERSON_DATA)
def test_fuzz_person_data_slow(data: Any) -> None:
    """The person-data fuzz property at the larger size."""
    check_person_data(data)


PERSON_TEXTS = st.one_of(
    vks.person_dicts(TOY, max_activities=5).map(
        lambda d: yaml.safe_dump(d, sort_keys=False)).flatmap(vks.mutated_texts),
    st.text(max_size=200))


def check_person_file(tmp: Path, text: str, suffix: str) -> None:
    """Load a person file (YAML or JSON text) and assess whoever it holds."""
    path = tmp / f"people{suffix}"
    path.write_text(text, encoding="utf-8")
    try:
        people = load_professionals(path)
    except VakmanschapError:
        return
    assess_all(TOY, people)


@FAST
@given(PERSON_TEXTS, st.sampled_from([".yaml", ".json"]))
def test_fuzz_person_file(tmp_path_factory: pytest.TempPathFactory, text: str,
                          suffix: str) -> None:
    """Random and mutated person files load or raise a VakmanschapError."""
    check_person_file(tmp_path_factory.mktemp("p"), text, suffix)


@pytest.mark.slow
@SLOW
@given(PERSON_TEXTS, st.sampled_from([".yaml", ".json"]))
def test_fuzz_person_file_slow(tmp_path_factory: pytest.TempPathFactory, text: str,
                               suffix: str) -> None:
    """The person-file fuzz property at the larger size."""
    check_person_file(tmp_path_factory.mktemp("p"), text, suffix)


# -- HR export rows (CSV) --------------------------------------------------------------------

CELLS = st.one_of(st.text(max_size=10), st.sampled_from(
    ["", "-1", "1e309", "nan", "2023-02-29", "true", "ja", "1,5", "0.001", "9" * 15, "p0",
     "formeel;informeel", '"', "\x00"]))


@st.composite
def mutated_exports(draw: st.DrawFn) -> tuple[str, str]:
    """HR exports (professionals.csv, activities.csv) with a few cells or lines changed."""
    people, acts = draw(vks.hr_exports(TOY, max_people=3, max_activities=6))
    out = []
    for text in (people, acts):
        lines = text.split("\n")
        for _ in range(draw(st.integers(0, 3))):
            i = draw(st.integers(0, len(lines) - 1))
            cells = lines[i].split(",")
            j = draw(st.integers(0, len(cells) - 1))
            cells[j] = draw(CELLS)
            if draw(st.booleans()):
                cells = cells[:draw(st.integers(0, len(cells)))]
            lines[i] = ",".join(cells)
        out.append("\n".join(lines))
    return out[0], out[1]


def check_exports(tmp: Path, exports: tuple[str, str]) -> None:
    """Load HR exports strictly; a result or a VakmanschapError."""
    from vakmanschap.population import Population

    people, acts = tmp / "professionals.csv", tmp / "activities.csv"
    people.write_text(exports[0], encoding="utf-8")
    acts.write_text(exports[1], encoding="utf-8")
    try:
        Population.from_csv(people, acts, rules=TOY)
    except VakmanschapError:
        return


@pytest.fixture(scope="module")
def population_reader() -> None:
    """Skip when the HR-export reader is missing; warm it up outside the deadline."""
    pytest.importorskip("vakmanschap.population.reading",
                        reason="the HR-export reader (population issue) is not there yet")
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        check_exports(Path(tmp), ("id,registered_on,fte\np0,2024-01-01,1\n",
                                  "professional_id,date,hours,points,category,theme,accredited\n"
                                  "p0,2024-02-01,4,,formeel,,true\n"))


@FAST
@given(mutated_exports())
def test_fuzz_hr_export_rows(population_reader: None,
                             tmp_path_factory: pytest.TempPathFactory,
                             exports: tuple[str, str]) -> None:
    """Mutated HR-export CSV rows load or raise a VakmanschapError."""
    check_exports(tmp_path_factory.mktemp("csv"), exports)


@pytest.mark.slow
@SLOW
@given(mutated_exports())
def test_fuzz_hr_export_rows_slow(population_reader: None,
                                  tmp_path_factory: pytest.TempPathFactory,
                                  exports: tuple[str, str]) -> None:
    """The HR-export fuzz property at the larger size."""
    check_exports(tmp_path_factory.mktemp("csv"), exports)


@pytest.mark.parametrize("hours", ["1e300", "9" * 20])
def test_hr_export_huge_amount_is_a_data_error(population_reader: None, tmp_path: Path,
                                               hours: str) -> None:
    """An absurdly large amount in activities.csv is a DataError naming file, row and field."""
    from vakmanschap.errors import DataError

    people = "id,registered_on,fte\np0,2024-02-29,1\n"
    acts = ("professional_id,date,hours,points,category,theme,accredited\n"
            f"p0,2024-02-29,{hours},,formeel,,false\n")
    with pytest.raises(DataError, match="row 2"):
        check_exports_strict(tmp_path, (people, acts))


def check_exports_strict(tmp: Path, exports: tuple[str, str]) -> None:
    """Load HR exports and let every error through."""
    from vakmanschap.population import Population

    (tmp / "professionals.csv").write_text(exports[0], encoding="utf-8")
    (tmp / "activities.csv").write_text(exports[1], encoding="utf-8")
    Population.from_csv(tmp / "professionals.csv", tmp / "activities.csv", rules=TOY)


_PEOPLE_CSV = "id,registered_on,fte\np0,2024-02-29,1\n"
_ACTS_HEAD = "professional_id,date,hours,points,category,theme,accredited\n"


def _load_csv(tmp: Path, acts: bytes) -> Any:
    from vakmanschap.population import Population

    (tmp / "professionals.csv").write_text(_PEOPLE_CSV, encoding="utf-8")
    (tmp / "activities.csv").write_bytes(acts)
    return Population.from_csv(tmp / "professionals.csv", tmp / "activities.csv", rules=TOY)


def test_hr_export_not_utf8_is_a_data_error(population_reader: None, tmp_path: Path) -> None:
    """A byte that is not UTF-8 in activities.csv is a DataError naming the file."""
    from vakmanschap.errors import DataError

    with pytest.raises(DataError, match=r"activities\.csv"):
        _load_csv(tmp_path, (_ACTS_HEAD + "p0,2024-03-01,1,,form\udcffeel,,true\n")
                  .encode("utf-8", "surrogateescape"))


@pytest.mark.parametrize("row", ["p0,2024-03-01,1,,formeel,,true,extra\n",
                                 'p0,2024-03-01,1,,formeel,"unclosed,true\n'])
def test_hr_export_malformed_row_is_not_dropped_silently(population_reader: None,
                                                         tmp_path: Path, row: str) -> None:
    """A malformed row is an error (or a reject), never silently left out."""
    from vakmanschap.errors import DataError

    try:
        population = _load_csv(tmp_path, (_ACTS_HEAD + row).encode("utf-8"))
    except DataError:
        return
    reports = {Path(f.file).name: f for f in population.report.files}
    assert reports["activities.csv"].read == 1


def test_hr_export_error_for_a_huge_cell_is_short(population_reader: None,
                                                  tmp_path: Path) -> None:
    """The error for an oversized cell stays one readable line."""
    from vakmanschap.errors import DataError

    with pytest.raises(DataError) as info:
        _load_csv(tmp_path, (_ACTS_HEAD + "p0,2024-03-01,1,,formeel," + "x" * 200_000
                             + ",true\n").encode("utf-8"))
    assert len(str(info.value)) < 1000
