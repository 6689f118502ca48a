"""What the synthetic-workforce generator (:mod:`vakmanschap.population.generate`) reads from a
rule set: its categories (formal, informal, reflection), themes, attestation kinds and unit,
and what its requirements ask (:meth:`Requirement.asks`): the unit each category is counted
in, the minimum of reflection, the roles whose work counts and which attestation kinds one
version asks together. docs/population.md ("Synthetic workforces") lists the choices."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import attrs

from vakmanschap.engine.primitives.base import Asks
from vakmanschap.engine.ruleset import RuleSet

__all__ = ["FALLBACK_THEMES", "REFLECTION_MARGIN", "Vocabulary", "vocabulary_of"]

FALLBACK_THEMES = ("beginselen-behoorlijk-bestuur", "wetgevingsketen", "integriteit",
                   "publiek-belang", "vakinhoud")
# A regular reflector records this many times the largest minimum of reflection on average
# (when the default schedule of reflection would not reach it): most meet it, some do not.
REFLECTION_MARGIN = 1.8


@attrs.frozen
class Vocabulary:
    """What the generator needs from a rule set.

    ``category_units``: per category, the unit its activities are recorded in (the rule
    file's, or the unit a requirement counts that category in); ``reflection_minimum``: the
    largest minimum amount of a requirement that counts only reflection categories (0: none);
    ``roles``: the declared roles, of which ``counted_roles`` count for some requirement;
    ``work``: some requirement counts employments; ``endorse_each``: some version asks two or
    more endorsement kinds (each is then endorsed on its own, otherwise one of them)."""

    categories: tuple[str, ...]
    formal: tuple[str, ...]
    informal: tuple[str, ...]
    reflection: tuple[str, ...]
    themes: tuple[str, ...]
    oath_kinds: tuple[str, ...]
    endorsement_kinds: tuple[str, ...]
    unit: str
    cycle_years: int
    category_units: tuple[str, ...] = ()
    reflection_minimum: float = 0.0
    roles: tuple[str, ...] = ()
    counted_roles: tuple[str, ...] = ()
    work: bool = False
    endorse_each: bool = False


def _asked(rules: RuleSet, span: tuple[date, date] | None) -> Iterator[tuple[int, Asks]]:
    """(version number, what a node asks) for every node of every version of ``rules`` in
    force on some day of ``span`` (first and last day; None: every version)."""
    for k, version in enumerate(rules.versions):
        until = version.valid_until
        if span is not None and (version.valid_from > span[1] or (
                until is not None and until < span[0])):
            continue
        for root in version.requirements():
            for node in root.walk():
                yield k, node.asks()


def vocabulary_of(rules: RuleSet | None, start: date | None = None) -> Vocabulary:
    """Read categories, themes and kinds from ``rules`` (the design sketch's when None), and
    what the versions in force from ``start`` (None: any version) to two years after its
    first term ask."""
    if rules is None:
        return Vocabulary(("formeel", "informeel", "reflectie"), ("formeel",), ("informeel",),
                          ("reflectie",), FALLBACK_THEMES, (), (), "hours", 4,
                          ("hours",) * 3)
    names = tuple(rules.categories)
    formal = tuple(n for n, c in rules.categories.items() if c.if_unaccredited)
    fallback = {c.if_unaccredited for c in rules.categories.values() if c.if_unaccredited}
    reflection = tuple(n for n in names if n not in formal and any(
        w in n.lower() for w in ("reflect", "intervisie", "coach", "supervisie")))
    informal = tuple(n for n in names if n in fallback and n not in reflection) or tuple(
        n for n in names if n not in formal and n not in reflection)
    others = tuple(n for n in names if n not in formal + informal + reflection)
    kinds = tuple(rules.attestation_kinds)
    oath = tuple(k for k in kinds if any(w in k.lower() for w in ("eed", "belofte", "oath")))
    endorsement = tuple(k for k in kinds if k not in oath)
    years = rules.versions[-1].cycle.years or 4
    units = dict.fromkeys(names, rules.unit)
    recorded: set[str] = set()
    minimum = 0.0
    counted: list[str] = []
    work = False
    endorsed: dict[int, set[str]] = {}
    span = None if start is None else (start, date(start.year + years + 2, 12, 31))
    for version, asks in _asked(rules, span):
        if asks.activities and asks.categories:
            for name in asks.categories:  # the first unit a category is counted in
                if name not in recorded and name in units:
                    units[name] = asks.unit or rules.unit
                    recorded.add(name)
            if asks.minimum is not None and set(asks.categories) <= set(reflection):
                minimum = max(minimum, asks.minimum)
        work = work or asks.work
        counted += [r for r in asks.roles if r not in counted]
        endorsed.setdefault(version, set()).update(
            k for k in asks.attestation_kinds if k in endorsement)
    return Vocabulary(names, formal or names[:1], informal + others or names[-1:],
                      reflection, tuple(rules.themes), oath, endorsement, rules.unit, years,
                      tuple(units.values()), minimum, tuple(rules.roles), tuple(counted), work,
                      any(len(e) > 1 for e in endorsed.values()))
