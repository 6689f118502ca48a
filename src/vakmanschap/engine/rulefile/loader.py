"""Rule file text -> :class:`RuleSet`, with every problem located and reported at once.

The whole file is checked against the schema (:mod:`vakmanschap.engine.rulefile.file_schema`); all
problems found are raised together as one :class:`RuleFileError`. Reading the file from disk
is the caller's business (:func:`vakmanschap.io.load_rules`); this module does no I/O.
"""

from __future__ import annotations

from typing import Any

from vakmanschap.engine.rulefile.file_schema import check_rule_file
from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.errors import Problem, RuleFileError
from vakmanschap.rules.schema import INVALID, Checker, Loc
from vakmanschap.rules.yamlpos import load_yaml_lenient

__all__ = ["parse_rules", "rules_from_data"]


def parse_rules(text: str, name: str = "<rules>") -> RuleSet:
    """Parse rule-file text; ``name`` is used in error positions (e.g. ``rules/srpo.yaml``)."""
    data, problems = load_yaml_lenient(text, name)
    return rules_from_data(data, name, problems)


def rules_from_data(data: Any, name: str = "<rules>",
                    problems: list[Problem] | None = None) -> RuleSet:
    """Check already-parsed YAML data (with or without positions) and build the rule set.

    ``problems`` already found while reading the YAML are reported with the schema's own.
    """
    checker = Checker(name, problems=list(problems or []))
    root = Loc(getattr(data, "line", 1), getattr(data, "column", 1), "$")
    result = check_rule_file(data, root, checker)
    if checker.problems or result is INVALID:
        if not checker.problems:  # pragma: no cover - every INVALID records a problem
            checker.error(root, "invalid rule file")
        raise RuleFileError(checker.problems)
    assert isinstance(result, RuleSet)
    return result
