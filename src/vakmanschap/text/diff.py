"""What changed between two rule sets, in words a CAO negotiator reads without opening YAML.

:func:`diff_rules` compares rule set A (the old rules) with B (the new ones, or a variant made
with :meth:`RuleSet.with_changes`) and lists every change: rule versions added or removed,
their dates and terms, requirements added or removed, numeric parameters (with the dates from
which the new value applies, the old and the new value and the unit), other settings (which
categories count, pro rata, ...), titles and sources, and the register's vocabulary.

Requirements are matched by id within a rule version (ids are unique there), versions by id.
Positions in the file (``location``) are not compared: moving a rule is no change.

>>> d = diff_rules(rules, rules.with_changes({"totaal.min": 120}))     # doctest: +SKIP
>>> print(d.explain("nl"))                                             # doctest: +SKIP
>>> d.to_dict()["changes"][0]["new"]                                   # doctest: +SKIP
120
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from datetime import date, timedelta
from typing import Any, Literal

import attrs

from vakmanschap.engine.primitives.base import ActivityFilter, Requirement
from vakmanschap.engine.ruleset import RuleSet, RuleVersion
from vakmanschap.model.periods import Every
from vakmanschap.model.words import Lang, Text, fmt_amount, fmt_date, unit_name
from vakmanschap.rules.params import Dated

__all__ = ["DIFF_SCHEMA_VERSION", "Change", "RuleDiff", "diff_rules"]

DIFF_SCHEMA_VERSION = "vakmanschap.rule-diff/1"

ChangeKind = Literal[
    "register_changed",  # register, title, source, unit, date policy
    "name_added", "name_removed", "name_changed",  # categories, themes, levels, ...
    "version_added", "version_removed", "version_changed",
    "requirement_added", "requirement_removed", "requirement_kind_changed",
    "requirement_moved",  # same id under another parent or group: its weight may change
    "parameter_changed",  # a numeric (dated) parameter: one change per span of dates
    "setting_changed",  # any other setting of a requirement (filters, pro rata, ...)
    "title_changed", "source_changed",
]

_EPOCH = date(1, 1, 1)
_STRUCTURAL = frozenset({"id", "title", "source", "location", "note", "items", "requires"})


@attrs.frozen
class Change:
    """One change from A to B.

    ``version`` and ``rule`` say where (rule version id, requirement id); ``parameter`` what
    (``min``, ``cap_per_category.informeel``, ``cycle.years``, ``filter.categories``, ...).
    For a dated parameter ``start``/``end`` give the span of days (inclusive; None: open)
    during which ``old`` is replaced by ``new``. ``unit`` is the unit of both values.
    """

    kind: ChangeKind
    version: str | None = None
    version_title: Text | None = None
    rule: str | None = None
    rule_title: Text | None = None
    group: str | None = None  # registration:<level>, development or reregistration
    path: tuple[str, ...] = ()  # requirement ids from the group's root to this rule
    parameter: str | None = None
    start: date | None = None
    end: date | None = None
    old: Any = None
    new: Any = None
    unit: str | None = None

    def explain(self, lang: Lang = "nl") -> str:
        """This change as one sentence."""
        return _sentence(self, lang)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (see docs/negotiator-guide.md)."""
        return {
            "kind": self.kind, "version": self.version,
            "version_title": self.version_title.to_json() if self.version_title else None,
            "rule": self.rule,
            "rule_title": self.rule_title.to_json() if self.rule_title else None,
            "group": self.group, "path": list(self.path), "parameter": self.parameter,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "old": _plain(self.old), "new": _plain(self.new), "unit": self.unit,
            "text": {"nl": self.explain("nl"), "en": self.explain("en")},
        }


@attrs.frozen(eq=False)
class RuleDiff:
    """Every change from rule set ``a`` to rule set ``b``, in a fixed order."""

    a: RuleSet
    b: RuleSet
    changes: tuple[Change, ...]
    a_label: str
    b_label: str

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def explain(self, lang: Lang = "nl") -> str:
        """The changes as text for people, grouped by rule version (Dutch by default)."""
        nl = lang == "nl"
        lines = [(f"Wijzigingen in de regels van {self.b.title(lang)} ({self.b.register})" if nl
                  else f"Changes to the rules of {self.b.title(lang)} ({self.b.register})"),
                 f"{'van' if nl else 'from'}: {self.a_label}",
                 f"{'naar' if nl else 'to'}: {self.b_label}", ""]
        if not self.changes:
            lines.append("Geen wijzigingen." if nl else "No changes.")
            return "\n".join(lines) + "\n"
        heading: object = object()
        for change in self.changes:
            key = change.version
            if key != heading:
                heading = key
                if key is None:
                    lines.append("Het register als geheel:" if nl else "The register as a whole:")
                else:
                    title = f" ({change.version_title(lang)})" if change.version_title else ""
                    lines.append(f"Regelversie {key}{title}:" if nl
                                 else f"Rule version {key}{title}:")
            lines.append(f"- {change.explain(lang)}")
        count = len(self.changes)
        lines += ["", (f"{count} wijziging{'en' if count != 1 else ''}." if nl
                       else f"{count} change{'s' if count != 1 else ''}.")]
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, versioned by ``schema``."""
        return {
            "schema": DIFF_SCHEMA_VERSION,
            "a": {"register": self.a.register, "label": self.a_label},
            "b": {"register": self.b.register, "label": self.b_label},
            "changed": bool(self.changes),
            "changes": [c.to_dict() for c in self.changes],
        }


def diff_rules(a: RuleSet, b: RuleSet, *, a_label: str | None = None,
               b_label: str | None = None) -> RuleDiff:
    """The changes from rule set ``a`` (old) to ``b`` (new); labels name them in the text."""
    changes: list[Change] = []
    changes += _register_changes(a, b)
    old_versions = {v.id: v for v in a.versions}
    new_ids = {v.id for v in b.versions}
    for version in b.versions:
        old = old_versions.get(version.id)
        if old is None:
            changes.append(Change("version_added", version.id, version.title,
                                  new=_version_summary(version)))
        else:
            changes += _version_changes(old, version, a, b)
    for version in a.versions:
        if version.id not in new_ids:
            changes.append(Change("version_removed", version.id, version.title,
                                  old=_version_summary(version)))
    return RuleDiff(a, b, tuple(changes), a_label or a.origin or a.register,
                    b_label or b.origin or b.register)


# -- comparing ---------------------------------------------------------------------------

def _register_changes(a: RuleSet, b: RuleSet) -> list[Change]:
    out: list[Change] = []
    skip = {"versions", "origin", "note", "categories", "themes", "levels",
            "qualification_kinds", "attestation_kinds", "roles"}
    old_fields, new_fields = _flatten(a, skip), _flatten(b, skip)
    for name in dict.fromkeys([*new_fields, *old_fields]):
        old, new = old_fields.get(name), new_fields.get(name)
        if old != new:
            out.append(Change("register_changed", parameter=name, old=old, new=new))
    for vocabulary in ("categories", "themes", "levels", "qualification_kinds",
                       "attestation_kinds", "roles"):
        old_names, new_names = getattr(a, vocabulary), getattr(b, vocabulary)
        for name, item in new_names.items():
            if name not in old_names:
                out.append(Change("name_added", parameter=vocabulary, rule=name,
                                  rule_title=item.title))
                continue
            before = old_names[name]
            for field in ("title", "if_unaccredited"):
                old_value, new_value = getattr(before, field, None), getattr(item, field, None)
                if old_value != new_value:
                    out.append(Change("name_changed", parameter=f"{vocabulary}.{field}",
                                      rule=name, rule_title=item.title, old=old_value,
                                      new=new_value))
        for name, item in old_names.items():
            if name not in new_names:
                out.append(Change("name_removed", parameter=vocabulary, rule=name,
                                  rule_title=item.title))
    return out


def _flatten(obj: Any, skip: Collection[str] = (), prefix: str = "") -> dict[str, Any]:
    """The fields of an attrs object as ``dotted.name: value``, nested attrs objects expanded
    (the cycle, its lifecycle settings, the date policy), in field order."""
    out: dict[str, Any] = {}
    for field in attrs.fields(type(obj)):
        if field.name in skip:
            continue
        value = getattr(obj, field.name)
        name = prefix + field.name
        if attrs.has(type(value)) and not isinstance(value, Text):
            out.update(_flatten(value, (), name + "."))
        else:
            out[name] = value
    return out


def _version_summary(version: RuleVersion) -> dict[str, Any]:
    return {"valid_from": version.valid_from, "valid_until": version.valid_until,
            "title": version.title, "cycle_years": version.cycle.years,
            "cycle_months": version.cycle.months}


def _version_changes(old: RuleVersion, new: RuleVersion, a: RuleSet,
                     b: RuleSet) -> list[Change]:
    out: list[Change] = []

    def add(kind: ChangeKind, **kw: Any) -> None:
        out.append(Change(kind, new.id, new.title, **kw))

    skip = {"id", "registration", "development", "reregistration", "location", "note"}
    old_fields, new_fields = _flatten(old, skip), _flatten(new, skip)
    for name in dict.fromkeys([*new_fields, *old_fields]):
        before, after = old_fields.get(name), new_fields.get(name)
        if before != after:
            add("version_changed", parameter=name, old=before, new=after)
    old_nodes, new_nodes = _nodes(old), _nodes(new)
    clip = None if (old.judge_running_cycles or new.judge_running_cycles) else min(
        old.valid_from, new.valid_from)
    for rule_id, (node, group, path) in new_nodes.items():
        if rule_id not in old_nodes:
            add("requirement_added", rule=rule_id, rule_title=node.title, group=group,
                path=path, new=_node_summary(node, b.unit))
            continue
        before, old_group, old_path = old_nodes[rule_id]
        where: dict[str, Any] = {"rule": rule_id, "rule_title": node.title, "group": group,
                                 "path": path}
        if (old_group, old_path[:-1]) != (group, path[:-1]):
            add("requirement_moved", old={"group": old_group, "path": list(old_path)},
                new={"group": group, "path": list(path)}, **where)
        if before.key != node.key:
            add("requirement_kind_changed", old=before.key, new=node.key, **where)
            continue
        if before.title != node.title:
            add("title_changed", old=before.title, new=node.title, **where)
        if before.source != node.source:
            add("source_changed", old=before.source, new=node.source, **where)
        old_params, new_params = _dated_fields(before), _dated_fields(node)
        for name in dict.fromkeys([*new_params, *old_params]):
            unit = _param_unit(node, name, b.unit)
            for start, end, was, now in _segments(old_params.get(name), new_params.get(name),
                                                  clip):
                add("parameter_changed", parameter=name, start=start, end=end, old=was,
                    new=now, unit=unit, **where)
        old_settings, new_settings = _settings(before), _settings(node)
        for name in dict.fromkeys([*new_settings, *old_settings]):
            was, now = old_settings.get(name), new_settings.get(name)
            if was != now:
                add("setting_changed", parameter=name, old=was, new=now, **where)
    for rule_id, (node, group, path) in old_nodes.items():
        if rule_id not in new_nodes:
            add("requirement_removed", rule=rule_id, rule_title=node.title, group=group,
                path=path, old=_node_summary(node, a.unit))
    return out


def _nodes(version: RuleVersion) -> dict[str, tuple[Requirement, str, tuple[str, ...]]]:
    """Every requirement of a version by id, with its group and path, in tree order."""
    out: dict[str, tuple[Requirement, str, tuple[str, ...]]] = {}

    def walk(node: Requirement, group: str, path: tuple[str, ...]) -> None:
        here = (*path, node.id)
        out.setdefault(node.id, (node, group, here))
        for child in node.children():
            walk(child, group, here)

    for route in version.registration:
        walk(route.requires, f"registration:{route.level}", ())
    if version.development is not None:
        walk(version.development, "development", ())
    if version.reregistration is not None:
        walk(version.reregistration, "reregistration", ())
    return out


def _dated_fields(node: Requirement) -> dict[str, Dated]:
    """Every numeric parameter, also the optional ones not set (as absent)."""
    return dict(node.parameters())


def _settings(node: Requirement) -> dict[str, Any]:
    """Every other setting of a node as plain data (filters expanded key by key)."""
    out: dict[str, Any] = {}
    for field in attrs.fields(type(node)):
        if field.name in _STRUCTURAL:
            continue
        value = getattr(node, field.name)
        if isinstance(value, Dated | Requirement):
            continue
        if isinstance(value, Mapping) and value and all(isinstance(v, Dated)
                                                        for v in value.values()):
            continue
        if field.name.startswith("cap_") or (value is None and _is_dated_field(field)):
            continue
        if isinstance(value, ActivityFilter):
            for key, item in attrs.asdict(value, recurse=False).items():
                out[f"filter.{key}"] = _plain(item)
            continue
        out[field.name] = _plain(value)
    return out


def _is_dated_field(field: attrs.Attribute[Any]) -> bool:
    return "Dated" in str(field.type)


def _node_summary(node: Requirement, unit: str) -> dict[str, Any]:
    params = {name: _plain(value) for name, value in node.parameters().items()}
    return {"kind": node.key, "parameters": params,
            "units": {name: _param_unit(node, name, unit) for name in params}}


def _segments(old: Dated | None, new: Dated | None, clip: date | None
              ) -> list[tuple[date | None, date | None, Any, Any]]:
    """Spans of days on which the two parameter histories differ: (start, end, old, new)."""
    points = sorted({d for d, _ in (old.values if old else ())}
                    | {d for d, _ in (new.values if new else ())})
    if clip is not None:
        points = sorted({max(p, clip) for p in points} | ({clip} if points else set()))
    spans: list[tuple[date, date | None, Any, Any]] = []
    for index, start in enumerate(points):
        end = points[index + 1] - timedelta(days=1) if index + 1 < len(points) else None
        pair = (_value_at(old, start), _value_at(new, start))
        if spans and (spans[-1][2], spans[-1][3]) == pair:
            spans[-1] = (spans[-1][0], end, *pair)
        else:
            spans.append((start, end, *pair))
    return [(None if start == _EPOCH else start, end, was, now)
            for start, end, was, now in spans if was != now]


def _value_at(param: Dated | None, day: date) -> Any:
    if param is None:
        return None
    value = None
    for when, item in param.values:
        if when <= day:
            value = item
    return value


# -- words -------------------------------------------------------------------------------

_PARAM_WORDS: dict[str, tuple[str, str]] = {
    "min": ("minimum", "minimum"),
    "max": ("maximum", "maximum"),
    "k": ("aantal eisen waaraan voldaan moet zijn", "number of requirements to meet"),
    "allow_missed": ("aantal periodes dat mag ontbreken", "periods that may be missed"),
    "per_activity_min": ("minimum per activiteit", "minimum per activity"),
    "cap_per_activity": ("maximum per activiteit", "maximum per activity"),
    "cap_per_day": ("maximum per dag", "maximum per day"),
    "cap_per_category": ("maximum voor categorie {arg}", "maximum for category {arg}"),
    "min_per_theme": ("minimum per thema", "minimum per theme"),
    "min_ects": ("minimum aantal ECTS", "minimum ECTS"),
    "within_months_of_entry": ("termijn na indiensttreding", "time limit after entering "
                               "service"),
    "interruption_max_years": ("langste toegestane onderbreking", "longest interruption "
                               "allowed"),
    # settings
    "filter.categories": ("categorieën die meetellen", "categories that count"),
    "filter.themes": ("thema's die meetellen", "themes that count"),
    "filter.accredited": ("alleen geaccrediteerd", "accredited only"),
    "filter.providers": ("aanbieders die meetellen", "providers that count"),
    "part_categories": ("categorieën van het aandeel", "categories of the share"),
    "prorate": ("naar rato", "pro rata"),
    "round": ("afronding", "rounding"),
    "unit": ("eenheid", "unit"),
    "every": ("periode", "period"),
    "of": ("thema's waaruit gekozen wordt", "themes to choose from"),
    "kinds": ("soorten", "kinds"),
    "roles": ("functie", "role"),
    "leave_counts": ("verlof dat als werk telt", "leave that counts as work"),
    "leave_capped": ("verlof dat beperkt als werk telt", "leave that counts up to a cap"),
    "in_progress": ("opleiding in uitvoering telt", "programme in progress counts"),
    "obtained_after_last_registration": ("behaald na de laatste registratie",
                                         "obtained after the last registration"),
    "accredited_when_awarded": ("geaccrediteerd bij diplomering",
                                "accredited when awarded"),
    "in_cycle": ("binnen de periode", "within the cycle"),
    "skip_before_entry": ("periodes vóór indiensttreding tellen niet",
                          "periods before entry do not count"),
    # versions and the register
    "valid_from": ("geldig vanaf", "valid from"),
    "valid_until": ("geldig tot en met", "valid until"),
    "cycle.years": ("termijn in jaren", "term in years"),
    "cycle.months": ("extra maanden termijn", "additional months of the term"),
    "cycle.next_due": ("begin van de volgende termijn", "start of the next term"),
    "cycle.parameters_on": ("datum waarop parameters gelezen worden",
                            "date at which parameters are read"),
    "judge_running_cycles": ("lopende periodes vallen onder deze versie",
                             "running cycles are judged by this version"),
    "title": ("titel", "title"),
    "source": ("bron", "source"),
    "register": ("registercode", "register code"),
    "date_policy.month_end": ("maandeinde-regel", "month-end policy"),
    "date_policy.window_end": ("einde van de periode", "end of the cycle"),
    "categories": ("categorie", "category"),
    "themes": ("thema", "theme"),
    "qualification_kinds": ("soort kwalificatie", "qualification kind"),
    "attestation_kinds": ("soort verklaring", "attestation kind"),
    "levels": ("niveau", "level"),
}

_KIND_WORDS: dict[str, tuple[str, str]] = {
    "total": ("totaal van de activiteiten", "total of activities"),
    "count": ("aantal activiteiten", "number of activities"),
    "distinct_themes": ("aantal gedekte thema's", "number of themes covered"),
    "share": ("aandeel van categorieën", "share of categories"),
    "per_period": ("eis per periode", "requirement per period"),
    "work_hours": ("gewerkte uren", "hours worked"),
    "qualification": ("kwalificatie", "qualification"),
    "attestation": ("eed, belofte of verklaring", "oath, promise or attestation"),
    "all_of": ("alle onderliggende eisen", "all of the requirements below"),
    "any_of": ("één van de onderliggende eisen", "one of the requirements below"),
    "at_least": ("een aantal van de onderliggende eisen", "some of the requirements below"),
}

_EXTRA_UNITS: dict[str, tuple[str, str, str, str]] = {
    "years": ("jaar", "jaar", "year", "years"),
    "months": ("maand", "maanden", "month", "months"),
    "ECTS": ("ECTS", "ECTS", "ECTS", "ECTS"),
}


def _param_unit(node: Requirement, name: str, rules_unit: str) -> str | None:
    own = getattr(node, "unit", None) or rules_unit
    key, base = node.key, name.split(".", 1)[0]
    if key == "share" and base in ("min", "max"):
        return "share"
    fixed = {("count", "min"): "activities", ("distinct_themes", "min"): "themes",
             ("work_hours", "min"): "hours", ("work_hours", "interruption_max_years"): "years",
             ("per_period", "allow_missed"): "periods", ("at_least", "k"): "requirements",
             ("qualification", "min_ects"): "ECTS",
             ("attestation", "within_months_of_entry"): "months"}
    if (key, base) in fixed:
        return fixed[(key, base)]
    if base in ("min", "per_activity_min", "cap_per_activity", "cap_per_day",
                "cap_per_category", "min_per_theme"):
        return own
    return None


def _param_words(name: str, lang: Lang) -> str:
    index = 0 if lang == "nl" else 1
    if name in _PARAM_WORDS:
        return _PARAM_WORDS[name][index]
    head, _, arg = name.partition(".")
    if head in _PARAM_WORDS and "{arg}" in _PARAM_WORDS[head][index]:
        return _PARAM_WORDS[head][index].format(arg=arg)
    return name


def _amount(value: Any, unit: str | None, lang: Lang) -> str:
    if value is None:
        return "geen" if lang == "nl" else "none"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _setting(value, lang)
    if unit == "share":
        return f"{fmt_amount(value * 100, lang)}%"
    if unit is None:
        return fmt_amount(value, lang)
    if unit in _EXTRA_UNITS:
        nl1, nln, en1, enn = _EXTRA_UNITS[unit]
        one = abs(value - 1) < 1e-9
        word = (nl1 if one else nln) if lang == "nl" else (en1 if one else enn)
    else:
        word = unit_name(unit, value, lang)
    return f"{fmt_amount(value, lang)} {word}"


def _setting(value: Any, lang: Lang) -> str:
    nl = lang == "nl"
    if value is None:
        return "(geen)" if nl else "(none)"
    if isinstance(value, bool):
        return ("ja" if value else "nee") if nl else ("yes" if value else "no")
    if isinstance(value, Text):
        return f"“{value(lang)}”"
    if isinstance(value, date):
        return fmt_date(value, lang)
    if isinstance(value, list | tuple):
        return ", ".join(_setting(v, lang) for v in value) or ("(geen)" if nl else "(none)")
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_setting(v, lang)}" for k, v in value.items())
    if isinstance(value, float | int):
        return fmt_amount(value, lang)
    return str(value)


def _dated_words(value: Any, unit: str | None, lang: Lang) -> str:
    if isinstance(value, Mapping):  # {"YYYY-MM-DD": value} from Dated.to_json
        word = "vanaf" if lang == "nl" else "from"
        return ", ".join(f"{_amount(v, unit, lang)} {word} "
                         f"{fmt_date(date.fromisoformat(d), lang)}" for d, v in value.items())
    return _amount(value, unit, lang)


def _span(change: Change, lang: Lang) -> str:
    nl = lang == "nl"
    if change.start is None and change.end is None:
        return ""
    if change.start is None:
        assert change.end is not None
        return (f", tot en met {fmt_date(change.end, lang)}" if nl
                else f", until {fmt_date(change.end, lang)}")
    if change.end is None:
        return (f", vanaf {fmt_date(change.start, lang)}" if nl
                else f", from {fmt_date(change.start, lang)}")
    return (f", van {fmt_date(change.start, lang)} tot en met {fmt_date(change.end, lang)}"
            if nl else f", from {fmt_date(change.start, lang)} until "
                       f"{fmt_date(change.end, lang)}")


def _rule(change: Change, lang: Lang) -> str:
    title = change.rule_title(lang) if change.rule_title else change.rule
    return f"{title} ({change.rule})"


def _group_words(group: str | None, lang: Lang) -> str:
    if group is None:
        return ""
    nl = lang == "nl"
    if group.startswith("registration:"):
        level = group.split(":", 1)[1]
        return f"registratie als {level}" if nl else f"registration as {level}"
    return {"development": ("professionalisering", "professional development"),
            "reregistration": ("herregistratie", "re-registration")}.get(
        group, (group, group))[0 if nl else 1]


def _sentence(c: Change, lang: Lang) -> str:
    nl = lang == "nl"
    what = _param_words(c.parameter or "", lang)
    if c.kind == "register_changed":
        return (f"{what.capitalize()}: {_setting(c.old, lang)} wordt {_setting(c.new, lang)}."
                if nl else f"{what.capitalize()}: {_setting(c.old, lang)} becomes "
                           f"{_setting(c.new, lang)}.")
    if c.kind in ("name_added", "name_removed"):
        title = c.rule_title(lang) if c.rule_title else c.rule
        verb = ("nieuw" if c.kind == "name_added" else "vervallen") if nl else (
            "new" if c.kind == "name_added" else "removed")
        return f"{what.capitalize()} {c.rule} (“{title}”): {verb}."
    if c.kind == "name_changed":
        vocabulary, _, field = (c.parameter or "").partition(".")
        field_words = ("telt ongeaccrediteerd als" if nl else "counts unaccredited as") if (
            field == "if_unaccredited") else ("titel" if nl else "title")
        name = f"{_param_words(vocabulary, lang)} {c.rule}"
        return (f"{name.capitalize()}, {field_words}: {_setting(c.old, lang)} wordt "
                f"{_setting(c.new, lang)}." if nl else
                f"{name.capitalize()}, {field_words}: {_setting(c.old, lang)} becomes "
                f"{_setting(c.new, lang)}.")
    if c.kind in ("version_added", "version_removed"):
        info = c.new if c.kind == "version_added" else c.old
        start = fmt_date(info["valid_from"], lang)
        years = _amount(info["cycle_years"], "years", lang)
        if nl:
            verb = "Nieuwe" if c.kind == "version_added" else "Vervallen"
            return f"{verb} regelversie {c.version}, geldig vanaf {start}, termijn {years}."
        verb = "New" if c.kind == "version_added" else "Removed"
        return f"{verb} rule version {c.version}, valid from {start}, term {years}."
    if c.kind == "version_changed":
        return (f"{what.capitalize()}: {_setting(c.old, lang)} wordt {_setting(c.new, lang)}."
                if nl else f"{what.capitalize()}: {_setting(c.old, lang)} becomes "
                           f"{_setting(c.new, lang)}.")
    rule = _rule(c, lang)
    if c.kind in ("requirement_added", "requirement_removed"):
        info = c.new if c.kind == "requirement_added" else c.old
        kind_nl, kind_en = _KIND_WORDS.get(info["kind"], (info["kind"], info["kind"]))
        params = "; ".join(
            f"{_param_words(name, lang)} {_dated_words(value, info['units'][name], lang)}"
            for name, value in info["parameters"].items())
        params = f": {params}" if params else ""
        where = _group_words(c.group, lang)
        parent = "" if len(c.path) < 3 else (f", onder {c.path[-2]}" if nl
                                             else f", under {c.path[-2]}")
        if nl:
            verb = "Nieuwe eis" if c.kind == "requirement_added" else "Vervallen eis"
            return f"{verb} {rule} bij {where}{parent} ({kind_nl}){params}."
        verb = "New requirement" if c.kind == "requirement_added" else "Removed requirement"
        return f"{verb} {rule} in {where}{parent} ({kind_en}){params}."
    if c.kind == "requirement_moved":
        def place(info: dict[str, Any]) -> str:
            parent = info["path"][-2] if len(info["path"]) > 2 else None  # not the root
            group = _group_words(info["group"], lang)
            if parent is None:
                return group
            return f"{group}, {'onder' if nl else 'under'} {parent}"
        return (f"{rule}: verplaatst van {place(c.old)} naar {place(c.new)}." if nl
                else f"{rule}: moved from {place(c.old)} to {place(c.new)}.")
    if c.kind == "requirement_kind_changed":
        old_words = _KIND_WORDS.get(c.old, (c.old, c.old))[0 if nl else 1]
        new_words = _KIND_WORDS.get(c.new, (c.new, c.new))[0 if nl else 1]
        return (f"{rule}: de soort eis verandert van {old_words} in {new_words}." if nl
                else f"{rule}: the kind of requirement changes from {old_words} to "
                     f"{new_words}.")
    if c.kind == "parameter_changed":
        span = _span(c, lang)
        if c.old is None:
            return (f"{rule}, {what}: nieuw {_amount(c.new, c.unit, lang)}{span}." if nl
                    else f"{rule}, {what}: new, {_amount(c.new, c.unit, lang)}{span}.")
        if c.new is None:
            return (f"{rule}, {what}: vervalt (was {_amount(c.old, c.unit, lang)}){span}."
                    if nl else f"{rule}, {what}: removed (was "
                               f"{_amount(c.old, c.unit, lang)}){span}.")
        direction = ""
        if isinstance(c.old, int | float) and isinstance(c.new, int | float):
            direction = (" (lager)" if c.new < c.old else " (hoger)") if nl else (
                " (lower)" if c.new < c.old else " (higher)")
        return (f"{rule}, {what}: {_amount(c.new, c.unit, lang)} in plaats van "
                f"{_amount(c.old, c.unit, lang)}{direction}{span}." if nl else
                f"{rule}, {what}: {_amount(c.new, c.unit, lang)} instead of "
                f"{_amount(c.old, c.unit, lang)}{direction}{span}.")
    if c.kind == "setting_changed":
        return (f"{rule}, {what}: {_setting(c.new, lang)} in plaats van "
                f"{_setting(c.old, lang)}." if nl else
                f"{rule}, {what}: {_setting(c.new, lang)} instead of {_setting(c.old, lang)}.")
    label = ("titel" if c.kind == "title_changed" else "bron") if nl else (
        "title" if c.kind == "title_changed" else "source")
    return (f"{rule}, {label}: {_setting(c.new, lang)} in plaats van {_setting(c.old, lang)}."
            if nl else
            f"{rule}, {label}: {_setting(c.new, lang)} instead of {_setting(c.old, lang)}.")


def _plain(value: Any) -> Any:
    """Values as JSON-ready data: dates as text, titles as {nl, en}, tuples as lists."""
    if isinstance(value, Dated):
        return _plain(value.to_json())
    if isinstance(value, Text):
        return value.to_json()
    if isinstance(value, ActivityFilter | Every):
        return value.to_json()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        return [_plain(v) for v in value]
    return value
