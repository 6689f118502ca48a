"""What the synthetic-workforce generator (:mod:`vakmanschap.population.generate`) reads from a
rule set: its categories (formal, informal, reflection), themes, attestation kinds and unit,
and what its requirements ask (:meth:`Requirement.asks`): the unit each category is counted
in, the minimum of reflection, the roles whose work counts, which attestation kinds one
version asks together and on which days of each term each kind counts. docs/population.md
("Synthetic workforces") lists the choices."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import attrs

from vakmanschap.engine.primitives.base import Asks, Due, Requirement
from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.model.periods import DatePolicy
from vakmanschap.rules.versions import RuleVersion

__all__ = ["FALLBACK_THEMES", "REFLECTION_MARGIN", "Vocabulary", "reading_span", "vocabulary_of"]

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
    more endorsement kinds (each is then endorsed on its own, otherwise one of them);
    ``levels``: the declared levels, when some requirement names a registered level or counts
    work in the role named like it (each person is then registered at one of them; empty:
    registered without a level); ``role_of_level``: some requirement counts that role;
    ``level_roles``: per level, the roles whose work a requirement counts beside one that
    names that level (in the same combinator: a route for that level); ``due``: per
    endorsement kind that a requirement asks on certain days of each term, those days (the
    first requirement found that asks it so); ``grid``: the first day of the calendar grid
    the terms follow (None: a term opens at registration), ``term_months`` their length in
    months, and ``policy`` the rule set's date policy."""

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
    levels: tuple[str, ...] = ()
    role_of_level: bool = False
    level_roles: tuple[tuple[str, tuple[str, ...]], ...] = ()
    due: tuple[tuple[str, Due], ...] = ()
    grid: date | None = None
    term_months: int = 0
    policy: DatePolicy = attrs.field(factory=DatePolicy)


def reading_span(start: date, years: int) -> tuple[date, date]:
    """The days whose versions the generator reads for a workforce registered from
    ``start`` with terms of ``years`` years: to the end of the second year after the first
    term (the per-term attestations are drawn in the terms that start in it too)."""
    return start, date(start.year + years + 2, 12, 31)


def _versions(rules: RuleSet, span: tuple[date, date] | None) -> list[RuleVersion]:
    """The versions of ``rules`` in force on some day of ``span`` (None: every one)."""
    return [v for v in rules.versions if span is None or not (v.valid_from > span[1] or (
        v.valid_until is not None and v.valid_until < span[0]))]


def _asked(rules: RuleSet, span: tuple[date, date] | None) -> Iterator[tuple[int, Asks]]:
    """(version number, what a node asks) for every node of every version of ``rules`` in
    force on some day of ``span`` (first and last day; None: every version)."""
    for k, version in enumerate(rules.versions):
        if version not in _versions(rules, span):
            continue
        for root in version.requirements():
            for node in root.walk():
                yield k, node.asks()


def _in_force(rules: RuleSet, span: tuple[date, date] | None) -> Iterator[Requirement]:
    """Every node of every version of ``rules`` in force on some day of ``span``."""
    for version in _versions(rules, span):
        for root in version.requirements():
            yield from root.walk()


def _level_routes(rules: RuleSet, span: tuple[date, date] | None
                  ) -> tuple[bool, dict[str, list[str]]]:
    """Whether some node names registered levels outside a route that also asks a
    qualification (none is drawn: such a route is closed to a generated person whatever the
    level), and per level the roles counted by a sibling of the one node among a
    combinator's children that names levels (a route open to those levels): those that every
    sibling counting work counts, when there are such, else any of them."""
    found: dict[str, list[str]] = {}
    naming: set[int] = set()
    closed: set[int] = set()
    for node in _in_force(rules, span):
        if node.asks().levels:
            naming.add(id(node))
        children = node.children()
        named = [c for c in children if c.asks().levels]
        if len(named) != 1:
            continue
        others = [c for c in children if c is not named[0]]
        if any(n.asks().qualification_kinds for c in others for n in c.walk()):
            closed.add(id(named[0]))
            continue
        for level in named[0].asks().levels:
            asked = [c.asks().roles for c in others if c.asks().roles]
            every = [r for r in dict.fromkeys(r for a in asked for r in a)
                     if all(r in a for a in asked)]  # counted by each: the route's own
            roles = found.setdefault(level, [])
            roles += [r for r in every or dict.fromkeys(r for a in asked for r in a)
                      if r not in roles]
    return bool(naming - closed), {level: roles for level, roles in found.items() if roles}


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
    cycle = rules.versions[-1].cycle
    years = cycle.years or 4
    units = dict.fromkeys(names, rules.unit)
    recorded: set[str] = set()
    minimum = 0.0
    counted: list[str] = []
    work = False
    endorsed: dict[int, set[str]] = {}
    of_level = False
    due: dict[str, Due] = {}
    span = None if start is None else reading_span(start, years)
    named, level_roles = _level_routes(rules, span)
    for version, asks in _asked(rules, span):
        if asks.activities and asks.categories:
            for name in asks.categories:  # the first unit a category is counted in
                if name not in recorded and name in units:
                    units[name] = asks.unit or rules.unit
                    recorded.add(name)
            if asks.minimum is not None and set(asks.categories) <= set(reflection):
                minimum = max(minimum, asks.minimum)
        work = work or asks.work
        of_level = of_level or asks.roles_of_level
        counted += [r for r in asks.roles if r not in counted]
        endorsed.setdefault(version, set()).update(
            k for k in asks.attestation_kinds if k in endorsement)
        if asks.due is not None:
            for kind in asks.attestation_kinds:
                if kind in endorsement:
                    due.setdefault(kind, asks.due)
    return Vocabulary(names, formal or names[:1], informal + others or names[-1:],
                      reflection, tuple(rules.themes), oath, endorsement, rules.unit, years,
                      tuple(units.values()), minimum, tuple(rules.roles), tuple(counted), work,
                      any(len(e) > 1 for e in endorsed.values()),
                      tuple(rules.levels) if named or of_level else (), of_level,
                      tuple((level, tuple(roles)) for level, roles in level_roles.items()),
                      tuple(due.items()), cycle.grid, cycle.years * 12 + cycle.months,
                      rules.date_policy)
