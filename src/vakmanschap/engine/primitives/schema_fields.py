"""The rule-file keys that several activity primitives share (the activity filter, the unit)
and the schema of one value of a dated parameter: one home, so that every primitive spells
them alike."""

from __future__ import annotations

from typing import Any

from vakmanschap.engine.primitives.activity_filter import ActivityFilter
from vakmanschap.rules.schema import Bool, DatedS, Field, MapOf, Ref, Schema, SeqOf, Str

__all__ = ["dated_value_schema", "filter_schema", "take_filter", "unit_schema"]


def filter_schema() -> dict[str, Field]:
    """The filter keys every activity primitive accepts."""
    return {
        "categories": Field(SeqOf(Ref("categories"), min_items=1, unique=True)),
        "themes": Field(SeqOf(Ref("themes"), min_items=1, unique=True)),
        "accredited": Field(Bool("only accredited (true) or only unaccredited (false)")),
        "providers": Field(SeqOf(Str(), min_items=1, unique=True)),
    }


def take_filter(params: dict[str, Any]) -> ActivityFilter:
    """Pop the filter keys from checked parameters into an :class:`ActivityFilter`."""
    return ActivityFilter(categories=params.pop("categories", None),
                          themes=params.pop("themes", None),
                          accredited=params.pop("accredited", None),
                          providers=params.pop("providers", None))


def unit_schema() -> Field:
    """Optional unit override of an activity primitive (default: the rule file's unit)."""
    return Field(Str("hours or points; default: the rule file's unit",
                     choices=("hours", "points")))


def dated_value_schema(schema: Schema | None, *, keyed: bool) -> Schema | None:
    """The schema of one value of a dated parameter declared with ``schema`` (None when it is
    not one); ``keyed`` reads one entry of a mapping of dated parameters by name."""
    if keyed:
        schema = schema.value if isinstance(schema, MapOf) else None
    return schema.inner if isinstance(schema, DatedS) else None
