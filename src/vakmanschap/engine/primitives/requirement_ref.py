"""The schema of a nested requirement (``per_period.requires``, ``carry_over.requires``), in a
module of its own: the requirement schema it defers to is built from the registry, so the
shared ``base`` must not import it (that would be an import cycle)."""

from __future__ import annotations

from typing import Any

from vakmanschap.rules.schema import Schema

__all__ = ["RequirementRef"]


class RequirementRef(Schema):
    """A nested requirement (``per_period.requires``, ``carry_over.requires``): checked by the
    requirement schema, imported when first used because that schema is built from the
    registry of primitives, this module among its imports."""

    def check(self, value: Any, loc: Any, checker: Any) -> Any:
        from vakmanschap.engine.rulefile.requirement_schema import REQUIREMENT

        return REQUIREMENT.check(value, loc, checker)

    def json(self) -> dict[str, Any]:
        return {"$ref": "#/$defs/requirement"}
