"""Which parts of an assessed tree apply to the professional: open and closed routes.

A route is closed when nothing the professional does can meet it under their registration
(a ``registered_level`` for another profession, or an all_of that such a condition sinks).
Shortfalls, plans and explanations leave closed routes out: they are no to-dos. The
population evaluator applies the same rule column by column (population/result.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vakmanschap.engine.assessment import RequirementResult

__all__ = ["alternatives", "open_children", "route_closed"]


def route_closed(result: RequirementResult) -> bool:
    """Whether ``result`` is a route closed to this professional: an unmet requirement that
    closes its route (a primitive with ``closes_route``, e.g. ``registered_level``), or a node
    whose open children can no longer make up the number it requires (BIG: the all_of of a
    registration as psychotherapist and 3,120 hours, for a nurse)."""
    if result.met:
        return False
    if result.rule is not None and result.rule.closes_route:
        return True
    if not result.children or result.required is None:
        return False
    # For a node with children, ``required`` is how many of them must be met. Counting stops
    # once enough are open: every explanation line asks this of its children again.
    need, open_ = result.required, 0
    for child in result.children:
        if open_ >= need:
            break
        if not route_closed(child):
            open_ += 1
    return open_ < need


def alternatives(result: RequirementResult) -> bool:
    """Whether the node's children are alternatives of which some suffice (any_of,
    at_least)."""
    return result.rule is not None and result.rule.alternatives


def open_children(result: RequirementResult) -> list[RequirementResult]:
    """The children that apply to the professional: of an alternative the open routes (all
    of them when none is open), of any other node every child."""
    children = list(result.children)
    if not alternatives(result):
        return children
    open_ = [c for c in children if not route_closed(c)]
    return open_ or children
