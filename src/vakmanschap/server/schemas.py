"""JSON Schemas of the service's bodies: the person-file shape (docs/person-file.md) as a
request, the library's result shapes (docs/result-schema.md, docs/lifecycle.md) as responses.

The response schemas name the keys the library promises and allow more
(``additionalProperties``), so that a result that gains a key (a decision receipt, a status)
passes through without a new contract version. The request schemas are strict: the library
refuses unknown keys, and so does the schema.
"""

from __future__ import annotations

from typing import Any

from vakmanschap.engine.ruleset import GROUPS, RuleSet
from vakmanschap.model.kinds import EventKind, LeaveKind

__all__ = ["check_request", "error", "professional", "timeline_request"]

_DATE: dict[str, Any] = {"type": "string", "format": "date",
                         "description": "a date YYYY-MM-DD"}
_TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
_AMOUNT: dict[str, Any] = {"type": "number", "minimum": 0, "maximum": 1e12,
                           "description": "at most two decimals"}


def _opt(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _names(names: Any) -> dict[str, Any]:
    listed = list(names or ())
    return {"type": "string", "enum": listed} if listed else _TEXT


def _record(required: dict[str, Any], optional: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(required),
            "properties": {**required, **optional}, "additionalProperties": False}


def professional(rules: RuleSet | None = None, *, max_activities: int | None = None,
                 ) -> dict[str, Any]:
    """A professional as a request carries it; with ``rules``, names (categories, themes,
    levels, kinds, roles) are limited to those the rule set declares."""
    vocab = rules
    category = _names(vocab.categories if vocab else None)
    activity = _record(
        {"id": _TEXT, "on": _DATE, "category": category},
        {"hours": _opt(_AMOUNT), "points": _opt(_AMOUNT),
         "themes": {"type": "array", "items": _names(vocab.themes if vocab else None)},
         "accredited": {"type": "boolean"}, "provider": _opt(_TEXT), "title": _opt(_TEXT),
         "start": _opt(_DATE)})
    activities: dict[str, Any] = {"type": "array", "items": activity}
    if max_activities is not None:
        activities["maxItems"] = max_activities
    level = _opt(_names(vocab.levels if vocab else None))
    return _record({"id": _TEXT}, {
        "fte": {"type": "number", "exclusiveMinimum": 0, "maximum": 1.5},
        "entered_service": _opt(_DATE),
        "attributes": {"type": "object", "additionalProperties": {"type": "string"}},
        "activities": activities,
        "qualifications": {"type": "array", "items": _record(
            {"id": _TEXT, "kind": _names(vocab.qualification_kinds if vocab else None)},
            {"level": _opt(_TEXT), "ects": _opt(_AMOUNT), "awarded_on": _opt(_DATE),
             "started_on": _opt(_DATE), "accredited_until": _opt(_DATE)})},
        "employments": {"type": "array", "items": _record(
            {"id": _TEXT, "start": _DATE,
             "hours_per_week": {"type": "number", "minimum": 0, "maximum": 168}},
            {"end": _opt(_DATE), "role": _opt(_names(vocab.roles if vocab else None))})},
        "leaves": {"type": "array", "items": _record(
            {"id": _TEXT, "start": _DATE, "end": _DATE,
             "kind": {"type": "string", "enum": [k.value for k in LeaveKind]}}, {})},
        "attestations": {"type": "array", "items": _record(
            {"id": _TEXT, "kind": _names(vocab.attestation_kinds if vocab else None),
             "on": _DATE}, {})},
        "events": {"type": "array", "items": _record(
            {"id": _TEXT, "kind": {"type": "string", "enum": [k.value for k in EventKind]},
             "on": _DATE}, {"level": level, "until": _opt(_DATE)})},
    })


def changes() -> dict[str, Any]:
    """An overlay: ``RULE.PARAM`` or ``VERSION:RULE.PARAM`` to a number, ``{date: number}``
    or null, checked exactly as ``--set`` is."""
    value = {"anyOf": [{"type": "number"}, {"type": "null"},
                       {"type": "object", "additionalProperties": {"type": "number"}}]}
    return {"type": "object", "minProperties": 1, "additionalProperties": value,
            "description": "parameters to change, as `vakmanschap check --set` takes them; "
                           "GET /v1/rules/{name} lists the keys"}


def _people(person: dict[str, Any], max_professionals: int | None) -> dict[str, Any]:
    people: dict[str, Any] = {"type": "array", "items": person, "minItems": 1}
    if max_professionals is not None:
        people["maxItems"] = max_professionals
    return {"professional": person, "professionals": people}


def check_request(names: list[str], person: dict[str, Any], *, lang: bool = False,
                  max_professionals: int | None = None) -> dict[str, Any]:
    """The body of ``POST /v1/check`` (and, with ``lang``, of ``/v1/explain``)."""
    props: dict[str, Any] = {
        "rules": {"type": "string", "enum": names}, "on": _DATE,
        "group": {"type": "string", "enum": list(GROUPS)}, "changes": changes(),
        **_people(person, max_professionals)}
    if lang:
        props["lang"] = {"type": "string", "enum": ["nl", "en"]}
    return {"type": "object", "required": ["rules", "on"], "properties": props,
            "additionalProperties": False,
            "description": "exactly one of `professional` and `professionals`"}


def timeline_request(names: list[str], person: dict[str, Any], *,
                     max_professionals: int | None = None) -> dict[str, Any]:
    """The body of ``POST /v1/timeline``."""
    return {"type": "object", "required": ["rules", "until"], "properties": {
        "rules": {"type": "string", "enum": names}, "until": _DATE, "changes": changes(),
        **_people(person, max_professionals)}, "additionalProperties": False,
        "description": "exactly one of `professional` and `professionals`"}


def error() -> dict[str, Any]:
    """Every refusal: the library's error type, its message and where in the body."""
    return {"type": "object", "required": ["error", "message", "location"], "properties": {
        "error": {"type": "string"}, "message": {"type": "string"},
        "location": {"type": "string"}}}


def assessment() -> dict[str, Any]:
    """An assessment, as ``Assessment.to_dict()`` gives it (docs/result-schema.md)."""
    return {"type": "object", "required": [
        "schema", "professional", "register", "version", "group", "on", "met", "shortfalls",
        "result"], "properties": {
        "schema": {"type": "string"}, "professional": {"type": "string"},
        "met": {"type": "boolean"}, "shortfalls": {"type": "array"},
        "result": {"type": "object"}}}


def timeline() -> dict[str, Any]:
    """A timeline, as ``timeline --format json`` gives it (docs/lifecycle.md)."""
    return {"type": "object", "required": ["schema", "professional", "register", "until",
                                           "segments"], "properties": {
        "schema": {"type": "string"}, "segments": {"type": "array",
                                                   "items": {"type": "object"}}}}
