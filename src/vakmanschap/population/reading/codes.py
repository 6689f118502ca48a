"""Codes of the names an activity file holds (categories, themes, providers): only the names
some accepted row has, and providers in sorted order, so that the order of the rows never
shows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["sorted_codes", "used_bits", "used_codes"]

_CHUNK = 1 << 20


def used_codes(codes: Any, names: tuple[str, ...]) -> tuple[Any, tuple[str, ...]]:
    """Codes into only the names that some row has."""
    used = np.zeros(len(names), dtype=bool)
    for start in range(0, len(codes), _CHUNK):  # no int64 copy of the whole column
        used |= np.bincount(codes[start:start + _CHUNK], minlength=len(names)) > 0
    if used.all():
        return codes, names
    remap = np.cumsum(used) - 1
    return remap[codes].astype(np.int16), tuple(n for n, u in zip(names, used, strict=True) if u)


def used_bits(mask: Any, names: tuple[str, ...]) -> tuple[Any, tuple[str, ...]]:
    """Theme masks over only the themes that some row has."""
    mask = np.asarray(mask)
    seen = int(np.bitwise_or.reduce(mask)) if len(mask) else 0
    kept = [b for b in range(len(names)) if seen >> b & 1]
    if len(kept) == len(names):
        return mask, names
    mask = mask.astype(np.uint64)
    out = np.zeros(len(mask), dtype=np.uint64)
    for new, old in enumerate(kept):
        out |= ((mask >> np.uint64(old)) & np.uint64(1)) << np.uint64(new)
    return out, tuple(names[b] for b in kept)


def sorted_codes(codes: Any, names: Mapping[str, int]) -> tuple[Any, tuple[str, ...]]:
    """Codes in order of appearance -> codes into the names sorted (so that the order of
    the rows never shows); -1 stays -1."""
    order = sorted(names, key=names.__getitem__)
    ranked = sorted(order)
    remap = np.array([ranked.index(name) for name in order] + [-1], dtype=np.int32)
    return remap[np.asarray(codes, dtype=np.int64)], tuple(ranked)
