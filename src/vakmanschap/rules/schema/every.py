"""The length of a sub-period in a rule file: ``cycle_year``, ``calendar_year`` or ``{months: n}``.

Shared by every primitive that cuts a cycle into periods (``per_period`` applies a requirement
to each; ``total_capped_per_period`` caps what each contributes), so that the key is written,
checked and explained the same way everywhere. The value becomes a typed
:class:`~vakmanschap.model.periods.Every`.
"""

from __future__ import annotations

from typing import Any

from vakmanschap.model.periods import Every
from vakmanschap.rules.schema.checker import Checker, Loc, Schema
from vakmanschap.rules.schema.containers import Field, Record
from vakmanschap.rules.schema.scalars import MAX_MONTHS, Num, Str

__all__ = ["EveryS"]


class EveryS(Schema):
    """``cycle_year`` (years from the cycle's start), ``calendar_year`` (cut at 1 January) or
    ``{months: n}`` (blocks of n months from the cycle's start)."""

    doc = "cycle_year, calendar_year, or {months: n}"

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        if isinstance(value, str):
            out = Str(choices=("cycle_year", "calendar_year")).check(value, loc, checker)
            return Every("calendar_year" if out == "calendar_year" else "cycle_year") \
                if isinstance(out, str) else out
        months = Num(minimum=1, maximum=MAX_MONTHS, integer=True)
        out = Record({"months": Field(months, required=True)},
                     "blocks of n months").check(value, loc, checker)
        return Every("months", int(out["months"])) if isinstance(out, dict) else out

    def json(self) -> dict[str, Any]:
        return {"oneOf": [{"enum": ["cycle_year", "calendar_year"]}, {
            "type": "object", "additionalProperties": False, "required": ["months"],
            "properties": {"months": {"type": "integer", "minimum": 1}}}]}
