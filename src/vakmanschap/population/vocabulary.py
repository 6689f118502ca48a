"""Names in a population's records that its rule set must know (categories, themes, kinds,
roles), checked before an evaluation as :meth:`RuleSet.check_professional` checks one
professional."""

from __future__ import annotations

import numpy as np

from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.errors import DataError
from vakmanschap.population.store import Population

__all__ = ["check_vocabulary"]


def check_vocabulary(population: Population, rules: RuleSet) -> None:
    """DataError naming the first activity whose category or theme the rule set lacks."""
    acts = population.activities
    for code, name in enumerate(acts.categories):
        if name not in rules.categories:
            hits = np.flatnonzero(acts.category == code)
            if len(hits):
                raise DataError(f"unknown category {name!r}; allowed: "
                                f"{', '.join(rules.categories)}",
                                record=acts.where(int(hits[0])), field="category")
    for bit, name in enumerate(acts.themes_names):
        if name not in rules.themes:
            hits = np.flatnonzero(acts.themes & acts.themes.dtype.type(1 << bit))
            if len(hits):
                allowed = ", ".join(rules.themes) or "(this register has no themes)"
                raise DataError(f"unknown theme {name!r}; allowed: {allowed}",
                                record=acts.where(int(hits[0])), field="theme")
    att = population.attestations
    if rules.attestation_kinds:
        for code, name in enumerate(att.kinds):
            hits = np.flatnonzero(att.kind == code)
            if name not in rules.attestation_kinds and len(hits):
                k = int(hits[0])
                raise DataError(f"unknown kind {name!r}; allowed: "
                                f"{', '.join(rules.attestation_kinds)}",
                                record=f"professional {population.ids[att.person[k]]}, "
                                       f"attestation {att.ids[k]}", field="kind")
    emp = population.employments
    if rules.roles:
        for k, role in enumerate(emp.role):
            if role is not None and role not in rules.roles:
                raise DataError(f"unknown role {role!r}; allowed: {', '.join(rules.roles)}",
                                record=f"professional {population.ids[emp.person[k]]}, "
                                       f"employment {emp.ids[k]}", field="role")

