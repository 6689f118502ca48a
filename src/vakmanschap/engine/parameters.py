"""Every changeable parameter of a rule set, as one list (:meth:`RuleSet.parameters`).

A :class:`Parameter` names a parameter exactly as a change writes it (``--set``, overlay
files, :meth:`RuleSet.with_changes`, sweeps): ``totaal.min`` when every rule version that has
the rule holds the same value, ``voorstel-2025:totaal.min`` per version when they differ. It
carries the value as a rule file writes it (a number, or ``{date: number}`` in full when it
changes over time), its unit, the values allowed, its meaning in words and the requirement
it belongs to (title and source). The meaning comes from the primitive (its ``param``
fields, its schema, its settings); nothing here knows a particular primitive.

Beside the dated parameters of the requirements there are settings with one value for every
date: the length of a sub-period (``reflectie.every.months``) and the length of a term
(``cycle.years``, ``cycle.months``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.overlay import CYCLE, CYCLE_SETTINGS
from vakmanschap.engine.primitives.base import Requirement
from vakmanschap.engine.primitives.param_info import EASIER, HARDER, OWN, info
from vakmanschap.errors import RuleError
from vakmanschap.model.words import Lang, Text
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import MAX_MONTHS, MAX_YEARS, Num, Schema

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet
    from vakmanschap.rules.versions import RuleVersion

__all__ = ["Parameter", "allowed_text", "list_parameters", "parameters_html", "value_text"]

_SWEEP = {HARDER: "harder", EASIER: "easier"}
_CYCLE_WORDS = {"years": Text("termijn in jaren", "term length in years"),
                "months": Text("termijn: maanden erbij", "term length: additional months")}
_CYCLE_TITLE = Text("Cyclus (registratietermijn)", "Cycle (registration term)")


@attrs.frozen
class Parameter:
    """One changeable parameter; see the module docstring.

    ``value`` is JSON-ready (None: an optional parameter the rules leave out, still
    changeable); ``in_force`` the value on the date the list was made for (None without one);
    ``dated`` whether a change may give ``{date: value}``; ``sweep`` how the outcome moves as
    the value grows (``harder``, ``easier`` or ``none``).
    """

    path: str
    rule: str
    name: str
    versions: tuple[str, ...]
    value: Any
    unit: str | None
    allowed: str
    words: Text
    title: Text
    source: str
    kind: str
    dated: bool = True
    sweep: str = "none"
    in_force: Any = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (titles and words in both languages)."""
        out = attrs.asdict(self, recurse=False)
        out["versions"] = list(self.versions)
        out["words"], out["title"] = self.words.to_json(), self.title.to_json()
        return out

    def row(self, lang: Lang = "en") -> dict[str, Any]:
        """One flat row for tables (text, CSV, xlsx): words and titles in ``lang``."""
        return {"path": self.path, "value": value_text(self.value),
                "in_force": value_text(self.in_force), "unit": self.unit or "",
                "allowed": self.allowed, "meaning": self.words(lang),
                "requirement": self.title(lang),
                "kind": self.kind, "sweep": self.sweep, "versions": ", ".join(self.versions),
                "source": self.source}


def value_text(value: Any) -> Any:
    """A parameter value for a table cell: a number stays a number; dated values as a rule
    file writes them, ``{2024-01-01: 160, 2027-01-01: 120}``; None as empty."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items()) + "}"
    return str(value)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def _num(x: Any) -> str:
    return str(int(x)) if x == int(x) else str(x)


def allowed_text(schema: Schema | None) -> str:
    """The values a schema allows, in a few words: ``0 to 1000000``, ``whole number 1 to
    1200``, ``... or null`` where a value may be switched off from a date."""
    if schema is None:
        return ""
    spec = schema.json()
    nullable = ""
    for key in ("oneOf", "anyOf"):
        if key in spec:
            options = spec[key]
            nullable = " or null" if {"type": "null"} in options else ""
            spec = next((o for o in options if o != {"type": "null"}), {})
    low = spec.get("minimum", spec.get("exclusiveMinimum"))
    high = spec.get("maximum", spec.get("exclusiveMaximum"))
    whole = "whole number " if spec.get("type") == "integer" else ""
    if "exclusiveMinimum" in spec:
        text = f"{whole}above {_num(low)}" + (f" up to {_num(high)}" if high is not None else "")
    elif low is not None and high is not None:
        text = f"{whole}{_num(low)} to {_num(high)}"
    elif low is not None:
        text = f"{whole}at least {_num(low)}"
    else:
        text = (whole.strip() or str(spec.get("description", ""))).strip()
    return text + nullable


def _at(value: Any, day: date) -> Any:
    if isinstance(value, Dated):
        try:
            return value.at(day)
        except RuleError:  # takes effect only after day
            return None
    return value


def _node_entries(rules: RuleSet, node: Requirement) -> Iterator[tuple[str, dict[str, Any]]]:
    values = node.parameters()
    settings = node.settings()
    for name in node.parameter_names():
        if name in settings:
            words, setting_unit = node.setting_meaning(name)
            yield name, {"raw": settings[name], "value": settings[name], "unit": setting_unit,
                         "allowed": allowed_text(node.setting_schema(name)), "words": words,
                         "dated": False, "sweep": "none"}
            continue
        meaning = info(type(node), name)
        arg = name.partition(".")[2]
        unit: str | None = meaning.unit if meaning else None
        if unit == OWN:
            unit = getattr(node, "unit", None) or rules.unit
        raw = values.get(name)
        yield name, {
            "raw": raw, "value": raw.to_json() if raw is not None else None, "unit": unit,
            "allowed": allowed_text(node.parameter_schema(name)),
            "words": Text(meaning.words("nl", arg), meaning.words("en", arg)) if meaning
            else Text(name, name),
            "dated": True, "sweep": _SWEEP.get(meaning.sweep, "none") if meaning else "none"}


def _version_entries(rules: RuleSet, version: RuleVersion
                     ) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for name in CYCLE_SETTINGS:
        number = getattr(version.cycle, name)
        top = MAX_YEARS if name == "years" else MAX_MONTHS
        yield CYCLE, name, {
            "raw": number, "value": number, "unit": name,
            "allowed": allowed_text(Num(minimum=0, maximum=top, integer=True)),
            "words": _CYCLE_WORDS[name], "dated": False, "sweep": "none",
            "title": _CYCLE_TITLE, "source": version.source, "kind": CYCLE}
    seen: set[str] = set()
    for root in version.requirements():
        for node in root.walk():
            if node.id in seen:
                continue
            seen.add(node.id)
            for name, entry in _node_entries(rules, node):
                yield node.id, name, {**entry, "title": node.title, "source": node.source,
                                      "kind": node.key}


def list_parameters(rules: RuleSet, as_of: date | None = None) -> tuple[Parameter, ...]:
    """Every changeable parameter of ``rules`` (see the module docstring); with ``as_of``,
    those of the rule version in force on that day, with their value on that day."""
    groups: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {}
    for version in rules.versions:
        for rule, name, entry in _version_entries(rules, version):
            groups.setdefault((rule, name), []).append((version.id, entry))
    in_force = rules.version_at(as_of).id if as_of is not None else None
    out: list[Parameter] = []
    for (rule, name), entries in groups.items():
        same = all(e["value"] == entries[0][1]["value"] for _, e in entries)
        batches = [entries] if same else [[item] for item in entries]
        for batch in batches:
            ids = tuple(v for v, _ in batch)
            if in_force is not None and in_force not in ids:
                continue
            entry = batch[0][1]
            scope = "" if same else f"{ids[0]}:"
            out.append(Parameter(
                path=f"{scope}{rule}.{name}", rule=rule, name=name, versions=ids,
                value=entry["value"], unit=entry["unit"], allowed=entry["allowed"],
                words=entry["words"], title=entry["title"], source=entry["source"],
                kind=entry["kind"], dated=entry["dated"], sweep=entry["sweep"],
                in_force=_at(entry["raw"], as_of) if as_of is not None else None))
    return tuple(out)


def parameters_html(rules: RuleSet, lang: Lang = "en") -> str:
    """The rule set and its parameters as an HTML table (``RuleSet._repr_html_``)."""
    columns = ("path", "value", "unit", "allowed", "meaning", "requirement", "source")
    head = "".join(f"<th>{c}</th>" for c in columns)
    rows = "".join("<tr>" + "".join(f"<td>{escape(str(p.row(lang)[c]))}</td>" for c in columns)
                   + "</tr>" for p in rules.parameters())
    versions = ", ".join(f"{v.id} (from {v.valid_from})" for v in rules.versions)
    return (f"<p><b>{escape(rules.title(lang))}</b> ({escape(rules.register)}; versions: "
            f"{escape(versions)})</p><table><caption>parameters (change them with "
            f"with_changes, --set or an overlay, by path)</caption><thead><tr>{head}</tr>"
            f"</thead><tbody>{rows}</tbody></table>")
