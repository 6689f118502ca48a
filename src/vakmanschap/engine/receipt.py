"""The receipt of a decision: what a stored assessment or timeline was computed from.

An HR system that stores a decision must be able to show years later that it follows from the
rules and the facts. The receipt names the rule set (its register name and the sha256 of its
canonical content), the rule version and the dated parameter values that applied, the
assessment date, the library version and the sha256 of the facts used. The same rules and
facts always give the same receipt; a changed fact or rule gives another
(docs/result-schema.md, "Verifying a stored decision").

**Canonical content** (:func:`canonical`): every attrs object is written as its class name and
its fields that take part in equality, in declaration order; mappings with sorted keys, sets
sorted, dates in ISO form. Left out are what does not change a decision: the position of a
rule in its file (``location``), the file name (``origin``), the lent text and lifecycle
layers (``extensions``) and derived caches (fields with ``eq=False``; a professional's
``attributes`` are added back by :func:`facts_digest`, since a rule may read one), and every
field that holds its declared default, so
that a field the library adds later (with a default) leaves existing digests unchanged. The
digest is the sha256 of the canonical JSON text (sorted keys, no whitespace, UTF-8).
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.version import __version__

if TYPE_CHECKING:
    from vakmanschap.engine.assessment import Assessment
    from vakmanschap.engine.primitives.base import Requirement
    from vakmanschap.engine.ruleset import RuleSet
    from vakmanschap.model.records import Professional

__all__ = ["RECEIPT_SCHEMA", "assessment_receipt", "canonical", "digest", "facts_digest",
           "rules_digest", "timeline_receipt"]

RECEIPT_SCHEMA = "vakmanschap.receipt/1"

# Fields that say where a rule was written, not what it says.
_SKIPPED = frozenset({"location", "origin", "extensions"})


_SCALARS = (str, int, float, bool, type(None))
_PLAIN = frozenset(_SCALARS)
_NO_DEFAULT = object()


@cache
def _fields_of(cls: type) -> tuple[tuple[str, Any], ...]:
    """The fields of an attrs class that a digest reads, with the default each may be left
    out at (``_NO_DEFAULT`` when it has none, or a factory): worked out once per class."""
    out = []
    for field in attrs.fields(cls):
        if field.name in _SKIPPED or not field.eq or not field.init:
            continue
        default = field.default
        if default is attrs.NOTHING or isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = _NO_DEFAULT
        out.append((field.name, default))
    return tuple(out)


def canonical(value: Any) -> Any:
    """``value`` as plain JSON data, the same for equal values (see the module text).

    Dispatched on the exact type through :func:`_handler`, worked out once per type: a
    receipt digests every record of a professional on every check the service answers.
    """
    kind: type = type(value)
    return _handler(kind)(value)


def _identity(value: Any) -> Any:
    return value


def _iso(value: Any) -> Any:
    return value.isoformat()


def _enum(value: Any) -> Any:
    return canonical(value.value)


def _mapping(value: Any) -> Any:
    return {str(k): canonical(v) for k, v in value.items()}


def _set(value: Any) -> Any:
    return sorted((canonical(v) for v in value), key=_text)


def _sequence(value: Any) -> Any:
    return [canonical(v) for v in value]


def _other(value: Any) -> Any:
    # A value of another kind (never in the shipped data): its repr is stable enough.
    return f"{type(value).__name__}:{value!r}"


def _record(kind: type) -> Any:
    # (name, default, whether the default is None): a None default is skipped by identity.
    fields = tuple((name, default, default is None) for name, default in _fields_of(kind))
    name_of_type = kind.__name__
    plain = _PLAIN

    def convert(value: Any) -> Any:
        out: dict[str, Any] = {"__type__": name_of_type}
        for name, default, none_default in fields:
            current = getattr(value, name)
            if none_default:
                if current is None:
                    continue
            elif default is not _NO_DEFAULT and _is_default(default, current):
                continue  # so that a field added later with a default keeps old digests
            out[name] = current if type(current) in plain else canonical(current)
        return out

    return convert


@cache
def _handler(kind: type) -> Any:
    """How :func:`canonical` writes a value of exactly this type (in this order of checks)."""
    if kind in _SCALARS:
        return _identity
    if issubclass(kind, date):
        return _iso
    if attrs.has(kind):
        return _record(kind)
    if issubclass(kind, enum.Enum):
        return _enum
    if issubclass(kind, Mapping):
        return _mapping
    if issubclass(kind, frozenset | set):
        return _set
    if issubclass(kind, list | tuple):
        return _sequence
    if issubclass(kind, bool | int | float | str):
        return _identity
    return _other


def _is_default(default: Any, value: Any) -> bool:
    try:
        return type(default) is type(value) and bool(default == value)
    except (TypeError, ValueError):  # pragma: no cover - values that refuse comparison
        return False


def _text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def digest(value: Any) -> str:
    """The sha256 (hex) of ``value``'s canonical JSON text."""
    return hashlib.sha256(_text(canonical(value)).encode("utf-8")).hexdigest()


def rules_digest(rules: RuleSet) -> str:
    """The sha256 of the canonical content of a rule set (with its variants' changes),
    computed once per rule set."""
    return rules.derived("sha256", digest)


def facts_digest(professional: Professional) -> str:
    """The sha256 of the facts about a professional that rules may use.

    A professional's ``attributes`` are left out of equality (they are free grouping columns)
    but a rule may read one (NOvA: the registered fields of law, ``total_per_listed_theme``),
    so they are part of the facts: a professional with attributes is digested with them,
    sorted by name; one without keeps the digest of the facts alone.
    """
    attributes = getattr(professional, "attributes", None)
    if not attributes:
        return digest(professional)
    return digest({"facts": canonical(professional),
                   "attributes": {str(k): str(v) for k, v in sorted(attributes.items())}})



def _applied(roots: list[Requirement], on: date) -> dict[str, Any]:
    """Every dated parameter of the trees, as ``rule.parameter``, with its value on ``on``
    (None where the parameter starts later)."""
    out: dict[str, Any] = {}
    for root in roots:
        for node in root.walk():
            for name, value in node.parameters().items():
                first = value.values[0][0]
                out[f"{node.id}.{name}"] = canonical(value.at(on)) if first <= on else None
    return dict(sorted(out.items()))


def assessment_receipt(assessment: Assessment) -> dict[str, Any]:
    """The receipt of an assessment (JSON-ready); see the module text."""
    origin = assessment.origin
    if origin is None:
        raise ValueError("an assessment without its origin has no receipt")
    rules = origin.rules
    version = rules.version(assessment.version)
    roots = ([route.requires for route in version.registration]
             if assessment.group == "registration" else [version.requirement(assessment.group)])
    return {
        "schema": RECEIPT_SCHEMA,
        "library": __version__,
        "rules": {"register": rules.register, "sha256": rules_digest(rules),
                  "version": version.id, "parameters_on": origin.params_on.isoformat(),
                  "parameters": _applied(roots, origin.params_on)},
        "on": assessment.on.isoformat(),
        "group": assessment.group,
        "facts_sha256": facts_digest(origin.professional),
    }


def timeline_receipt(rules: RuleSet, professional: Professional, until: date,
                     versions: list[str]) -> dict[str, Any]:
    """The receipt of a status timeline: as an assessment's, with the rule versions that
    governed its segments; each segment's assessment carries its own parameters."""
    return {
        "schema": RECEIPT_SCHEMA,
        "library": __version__,
        "rules": {"register": rules.register, "sha256": rules_digest(rules),
                  "versions": list(dict.fromkeys(versions))},
        "until": until.isoformat(),
        "facts_sha256": facts_digest(professional),
    }
