"""The schema node of a dated parameter: one value, or values keyed by the date from which
each applies (converted to :class:`~vakmanschap.rules.params.Dated`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema.checker import INVALID, Checker, Loc, Schema, show
from vakmanschap.rules.schema.scalars import ISO_DATE, iso_date

__all__ = ["DatedS"]


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
            day = iso_date(key)
            if day is None:
                checker.error(loc.key_itself(value, key), f"expected a date YYYY-MM-DD as key, "
                              f"got {show(key)}")
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
            "propertyNames": {"pattern": ISO_DATE},
            "additionalProperties": inner}]})
