"""The words of a rule diff: one sentence per change, Dutch first with English.

What a requirement's parameter or setting is called, its unit and the kind of requirement
come from the primitive (its field metadata and ``words``, found through the registry by the
change's ``primitive`` key). Only what no primitive declares keeps a table here: the fields
of rule versions and of the register, and the vocabulary.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from vakmanschap.engine.primitives import REGISTRY, ActivityFilter
from vakmanschap.engine.primitives.param_info import info
from vakmanschap.engine.rule_diff import RuleChange
from vakmanschap.model.words import Lang, Text, fmt_amount, fmt_date, unit_name

__all__ = ["change_sentence", "kind_words", "param_words"]

# Fields of rule versions and of the register (dotted: nested settings), and the vocabulary.
_WORDS: dict[str, tuple[str, str]] = {
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
    "unit": ("eenheid", "unit"),
    "date_policy.month_end": ("maandeinde-regel", "month-end policy"),
    "date_policy.window_end": ("einde van de periode", "end of the cycle"),
    "categories": ("categorie", "category"),
    "themes": ("thema", "theme"),
    "qualification_kinds": ("soort kwalificatie", "qualification kind"),
    "attestation_kinds": ("soort verklaring", "attestation kind"),
    "levels": ("niveau", "level"),
    "roles": ("functie", "role"),
}


def kind_words(kind: str, lang: Lang) -> str:
    """The kind of requirement in words (its primitive's ``words``; the key when unknown)."""
    cls = REGISTRY.get(kind)
    return cls.words[0 if lang == "nl" else 1] if cls is not None else kind


def param_words(name: str, primitive: str | None, lang: Lang) -> str:
    """Parameter or setting ``name`` in words: a requirement's as its primitive declares it
    (``filter.<key>`` as the activity filter does), else a version's or the register's."""
    cls = REGISTRY.get(primitive) if primitive is not None else None
    if cls is not None:
        head, _, arg = name.partition(".")
        meta = info(ActivityFilter, arg) if head == "filter" else info(cls, name)
        if meta is not None:
            return meta.words(lang, "" if head == "filter" else arg)
    pair = _WORDS.get(name)
    return pair[0 if lang == "nl" else 1] if pair else name


def _amount(value: Any, unit: str | None, lang: Lang) -> str:
    if value is None:
        return "geen" if lang == "nl" else "none"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _setting(value, lang)
    if unit == "share":
        return f"{fmt_amount(value * 100, lang)}%"
    if unit is None:
        return fmt_amount(value, lang)
    return f"{fmt_amount(value, lang)} {unit_name(unit, value, lang)}"


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


def _span(change: RuleChange, lang: Lang) -> str:
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


def _becomes(what: str, c: RuleChange, lang: Lang) -> str:
    verb = "wordt" if lang == "nl" else "becomes"
    return f"{what}: {_setting(c.old, lang)} {verb} {_setting(c.new, lang)}."


def _instead(rule: str, what: str, new: str, old: str, lang: Lang) -> str:
    return (f"{rule}, {what}: {new} in plaats van {old}." if lang == "nl"
            else f"{rule}, {what}: {new} instead of {old}.")


def change_sentence(c: RuleChange, lang: Lang) -> str:
    """Change ``c`` as one sentence."""
    nl = lang == "nl"
    what = param_words(c.parameter or "", c.primitive, lang)
    if c.kind in ("register_changed", "version_changed"):
        return _becomes(what.capitalize(), c, lang)
    if c.kind in ("name_added", "name_removed", "name_changed"):
        return _name_sentence(c, what, lang)
    if c.kind in ("version_added", "version_removed"):
        summary = c.new if c.kind == "version_added" else c.old
        start = fmt_date(summary["valid_from"], lang)
        years = _amount(summary["cycle_years"], "years", lang)
        if nl:
            verb = "Nieuwe" if c.kind == "version_added" else "Vervallen"
            return f"{verb} regelversie {c.version}, geldig vanaf {start}, termijn {years}."
        verb = "New" if c.kind == "version_added" else "Removed"
        return f"{verb} rule version {c.version}, valid from {start}, term {years}."
    title = c.rule_title(lang) if c.rule_title else c.rule
    rule = f"{title} ({c.rule})"
    if c.kind in ("requirement_added", "requirement_removed"):
        return _requirement_sentence(c, rule, lang)
    if c.kind == "requirement_moved":
        def place(where: dict[str, Any]) -> str:
            parent = where["path"][-2] if len(where["path"]) > 2 else None  # not the root
            group = _group_words(where["group"], lang)
            if parent is None:
                return group
            return f"{group}, {'onder' if nl else 'under'} {parent}"
        return (f"{rule}: verplaatst van {place(c.old)} naar {place(c.new)}." if nl
                else f"{rule}: moved from {place(c.old)} to {place(c.new)}.")
    if c.kind == "requirement_kind_changed":
        old_words, new_words = kind_words(c.old, lang), kind_words(c.new, lang)
        return (f"{rule}: de soort eis verandert van {old_words} in {new_words}." if nl
                else f"{rule}: the kind of requirement changes from {old_words} to "
                     f"{new_words}.")
    if c.kind == "parameter_changed":
        return _parameter_sentence(c, rule, what, lang)
    if c.kind == "setting_changed":
        return _instead(rule, what, _setting(c.new, lang), _setting(c.old, lang), lang)
    label = ("titel" if c.kind == "title_changed" else "bron") if nl else (
        "title" if c.kind == "title_changed" else "source")
    return _instead(rule, label, _setting(c.new, lang), _setting(c.old, lang), lang)


def _name_sentence(c: RuleChange, what: str, lang: Lang) -> str:
    nl = lang == "nl"
    if c.kind == "name_changed":
        vocabulary, _, field = (c.parameter or "").partition(".")
        field_words = ("telt ongeaccrediteerd als" if nl else "counts unaccredited as") if (
            field == "if_unaccredited") else ("titel" if nl else "title")
        name = f"{param_words(vocabulary, None, lang)} {c.rule}"
        return _becomes(f"{name.capitalize()}, {field_words}", c, lang)
    title = c.rule_title(lang) if c.rule_title else c.rule
    verb = ("nieuw" if c.kind == "name_added" else "vervallen") if nl else (
        "new" if c.kind == "name_added" else "removed")
    return f"{what.capitalize()} {c.rule} (“{title}”): {verb}."


def _requirement_sentence(c: RuleChange, rule: str, lang: Lang) -> str:
    nl = lang == "nl"
    summary = c.new if c.kind == "requirement_added" else c.old
    kind = summary["kind"]
    params = "; ".join(
        f"{param_words(name, kind, lang)} {_dated_words(value, summary['units'][name], lang)}"
        for name, value in summary["parameters"].items())
    params = f": {params}" if params else ""
    where = _group_words(c.group, lang)
    parent = "" if len(c.path) < 3 else (f", onder {c.path[-2]}" if nl
                                         else f", under {c.path[-2]}")
    if nl:
        verb = "Nieuwe eis" if c.kind == "requirement_added" else "Vervallen eis"
        return f"{verb} {rule} bij {where}{parent} ({kind_words(kind, lang)}){params}."
    verb = "New requirement" if c.kind == "requirement_added" else "Removed requirement"
    return f"{verb} {rule} in {where}{parent} ({kind_words(kind, lang)}){params}."


def _parameter_sentence(c: RuleChange, rule: str, what: str, lang: Lang) -> str:
    nl = lang == "nl"
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
    new, old = _amount(c.new, c.unit, lang), _amount(c.old, c.unit, lang)
    return _instead(rule, what, new, f"{old}{direction}{span}", lang)
