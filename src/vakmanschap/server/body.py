"""Request bodies to checked requests: every refusal is a :class:`BadRequest` that says what is
wrong, where in the body (``professionals[2].activities[5].hours``) and what is allowed, with
the same message as the command line gives for the same data.

Nothing here touches the network or the file system: rule sets are looked up by name in the
catalogue the server was started with, never by a path from a request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

import attrs

from vakmanschap.engine.ruleset import GROUPS, RuleSet
from vakmanschap.errors import DataError, VakmanschapError
from vakmanschap.model.periods import to_date
from vakmanschap.model.records import Professional
from vakmanschap.server.limits import Limits

__all__ = ["BadRequest", "Request", "parse_json", "read_request"]

Endpoint = Literal["check", "explain", "timeline"]

_KEYS: dict[str, tuple[str, ...]] = {
    "check": ("rules", "on", "group", "changes", "professional", "professionals"),
    "explain": ("rules", "on", "group", "lang", "changes", "professional", "professionals"),
    "timeline": ("rules", "until", "changes", "professional", "professionals"),
}
_RECORD = re.compile(r"\b(activities|qualifications|employments|leaves|attestations|events)"
                     r"\[(\d+)\]")
_CHANGE = re.compile(r"^change '([^']*)'")


class BadRequest(VakmanschapError, ValueError):
    """A request the service refuses: HTTP ``status``, the error type the library raised
    (``DataError``, ``RuleError``, ...), the message and where in the body it is."""

    def __init__(self, status: int, message: str, location: str = "body",
                 error: str = "DataError") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.location = location
        self.error = error

    def to_dict(self) -> dict[str, Any]:
        """The JSON body of the refusal."""
        return {"error": self.error, "message": self.message, "location": self.location}


@attrs.frozen
class Request:
    """A checked request: the rule set (with the request's changes), the professionals and
    whether the body sent one (``professional``) or a list (``professionals``)."""

    rules: RuleSet
    professionals: tuple[Professional, ...]
    single: bool
    on: date | None = None
    until: date | None = None
    group: Any = None
    lang: Literal["nl", "en"] = "nl"


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(raw: bytes) -> Any:
    """The body as JSON; 400 when it is not UTF-8 JSON (NaN and Infinity are refused)."""
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_constant)
    except UnicodeDecodeError as exc:
        raise BadRequest(400, f"the body is not UTF-8 text ({exc.reason} at byte "
                              f"{exc.start})") from None
    except json.JSONDecodeError as exc:
        raise BadRequest(400, f"invalid JSON at line {exc.lineno}, column {exc.colno}: "
                              f"{exc.msg}") from None
    except RecursionError:
        raise BadRequest(413, "the body is nested too deeply; refused",
                         error="InputLimitError") from None
    except ValueError as exc:  # NaN, Infinity, an integer of more than 4300 digits
        raise BadRequest(400, f"invalid JSON: {str(exc).split(';')[0]}") from None


def _location(prefix: str, exc: DataError) -> str:
    parts = [prefix] + [f"{name}[{index}]" for name, index in _RECORD.findall(exc.record)]
    return ".".join(parts) + (f".{exc.field}" if exc.field else "")


def _professionals(data: Mapping[str, Any], rules: RuleSet,
                   limits: Limits) -> tuple[tuple[Professional, ...], bool]:
    if ("professional" in data) == ("professionals" in data):
        raise BadRequest(422, "give either 'professional' (one mapping) or 'professionals' (a "
                              "list of mappings)", "professional")
    single = "professional" in data
    items = [data["professional"]] if single else data["professionals"]
    if not isinstance(items, list):
        raise BadRequest(422, f"must be a list of professionals, got {type(items).__name__}",
                         "professionals")
    if not items:
        raise BadRequest(422, "must list at least one professional", "professionals")
    if len(items) > limits.max_professionals:
        raise BadRequest(422, f"{len(items)} professionals is more than the limit of "
                              f"{limits.max_professionals} per request", "professionals",
                         "InputLimitError")
    out = []
    for index, item in enumerate(items):
        where = "professional" if single else f"professionals[{index}]"
        if not isinstance(item, Mapping):
            raise BadRequest(422, f"{where}: expected a mapping describing a professional, got "
                                  f"{type(item).__name__}", where)
        acts = item.get("activities")
        if isinstance(acts, list) and len(acts) > limits.max_activities:
            raise BadRequest(422, f"{where}: {len(acts)} activities is more than the limit of "
                                  f"{limits.max_activities} per professional",
                             f"{where}.activities", "InputLimitError")
        try:
            person = Professional.from_dict(item, where="" if single else where)
            rules.check_professional(person)
        except DataError as exc:
            if not single and not exc.record.startswith(where):
                exc = exc.within(where)
            raise BadRequest(422, str(exc), _location(where, exc)) from None
        out.append(person)
    ids = [p.id for p in out]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise BadRequest(422, f"professional ids must be unique; repeated: "
                              f"{', '.join(repeated)}", "professionals")
    return tuple(out), single


def _changes(rules: RuleSet, raw: Any) -> RuleSet:
    if raw is None:
        return rules
    if not isinstance(raw, Mapping) or not raw:
        raise BadRequest(422, "changes are a non-empty mapping of RULE.PARAM: value, e.g. "
                              "{\"totaal.min\": 120}", "changes", "RuleError")
    try:
        return rules.with_changes(dict(raw))
    except VakmanschapError as exc:
        match = _CHANGE.match(str(exc))
        where = f"changes.{match.group(1)}" if match else "changes"
        raise BadRequest(422, str(exc).replace("\n", " "), where,
                         type(exc).__name__) from None


def _date(data: Mapping[str, Any], key: str) -> date:
    if key not in data:
        raise BadRequest(422, f"missing required key {key!r} (a date YYYY-MM-DD)", key)
    value = data[key]
    if not isinstance(value, str):
        raise BadRequest(422, f"field {key!r}: must be a date YYYY-MM-DD, got "
                              f"{type(value).__name__}", key)
    try:
        return to_date(value, field=key)
    except DataError as exc:
        raise BadRequest(422, str(exc), key) from None


def _choice(data: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: Any) -> Any:
    value = data.get(key, default)
    if value is not default and value not in allowed:
        raise BadRequest(422, f"field {key!r}: {value!r} is not allowed; allowed: "
                              f"{', '.join(allowed)}", key)
    return value


def read_request(data: Any, endpoint: Endpoint, catalogue: Mapping[str, RuleSet],
                 limits: Limits) -> Request:
    """Check a parsed body for ``endpoint`` against the catalogue of rule sets and the limits;
    :class:`BadRequest` (4xx) for the first problem."""
    if not isinstance(data, Mapping):
        raise BadRequest(422, f"the body must be a JSON object, got {type(data).__name__}")
    allowed = _KEYS[endpoint]
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise BadRequest(422, f"unknown key {unknown[0]!r}; allowed: {', '.join(allowed)}",
                         unknown[0])
    name = data.get("rules")
    if not isinstance(name, str) or name not in catalogue:
        raise BadRequest(422, f"field 'rules': {name!r} is not a rule set of this server; "
                              f"served: {', '.join(catalogue)}", "rules", "RuleError")
    rules = _changes(catalogue[name], data.get("changes"))
    on = _date(data, "on") if "on" in allowed else None
    until = _date(data, "until") if "until" in allowed else None
    group = _choice(data, "group", GROUPS, None) if "group" in allowed else None
    lang = _choice(data, "lang", ("nl", "en"), "nl")
    people, single = _professionals(data, rules, limits)
    return Request(rules, people, single, on, until, group, lang)
