"""The shipped rule sets: they load, every rule cites a source, their scenarios pass, and the
example person files assess without error."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import vakmanschap as vk
from vakmanschap.engine.primitives.base import Requirement
from vakmanschap.engine.primitives.registered_level import RegisteredLevel
from vakmanschap.engine.primitives.work_hours import WorkHours
from vakmanschap.scenarios import run_scenario_file

DATA = Path(vk.__file__).parent / "data"
RULE_FILES = sorted(
    [p for p in DATA.glob("*.yaml")]
    + [p for p in (DATA / "examples").glob("*.yaml") if not p.name.startswith("people-")])
SCENARIO_FILES = sorted((DATA / "scenarios").glob("*.yaml"))
PEOPLE_FILES = sorted((DATA / "examples").glob("people-*.yaml"))


def _walk(node: Requirement) -> list[Requirement]:
    out = [node]
    for child in node.children():
        out.extend(_walk(child))
    return out


def test_the_registers_are_shipped() -> None:
    """SRPO, BIG, the civil-servant register, Registerleraar, NBA, SKJ, V&VN, Registerplein, KP
    and NIP ship as built-in rule sets."""
    assert {"srpo", "big", "rijksambtenaar", "registerleraar", "nba", "skj", "venvn",
            "registerplein", "kp", "nip"} <= set(vk.builtin_names())


def test_help_lists_the_shipped_registers(capsys: pytest.CaptureFixture[str]) -> None:
    """``vakmanschap --help`` names every shipped register."""
    from vakmanschap.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in vk.builtin_names())


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_rule_file_loads_and_every_rule_cites_a_source(path: Path) -> None:
    """Each shipped rule file loads, and every requirement node carries a non-empty source."""
    rules = vk.load_rules(path)
    assert rules.source.strip()
    for version in rules.versions:
        assert version.source.strip()
        for root in version.requirements():
            for node in _walk(root):
                assert node.source.strip(), f"{node.id} in {path.name} has no source"


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.name)
def test_scenarios_pass(path: Path) -> None:
    """Every scenario of a shipped scenario file holds."""
    results = run_scenario_file(path)
    assert results, f"{path.name} holds no scenarios"
    failures = [f"{r.name}: {f}" for r in results for f in r.failures]
    assert not failures, "\n".join(failures)


def test_every_shipped_register_has_scenarios() -> None:
    """Each shipped rule set has a scenario file with at least 12 scenarios."""
    names = {p.stem for p in SCENARIO_FILES}
    assert set(vk.builtin_names()) <= names
    for name in vk.builtin_names():
        assert len(run_scenario_file(DATA / "scenarios" / f"{name}.yaml")) >= 12, name


@pytest.mark.parametrize("path", PEOPLE_FILES, ids=lambda p: p.name)
def test_example_people_assess(path: Path) -> None:
    """The demo's example professionals assess under their rule set, with text in nl and en."""
    name = path.stem.removeprefix("people-")
    rules = (vk.builtin_rules(name) if name in vk.builtin_names()
             else vk.load_rules(DATA / "examples" / f"{name}.yaml"))
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# demo-on:"), "the demo date is declared on the first line"
    on = first.split(":", 1)[1].strip()
    people = vk.load_professionals(path)
    assert len(people) >= 2
    outcomes = set()
    for person in people:
        assessment = rules.assess(person, on)
        assert assessment.explain("nl") and assessment.explain("en")
        outcomes.add(assessment.met)
    assert outcomes == {True, False}, "the examples show both a pass and a fail"


@pytest.mark.parametrize("name", vk.builtin_names())
def test_scenario_people_agree_in_populations(name: str) -> None:
    """Each shipped register's scenario people, judged as one population on each scenario date,
    get per requirement the outcome a single assessment gives them."""
    from test_population import assert_agree
    from vakmanschap.model.periods import parse_date
    from vakmanschap.rules.yamlpos import load_yaml

    path = DATA / "scenarios" / f"{name}.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"), str(path))
    rules = vk.builtin_rules(name)
    by_date: dict[date, list[vk.Professional]] = {}
    for scenario in data["scenarios"]:
        if scenario.get("changes") or scenario.get("group") or "error" in scenario["expect"]:
            continue
        person = vk.Professional.from_dict(scenario["professional"])
        by_date.setdefault(parse_date(scenario["on"]), []).append(person)
    assert by_date
    for on, people in by_date.items():
        assert_agree(rules, people, on)


def test_big_work_routes_cover_every_profession_once() -> None:
    """BIG's work requirement has one route per hour norm whose registered levels together
    are every profession exactly once, each counting the registered profession's hours."""
    rules = vk.builtin_rules("big")
    for version in rules.versions:
        work = next(n for root in version.requirements() for n in _walk(root)
                    if n.id == "werkervaringseis")
        levels: list[str] = []
        norms: dict[str, float] = {}
        for route in work.children():
            level, hours = route.children()
            assert isinstance(level, RegisteredLevel) and isinstance(hours, WorkHours)
            assert hours.roles_of_level and hours.min is not None
            levels.extend(level.levels)
            norms[route.id] = hours.min.at(version.valid_from)
        assert sorted(levels) == sorted(rules.levels), version.id
        assert norms == {"werkervaring-2080": 2080, "werkervaring-3120": 3120}
