"""Scenario files: professionals, a date and the expected outcome, in YAML (as OpenFisca tests).

A rule author writes what the register should decide and runs ``vakmanschap test FILE``::

    rules: ../srpo.yaml          # a built-in name or a path relative to this file
    scenarios:
      - name: Schoolleider met 100 punten wordt geherregistreerd
        fact: "docs/registers/sources.md §1.5: re-register when 100 points are collected"
        on: 2027-09-01
        group: reregistration      # optional; default as RuleSet.assess chooses
        changes: {totaal.min: 120} # optional: judge under a variant
        professional: {...}        # the person-file format (docs/person-file.md)
        expect:
          met: false
          level: niveau-2          # optional
          version: punten          # optional
          deadline: 2028-09-01     # optional
          requirements:           # per requirement id (the first node with that id)
            punten: {met: false, actual: 80, required: 100, shortfall: 20}
          error: DataError         # instead of an outcome: the error class expected
          timeline:               # optional: the status segments up to ``on`` (exclusive)
            - {status: geregistreerd, start: 2022-09-01, end: 2027-09-01}
          plan:                   # optional: the completion plan's steps (Assessment.plan)
            - {requirement: punten, amount: 20}

Every scenario needs a ``fact``: the published rule it rests on. The core of this module is
pure (:func:`run_scenarios_data`); :func:`run_scenario_file` reads the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from vakmanschap.engine.assessment import Assessment
from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.errors import DataError, RuleFileError, ScenarioError, VakmanschapError
from vakmanschap.model.periods import parse_date
from vakmanschap.model.records import Professional

__all__ = ["ScenarioResult", "run_scenario_file", "run_scenarios_data"]

_SCENARIO_KEYS = ("name", "fact", "on", "group", "changes", "professional", "expect")
_EXPECT_KEYS = ("met", "level", "version", "deadline", "requirements", "error", "group",
                "timeline", "plan")
_ASSESSMENT_KEYS = ("met", "level", "version", "deadline", "requirements", "group", "plan")
_SEGMENT_KEYS = ("status", "start", "end", "level", "version", "reason", "due", "notes")
_STEP_KEYS = ("requirement", "kind", "amount", "unit", "count", "theme", "achievable",
              "within", "period_start")
_NODE_KEYS = ("met", "actual", "required", "shortfall", "covered", "missing")


@attrs.frozen
class ScenarioResult:
    """The outcome of one scenario: passed, or the list of failed expectations."""

    file: str
    name: str
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.failures


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return abs(float(a) - float(b)) < 1e-6
    if isinstance(a, tuple | list) and isinstance(b, tuple | list):
        return list(a) == list(b)
    return bool(a == b)


def _check_keys(mapping: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
    unknown = [k for k in mapping if k not in allowed]
    if unknown:
        raise DataError(f"unknown key {unknown[0]!r}; allowed: {', '.join(allowed)}",
                        record=where, field=str(unknown[0]))


def _compare(assessment: Assessment, expect: Mapping[str, Any], where: str) -> list[str]:
    failures: list[str] = []
    top: dict[str, Any] = {"met": assessment.met, "level": assessment.level,
                           "version": assessment.version, "deadline": assessment.deadline,
                           "group": assessment.group}
    for key in ("met", "level", "version", "group", "deadline"):
        if key in expect:
            want = expect[key]
            if key == "deadline" and want is not None:
                want = parse_date(want)
            if not _close(top[key], want):
                failures.append(f"{key}: expected {want!r}, got {top[key]!r}")
    for rule_id, want in (expect.get("requirements") or {}).items():
        if not isinstance(want, Mapping):
            raise DataError("expected a mapping of met/actual/required/shortfall",
                            record=f"{where}, expect.requirements", field=str(rule_id))
        _check_keys(want, _NODE_KEYS, f"{where}, expect.requirements.{rule_id}")
        try:
            node = assessment.result.find(str(rule_id))
        except KeyError:
            failures.append(f"requirement {rule_id!r} not in the assessment tree")
            continue
        got = {"met": node.met, "actual": node.actual, "required": node.required,
               "shortfall": node.shortfall, "covered": node.detail.get("covered"),
               "missing": node.detail.get("missing")}
        for key, value in want.items():
            if not _close(got[key], value):
                failures.append(f"{rule_id}.{key}: expected {value!r}, got {got[key]!r}")
    return failures


def run_scenarios_data(data: Any, rules_for: Callable[[str], RuleSet], file: str = "<scenarios>"
                       ) -> list[ScenarioResult]:
    """Run parsed scenario data; ``rules_for`` resolves the ``rules:`` entry to a RuleSet."""
    if not isinstance(data, Mapping) or "scenarios" not in data or "rules" not in data:
        raise DataError("a scenario file is a mapping with 'rules' and 'scenarios'", record=file)
    _check_keys(data, ("rules", "scenarios", "note"), file)
    base = rules_for(str(data["rules"]))
    out: list[ScenarioResult] = []
    for index, scenario in enumerate(data["scenarios"] or []):
        where = f"{file}, scenarios[{index}]"
        if not isinstance(scenario, Mapping):
            raise DataError("each scenario is a mapping", record=where)
        _check_keys(scenario, _SCENARIO_KEYS, where)
        for required in ("name", "fact", "on", "professional", "expect"):
            if required not in scenario:
                raise DataError(f"missing required key {required!r}", record=where,
                                field=required)
        name = str(scenario["name"])
        expect = scenario["expect"]
        _check_keys(expect, _EXPECT_KEYS, f"{where}, expect")
        rules = base.with_changes(scenario["changes"]) if scenario.get("changes") else base
        wants_assessment = "timeline" not in expect or any(k in expect
                                                           for k in _ASSESSMENT_KEYS)
        try:
            person = Professional.from_dict(scenario["professional"], where=where)
            on: date = parse_date(scenario["on"])
            assessment = (rules.assess(person, on, group=scenario.get("group"))
                          if wants_assessment else None)
            # A timeline expectation covers the statuses up to the scenario date (exclusive).
            segments = rules.timeline(person, on) if "timeline" in expect else None
            plan = assessment.plan() if assessment is not None and "plan" in expect else None
        except VakmanschapError as exc:
            wanted = expect.get("error")
            if wanted and type(exc).__name__ == wanted:
                out.append(ScenarioResult(file, name, ()))
            else:
                out.append(ScenarioResult(file, name, (f"raised {type(exc).__name__}: {exc}",)))
            continue
        if "error" in expect:
            out.append(ScenarioResult(file, name, (f"expected {expect['error']}, got an "
                                                   "assessment",)))
            continue
        failures = _compare(assessment, expect, where) if assessment is not None else []
        if segments is not None:
            failures += _compare_timeline(segments, expect["timeline"], where)
        if plan is not None:
            failures += _compare_plan(plan, expect["plan"], where)
        out.append(ScenarioResult(file, name, tuple(failures)))
    return out


def _compare_entries(got: list[dict[str, Any]], want: Any, keys: tuple[str, ...], label: str,
                     where: str) -> list[str]:
    """Compare a list of expected entries (only the keys given) with what was computed."""
    if not isinstance(want, list):
        raise DataError(f"expected a list of {label}s", record=f"{where}, expect", field=label)
    failures = []
    if len(got) != len(want):
        failures.append(f"{label}: expected {len(want)} entries, got {len(got)}: "
                        + "; ".join(", ".join(f"{k}={v}" for k, v in g.items() if v is not None)
                                    for g in got))
    for index, (have, wanted) in enumerate(zip(got, want, strict=False)):
        if not isinstance(wanted, Mapping):
            raise DataError(f"each {label} entry is a mapping",
                            record=f"{where}, expect.{label}[{index}]")
        _check_keys(wanted, keys, f"{where}, expect.{label}[{index}]")
        for key, value in wanted.items():
            if isinstance(have[key], date) and value is not None:
                value = parse_date(value)
            if not _close(have[key], value):
                failures.append(f"{label}[{index}].{key}: expected {value!r}, got "
                                f"{have[key]!r}")
    return failures


def _compare_timeline(segments: list[Any], want: Any, where: str) -> list[str]:
    got = [{"status": s.status, "start": s.start, "end": s.end, "level": s.level,
            "version": s.version, "reason": s.reason, "due": s.due,
            "notes": [n.code for n in s.notes]} for s in segments]
    return _compare_entries(got, want, _SEGMENT_KEYS, "timeline", where)


def _compare_plan(plan: Any, want: Any, where: str) -> list[str]:
    got = [{"requirement": s.requirement, "kind": s.kind, "amount": s.amount, "unit": s.unit,
            "count": s.count, "theme": s.theme, "achievable": s.achievable, "within": s.within,
            "period_start": s.window.start if s.window is not None else None}
           for s in plan.steps]
    return _compare_entries(got, want, _STEP_KEYS, "plan", where)


def run_scenario_file(path: str | Path) -> list[ScenarioResult]:
    """Read and run one scenario file (the file edge of :func:`run_scenarios_data`)."""
    from vakmanschap.io import load_rules, read_text
    from vakmanschap.rules.yamlpos import load_yaml

    path = Path(path)
    try:
        data = load_yaml(read_text(path), str(path))
    except RuleFileError as exc:
        raise DataError(exc.one_line(), record=str(path)) from None

    def rules_for(ref: str) -> RuleSet:
        candidate = (path.parent / ref)
        if ref.endswith((".yaml", ".yml")):
            return load_rules(candidate)
        return load_rules(ref)

    return run_scenarios_data(data, rules_for, str(path))


def is_scenario_file(path: str | Path) -> bool:
    """Whether the file at ``path`` looks like a scenario file: a line ``scenarios:`` at the top
    level (how ``vakmanschap test FOLDER`` tells them from the rule and person files beside
    them; whether it is a valid one, running it says)."""
    from vakmanschap.io import read_text

    return re.search(r"^scenarios:", read_text(path), re.MULTILINE) is not None


def raise_on_failures(results: list[ScenarioResult]) -> None:
    """Raise ScenarioError listing every failed expectation (for pytest)."""
    failed = [r for r in results if not r.passed]
    if failed:
        lines = [f"{r.file}: {r.name}: {f}" for r in failed for f in r.failures]
        raise ScenarioError("\n".join(lines))
