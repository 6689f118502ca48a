"""vakmanschap: the rules of professional registers as data, decisions that explain themselves.

>>> import vakmanschap as vk
>>> rules = vk.builtin_rules("srpo")                                   # doctest: +SKIP
>>> a = rules.assess(professional, on="2028-03-15")                    # doctest: +SKIP
>>> a.met, a.shortfalls, a.explain(), a.to_dict()                      # doctest: +SKIP
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from vakmanschap.engine.assessment import (
    SCHEMA_VERSION,
    ActivityOutcome,
    Assessment,
    RequirementResult,
    Shortfall,
)
from vakmanschap.engine.cycles import Cycle, cycles
from vakmanschap.engine.parameters import Parameter
from vakmanschap.engine.plan import Plan, PlanStep
from vakmanschap.engine.rulefile.file_schema import rule_file_json_schema
from vakmanschap.engine.ruleset import RuleSet, RuleVersion
from vakmanschap.errors import (
    DataError,
    InputLimitError,
    Problem,
    RuleError,
    RuleFileError,
    ScenarioError,
    VakmanschapError,
)
from vakmanschap.io import (
    builtin_names,
    builtin_rules,
    load_overlay,
    load_professionals,
    load_rules,
    parse_rules,
)
from vakmanschap.lifecycle.segments import StatusSegment
from vakmanschap.lifecycle.verify import Verification, verify_decision
from vakmanschap.model.periods import DatePolicy, Window
from vakmanschap.model.records import (
    Activity,
    Attestation,
    Employment,
    EventKind,
    Leave,
    LeaveKind,
    Professional,
    Qualification,
    RegisterEvent,
)
from vakmanschap.text.diff import Change, RuleDiff, diff_rules
from vakmanschap.version import __version__ as __version__

if TYPE_CHECKING:
    from vakmanschap.population import Population, PopulationResult, simulate
    from vakmanschap.population.compare import Comparison, compare
    from vakmanschap.population.projection import ProjectionResult, project
    from vakmanschap.population.sweep import SweepResult, sweep

# The population layer needs numpy; it is imported on first use of one of its names, so that
# ``import vakmanschap`` and one person's check do not load numpy (docs/performance.md).
_LAZY = {"Population": "vakmanschap.population", "PopulationResult": "vakmanschap.population",
         "simulate": "vakmanschap.population", "Comparison": "vakmanschap.population.compare",
         "compare": "vakmanschap.population.compare", "SweepResult": "vakmanschap.population.sweep",
         "sweep": "vakmanschap.population.sweep",
         "ProjectionResult": "vakmanschap.population.projection",
         "project": "vakmanschap.population.projection"}


def __getattr__(name: str) -> Any:
    """The population names, imported on first use (PEP 562)."""
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module 'vakmanschap' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

__all__ = [
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
