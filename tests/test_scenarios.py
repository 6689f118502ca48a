"""Scenario files: professionals, a date and expected outcomes (vakmanschap.scenarios)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import vakmanschap as vk
from helpers import rule_text
from vakmanschap.rules.yamlpos import load_yaml
from vakmanschap.scenarios import (
    ScenarioResult,
    raise_on_failures,
    run_scenario_file,
    run_scenarios_data,
)

RULE_TEXT = rule_text("""
    id: herregistratie
    title: Herregistratie
    all_of:
      - {id: totaal, title: Totaal, total: {min: 40}}
      - {id: themas, title: Thema's, distinct_themes: {min: 2, of: [t1, t2, t3]}}
""")
RULES = vk.parse_rules(RULE_TEXT, "test.yaml")

SCENARIOS = """\
rules: test.yaml
scenarios:
  - name: Genoeg uren en thema's
    fact: "Reglement art. 5: 40 uur en 2 thema's"
    on: 2023-12-31
    professional:
      id: p1
      events: [{id: r, kind: registered, on: 2020-01-01}]
      activities:
        - {id: a1, on: 2021-03-01, hours: 40, category: formeel, accredited: true,
           themes: [t1, t2]}
    expect:
      met: true
      version: v1
      group: reregistration
      deadline: 2024-01-01
      requirements:
        totaal: {met: true, actual: 40, required: 40, shortfall: 0}
        themas: {met: true, covered: [t1, t2], missing: [t3]}
  - name: Te weinig uren
    fact: "Reglement art. 5"
    on: 2023-12-31
    professional:
      id: p2
      events: [{id: r, kind: registered, on: 2020-01-01}]
      activities:
        - {id: a1, on: 2021-03-01, hours: 28, category: formeel, accredited: true}
    expect:
      met: false
      requirements:
        totaal: {met: false, actual: 28, shortfall: 12}
"""


def data(text: str = SCENARIOS) -> Any:
    """Parsed scenario YAML."""
    return load_yaml(text, "scenarios.yaml")


def run(text: str = SCENARIOS) -> list[ScenarioResult]:
    """Run scenario text against the test rules."""
    return run_scenarios_data(data(text), lambda ref: RULES, "scenarios.yaml")


def test_passing_scenarios() -> None:
    """Scenarios whose expectations hold pass, one result per scenario."""
    results = run()
    assert [(r.name, r.passed, r.failures) for r in results] == [
        ("Genoeg uren en thema's", True, ()), ("Te weinig uren", True, ())]
    assert all(r.file == "scenarios.yaml" for r in results)


def test_failed_expectations_are_listed() -> None:
    """Each expectation that does not hold is a failure line with expected and actual."""
    text = SCENARIOS.replace("totaal: {met: false, actual: 28, shortfall: 12}",
                             "totaal: {met: true, actual: 30, shortfall: 12}")
    result = run(text)[1]
    assert not result.passed
    assert "totaal.met: expected True, got False" in result.failures
    assert "totaal.actual: expected 30, got 28.0" in result.failures
    assert len(result.failures) == 2


def test_missing_requirement_and_top_level_mismatch() -> None:
    """An unknown requirement id and a wrong version are failures, not crashes."""
    text = SCENARIOS.replace("      version: v1\n", "      version: v9\n").replace(
        "themas: {met: true", "onbekend: {met: true")
    failures = run(text)[0].failures
    assert "version: expected 'v9', got 'v1'" in failures
    assert "requirement 'onbekend' not in the assessment tree" in failures


def test_changes_judge_a_variant() -> None:
    """``changes`` judges the scenario under a variant of the rules."""
    text = SCENARIOS.replace("    on: 2023-12-31\n    professional:\n      id: p2",
                             "    on: 2023-12-31\n    changes: {totaal.min: 28}\n"
                             "    professional:\n      id: p2").replace(
        "totaal: {met: false, actual: 28, shortfall: 12}", "totaal: {met: true, required: 28}")
    assert [r.passed for r in run(text)] == [True, True]


def test_expected_error() -> None:
    """``expect: {error: DataError}`` passes when that error is raised, fails otherwise."""
    text = SCENARIOS.replace("category: formeel, accredited: true}\n    expect:\n      met: false",
                             "category: cursus}\n    expect:\n      error: DataError")
    text = text.replace("      requirements:\n        totaal: {met: false, actual: 28, "
                        "shortfall: 12}\n", "")
    assert run(text)[1].passed
    wrong = text.replace("error: DataError", "error: RuleError")
    (failure,) = run(wrong)[1].failures
    assert failure.startswith("raised DataError:")
    unexpected = SCENARIOS.replace("      met: false\n      requirements:\n        totaal: "
                                   "{met: false, actual: 28, shortfall: 12}\n",
                                   "      error: DataError\n")
    assert run(unexpected)[1].failures == ("expected DataError, got an assessment",)


@pytest.mark.parametrize(("old", "new", "fragment"), [
    ("  - name: Te weinig uren\n", "  - name: Te weinig uren\n    colour: red\n",
     "unknown key 'colour'"),
    ('    fact: "Reglement art. 5"\n', "", "missing required key 'fact'"),
    ("      met: false\n", "      met: false\n      verdict: no\n", "unknown key 'verdict'"),
    ("totaal: {met: false, actual: 28, shortfall: 12}", "totaal: {gap: 12}",
     "unknown key 'gap'"),
])
def test_malformed_scenarios_are_data_errors(old: str, new: str, fragment: str) -> None:
    """Unknown keys and missing required keys are DataErrors naming the place."""
    assert old in SCENARIOS
    with pytest.raises(vk.DataError, match=fragment) as info:
        run(SCENARIOS.replace(old, new))
    assert "scenarios.yaml, scenarios[1]" in str(info.value)


def test_scenario_file_must_name_rules_and_scenarios() -> None:
    """A scenario file is a mapping with 'rules' and 'scenarios'."""
    with pytest.raises(vk.DataError, match="'rules' and 'scenarios'"):
        run_scenarios_data({"scenarios": []}, lambda ref: RULES, "x.yaml")


def test_scenario_file_resolves_rules_relative_to_itself(tmp_path: Path) -> None:
    """``rules: test.yaml`` is found next to the scenario file."""
    (tmp_path / "test.yaml").write_text(RULE_TEXT, encoding="utf-8")
    path = tmp_path / "scenarios.yaml"
    path.write_text(SCENARIOS, encoding="utf-8")
    results = run_scenario_file(path)
    assert [r.passed for r in results] == [True, True]
    assert results[0].file == str(path)


def test_broken_scenario_yaml_is_a_data_error(tmp_path: Path) -> None:
    """Invalid YAML in a scenario file is a DataError naming the file and position."""
    path = tmp_path / "broken.yaml"
    path.write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(vk.DataError, match=r"broken\.yaml"):
        run_scenario_file(path)


def test_raise_on_failures() -> None:
    """raise_on_failures raises a ScenarioError listing every failure, or nothing."""
    raise_on_failures(run())
    failing = [ScenarioResult("f.yaml", "s1", ("met: expected True, got False",))]
    with pytest.raises(vk.ScenarioError, match=r"f.yaml: s1: met: expected True, got False"):
        raise_on_failures(failing)
    with pytest.raises(AssertionError):  # a ScenarioError is an AssertionError for pytest
        raise_on_failures(failing)
