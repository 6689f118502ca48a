"""One syntax for a change to a rule parameter: ``[<version id>:]<rule id>.<parameter>[.<key>]``.

Overlays (:meth:`RuleSet.with_changes`, overlay files, ``--set``), sweeps and scenarios all
write a change this way: ``totaal.min`` (every rule version that has the rule),
``v2024:totaal.min`` (one version), ``totaal.cap_per_category.informeel`` (one entry of a
parameter keyed by name). :func:`parse_change_key` reads the key into a :class:`ChangeKey`;
:func:`parse_change_value` reads its value, a number, ``null`` (remove an optional
parameter) or a mapping of effective dates to numbers, with the date rules of rule files:
a date is written ``YYYY-MM-DD`` and nothing else (not ``20240101``).

Only the form is checked here; whether the version, rule and parameter exist and whether the
value suits the parameter is for the rule set to say (:mod:`vakmanschap.engine.overlay`).

>>> key = parse_change_key("v2024:totaal.cap_per_category.informeel")
>>> key.version, key.rule, key.parameter, key.key, key.name
('v2024', 'totaal', 'cap_per_category', 'informeel', 'cap_per_category.informeel')
>>> str(key)
'v2024:totaal.cap_per_category.informeel'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from vakmanschap.errors import RuleError
from vakmanschap.rules.params import Dated

# The date rule of rule files (DateS, DatedS), reused so that a change and a rule file agree.
from vakmanschap.rules.schema import iso_date

__all__ = ["ChangeKey", "parse_change_key", "parse_change_value"]

_FORM = ("write it as '<rule id>.<parameter>' (optionally '<version id>:' before it and "
         "'.<key>' after it), e.g. 'totaal.min' or 'v2024:totaal.cap_per_category.informeel'")


def _part(forbidden: str) -> Any:
    """A validator: a non-empty text without the characters that separate the parts."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and attribute.name in ("version", "key"):
            return
        if not isinstance(value, str) or not value or any(c in value for c in forbidden):
            shown = " or ".join(repr(c) for c in forbidden)
            raise RuleError(f"change key part {attribute.name}={value!r}: must be a non-empty "
                            f"text{' without ' + shown if forbidden else ''}")

    return check


@attrs.frozen
class ChangeKey:
    """A parsed change key; ``str(key)`` writes it back exactly as it is parsed.

    The parts never hold the separators that would make the text ambiguous: ``rule`` and
    ``parameter`` hold neither ``:`` nor ``.``, ``key`` holds no ``:`` (it may hold dots: the
    key is everything after the parameter), ``version`` may hold anything (it is everything
    before the last ``:``).
    """

    rule: str = attrs.field(validator=_part(":."))
    parameter: str = attrs.field(validator=_part(":."))
    key: str | None = attrs.field(default=None, validator=_part(":"))
    version: str | None = attrs.field(default=None, validator=_part(""))

    @property
    def name(self) -> str:
        """The parameter as a requirement names it: ``min`` or ``cap_per_category.informeel``."""
        return self.parameter if self.key is None else f"{self.parameter}.{self.key}"

    def __str__(self) -> str:
        scope = "" if self.version is None else f"{self.version}:"
        return f"{scope}{self.rule}.{self.name}"


def parse_change_key(text: Any) -> ChangeKey:
    """``[<version id>:]<rule id>.<parameter>[.<key>]`` as a :class:`ChangeKey`; a RuleError
    naming the key and the form otherwise."""
    if not isinstance(text, str):
        raise RuleError(f"change {text!r}: a change is named by a text; {_FORM}")
    scope, colon, path = text.rpartition(":")
    rule, dot, rest = path.partition(".")
    parameter, dot2, key = rest.partition(".")
    if colon and not scope:
        raise RuleError(f"change {text!r}: the rule version before ':' is empty; {_FORM}")
    if not dot or not rule or not parameter or (dot2 and not key):
        raise RuleError(f"change {text!r}: {_FORM}")
    return ChangeKey(rule, parameter, key if dot2 else None, scope if colon else None)


def parse_change_value(key: ChangeKey | str, value: Any) -> Dated | None:
    """The value of change ``key``: None (remove the parameter), or the number or dated
    numbers as a :class:`Dated`. Dates follow the rule-file rule (``YYYY-MM-DD``); a date may
    carry ``null`` where the parameter allows it (the primitive's schema decides)."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        return Dated.constant(_number(key, value))
    if not value:
        raise RuleError(f"change {str(key)!r}: needs at least one date: value, e.g. "
                        "{2027-01-01: 120}")
    pairs: dict[date, Any] = {}
    for day, item in value.items():
        when = iso_date(day)
        if when is None:
            raise RuleError(f"change {str(key)!r}: {day!r} is not a date; write the date from "
                            "which a value applies as YYYY-MM-DD, e.g. 2027-01-01")
        if when in pairs:
            raise RuleError(f"change {str(key)!r}: the date {when.isoformat()} is given twice")
        pairs[when] = None if item is None else _number(key, item)
    return Dated(tuple(sorted(pairs.items())))


def _number(key: ChangeKey | str, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
            value) or value < 0:
        raise RuleError(f"change {str(key)!r}: expected a number >= 0, got {value!r}")
    return value
