"""The base of the schema language: where a value sits (:class:`Loc`), the :class:`Checker`
that collects problems, the :class:`Schema` node protocol and the :data:`INVALID` marker.

A schema node checks a value, records problems in a :class:`Checker`, and returns the
converted value, or :data:`INVALID` after recording at least one problem.
"""

from __future__ import annotations

from typing import Any

import attrs

from vakmanschap.errors import Problem

__all__ = ["INVALID", "NON_BLANK", "Checker", "Loc", "Schema", "show"]


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()

#: JSON Schema of a text that is not blank (``check`` refuses texts of only spaces).
NON_BLANK: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"\S"}


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


def show(value: Any) -> str:
    """``repr(value)``, cut short for a problem message."""
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

