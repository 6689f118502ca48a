"""The rule sets a server answers for, by name, and how it describes them
(``GET /v1/rules``, ``GET /v1/rules/{name}``).

The catalogue is fixed when the server starts: a request names a rule set, it never brings a
path, a file name or code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from vakmanschap.engine.primitives.param_info import OWN, info
from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.errors import RuleError
from vakmanschap.io import builtin_names, load_rules

__all__ = ["describe", "load_catalogue", "summary"]


def _name(name_or_path: str) -> str:
    if "/" not in name_or_path and not name_or_path.endswith((".yaml", ".yml")):
        return name_or_path
    return Path(name_or_path).stem


def load_catalogue(rules: Sequence[str] | Mapping[str, RuleSet] | None) -> dict[str, RuleSet]:
    """Rule sets by name: a mapping is taken as given; names (``srpo``) and paths
    (``rules/mine.yaml``, served as ``mine``) are loaded; None serves every shipped one."""
    if isinstance(rules, Mapping):
        catalogue = dict(rules)
    else:
        catalogue = {}
        for item in builtin_names() if rules is None else rules:
            name = _name(str(item))
            if name in catalogue:
                raise RuleError(f"two rule sets would be served as {name!r}; rename one file")
            catalogue[name] = load_rules(item)
    if not catalogue:
        raise RuleError("a server needs at least one rule set")
    for name in catalogue:
        if not name or "/" in name:
            raise RuleError(f"rule set name {name!r}: a name is a non-empty word without '/'")
    return catalogue


def summary(name: str, rules: RuleSet) -> dict[str, Any]:
    """A rule set in brief: its name here, register, titles and versions."""
    return {
        "name": name,
        "register": rules.register,
        "title": rules.title.to_json(),
        "source": rules.source,
        "unit": rules.unit,
        "versions": [{"id": v.id, "title": v.title.to_json(),
                      "valid_from": v.valid_from.isoformat(),
                      "valid_until": v.valid_until.isoformat() if v.valid_until else None,
                      "source": v.source} for v in rules.versions],
    }



def parameters(rules: RuleSet) -> list[dict[str, Any]]:
    """Every parameter a request may change, with its key for ``changes``
    (``version:rule.parameter``), its value (a number, or ``{date: number}`` when it changes
    over time), its words and its unit."""
    out: list[dict[str, Any]] = []
    for version in rules.versions:
        seen: set[str] = set()
        for root in version.requirements():
            for node in root.walk():
                if node.id in seen:
                    continue
                seen.add(node.id)
                for pname, value in node.parameters().items():
                    meaning = info(type(node), pname)
                    unit = meaning.unit if meaning else None
                    out.append({
                        "key": f"{version.id}:{node.id}.{pname}",
                        "version": version.id, "rule": node.id, "parameter": pname,
                        "primitive": node.key, "value": value.to_json(),
                        "words": None if meaning is None else {
                            "nl": meaning.words("nl"), "en": meaning.words("en")},
                        "unit": rules.unit if unit == OWN else unit,
                    })
    return out


def describe(name: str, rules: RuleSet) -> dict[str, Any]:
    """A rule set in full: :func:`summary` and its parameters."""
    return {**summary(name, rules), "parameters": parameters(rules)}
