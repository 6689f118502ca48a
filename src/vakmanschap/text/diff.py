"""What changed between two rule sets, in words a CAO negotiator reads without opening YAML.

:func:`diff_rules` compares rule set A (the old rules) with B (the new ones, or a variant made
with :meth:`RuleSet.with_changes`) and lists every change: rule versions added or removed,
their dates and terms, requirements added or removed, numeric parameters (with the dates from
which the new value applies, the old and the new value and the unit), other settings (which
categories count, pro rata, ...), titles and sources, and the register's vocabulary.

The comparison itself is pure data in the engine (:mod:`vakmanschap.engine.rule_diff`); this
module gives each change its words (:mod:`vakmanschap.text.diff_words`) and the diff as a
whole its text and JSON form.

>>> d = diff_rules(rules, rules.with_changes({"totaal.min": 120}))     # doctest: +SKIP
>>> print(d.explain("nl"))                                             # doctest: +SKIP
>>> d.to_dict()["changes"][0]["new"]                                   # doctest: +SKIP
120
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from vakmanschap.engine.rule_diff import ChangeKind, RuleChange, compare_rules, plain
from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.model.words import Lang
from vakmanschap.text.diff_words import change_sentence

__all__ = ["DIFF_SCHEMA_VERSION", "Change", "ChangeKind", "RuleDiff", "diff_rules"]

DIFF_SCHEMA_VERSION = "vakmanschap.rule-diff/1"


@attrs.frozen
class Change(RuleChange):
    """One change from A to B (the data of :class:`~vakmanschap.engine.rule_diff.RuleChange`)
    that can say itself in words."""

    def explain(self, lang: Lang = "nl") -> str:
        """This change as one sentence."""
        return change_sentence(self, lang)

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
            "old": plain(self.old), "new": plain(self.new), "unit": self.unit,
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
    changes = tuple(Change(**attrs.asdict(c, recurse=False)) for c in compare_rules(a, b))
    return RuleDiff(a, b, changes, a_label or a.origin or a.register,
                    b_label or b.origin or b.register)
