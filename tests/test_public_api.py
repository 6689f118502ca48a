"""The public API of ``vakmanschap``: the names ``import vakmanschap`` promises."""

from __future__ import annotations

import vakmanschap

# Pinned from src/vakmanschap/__init__.py, in its order (ruff's RUF022 "isort-style" sort:
# constants, then classes, then functions). A name added to (or removed from) the public API
# must be added here too, deliberately: this list is the contract with library users.
EXPECTED_ALL = [
    "SCHEMA_VERSION",
    "Activity",
    "ActivityOutcome",
    "Assessment",
    "Attestation",
    "Change",
    "Comparison",
    "Cycle",
    "DataError",
    "DatePolicy",
    "Employment",
    "EventKind",
    "InputLimitError",
    "Leave",
    "LeaveKind",
    "Parameter",
    "Plan",
    "PlanStep",
    "Population",
    "PopulationResult",
    "Problem",
    "Professional",
    "ProjectionResult",
    "Qualification",
    "RegisterEvent",
    "RequirementResult",
    "RuleDiff",
    "RuleError",
    "RuleFileError",
    "RuleSet",
    "RuleVersion",
    "ScenarioError",
    "Shortfall",
    "StatusSegment",
    "SweepResult",
    "VakmanschapError",
    "Verification",
    "Window",
    "builtin_names",
    "builtin_rules",
    "compare",
    "cycles",
    "diff_rules",
    "load_overlay",
    "load_professionals",
    "load_rules",
    "parse_rules",
    "project",
    "rule_file_json_schema",
    "simulate",
    "sweep",
    "verify_decision",
]


def test_all_is_pinned() -> None:
    """``__all__`` lists exactly the expected names (additions must update EXPECTED_ALL)."""
    assert list(vakmanschap.__all__) == EXPECTED_ALL


def test_all_is_unique() -> None:
    """``__all__`` has no repeats."""
    assert len(set(vakmanschap.__all__)) == len(vakmanschap.__all__)


def test_every_name_resolves() -> None:
    """Every name in ``__all__`` is an attribute of the package."""
    missing = [name for name in vakmanschap.__all__ if not hasattr(vakmanschap, name)]
    assert missing == []


def test_star_import_gives_exactly_all() -> None:
    """``from vakmanschap import *`` brings in the names of ``__all__`` and nothing else."""
    namespace: dict[str, object] = {}
    exec("from vakmanschap import *", namespace)
    assert sorted(k for k in namespace if k != "__builtins__") == sorted(EXPECTED_ALL)


def test_errors_share_a_base_and_builtin_bases() -> None:
    """Every library error derives from VakmanschapError and from the matching builtin."""
    assert issubclass(vakmanschap.DataError, vakmanschap.VakmanschapError)
    assert issubclass(vakmanschap.DataError, ValueError)
    assert issubclass(vakmanschap.RuleFileError, ValueError)
    assert issubclass(vakmanschap.RuleError, LookupError)
    assert issubclass(vakmanschap.ScenarioError, AssertionError)
    assert issubclass(vakmanschap.InputLimitError, ValueError)


def test_version_and_schema_version() -> None:
    """The package has a version and the result schema has a versioned name."""
    assert isinstance(vakmanschap.__version__, str) and vakmanschap.__version__
    assert vakmanschap.SCHEMA_VERSION.startswith("vakmanschap.engine.assessment/")


def test_typed_marker_ships() -> None:
    """The package ships ``py.typed`` so that type checkers use its annotations."""
    from importlib import resources

    assert resources.files("vakmanschap").joinpath("py.typed").is_file()
