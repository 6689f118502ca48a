"""The rule-file schema, written once and used twice: to check and convert rule files (with
every problem located by file:line:col) and to emit JSON Schema for editors.

A schema node checks a value, records problems in a :class:`Checker`, and returns the
converted value, or :data:`INVALID` after recording at least one problem. Nothing is ever
dropped: an unknown key is a problem that lists the allowed keys.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import attrs

from vakmanschap.errors import Problem
from vakmanschap.rules.params import Dated

__all__ = [
    "INVALID",
    "Any_",
    "Bool",
    "Checker",
    "DateS",
    "DatedS",
    "Field",
    "Loc",
    "MapOf",
    "Num",
    "Record",
    "Ref",
    "Schema",
    "SeqOf",
    "Str",
    "TextS",
]


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()

#: JSON Schema of a text that is not blank (``check`` refuses texts of only spaces).
NON_BLANK: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"\S"}
#: A calendar date as ``check`` accepts it in text form: exactly ``YYYY-MM-DD``.
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


@attrs.frozen
class Loc:
    """Where a value sits: line, column (1-based) and a ``$.a.b[2]`` style path."""

    line: int
    column: int
    path: str

    def key(self, container: Any, key: Any) -> Loc:
        """Location of the value under ``key`` in a positioned mapping."""
        pos = getattr(container, "value_pos", {}).get(key, (self.line, self.column))
        return Loc(pos[0], pos[1], f"{self.path}.{key}")

    def key_itself(self, container: Any, key: Any) -> Loc:
        """Location of the key token itself (for unknown-key errors)."""
        pos = getattr(container, "key_pos", {}).get(key, (self.line, self.column))
        return Loc(pos[0], pos[1], f"{self.path}.{key}")

    def item(self, container: Any, index: int) -> Loc:
        """Location of item ``index`` in a positioned sequence."""
        positions = getattr(container, "item_pos", [])
        pos = positions[index] if index < len(positions) else (self.line, self.column)
        return Loc(pos[0], pos[1], f"{self.path}[{index}]")


@attrs.define
class Checker:
    """Collects problems for one file and holds the names declared so far (for :class:`Ref`)."""

    file: str
    problems: list[Problem] = attrs.field(factory=list)
    names: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    sources: list[str] = attrs.field(factory=list)  # inherited `source` of enclosing nodes
    ids: dict[str, Loc] = attrs.field(factory=dict)  # requirement ids seen in this version

    def error(self, loc: Loc, message: str) -> Any:
        """Record a problem and return :data:`INVALID`."""
        self.problems.append(Problem(self.file, loc.line, loc.column, loc.path, message))
        return INVALID


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Schema:
    """Base class: ``check`` converts or records problems; ``json`` emits JSON Schema."""

    doc: str = ""

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:  # pragma: no cover
        raise NotImplementedError

    def json(self) -> dict[str, Any]:  # pragma: no cover
        raise NotImplementedError

    def _with_doc(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.doc:
            schema["description"] = self.doc
        return schema


class Any_(Schema):
    """Any value (used only for free-form documentation fields)."""

    def __init__(self, doc: str = "") -> None:
        self.doc = doc

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        return value

    def json(self) -> dict[str, Any]:
        return self._with_doc({})


class Str(Schema):
    """A non-empty string, optionally one of ``choices``."""

    def __init__(self, doc: str = "", choices: tuple[str, ...] | None = None) -> None:
        self.doc, self.choices = doc, choices

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        if not isinstance(value, str) or not value.strip():
            return checker.error(loc, f"expected a non-empty text, got {_show(value)}")
        if self.choices is not None and value not in self.choices:
            return checker.error(loc, f"unknown value {value!r}; allowed: "
                                 f"{', '.join(self.choices)}")
        return value

    def json(self) -> dict[str, Any]:
        schema: dict[str, Any] = dict(NON_BLANK)
        if self.choices is not None:
            schema["enum"] = list(self.choices)
        return self._with_doc(schema)


class Num(Schema):
    """A number within optional bounds; ``integer`` refuses fractions."""

    def __init__(self, doc: str = "", *, minimum: float | None = None,
                 maximum: float | None = None, integer: bool = False,
                 exclusive_minimum: bool = False) -> None:
        self.doc, self.minimum, self.maximum = doc, minimum, maximum
        self.integer, self.exclusive_minimum = integer, exclusive_minimum

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float) or (
                isinstance(value, float) and not math.isfinite(value)):
            return checker.error(loc, f"expected a number, got {_show(value)}")
        if self.integer and value != int(value):
            return checker.error(loc, f"expected a whole number, got {value}")
        if self.minimum is not None and (value <= self.minimum if self.exclusive_minimum
                                         else value < self.minimum):
            relation = ">" if self.exclusive_minimum else ">="
            return checker.error(loc, f"must be {relation} {self.minimum:g}, got {value}")
        if self.maximum is not None and value > self.maximum:
            return checker.error(loc, f"must be <= {self.maximum:g}, got {value}")
        return int(value) if self.integer else value

    def json(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            schema["exclusiveMinimum" if self.exclusive_minimum else "minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return self._with_doc(schema)


class Bool(Schema):
    """``true`` or ``false``."""

    def __init__(self, doc: str = "") -> None:
        self.doc = doc

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        if not isinstance(value, bool):
            return checker.error(loc, f"expected true or false, got {_show(value)}")
        return value

    def json(self) -> dict[str, Any]:
        return self._with_doc({"type": "boolean"})


def _iso_date(value: Any) -> date | None:
    """A date, or text written exactly as ``YYYY-MM-DD`` (not ``20240101`` or week dates)."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str) and re.fullmatch(ISO_DATE, value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


class DateS(Schema):
    """A calendar date written as YYYY-MM-DD."""

    def __init__(self, doc: str = "") -> None:
        self.doc = doc

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        day = _iso_date(value)
        if day is not None:
            return day
        return checker.error(loc, f"expected a date YYYY-MM-DD, got {_show(value)}")

    def json(self) -> dict[str, Any]:
        return self._with_doc({"type": "string", "format": "date", "pattern": ISO_DATE})


class TextS(Schema):
    """A title: Dutch text, or ``{nl: ..., en: ...}``."""

    def __init__(self, doc: str = "") -> None:
        self.doc = doc

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        from vakmanschap.model.words import Text

        if isinstance(value, str) and value.strip():
            return Text(value)
        if isinstance(value, Mapping):
            unknown = [k for k in value if k not in ("nl", "en")]
            if unknown:
                return checker.error(loc.key_itself(value, unknown[0]),
                                     f"unknown language {unknown[0]!r}; allowed: nl, en")
            nl, en = value.get("nl"), value.get("en")
            if not isinstance(nl, str) or not nl.strip():
                return checker.error(loc, "a title needs Dutch text under 'nl'")
            if en is not None and (not isinstance(en, str) or not en.strip()):
                return checker.error(loc.key(value, "en"), "'en' must be a non-empty text")
            return Text(nl, en)
        return checker.error(loc, f"expected a text or {{nl: ..., en: ...}}, got {_show(value)}")

    def json(self) -> dict[str, Any]:
        return self._with_doc({"oneOf": [
            dict(NON_BLANK),
            {"type": "object", "required": ["nl"], "additionalProperties": False,
             "properties": {"nl": dict(NON_BLANK),
                            "en": {"oneOf": [dict(NON_BLANK), {"type": "null"}]}}}]})


_SINGULAR = {"categories": "category", "themes": "theme", "levels": "level",
             "qualification_kinds": "qualification kind", "attestation_kinds": "attestation kind",
             "roles": "role"}


class Ref(Schema):
    """A name that must have been declared in the file (a category, theme, level, ...)."""

    def __init__(self, kind: str, doc: str = "") -> None:
        self.kind, self.doc = kind, doc
        self.label = _SINGULAR.get(kind, kind)

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        allowed = checker.names.get(self.kind, ())
        if not isinstance(value, str) or value not in allowed:
            listed = ", ".join(allowed) if allowed else f"(none declared under {self.kind})"
            return checker.error(loc, f"unknown {self.label} {_show(value)}; "
                                 f"allowed: {listed}")
        return value

    def json(self) -> dict[str, Any]:
        # Which names are declared is known only from the file itself: checked by the loader.
        return self._with_doc({**NON_BLANK, "x-vakmanschap-ref": self.kind})


class SeqOf(Schema):
    """A list of items; ``unique`` refuses repeats."""

    def __init__(self, item: Schema, doc: str = "", *, min_items: int = 0,
                 unique: bool = False) -> None:
        self.item, self.doc, self.min_items, self.unique = item, doc, min_items, unique

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        if not isinstance(value, list):
            return checker.error(loc, f"expected a list, got {_show(value)}")
        if len(value) < self.min_items:
            return checker.error(loc, f"needs at least {self.min_items} item(s)")
        out = [self.item.check(item, loc.item(value, i), checker) for i, item in enumerate(value)]
        if self.unique:
            seen: set[Any] = set()
            for i, item in enumerate(out):
                if item is not INVALID and isinstance(item, str | int | float):
                    if item in seen:
                        checker.error(loc.item(value, i), f"{item!r} is listed twice")
                    seen.add(item)
        return INVALID if any(o is INVALID for o in out) else tuple(out)

    def json(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return self._with_doc(schema)


class MapOf(Schema):
    """A mapping from free names (matching ``key_pattern``) to values of one schema."""

    def __init__(self, value: Schema, doc: str = "", *, key_doc: str = "a name",
                 min_items: int = 0) -> None:
        self.value, self.doc, self.key_doc, self.min_items = value, doc, key_doc, min_items

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        if not isinstance(value, Mapping):
            return checker.error(loc, f"expected a mapping of {self.key_doc} to values, "
                                 f"got {_show(value)}")
        if len(value) < self.min_items:
            return checker.error(loc, f"needs at least {self.min_items} entr"
                                 f"{'y' if self.min_items == 1 else 'ies'}")
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str) or not key.strip():
                checker.error(loc.key_itself(value, key), f"{self.key_doc} must be a text, "
                              f"got {_show(key)}")
                continue
            out[key] = self.value.check(item, loc.key(value, key), checker)
        if any(v is INVALID for v in out.values()) or len(out) != len(value):
            return INVALID
        return out

    def json(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "object", "propertyNames": {"pattern": r"\S"},
                                  "additionalProperties": self.value.json()}
        if self.min_items:
            schema["minProperties"] = self.min_items
        return self._with_doc(schema)


@attrs.frozen
class Field:
    """One key of a :class:`Record`."""

    schema: Schema
    required: bool = False
    default: Any = None


class Record(Schema):
    """A mapping with a closed set of keys; unknown keys are problems listing the allowed ones.

    ``one_of`` names keys of which exactly one must be present (e.g. the primitive of a
    requirement); ``any_of`` keys of which at least one must be present. ``post`` may check
    the converted mapping as a whole (JSON Schema cannot say what it checks). ``shorthand``
    is the schema of a value that is not the record: anything but a mapping, or a mapping
    without any of the record's keys (a title ``Formeel`` or ``{nl: Formeel, en: Formal}``
    instead of ``{title: ...}``).
    """

    def __init__(self, fields: Mapping[str, Field], doc: str = "", *,
                 one_of: tuple[str, ...] = (), any_of: tuple[str, ...] = (),
                 any_of_message: str = "",
                 post: Callable[[dict[str, Any], Any, Loc, Checker], Any] | None = None,
                 shorthand: Schema | None = None) -> None:
        self.fields, self.doc, self.one_of, self.post = dict(fields), doc, one_of, post
        self.any_of = any_of
        self.any_of_message = any_of_message or f"give at least one of {', '.join(any_of)}"
        self.shorthand = shorthand

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        if self.shorthand is not None and not (
                isinstance(value, Mapping) and any(k in self.fields for k in value)):
            return self.shorthand.check(value, loc, checker)
        if not isinstance(value, Mapping):
            return checker.error(loc, f"expected a mapping with keys "
                                 f"{', '.join(self.fields)}; got {_show(value)}")
        ok = True
        for key in value:
            if key not in self.fields:
                checker.error(loc.key_itself(value, key),
                              f"unknown key {key!r}; allowed: {', '.join(self.fields)}")
                ok = False
        if self.one_of:
            present = [k for k in self.one_of if k in value]
            if len(present) != 1:
                which = "none" if not present else " and ".join(present)
                checker.error(loc, f"give exactly one of {', '.join(self.one_of)}; got {which}")
                ok = False
        if self.any_of and not any(k in value for k in self.any_of):
            checker.error(loc, self.any_of_message)
            ok = False
        out: dict[str, Any] = {}
        for name, spec in self.fields.items():
            if name in value:
                out[name] = spec.schema.check(value[name], loc.key(value, name), checker)
                ok = ok and out[name] is not INVALID
            elif spec.required:
                checker.error(loc, f"missing required key {name!r}")
                ok = False
            else:
                out[name] = spec.default
        if not ok:
            return INVALID
        return self.post(out, value, loc, checker) if self.post else out

    def json(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {name: spec.schema.json() for name, spec in self.fields.items()},
        }
        required = [name for name, spec in self.fields.items() if spec.required]
        if required:
            schema["required"] = required
        if self.one_of:
            schema["oneOf"] = [{"required": [k]} for k in self.one_of]
        if self.any_of:
            schema["anyOf"] = [{"required": [k]} for k in self.any_of]
        if self.shorthand is not None:
            # ``check`` reads a mapping with one of the record's keys as the record, anything
            # else as the shorthand.
            is_record = {"anyOf": [{"type": "object", "required": [k]} for k in self.fields]}
            return self._with_doc({"if": is_record, "then": schema,
                                   "else": self.shorthand.json()})
        return self._with_doc(schema)


class DatedS(Schema):
    """A parameter: one value, or values keyed by the date from which each applies.

    ``{2024-01-01: 160, 2027-01-01: 120}`` means 160 from 1 January 2024 and 120 from
    1 January 2027; before the first date the parameter has no value, which is an error
    when a rule needs it then.
    """

    def __init__(self, inner: Schema, doc: str = "") -> None:
        self.inner, self.doc = inner, doc

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        if not isinstance(value, Mapping):
            inner = self.inner.check(value, loc, checker)
            return INVALID if inner is INVALID else Dated.constant(inner)
        if not value:
            return checker.error(loc, "needs at least one date: value")
        pairs: list[tuple[date, Any]] = []
        ok = True
        for key, item in value.items():
            day = _iso_date(key)
            if day is None:
                checker.error(loc.key_itself(value, key), f"expected a date YYYY-MM-DD as key, "
                              f"got {_show(key)}")
                ok = False
                continue
            inner = self.inner.check(item, loc.key(value, key), checker)
            ok = ok and inner is not INVALID
            pairs.append((day, inner))
        if not ok:
            return INVALID
        return Dated(tuple(sorted(pairs, key=lambda p: p[0])))

    def json(self) -> dict[str, Any]:
        inner = self.inner.json()
        return self._with_doc({"oneOf": [inner, {
            "type": "object", "minProperties": 1,
            "propertyNames": {"pattern": r"^\d{4}-\d{2}-\d{2}$"},
            "additionalProperties": inner}]})
