"""Hypothesis strategies for the population tests: random rule files (YAML text from a small
grammar of the primitives) and random professionals that exercise their edge cases."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import yaml
from hypothesis import strategies as st

import vakmanschap as vk

CATEGORIES = ("formeel", "informeel", "reflectie", "intervisie")
THEMES = ("t1", "t2", "t3", "t4")
PROVIDERS = ("acme", "rijksacademie")
ATTESTATIONS = ("gedragscode", "ambtseed")
LEVELS = ("basis", "senior")
FIRST = date(2015, 1, 1)


def _dated(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A parameter: one value, or values from dates (the first always in force)."""
    changes = st.lists(st.tuples(st.dates(date(2016, 1, 1), date(2024, 12, 31)), values),
                       min_size=1, max_size=2)
    return st.one_of(values, st.builds(
        lambda first, rest: {"2000-01-01": first, **{d.isoformat(): v for d, v in rest}},
        values, changes))


AMOUNT = st.sampled_from([0, 1, 2.5, 4, 8, 10, 16, 24.25, 40, 80, 120, 160])
SMALL = st.integers(0, 4)


@st.composite
def activity_filter(draw: Any, themes: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if draw(st.booleans()):
        out["categories"] = draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=3,
                                          unique=True))
    if themes and draw(st.integers(0, 3)) == 0:
        out["themes"] = draw(st.lists(st.sampled_from(THEMES), min_size=1, max_size=2,
                                      unique=True))
    if draw(st.integers(0, 3)) == 0:
        out["accredited"] = draw(st.booleans())
    if draw(st.integers(0, 5)) == 0:
        out["providers"] = draw(st.lists(st.sampled_from(PROVIDERS), min_size=1, unique=True))
    if draw(st.integers(0, 5)) == 0:
        out["unit"] = draw(st.sampled_from(["hours", "points"]))
    return out


@st.composite
def leaf(draw: Any, ids: Any, fallbacks: bool) -> dict[str, Any]:
    kinds = ["total", "total", "count", "distinct_themes", "share", "attestation",
             "registered_level"]
    if fallbacks:
        kinds += ["work_hours", "qualification"]
    kind = draw(st.sampled_from(kinds))
    node: dict[str, Any] = {"id": f"r{next(ids)}", "title": f"rule {kind}"}
    if kind == "total":
        params = {"min": draw(_dated(AMOUNT)), **draw(activity_filter())}
        caps: dict[str, Any] = {}
        if draw(st.booleans()):
            caps["per_activity"] = draw(_dated(AMOUNT))
        if draw(st.booleans()):
            caps["per_day"] = draw(_dated(AMOUNT))
        if draw(st.booleans()):
            caps["per_category"] = {c: draw(_dated(AMOUNT)) for c in draw(st.lists(
                st.sampled_from(CATEGORIES), min_size=1, max_size=2, unique=True))}
        if caps:
            params["caps"] = caps
        if draw(st.integers(0, 3)) == 0:
            params["per_activity_min"] = draw(_dated(AMOUNT))
        prorate = draw(st.lists(st.sampled_from(["fte", "late_entry"]), unique=True))
        if prorate:
            params["prorate"] = prorate
        if draw(st.booleans()):
            params["round"] = draw(st.sampled_from(["hundredth", "whole"]))
        node["total"] = params
    elif kind == "count":
        node["count"] = {"min": draw(_dated(SMALL)), **draw(activity_filter())}
    elif kind == "distinct_themes":
        params = {"min": draw(_dated(SMALL)), **draw(activity_filter(themes=False))}
        if draw(st.booleans()):
            params["of"] = draw(st.lists(st.sampled_from(THEMES), min_size=1, unique=True))
        if draw(st.booleans()):
            params["min_per_theme"] = draw(_dated(AMOUNT))
        node["distinct_themes"] = params
    elif kind == "share":
        params = {"part_categories": draw(st.lists(st.sampled_from(CATEGORIES), min_size=1,
                                                   max_size=2, unique=True)),
                  **draw(activity_filter())}
        fraction = st.sampled_from([0, 0.1, 0.25, 0.5, 0.75, 1])
        bounds = draw(st.sampled_from(["min", "max", "both"]))
        if bounds == "both":  # a rule file refuses min above max
            low, high = sorted((draw(fraction), draw(fraction)))
            params["min"], params["max"] = low, high
        else:
            params[bounds] = draw(_dated(fraction))
        node["share"] = params
    elif kind == "attestation":
        node["attestation"] = {"kinds": draw(st.lists(st.sampled_from(ATTESTATIONS),
                                                      min_size=1, unique=True)),
                               "in_cycle": draw(st.booleans())}
        if draw(st.booleans()):
            node["attestation"]["within_months_of_entry"] = draw(_dated(st.integers(0, 14)))
    elif kind == "registered_level":
        node["registered_level"] = {"levels": draw(st.lists(st.sampled_from(LEVELS),
                                                           min_size=1, unique=True))}
    elif kind == "qualification":
        node["qualification"] = {"kinds": ["master"],
                                 "obtained_after_last_registration": draw(st.booleans())}
    else:
        node["work_hours"] = {"min": draw(st.sampled_from([0, 100, 500, 2000]))}
    return node


@st.composite
def requirement(draw: Any, ids: Any, depth: int, fallbacks: bool) -> dict[str, Any]:
    if depth <= 0 or draw(st.integers(0, 2)) == 0:
        return draw(leaf(ids, fallbacks))
    kind = draw(st.sampled_from(["all_of", "any_of", "at_least", "per_period"]))
    node: dict[str, Any] = {"id": f"r{next(ids)}", "title": f"rule {kind}"}
    if kind == "per_period":
        every = draw(st.sampled_from(["cycle_year", "calendar_year", {"months": 7}]))
        params: dict[str, Any] = {"every": every,
                                  "requires": draw(requirement(ids, depth - 1, fallbacks))}
        if draw(st.booleans()):
            params["allow_missed"] = draw(_dated(st.integers(0, 2)))
        if draw(st.booleans()):
            params["skip_before_entry"] = True
        if draw(st.integers(0, 3)) == 0:
            params["started_only"] = True
        node["per_period"] = params
        return node
    items = [draw(requirement(ids, depth - 1, fallbacks))
             for _ in range(draw(st.integers(1, 3)))]
    if kind == "at_least":
        node["at_least"] = {"k": draw(st.integers(1, len(items))), "of": items}
    else:
        node[kind] = items
    return node


@st.composite
def rule_text(draw: Any, fallbacks: bool = True) -> str:
    """A rule file (YAML text) drawn from the grammar."""
    ids = itertools.count()
    versions = []
    count = draw(st.integers(1, 2))
    starts = [FIRST, *sorted(draw(st.lists(st.dates(date(2018, 1, 1), date(2023, 1, 1)),
                                           min_size=count - 1, max_size=count - 1,
                                           unique=True)))]
    registration = draw(st.booleans())
    for k, start in enumerate(starts):
        version: dict[str, Any] = {
            "id": f"v{k}", "title": f"version {k}", "valid_from": start.isoformat(),
            "source": "test",
            "cycle": {"years": draw(st.integers(1, 4)), "months": draw(st.sampled_from([0, 6])),
                      "parameters_on": draw(st.sampled_from(
                          ["cycle_start", "due_date", "assessment_date"]))},
            "reregistration": draw(requirement(ids, 3, fallbacks)),
        }
        if k and draw(st.booleans()):
            version["judge_running_cycles"] = True
        if registration:
            version["registration"] = {"levels": [
                {"level": "basis", "requires": draw(requirement(ids, 1, fallbacks))}]}
        versions.append(version)
    data = {
        "register": "test", "title": "Test register", "source": "test",
        "unit": draw(st.sampled_from(["hours", "points"])),
        "date_policy": {"month_end": draw(st.sampled_from(["clamp", "roll"])),
                        "window_end": draw(st.sampled_from(["exclusive", "inclusive"]))},
        "categories": {"formeel": {"title": "Formeel", "if_unaccredited": "informeel"},
                       "informeel": "Informeel", "reflectie": "Reflectie",
                       "intervisie": "Intervisie"},
        "themes": {t: f"Thema {t}" for t in THEMES},
        "levels": {"basis": "Basis", "senior": "Senior"},
        "qualification_kinds": {"master": "Master"},
        "attestation_kinds": {"gedragscode": "Gedragscode", "ambtseed": "Ambtseed"},
        "versions": versions,
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@st.composite
def professional(draw: Any, index: int, units: tuple[str, ...] = ("hours", "points")
                 ) -> vk.Professional:
    """A professional with activities around a registration date, ties on days included."""
    registered = draw(st.one_of(st.none(), st.dates(date(2015, 6, 1), date(2023, 12, 31))))
    entered = draw(st.one_of(st.none(), st.dates(date(2014, 1, 1), date(2025, 1, 1))))
    anchor = registered or date(2019, 1, 1)
    days = [anchor + timedelta(days=draw(st.integers(-200, 2200))) for _ in range(4)]
    activities = []
    for k in range(draw(st.integers(0, 14))):
        unit = draw(st.sampled_from(units)) if draw(st.integers(0, 5)) == 0 else units[0]
        amount = draw(st.integers(0, 2500)) / 100
        day = draw(st.sampled_from(days)) if draw(st.booleans()) else anchor + timedelta(
            days=draw(st.integers(-200, 2200)))
        activities.append(vk.Activity(
            id=draw(st.sampled_from(["a", "b", "a1", "a10", "a9", "z"])) + f"-{k}"
            if draw(st.booleans()) else f"{draw(st.sampled_from('xyz'))}{k}",
            on=day, category=draw(st.sampled_from(CATEGORIES)),
            hours=amount if unit == "hours" else None,
            points=amount if unit == "points" else None,
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
    return vk.Professional(
        id=f"p{index}", fte=draw(st.sampled_from([0.5, 0.8, 1.0, 1.2])),
        qualifications=qualifications,
        entered_service=entered, activities=activities, employments=employments,
        attestations=attestations, events=events,
        attributes={"org": draw(st.sampled_from(["BZK", "FIN", "JenV"]))})


@st.composite
def population(draw: Any, max_size: int = 12) -> list[vk.Professional]:
    """Random professionals (unique ids)."""
    size = draw(st.integers(1, max_size))
    return [draw(professional(i)) for i in range(size)]


ON = st.dates(date(2016, 1, 1), date(2030, 12, 31))
