"""Groups of a population by the values of one or more of its columns (organisation, scale)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from vakmanschap.population.fact_tables import Bools
from vakmanschap.population.store import Population

__all__ = ["group_labels"]

_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def _natural(text: str) -> tuple[int, float, str]:
    """A sort key that puts numeric texts first, in numeric order, then other texts."""
    if _NUMBER.fullmatch(text):
        return (0, float(text), text)
    return (1, 0.0, text)


def group_labels(population: Population, keys: Sequence[str]
                 ) -> list[tuple[dict[str, Any], Bools]]:
    """(label, members) per combination of values of the grouping columns ``keys``."""
    from vakmanschap.errors import RuleError

    n = population.size
    if not keys:
        return [({}, np.ones(n, dtype=bool))]
    for key in keys:
        if key not in population.attributes:
            raise RuleError(f"no grouping column {key!r}; the population has: "
                            f"{', '.join(population.attributes) or '(none)'}")
    codes = []
    values = []
    for key in keys:
        uniques, inverse = np.unique(population.attributes[key].astype(str),
                                     return_inverse=True)
        # Numbers sort as numbers (scale 8 before scale 10), everything else as text after them.
        order = sorted(range(len(uniques)), key=lambda i: _natural(str(uniques[i])))
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        codes.append(rank[inverse])
        values.append(uniques[order])
    combined = np.zeros(n, dtype=np.int64)
    for code, uniques in zip(codes, values, strict=True):
        combined = combined * len(uniques) + code
    out = []
    for value in np.unique(combined).tolist():
        members = combined == value
        label = {}
        rest = value
        for key, uniques in reversed(list(zip(keys, values, strict=True))):
            rest, k = divmod(rest, len(uniques))
            label[key] = str(uniques[k])
        out.append(({k: label[k] for k in keys}, members))
    return out
