"""Schema nodes for single values: free values, texts, numbers, booleans, dates, bilingual
titles, and references to names declared elsewhere in the file."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from vakmanschap.model.words import Text
from vakmanschap.rules.schema.checker import NON_BLANK, Checker, Loc, Schema, show

__all__ = ["ISO_DATE", "MAX_MONTHS", "MAX_NUMBER", "MAX_YEARS", "Any_", "Bool", "DateS", "Num",
           "Ref", "Str", "TextS", "iso_date"]

#: The largest number a rule file, an overlay or ``--set`` may give where the schema sets no
#: smaller bound (docs/rule-language.md, "Bounds"): a million units is far beyond any real
#: requirement, and it keeps every amount's hundredths, summed over any population that fits
#: in memory, well inside the int64 columns of the population evaluator.
MAX_NUMBER = 1_000_000
#: The longest term or offset in years and in months (a century): dates stay within year 9999.
MAX_YEARS = 100
MAX_MONTHS = 12 * MAX_YEARS

#: A calendar date as ``check`` accepts it in text form: exactly ``YYYY-MM-DD``.
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


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
            return checker.error(loc, f"expected a non-empty text, got {show(value)}")
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
    """A number within bounds; ``integer`` refuses fractions. Without a ``maximum`` the bound
    is :data:`MAX_NUMBER`: no number in a rule is unbounded."""

    def __init__(self, doc: str = "", *, minimum: float | None = None,
                 maximum: float = MAX_NUMBER, integer: bool = False,
                 exclusive_minimum: bool = False) -> None:
        self.doc, self.minimum, self.maximum = doc, minimum, maximum
        self.integer, self.exclusive_minimum = integer, exclusive_minimum

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float) or (
                isinstance(value, float) and not math.isfinite(value)):
            return checker.error(loc, f"expected a number, got {show(value)}")
        if self.integer and value != int(value):
            return checker.error(loc, f"expected a whole number, got {value}")
        if self.minimum is not None and (value <= self.minimum if self.exclusive_minimum
                                         else value < self.minimum):
            relation = ">" if self.exclusive_minimum else ">="
            return checker.error(loc, f"must be {relation} {self.minimum:g}, got {value}")
        if value > self.maximum:
            return checker.error(loc, f"must be <= {self.maximum:g}, got {value:g}")
        return int(value) if self.integer else value

    def json(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            schema["exclusiveMinimum" if self.exclusive_minimum else "minimum"] = self.minimum
        schema["maximum"] = self.maximum
        return self._with_doc(schema)


class Bool(Schema):
    """``true`` or ``false``."""

    def __init__(self, doc: str = "") -> None:
        self.doc = doc

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        if not isinstance(value, bool):
            return checker.error(loc, f"expected true or false, got {show(value)}")
        return value

    def json(self) -> dict[str, Any]:
        return self._with_doc({"type": "boolean"})


def iso_date(value: Any) -> date | None:
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
        day = iso_date(value)
        if day is not None:
            return day
        return checker.error(loc, f"expected a date YYYY-MM-DD, got {show(value)}")

    def json(self) -> dict[str, Any]:
        return self._with_doc({"type": "string", "format": "date", "pattern": ISO_DATE})


class TextS(Schema):
    """A title: Dutch text, or ``{nl: ..., en: ...}``."""

    def __init__(self, doc: str = "") -> None:
        self.doc = doc

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
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
        return checker.error(loc, f"expected a text or {{nl: ..., en: ...}}, got {show(value)}")

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
            return checker.error(loc, f"unknown {self.label} {show(value)}; "
                                 f"allowed: {listed}")
        return value

    def json(self) -> dict[str, Any]:
        # Which names are declared is known only from the file itself: checked by the loader.
        return self._with_doc({**NON_BLANK, "x-vakmanschap-ref": self.kind})
