"""The per-requirement columns of a population result: one array per outcome per requirement.

:class:`Column` holds all of a requirement's columns; :class:`Outcome` only its yes/no part
(what the per-person tables of ``compare`` read): at 1,000,000 people the three float arrays of a
column are 24 MB per requirement, its three bool arrays 3 MB.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs
import numpy as np

from vakmanschap.engine.amounts import derived_shortfall
from vakmanschap.model.words import Text
from vakmanschap.population.fact_tables import F64, Bools
from vakmanschap.population.failed_leaves import failed_leaves

if TYPE_CHECKING:
    from vakmanschap.population.result import PopulationResult

__all__ = ["ALL_FIELDS", "AMOUNT_FIELDS", "BOOL_FIELDS", "Column", "Outcome", "build_columns"]


@attrs.frozen(eq=False)
class Column:
    """One requirement's outcome for everyone: ``applies`` says for whom it was evaluated;
    ``actual``, ``required`` and ``shortfall`` are NaN elsewhere (and for yes/no rules)."""

    key: str
    id: str
    kind: str
    title: Text
    unit: str | None
    applies: Bools
    met: Bools
    actual: F64
    required: F64
    shortfall: F64
    failed: Bools  # unmet, under unmet parents, with no unmet child (as Assessment.shortfalls)


class Outcome(NamedTuple):
    """One requirement's yes/no outcome for everyone (the bool arrays of a :class:`Column`)."""

    applies: Bools
    met: Bools
    failed: Bools


BOOL_FIELDS = frozenset({"applies", "met", "failed"})
# built together: a shortfall not given by its primitive is derived from required and actual
AMOUNT_FIELDS = ("actual", "required", "shortfall")
ALL_FIELDS = ("applies", "met", *AMOUNT_FIELDS, "failed")


def build_columns(result: PopulationResult, fields: Sequence[str], only: str | None = None
                  ) -> dict[str, dict[str, Any]]:
    """Per requirement key (or only ``only``): its ``fields`` of :class:`Column`
    (:data:`AMOUNT_FIELDS` all or none)."""
    n = result.size
    want = set(fields)
    out: dict[str, dict[str, Any]] = {}
    for index, root in enumerate(result.roots):
        members = result.assignment.plan == index
        failed = failed_leaves(root, members & ~root.met) if "failed" in want else {}
        for occ in root.walk():
            if only is not None and occ.key != only:
                continue
            mask = occ.ctx.mask & members
            col = out.get(occ.key)
            if col is None:
                col = {"id": occ.id, "kind": occ.kind, "title": occ.title, "unit": occ.unit}
                for name in fields:
                    col[name] = np.zeros(n, bool) if name in BOOL_FIELDS else \
                        np.full(n, np.nan)
                out[occ.key] = col
            if "applies" in want:
                col["applies"] |= mask
            if "met" in want:
                col["met"][mask] = occ.met[mask]
            if "shortfall" in want:
                for name in AMOUNT_FIELDS:
                    values = getattr(occ, name)
                    if values is not None:
                        col[name][mask] = values if np.ndim(values) == 0 else values[mask]
                if occ.shortfall is None:
                    col["shortfall"][mask] = derived_shortfall(col["required"][mask],
                                                               col["actual"][mask])
            if id(occ) in failed:
                col["failed"] |= failed[id(occ)]
    return out
