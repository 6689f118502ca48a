"""Node columns: one requirement node evaluated for everyone in one columnar context."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import (
    REGISTRATION_ID,
    REGISTRATION_KIND,
    REGISTRATION_TITLE,
    RequirementResult,
)
from vakmanschap.engine.columnar.arrays import Bools
from vakmanschap.model.words import Text

if TYPE_CHECKING:
    from vakmanschap.engine.columnar.context import ColumnarContext
    from vakmanschap.engine.primitives.base import Requirement

__all__ = ["NodeColumns", "result_keys"]


@attrs.define(eq=False)
class NodeColumns:
    """One requirement node evaluated in one context: per person met, actual and required
    (meaningful where ``ctx.mask``), its children, and statistics a sweep can reuse.
    ``shortfall`` is None when it is derived from required and actual (every primitive but
    ``share``), to keep the per-person arrays few. ``node`` is None for the root of an initial
    registration, which is no rule node (one child per level's route)."""

    key: str
    node: Requirement | None
    ctx: ColumnarContext
    met: Bools
    actual: Any  # per person (float or whole numbers), or one value for everyone
    required: Any
    shortfall: Any  # None: derived from required and actual
    children: list[NodeColumns] = attrs.field(factory=list)
    stats: dict[str, Any] = attrs.field(factory=dict)
    unit: str | None = None
    extra: list[NodeColumns] = attrs.field(factory=list)  # descendants of a per-person node

    @property
    def id(self) -> str:
        """The rule id (of the registration root: ``registratie``)."""
        return self.node.id if self.node is not None else REGISTRATION_ID

    @property
    def kind(self) -> str:
        """The primitive's key (of the registration root: ``levels``)."""
        return self.node.key if self.node is not None else REGISTRATION_KIND

    @property
    def title(self) -> Text:
        """The rule's title."""
        return self.node.title if self.node is not None else REGISTRATION_TITLE

    def rule(self) -> Requirement:
        """The rule node (a sweep's targets and person-by-person nodes always have one)."""
        if self.node is None:
            raise TypeError("the registration root is no rule node")
        return self.node

    def walk(self) -> Iterator[NodeColumns]:
        """This node and all below it, depth first (per-person subtrees flattened)."""
        yield self
        yield from self.extra
        for child in self.children:
            yield from child.walk()

    @property
    def per_person(self) -> bool:
        """Whether this node (and its subtree) was evaluated person by person."""
        return bool(self.stats.get("per_person", False))


def result_keys(result: RequirementResult, suffix: str = ""
                ) -> Iterator[tuple[str, RequirementResult]]:
    """(key, node) for every node of a per-person result tree, keyed as the columnar
    evaluator keys its columns: the rule id, plus ``[p]`` for each enclosing period ``p``
    (the index among all parts of the window, skipped parts included)."""
    yield result.id + suffix, result
    rule = result.rule
    own = rule.child_suffixes(result) if rule is not None else ("",) * len(result.children)
    for child, extra in zip(result.children, own, strict=True):
        yield from result_keys(child, suffix + extra)
