"""The schema of a whole rule file and the construction of the :class:`RuleSet`.

Order matters: the vocabulary (categories, themes, levels, kinds, roles) is checked first so
that requirements can refer to it; versions are checked one by one, each with its own set of
requirement ids; finally the versions must follow each other without gap or overlap.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs

from vakmanschap.engine.rulefile.requirement_schema import REQUIREMENT
from vakmanschap.engine.ruleset import Category, CycleSpec, LevelRoute, Named, RuleSet, RuleVersion
from vakmanschap.model.periods import DatePolicy
from vakmanschap.model.words import Text
from vakmanschap.rules.schema import (
    INVALID,
    MAX_MONTHS,
    MAX_YEARS,
    Any_,
    Bool,
    Checker,
    DateS,
    Field,
    Loc,
    MapOf,
    Num,
    Record,
    Ref,
    Schema,
    SeqOf,
    Str,
    TextS,
)
from vakmanschap.rules.term_settings import (
    APPLICATION,
    DEFERRAL,
    DURATION,
    EARLY,
    LATE,
    ApplicationSpec,
    DeferralSpec,
    EarlySpec,
    LateSpec,
)
from vakmanschap.rules.versions import DEFAULT_UNITS, Conversion

__all__ = ["RULE_FILE", "check_rule_file", "rule_file_json_schema"]

VOCABULARIES = ("categories", "themes", "levels", "qualification_kinds", "attestation_kinds",
                "roles")

NAMED = Record({"title": Field(TextS(), required=True), "note": Field(Str())},
               "a declared name: its title (or just the title as text)", shorthand=TextS())
def _hundredths(out: dict[str, Any], value: Any, loc: Loc, checker: Checker) -> Any:
    """A conversion's numbers are amounts: exact to the hundredth, as the engine counts."""
    for key in ("per", "gives"):
        number = out[key]
        if abs(number * 100 - round(number * 100)) > 1e-6 or round(number * 100) == 0:
            return checker.error(loc.key(value, key) if key in value else loc,
                                 f"{key} must be a positive amount to the hundredth, "
                                 f"got {number}")
    return Conversion(unit="", per_c=round(out["per"] * 100), gives_c=round(out["gives"] * 100),
                      rounding=out["rounding"])


CONVERSION = Record({
    "per": Field(Num("this much of the recorded unit ...", minimum=0, maximum=1_000_000,
                     exclusive_minimum=True), required=True),
    "gives": Field(Num("... counts as this much of the file's unit", minimum=0, maximum=100,
                       exclusive_minimum=True), default=1),
    "rounding": Field(Str("whole: only whole multiples of per count (499 of 500 words give "
                          "nothing); hundredth: pro rata, rounded down to the hundredth",
                          choices=("whole", "hundredth")), default="whole"),
}, "how an activity recorded in this unit counts in the file's unit", post=_hundredths)


def _conversions(out: dict[str, Any], value: Any, loc: Loc, checker: Checker) -> Any:
    """The keys of ``convert`` are units of ``units`` other than the file's own ``unit``."""
    convert = out.get("convert")
    if not convert:
        return out
    where = loc.key(value, "convert")
    units, own = checker.names.get("units", ()), checker.names.get("unit", ())
    ok = True
    for unit in convert:
        if unit not in units or unit in own:
            allowed = ", ".join(u for u in units if u not in own) or (
                "(none: declare them under units)")
            checker.error(where.key_itself(value["convert"], unit),
                          f"unknown unit {unit!r} to convert; allowed: {allowed} (the file's "
                          f"units other than its unit {', '.join(own)})")
            ok = False
    if not ok:
        return INVALID
    out["convert"] = tuple(attrs.evolve(c, unit=u) for u, c in convert.items())
    return out


CATEGORY = Record({
    "title": Field(TextS(), required=True),
    "if_unaccredited": Field(Ref("categories", "unaccredited activities of this category "
                                 "count as this other category")),
    "convert": Field(MapOf(CONVERSION, key_doc="a unit of the file's units"), default=None),
    "note": Field(Str()),
}, "an activity category (or just its title as text)", shorthand=TextS(), post=_conversions)

DATE_POLICY = Record({
    "month_end": Field(Str("29 Feb + 1 year: clamp -> 28 Feb, roll -> 1 Mar",
                           choices=("clamp", "roll")), default="clamp"),
    "window_end": Field(Str("whether the due date itself still belongs to the cycle",
                            choices=("exclusive", "inclusive")), default="exclusive"),
}, "declared date edge cases")

CYCLE = Record({
    "years": Field(Num("term length in years", minimum=0, maximum=MAX_YEARS, integer=True),
                   required=True),
    "months": Field(Num("additional months", minimum=0, maximum=MAX_MONTHS, integer=True),
                    default=0),
    "next_due": Field(Str("which date starts the next term",
                          choices=("from_decision", "from_previous_due", "from_application",
                                   "from_term_end")),
                      default="from_decision"),
    "parameters_on": Field(Str("date at which dated parameters are read",
                               choices=("cycle_start", "due_date", "assessment_date")),
                           default="cycle_start"),
    # Lifecycle settings (docs/lifecycle.md), each with its default in term_settings.py.
    "early": Field(EARLY, default=None),
    "application": Field(APPLICATION, default=None),
    "late": Field(LATE, default=None),
    "deferral": Field(DEFERRAL, default=None),
    "grid": Field(DateS("terms on a fixed calendar grid: consecutive blocks of the term "
                        "length counted from this date, each opening by itself"), default=None),
    "reporting": Field(DURATION, default=None),
}, "the registration term")


class _Requirement(Schema):
    """A version-level requirement tree: inherits the version's source."""

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        return REQUIREMENT.check(value, loc, checker)

    def json(self) -> dict[str, Any]:
        return {"$ref": "#/$defs/requirement"}


LEVEL_ROUTE = Record({
    "level": Field(Ref("levels"), required=True),
    "requires": Field(_Requirement(), required=True),
}, "a registration level and what grants it")

REGISTRATION = Record({
    "levels": Field(SeqOf(LEVEL_ROUTE, min_items=1), required=True),
}, "initial registration (basisregistratie): the routes to each level")

VERSION = Record({
    "id": Field(Str(), required=True),
    "title": Field(TextS(), required=True),
    "valid_from": Field(DateS("first day this version is in force"), required=True),
    "valid_until": Field(DateS("last day this version is in force (inclusive)")),
    "source": Field(Str("the reglement or CAO text of this version"), required=True),
    "note": Field(Str()),
    "cycle": Field(CYCLE, required=True),
    "valid_from_by_level": Field(MapOf(DateS("the earlier first day for this level"),
                                       "phase-in by member group: the version takes effect "
                                       "earlier for professionals registered at these levels",
                                       key_doc="a level name", min_items=1), default=None),
    "judge_running_cycles": Field(Bool("transitional law: cycles running when this version "
                                       "takes effect are judged by it"), default=False),
    "registration": Field(REGISTRATION),
    "reentry": Field(Str("criteria for re-entry after the registration ended",
                         choices=("registration", "reregistration")), default="registration"),
    "development": Field(_Requirement()),
    "reregistration": Field(_Requirement()),
}, "one version of the rules, in force for a span of dates",
    any_of=("registration", "development", "reregistration"),
    any_of_message="a version needs at least one of registration, development, reregistration")

TOP_FIELDS: dict[str, Field] = {
    "register": Field(Str("short identifier of the register"), required=True),
    "title": Field(TextS(), required=True),
    "source": Field(Str("the legal basis of the register as a whole"), required=True),
    "note": Field(Str()),
    "unit": Field(Str("unit of activity amounts", choices=("hours", "points")), required=True),
    "units": Field(SeqOf(Str("a unit an activity may be recorded in (hours, points, words, "
                             "...)"), min_items=1, unique=True), default=None),
    "date_policy": Field(DATE_POLICY, default=None),
    "categories": Field(MapOf(CATEGORY, key_doc="a category name", min_items=1), required=True),
    "themes": Field(MapOf(NAMED, key_doc="a theme name"), default=None),
    "levels": Field(MapOf(NAMED, key_doc="a level name (lowest first)"), default=None),
    "qualification_kinds": Field(MapOf(NAMED, key_doc="a qualification kind"), default=None),
    "attestation_kinds": Field(MapOf(NAMED, key_doc="an attestation kind"), default=None),
    "roles": Field(MapOf(NAMED, key_doc="a work role"), default=None),
    "versions": Field(SeqOf(VERSION, min_items=1), required=True),
    "x-doc": Field(Any_("free documentation, ignored by the engine")),
}


def _named(items: dict[str, Any] | None, title_only: bool = True) -> dict[str, Named]:
    out = {}
    for name, value in (items or {}).items():
        if isinstance(value, Text):
            out[name] = Named(name, value)
        else:
            out[name] = Named(name, value["title"], value.get("note"))
    return out


def check_rule_file(data: Any, root: Loc, checker: Checker) -> Any:
    """Check a parsed rule file and build the RuleSet, or return INVALID with problems."""
    if not isinstance(data, dict):
        return checker.error(root, "a rule file is a mapping with keys: "
                             + ", ".join(TOP_FIELDS))
    # 1. Vocabulary first, so that references can be checked.
    vocab: dict[str, Any] = {}
    for key in VOCABULARIES:
        if key in data:
            names = data[key]
            if isinstance(names, dict):
                checker.names[key] = tuple(str(k) for k in names)
    units = data.get("units")
    checker.names["units"] = tuple(str(u) for u in units) if isinstance(units, list) else (
        DEFAULT_UNITS)
    checker.names["unit"] = (data["unit"],) if isinstance(data.get("unit"), str) else ()
    # The versions are checked one by one below; here they only need to be an allowed key.
    head = Record({**TOP_FIELDS, "versions": Field(Any_())}, "rule file")
    top = head.check(data, root, checker)
    if top is not INVALID:
        vocab = top
    # 2. Versions, each with its own id namespace.
    raw_versions = data.get("versions")
    versions: list[RuleVersion] = []
    if "versions" not in data:
        checker.error(root, "missing required key 'versions'")
    elif not isinstance(raw_versions, list) or not raw_versions:
        checker.error(root.key(data, "versions"), "expected a non-empty list of versions")
    else:
        vloc = root.key(data, "versions")
        for index, raw in enumerate(raw_versions):
            loc = vloc.item(raw_versions, index)
            checker.ids = {}
            source = raw.get("source") if isinstance(raw, dict) else None
            checker.sources.append(source if isinstance(source, str) else "")
            try:
                checked = VERSION.check(raw, loc, checker)
            finally:
                checker.sources.pop()
            if checked is not INVALID:
                versions.append(_version(checked, loc, checker))
        _check_sequence(versions, raw_versions, vloc, checker)
    if top is not INVALID and top["units"] is not None and top["unit"] not in top["units"]:
        checker.error(root.key(data, "units"), f"the file's unit {top['unit']!r} must be one "
                      f"of its units; listed: {', '.join(top['units'])}")
    if checker.problems or top is INVALID:
        return INVALID
    categories = {
        name: Category(name, spec) if isinstance(spec, Text) else
        Category(name, spec["title"], spec.get("if_unaccredited"), spec.get("note"),
                 spec.get("convert") or ())
        for name, spec in vocab["categories"].items()}
    policy = vocab.get("date_policy") or {"month_end": "clamp", "window_end": "exclusive"}
    return RuleSet(
        register=vocab["register"], title=vocab["title"], source=vocab["source"],
        unit=vocab["unit"], date_policy=DatePolicy(policy["month_end"], policy["window_end"]),
        categories=categories, themes=_named(vocab.get("themes")),
        levels=_named(vocab.get("levels")),
        qualification_kinds=_named(vocab.get("qualification_kinds")),
        attestation_kinds=_named(vocab.get("attestation_kinds")),
        roles=_named(vocab.get("roles")), versions=tuple(versions), origin=checker.file,
        note=vocab.get("note"), units=tuple(vocab["units"] or DEFAULT_UNITS))


def _version(v: dict[str, Any], loc: Loc, checker: Checker) -> RuleVersion:
    cycle = v["cycle"]
    registration = v.get("registration") or {"levels": ()}
    routes = tuple(LevelRoute(r["level"], r["requires"]) for r in registration["levels"])
    if cycle["years"] == 0 and cycle["months"] == 0:
        checker.error(loc.key(v, "cycle"), "a term of zero length")
    if cycle["reporting"] is not None and cycle["grid"] is None:
        checker.error(loc.key(v, "cycle"), "reporting needs a grid (terms on a calendar grid)")
    by_level = v.get("valid_from_by_level") or {}
    levels = checker.names.get("levels", ())
    for name, day in by_level.items():
        where = loc.key(v, "valid_from_by_level")
        if name not in levels:
            allowed = ", ".join(levels) or "(none declared)"
            checker.error(where, f"unknown level {name!r}; allowed: {allowed}")
        elif day >= v["valid_from"]:
            checker.error(where, f"{name}: {day} is not before valid_from {v['valid_from']}")
    return RuleVersion(
        id=v["id"], title=v["title"], valid_from=v["valid_from"], valid_until=v["valid_until"],
        source=v["source"], note=v.get("note"),
        cycle=CycleSpec(cycle["years"], cycle["months"], cycle["next_due"],
                        cycle["parameters_on"], cycle["early"] or EarlySpec(),
                        cycle["application"] or ApplicationSpec(), cycle["late"] or LateSpec(),
                        cycle["deferral"] or DeferralSpec(), cycle["grid"],
                        cycle["reporting"]),
        registration=routes, development=v.get("development"),
        reregistration=v.get("reregistration"),
        judge_running_cycles=v["judge_running_cycles"], location=f"{checker.file}:{loc.line}",
        reentry=v["reentry"], valid_from_by_level=tuple(sorted(by_level.items())))


def _check_sequence(versions: list[RuleVersion], raw: list[Any], vloc: Loc,
                    checker: Checker) -> None:
    """Versions must be listed in date order and follow each other without gap or overlap."""
    ids: set[str] = set()
    for index, version in enumerate(versions):
        loc = vloc.item(raw, index)
        if version.id in ids:
            checker.error(loc, f"duplicate version id {version.id!r}")
        ids.add(version.id)
        if version.valid_until is not None and version.valid_until < version.valid_from:
            checker.error(loc, f"valid_until {version.valid_until} is before valid_from "
                          f"{version.valid_from}")
        if index and any(day <= versions[index - 1].valid_from
                         for _, day in version.valid_from_by_level):
            checker.error(loc, f"valid_from_by_level of {version.id!r} must be after the "
                          f"previous version's valid_from ({versions[index - 1].valid_from})")
        if index + 1 < len(versions):
            nxt = versions[index + 1]
            expected_end = nxt.valid_from - timedelta(days=1)
            if nxt.valid_from <= version.valid_from:
                checker.error(vloc.item(raw, index + 1), f"versions must be listed in date "
                              f"order: {nxt.id!r} starts {nxt.valid_from}, not after "
                              f"{version.id!r} ({version.valid_from})")
            elif version.valid_until is None:
                versions[index] = _replace_until(version, expected_end)
            elif version.valid_until < expected_end:
                checker.error(loc, f"gap between versions: {version.id!r} ends "
                              f"{version.valid_until}, {nxt.id!r} starts {nxt.valid_from}")
            elif version.valid_until > expected_end:
                checker.error(loc, f"versions overlap: {version.id!r} runs until "
                              f"{version.valid_until}, {nxt.id!r} starts {nxt.valid_from}")


def _replace_until(version: RuleVersion, until: Any) -> RuleVersion:
    import attrs

    return attrs.evolve(version, valid_until=until)


RULE_FILE = Record(TOP_FIELDS, "a vakmanschap rule file")


def rule_file_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a rule file, from the same definitions as the loader."""
    schema = RULE_FILE.json()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://vakmanschap.example/schema/rules-1.json"
    schema["$defs"] = {"requirement": REQUIREMENT.json()}
    return schema
