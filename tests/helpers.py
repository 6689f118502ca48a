"""Small inline rule files and professionals shared by the tests.

The tests never depend on the shipped rule sets (they change while the registers are being
encoded): every test writes the few lines of YAML it needs and parses them with
:func:`vakmanschap.parse_rules`, under the file name ``test.yaml``.

The standard cycle: a professional registered on 1 January 2020 under a 4-year term has the
cycle ``[2020-01-01, 2024-01-01)``; :data:`ON` (31 December 2023) is its last day.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from datetime import date
from typing import Any

import vakmanschap as vk
from vakmanschap.engine.assessment import RequirementResult

FILE = "test.yaml"
REGISTERED = date(2020, 1, 1)
CYCLE_END = date(2024, 1, 1)  # the due date (exclusive by default)
ON = date(2023, 12, 31)  # the last day of the standard cycle

CATEGORIES = ("formeel", "informeel", "reflectie")
THEMES = ("t1", "t2", "t3", "t4")

VOCABULARY = """\
register: test
title: {nl: Testregister, en: Test register}
source: Testwet art. 1
unit: %(unit)s
%(date_policy)scategories:
  formeel: {title: Formeel, if_unaccredited: informeel}
  informeel: Informeel
  reflectie: {title: {nl: Reflectie, en: Reflection}}
themes:
  t1: {title: {nl: Thema een, en: Theme one}}
  t2: Thema twee
  t3: Thema drie
  t4: Thema vier
levels: {n1: Niveau 1, n2: {title: {nl: Niveau 2, en: Level 2}}}
qualification_kinds: {master: Master, pabo: Pabo}
attestation_kinds: {ambtseed: Ambtseed, belofte: Belofte, gedragscode: Gedragscode}
roles: {arts: Arts, verpleegkundige: Verpleegkundige}
"""


def block(yaml_text: str, indent: int) -> str:
    """Dedent ``yaml_text`` and indent it by ``indent`` spaces (for nesting in a rule file)."""
    return textwrap.indent(textwrap.dedent(yaml_text).strip("\n"), " " * indent)


def rule_text(requirement: str, *, group: str = "reregistration", unit: str = "hours",
              years: int = 4, months: int = 0, next_due: str = "from_decision",
              date_policy: str | None = None, version_extra: str = "") -> str:
    """A complete rule file with one version whose ``group`` is ``requirement``.

    ``requirement`` is YAML text: a one-line flow mapping (``{id: x, ...}``) or a block.
    """
    policy = f"date_policy: {date_policy}\n" if date_policy else ""
    head = VOCABULARY % {"unit": unit, "date_policy": policy}
    multiline = "\n" in requirement.strip()
    req = "\n" + block(requirement, 6) if multiline else " " + requirement.strip()
    version = (
        "versions:\n"
        "  - id: v1\n"
        "    title: Versie 1\n"
        "    valid_from: 2000-01-01\n"
        "    source: Reglement 2000\n"
        f"    cycle: {{years: {years}, months: {months}, next_due: {next_due}}}\n"
        f"    {group}:{req}\n")
    if version_extra:
        version += block(version_extra, 4) + "\n"
    return head + version


def rules_for(requirement: str, **kwargs: Any) -> vk.RuleSet:
    """Parse :func:`rule_text` (see there for the arguments)."""
    return vk.parse_rules(rule_text(requirement, **kwargs), FILE)


def act(ident: str, on: date | str, amount: float = 10, *, category: str = "formeel",
        accredited: bool = True, themes: Iterable[str] = (), unit: str = "hours",
        **kwargs: Any) -> vk.Activity:
    """An activity; ``amount`` is hours (or points when ``unit="points"``)."""
    return vk.Activity(id=ident, on=on, category=category, accredited=accredited,
                       themes=tuple(themes), **{unit: amount}, **kwargs)


def person(activities: Iterable[vk.Activity] = (), *, registered: date | str | None = REGISTERED,
           ident: str = "p1", **kwargs: Any) -> vk.Professional:
    """A professional registered on ``registered`` (None: never registered)."""
    events = list(kwargs.pop("events", ()))
    if registered is not None:
        events.insert(0, vk.RegisterEvent(id="reg", kind="registered", on=registered))
    return vk.Professional(id=ident, activities=tuple(activities), events=events, **kwargs)


def assess(rules: vk.RuleSet, professional: vk.Professional, on: date | str = ON,
           **kwargs: Any) -> vk.Assessment:
    """``rules.assess`` with the standard assessment date."""
    return rules.assess(professional, on, **kwargs)


def root(rules: vk.RuleSet, professional: vk.Professional, on: date | str = ON,
         **kwargs: Any) -> RequirementResult:
    """The root result node of the assessment."""
    return assess(rules, professional, on, **kwargs).result


def statuses(result: RequirementResult) -> dict[str, tuple[str, float, str]]:
    """Activity id -> (status, counted, reason) of one result node."""
    return {o.activity_id: (o.status, o.counted, o.reason) for o in result.activities}


# A requirement tree that uses every primitive once, for tests of the whole assessment
# (JSON form, explanations, CLI).
EVERY_PRIMITIVE = """
id: herregistratie
title: {nl: Herregistratie, en: Re-registration}
source: Reglement art. 5
all_of:
  - id: uren
    title: {nl: Uren, en: Hours}
    total: {min: 40, prorate: [fte], caps: {per_category: {informeel: 10}}}
  - {id: intervisie, title: Intervisie, count: {min: 1, categories: [reflectie]}}
  - {id: themas, title: Thema's, distinct_themes: {min: 2, of: [t1, t2, t3]}}
  - {id: aandeel, title: Aandeel informeel, share: {part_categories: [informeel], max: 0.5}}
  - id: jaarlijks
    title: Jaarlijks
    per_period:
      every: cycle_year
      requires: {id: jaar, title: Reflectie per jaar, count: {min: 1, categories: [reflectie]}}
  - {id: werk, title: Werkervaring, work_hours: {min: 100, roles: [arts]}}
  - id: route
    title: Route
    at_least:
      k: 1
      of:
        - {id: master, title: Master, qualification: {kinds: [master]}}
        - {id: eed, title: Eed, attestation: {kinds: [ambtseed, belofte]}}
  - id: alternatief
    title: Alternatief
    any_of:
      - {id: punten, title: Punten, total: {min: 10, unit: points}}
      - {id: geen, title: Niets, count: {min: 0}}
"""


def every_primitive_rules(**kwargs: Any) -> vk.RuleSet:
    """The :data:`EVERY_PRIMITIVE` tree as the re-registration of a rule file."""
    return rules_for(EVERY_PRIMITIVE, **kwargs)
