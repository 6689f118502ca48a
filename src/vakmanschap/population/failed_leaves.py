"""Which requirements each person failed: the unmet applicable leaves, column by column.

The population's twin of :meth:`Assessment.unmet_leaves` (routes closed to a person are no
to-dos, as :mod:`vakmanschap.engine.routes` decides per person).
"""

from __future__ import annotations

import numpy as np

from vakmanschap.engine.columnar.columns import NodeColumns
from vakmanschap.population.fact_tables import Bools

__all__ = ["failed_leaves"]


def failed_leaves(root: NodeColumns, reach: Bools) -> dict[int, Bools]:
    """Per occurrence: people for whom it is an unmet node without unmet applicable
    children, reached through unmet parents only, leaving out routes closed to them (as
    :meth:`Assessment.unmet_leaves` walks the tree, with
    :func:`~vakmanschap.engine.routes.open_children`)."""
    out: dict[int, Bools] = {}
    closed: dict[int, Bools] = {}

    def route_closed(occ: NodeColumns) -> Bools:
        # As engine.routes.route_closed, for everyone at once.
        if id(occ) not in closed:
            unmet = ~occ.met
            if occ.node is not None and occ.node.closes_route:
                value = unmet
            elif not occ.children or occ.required is None:
                value = np.zeros(len(unmet), dtype=bool)
            else:
                open_count = np.zeros(len(unmet), dtype=np.int64)
                for child in occ.children:
                    open_count += child.ctx.mask & ~route_closed(child)
                with np.errstate(invalid="ignore"):
                    value = unmet & np.asarray(open_count < occ.required, dtype=bool)
            closed[id(occ)] = value
        return closed[id(occ)]

    def visit(occ: NodeColumns, here: Bools) -> None:
        if not here.any():
            return
        shown = [np.ones(len(here), dtype=bool)] * len(occ.children)
        if occ.node is not None and occ.node.alternatives and occ.children:
            opened = [child.ctx.mask & ~route_closed(child) for child in occ.children]
            none_open = ~np.logical_or.reduce(opened)
            shown = [o | none_open for o in opened]
        any_child = np.zeros(len(here), dtype=bool)
        for child, show in zip(occ.children, shown, strict=True):
            unmet = here & child.ctx.mask & ~child.met & show
            any_child |= unmet
            visit(child, unmet)
        out[id(occ)] = here & ~any_child

    visit(root, reach)
    return out
