"""Hypothesis strategies for the population tests: random rule files (from the one generator of
:mod:`vakmanschap.strategies`, with the population's names) and random professionals that
exercise their edge cases."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

import vakmanschap as vk
from vakmanschap import strategies as vks
from vakmanschap.engine.primitives import REGISTRY, Requirement

CATEGORIES = ("formeel", "informeel", "reflectie", "intervisie")
THEMES = ("t1", "t2", "t3", "t4")
PROVIDERS = ("acme", "rijksacademie")
ATTESTATIONS = ("gedragscode", "ambtseed")
LEVELS = ("basis", "senior")
FIRST = date(2015, 1, 1)


#: The names of the population tests' rule files and people.
VOCAB = vks.Vocabulary(categories=CATEGORIES, themes=THEMES, providers=PROVIDERS,
                       attestation_kinds=ATTESTATIONS, levels=LEVELS,
                       qualification_kinds=("master",), unaccredited={"formeel": "informeel"},
                       first_day=FIRST, change_span=(date(2016, 1, 1), date(2024, 12, 31)))

#: Primitives the population evaluates person by person (with their own ``evaluate``);
#: ``rule_text(fallbacks=False)`` leaves them out.
# The primitives without a columnar form of their own (the default of Requirement.columnar).
PERSON_BY_PERSON = tuple(sorted(key for key, cls in REGISTRY.items()
                                if cls.columnar is Requirement.columnar))


def rule_text(fallbacks: bool = True, root: str | None = None) -> st.SearchStrategy[str]:
    """A rule file (YAML text) from the one generator (:mod:`vakmanschap.strategies`), with
    the population vocabulary, up to two versions and requirements three levels deep;
    ``root`` fixes the kind of the re-registration requirement."""
    kinds = tuple(k for k in sorted(REGISTRY) if fallbacks or k not in PERSON_BY_PERSON)
    return st.sampled_from(["hours", "points"]).flatmap(
        lambda unit: vks.rule_file_texts(vocab=VOCAB.replace(unit=unit), kinds=kinds,
                                         root=root, max_depth=3, versions=2))


@st.composite
def professional(draw: Any, index: int, units: tuple[str, ...] = ("hours", "points", "words")
                 ) -> vk.Professional:
    """A professional with activities around a registration date, ties on days included."""
    registered = draw(st.one_of(st.none(), st.dates(date(2015, 6, 1), date(2023, 12, 31))))
    entered = draw(st.one_of(st.none(), st.dates(date(2014, 1, 1), date(2025, 1, 1))))
    anchor = registered or date(2019, 1, 1)
    days = [anchor + timedelta(days=draw(st.integers(-200, 2200))) for _ in range(4)]
    activities = []
    for k in range(draw(st.integers(0, 14))):
        unit = draw(st.sampled_from(units)) if draw(st.integers(0, 5)) == 0 else units[0]
        amount = draw(st.integers(0, 2500)) * (1 if unit != "words" else 50) / 100
        day = draw(st.sampled_from(days)) if draw(st.booleans()) else anchor + timedelta(
            days=draw(st.integers(-200, 2200)))
        activities.append(vk.Activity(
            id=draw(st.sampled_from(["a", "b", "a1", "a10", "a9", "z"])) + f"-{k}"
            if draw(st.booleans()) else f"{draw(st.sampled_from('xyz'))}{k}",
            on=day, category=draw(st.sampled_from(CATEGORIES)),
            amount=amount, unit=unit,
            themes=draw(st.lists(st.sampled_from(THEMES), max_size=3, unique=True)),
            accredited=draw(st.booleans()),
            provider=draw(st.sampled_from((None, *PROVIDERS)))))
    events = []
    if registered is not None:
        level = draw(st.sampled_from((None, *LEVELS)))
        events.append(vk.RegisterEvent(id="r", kind="registered", on=registered, level=level))
        if draw(st.integers(0, 3)) == 0:
            events.append(vk.RegisterEvent(
                id="rr", kind="reregistered", level=draw(st.sampled_from((None, *LEVELS))),
                on=registered + timedelta(days=draw(st.integers(300, 1800)))))
    employments = []
    if draw(st.booleans()):
        employments.append(vk.Employment(id="e1", start=anchor - timedelta(days=400),
                                         hours_per_week=draw(st.sampled_from([16, 24, 36]))))
    attestations = [
        vk.Attestation(id=f"g{k}", kind=draw(st.sampled_from(ATTESTATIONS)),
                       on=(entered or anchor) + timedelta(days=draw(st.integers(-100, 1500))))
        for k in range(draw(st.integers(0, 2)))]
    qualifications = []
    if draw(st.integers(0, 3)) == 0:
        qualifications.append(vk.Qualification(id="q", kind="master", awarded_on=anchor +
                                               timedelta(days=draw(st.integers(-500, 900)))))
    leaves = []  # pro rata by months reads them (a leave across a year end included)
    for k in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        start = anchor + timedelta(days=draw(st.integers(-100, 2000)))
        leaves.append(vk.Leave(id=f"l{k}", start=start,
                               end=start + timedelta(days=draw(st.integers(0, 400))),
                               kind=draw(st.sampled_from([k.value for k in vk.LeaveKind]))))
    return vk.Professional(
        id=f"p{index}", fte=draw(st.sampled_from([0.5, 0.8, 1.0, 1.2])),
        qualifications=qualifications, leaves=leaves,
        entered_service=entered, activities=activities, employments=employments,
        attestations=attestations, events=events,
        attributes={"org": draw(st.sampled_from(["BZK", "FIN", "JenV"])),
                    **_listed(draw)})


def _listed(draw: Any) -> dict[str, str]:
    """The ``thema`` attribute (total_per_listed_theme reads it): absent, empty, or themes
    separated by ``;`` or ``,`` with spaces, empties and repeats; rarely a theme the rules
    do not know (an error naming the person)."""
    if draw(st.integers(0, 4)) == 0:
        return {}
    names = draw(st.lists(st.sampled_from((*THEMES, *THEMES, "onbekend")
                                          if draw(st.integers(0, 9)) == 0 else THEMES),
                          max_size=4))
    parts = [draw(st.sampled_from(["", " ", "  "])) + name + draw(st.sampled_from(["", " "]))
             for name in names]
    if parts and draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), " ")
    text = ""
    for k, part in enumerate(parts):
        text += (draw(st.sampled_from([";", ","])) if k else "") + part
    return {"thema": text}


@st.composite
def population(draw: Any, max_size: int = 12) -> list[vk.Professional]:
    """Random professionals (unique ids)."""
    size = draw(st.integers(1, max_size))
    return [draw(professional(i)) for i in range(size)]


ON = st.dates(date(2016, 1, 1), date(2030, 12, 31))
