"""Verify a stored decision: judge again from the rules and the facts and compare.

>>> check = vk.verify_decision(stored_json, rules, professional)      # doctest: +SKIP
>>> check.ok, check.differences                                       # doctest: +SKIP

A stored assessment (``Assessment.to_dict()``, schema ``vakmanschap.engine.assessment/…``) is
assessed again on its date and requirement group; a stored timeline
(``timeline_to_dict``, schema ``vakmanschap.timeline/…``) is drawn again up to its end date.
The decision verifies when the new JSON equals the stored one, receipt included: the same
rule content, rule version and parameter values, the same facts and the same outcome
(docs/result-schema.md). The library version is compared and reported, but a newer library
that reproduces the decision verifies it. A rule's ``location`` (the file and line it was
read from) is not compared: the same rules read from another path verify. Keys that the
schema gained after the decision was stored (an added key keeps the schema version) are not
compared either.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import SCHEMA_VERSION
from vakmanschap.errors import DataError
from vakmanschap.lifecycle.segments import TIMELINE_SCHEMA, timeline_to_dict
from vakmanschap.model.periods import to_date

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet
    from vakmanschap.model.records import Professional

__all__ = ["Verification", "verify_decision"]

_MAX_SHOWN = 20


@attrs.frozen
class Verification:
    """The outcome of :func:`verify_decision`.

    ``differences`` are JSON paths with the stored and the recomputed value
    (``receipt.facts_sha256: stored 'ab…', now 'cd…'``); ``receipt_matches`` says whether the
    receipt agrees (same rule content, version, parameter values, date and facts),
    ``decision_matches`` whether the rest does. ``library_matches`` says whether the same
    library version judged; a newer library that gives the same decision from the same rules
    and facts still verifies it (the difference is listed).
    """

    receipt_matches: bool
    decision_matches: bool
    differences: tuple[str, ...]
    recomputed: Mapping[str, Any] = attrs.field(eq=False, repr=False)
    library_matches: bool = True

    @property
    def ok(self) -> bool:
        """Whether the stored decision is exactly what the rules and facts give."""
        return self.receipt_matches and self.decision_matches


def verify_decision(stored: Mapping[str, Any], rules: RuleSet,
                    professional: Professional) -> Verification:
    """Judge ``professional`` again under ``rules`` as the ``stored`` decision says it was
    judged (its date and group, or its timeline's end) and compare the two JSON forms."""
    schema = stored.get("schema") if isinstance(stored, Mapping) else None
    if stored.get("professional") not in (None, professional.id):
        raise DataError(f"the stored decision is about {stored.get('professional')!r}, not "
                        f"{professional.id!r}", record="stored decision", field="professional")
    fresh: dict[str, Any]
    if schema == SCHEMA_VERSION:
        on = to_date(stored.get("on"), record="stored decision", field="on")
        fresh = rules.assess(professional, on, group=stored.get("group")).to_dict()
    elif schema == TIMELINE_SCHEMA:
        until = to_date(stored.get("until"), record="stored decision", field="until")
        fresh = timeline_to_dict(rules, professional, until,
                                 rules.timeline(professional, until))
    else:
        raise DataError(f"unknown schema {schema!r}; allowed: {SCHEMA_VERSION}, "
                        f"{TIMELINE_SCHEMA}", record="stored decision", field="schema")
    fresh = json.loads(json.dumps(fresh))  # as it would be stored: lists, floats, strings
    if "receipt" not in stored:
        raise DataError("the stored decision has no receipt; it was stored before receipts "
                        "existed and cannot be verified", record="stored decision",
                        field="receipt")
    receipt: list[str] = []
    rest: list[str] = []
    for key in sorted(stored):
        _compare(stored.get(key), fresh.get(key), key, receipt if key == "receipt" else rest)
    library = [d for d in receipt if d.startswith("receipt.library:")]
    receipt = [d for d in receipt if d not in library]
    shown = (receipt + rest + library)[:_MAX_SHOWN]
    return Verification(not receipt, not rest, tuple(shown), fresh, not library)


def _compare(old: Any, new: Any, path: str, out: list[str]) -> None:
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in sorted(set(old) | set(new), key=str):
            if key == "location":  # where the rule file was read from, not what it says
                continue
            if key not in old and path != "receipt" and not path.startswith("receipt."):
                continue  # a key added to the schema after the decision was stored
            _compare(old.get(key), new.get(key), f"{path}.{key}", out)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            _compare(a, b, f"{path}[{index}]", out)
    elif old != new:
        out.append(f"{path}: stored {_short(old)}, now {_short(new)}")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
