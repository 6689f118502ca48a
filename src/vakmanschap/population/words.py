"""Population output in Dutch or English: table headings and cells, and a swept parameter in
words (for plot axes).

The tables of :mod:`~vakmanschap.population` have stable English column keys (JSON, CSV and
pandas use them); :meth:`Table.translated <vakmanschap.population.tables.Table.translated>`
shows a table to people in either language with the words of :data:`HEADINGS`. A parameter's
words come from the primitive that owns it (``param_info``) and the rule's title.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vakmanschap.engine.primitives import REGISTRY
from vakmanschap.engine.primitives.param_info import OWN, info
from vakmanschap.model.words import Lang, Text, unit_name
from vakmanschap.rules.change_keys import parse_change_key

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["HEADINGS", "cell_words", "heading", "parameter_label", "parameter_unit"]

HEADINGS: dict[str, Text] = {
    "people": Text("personen", "people"),
    "assessed": Text("beoordeeld", "assessed"),
    "met": Text("voldoet", "met"),
    "not_met": Text("voldoet niet", "not met"),
    "pass_rate": Text("slagingspercentage", "pass rate"),
    "requirement": Text("eis", "requirement"),
    "kind": Text("soort", "kind"),
    "applies": Text("van toepassing", "applies"),
    "failing_point": Text("knelpunt", "failing point"),
    "mean_shortfall": Text("gem. tekort", "mean shortfall"),
    "unit": Text("eenheid", "unit"),
    "met_base": Text("voldoet (basis)", "met (base)"),
    "met_variant": Text("voldoet (variant)", "met (variant)"),
    "pass_base": Text("geslaagd (basis)", "pass (base)"),
    "pass_variant": Text("geslaagd (variant)", "pass (variant)"),
    "loses": Text("verliest", "loses"),
    "gains": Text("wint", "gains"),
    "extra_hours_mean": Text("gem. extra uren", "mean extra hours"),
    "organisation": Text("organisatie", "organisation"),
    "scale": Text("schaal", "scale"),
    "birth_year": Text("geboortejaar", "birth year"),
    "part_time": Text("deeltijd", "part time"),
    "late_starter": Text("late instromer", "late starter"),
    "on_leave": Text("met verlof", "on leave"),
}

_YES_NO = {"yes": Text("ja", "yes"), "no": Text("nee", "no"), "true": Text("ja", "yes"),
           "false": Text("nee", "no")}


def heading(column: str, lang: Lang) -> str:
    """A column key in words (an unknown key, such as a parameter, as given)."""
    text = HEADINGS.get(column)
    return text(lang) if text is not None else column


def cell_words(column: str, value: object, lang: Lang) -> object:
    """A cell shown to people: yes/no words, a primitive's name (``kind``) and a unit's word
    (``unit``) in ``lang``; other values unchanged."""
    if isinstance(value, bool):
        return _YES_NO["yes" if value else "no"](lang)
    if not isinstance(value, str):
        return value
    if value.lower() in _YES_NO:
        return _YES_NO[value.lower()](lang)
    if column == "unit" and value:
        return unit_name(value, 2, lang)
    if column == "kind":
        primitive = REGISTRY.get(value)
        if primitive is not None:
            nl, en = primitive.words
            return nl if lang == "nl" else en
    return value


def _node(rules: RuleSet, rule: str, version: str | None) -> object | None:
    for v in rules.versions:
        if version is not None and v.id != version:
            continue
        for root in v.requirements():
            for node in root.walk():
                if node.id == rule:
                    return node
    return None


def parameter_unit(rules: RuleSet, key: str) -> str | None:
    """The unit of a swept parameter (``hours``, ``activities``, ...), or None."""
    change = parse_change_key(key)
    node = _node(rules, change.rule, change.version)
    meaning = None if node is None else info(type(node), change.parameter)
    if meaning is None or meaning.unit is None:
        return None
    if meaning.unit == OWN:
        own = getattr(node, "unit", None)
        return own if isinstance(own, str) else rules.unit
    return meaning.unit


def parameter_label(rules: RuleSet, key: str) -> Text:
    """A parameter in words for an axis: the rule's title, the parameter's name and its unit,
    e.g. ``Ontwikkeluren in de cyclus: minimum (uur)``; the key itself when the rule set does
    not know it."""
    change = parse_change_key(key)
    node = _node(rules, change.rule, change.version)
    meaning = None if node is None else info(type(node), change.parameter)
    if node is None or meaning is None:
        return Text(key, key)
    title = getattr(node, "title", None)
    unit = parameter_unit(rules, key)

    def words(lang: Lang) -> str:
        name = meaning.words(lang, change.key or "")
        head = f"{title(lang)}: {name}" if isinstance(title, Text) else name
        return f"{head} ({unit_name(unit, 2, lang)})" if unit else head

    return Text(words("nl"), words("en"))
