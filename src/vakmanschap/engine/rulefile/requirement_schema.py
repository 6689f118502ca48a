"""The schema of one requirement node: common keys plus exactly one primitive key.

Built lazily from the primitive registry, so adding a primitive never touches this file.
A node without ``source`` inherits its parent's; a top-level node must have one.
"""

from __future__ import annotations

from typing import Any

from vakmanschap.engine.primitives import REGISTRY
from vakmanschap.rules.schema import INVALID, Checker, Field, Loc, Record, Schema, Str, TextS

__all__ = ["REQUIREMENT", "RequirementSchema"]

_ID = Str("identifier, unique within a rule version (letters, digits, - and _)")


class RequirementSchema(Schema):
    """Check a requirement mapping and build the :class:`Requirement` it describes."""

    doc = "a requirement: id, title, source and exactly one primitive key"

    def common_fields(self) -> dict[str, Field]:
        return {
            "id": Field(_ID, required=True),
            "title": Field(TextS("Dutch title, or {nl, en}"), required=True),
            "source": Field(Str("legal source: reglement article, CAO article, URL")),
            "note": Field(Str("why this rule reads as it does; choices where sources are "
                              "silent")),
        }

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        fields = self.common_fields()
        for key, cls in REGISTRY.items():
            fields[key] = Field(cls.schema)
        record = Record(fields, self.doc, one_of=tuple(REGISTRY))
        # The source must be known before the children are checked, so that they inherit it.
        own_source = value.get("source") if isinstance(value, dict) else None
        inherited = checker.sources[-1] if checker.sources else None
        source = own_source if isinstance(own_source, str) and own_source.strip() else inherited
        checker.sources.append(source or "")
        try:
            out = record.check(value, loc, checker)
        finally:
            checker.sources.pop()
        if out is INVALID:
            return INVALID
        if not source:
            return checker.error(loc, "missing 'source': cite the reglement, CAO article or URL "
                                 "this rule rests on")
        ident = out["id"]
        if ident in checker.ids:
            first = checker.ids[ident]
            return checker.error(loc.key(value, "id"), f"duplicate requirement id {ident!r} "
                                 f"(first at line {first.line})")
        checker.ids[ident] = loc
        kind = next(k for k in REGISTRY if k in value)
        common = {"id": ident, "title": out["title"], "source": source,
                  "location": f"{checker.file}:{loc.line}", "note": out["note"]}
        return REGISTRY[kind].build(common, out[kind])

    def json(self) -> dict[str, Any]:
        fields = self.common_fields()
        props = {name: f.schema.json() for name, f in fields.items()}
        props.update({key: cls.schema.json() for key, cls in REGISTRY.items()})
        return {"type": "object", "additionalProperties": False, "required": ["id", "title"],
                "properties": props, "oneOf": [{"required": [k]} for k in REGISTRY],
                "description": self.doc}


REQUIREMENT = RequirementSchema()
