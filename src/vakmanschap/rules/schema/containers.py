"""Schema nodes that hold other nodes: lists (:class:`SeqOf`), mappings of free names
(:class:`MapOf`), and records with a closed set of keys (:class:`Record` of :class:`Field`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from vakmanschap.rules.schema.checker import INVALID, Checker, Loc, Schema, show

__all__ = ["Field", "MapOf", "Record", "SeqOf"]


class SeqOf(Schema):
    """A list of items; ``unique`` refuses repeats."""

    def __init__(self, item: Schema, doc: str = "", *, min_items: int = 0,
                 unique: bool = False) -> None:
        self.item, self.doc, self.min_items, self.unique = item, doc, min_items, unique

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        if not isinstance(value, list):
            return checker.error(loc, f"expected a list, got {show(value)}")
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
                                 f"got {show(value)}")
        if len(value) < self.min_items:
            return checker.error(loc, f"needs at least {self.min_items} entr"
                                 f"{'y' if self.min_items == 1 else 'ies'}")
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str) or not key.strip():
                checker.error(loc.key_itself(value, key), f"{self.key_doc} must be a text, "
                              f"got {show(key)}")
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
                                 f"{', '.join(self.fields)}; got {show(value)}")
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
