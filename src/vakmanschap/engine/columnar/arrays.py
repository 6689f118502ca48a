"""Array types and exact per-person arithmetic shared by every columnar evaluation.

Amounts are integer hundredths throughout, so that sums are exact and both evaluators add the
same numbers; these helpers keep them so (int64 sums, int32 only where it provably fits).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["F64", "I32", "Bools", "IntArray", "column", "dense_unique", "lookup", "narrow",
           "person_segments", "person_sums", "running_cap", "take", "whole"]

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    I32 = npt.NDArray[np.int32]
    F64 = npt.NDArray[np.float64]
    Bools = npt.NDArray[np.bool_]
else:
    from vakmanschap.lazy import numpy as np

    # Names for annotations only (they are strings at run time); the real types above.
    IntArray = I32 = F64 = Bools = "numpy array"


def person_sums(values: Any, offsets: IntArray, n: int, narrow: bool = False,
                segments: tuple[Any, Any] | None = None) -> IntArray:
    """Sum of ``values`` (one per activity, sorted by person) per person, exactly (int64).

    With ``narrow`` the sums are accumulated in int32 (about twice as fast); the caller
    guarantees that no person's sum can exceed it. ``segments``: :func:`person_segments` of
    ``offsets``, when the caller keeps them (they are then not found again).
    """
    if len(values) == 0:
        return np.zeros(n, dtype=np.int64)
    nonempty, starts = segments if segments is not None else person_segments(offsets)
    dtype = np.int32 if narrow or values.dtype == bool else np.int64
    if len(nonempty) == n:  # everyone has activities: no scatter
        sums: IntArray = np.add.reduceat(values, starts, dtype=dtype).astype(np.int64)
        return sums
    out = np.zeros(n, dtype=np.int64)
    if len(nonempty):
        out[nonempty] = np.add.reduceat(values, starts, dtype=dtype)
    return out


def person_segments(offsets: IntArray) -> tuple[Any, Any]:
    """The people with activities (indices) and where their activities start: what
    :func:`person_sums` reduces over."""
    nonempty = np.flatnonzero(np.diff(offsets))
    return nonempty, offsets[nonempty]


def running_cap(counted: IntArray, group_start: Any, cap: Any) -> IntArray:
    """Apply a running ``cap`` over groups of consecutive activities (``group_start`` marks
    the first activity of each group); ``cap`` is a scalar or one value per activity.

    What is counted after activity *i* of a group is ``min(S_i, cap)``, so activity *i*
    counts ``min(S_i, cap) - min(S_{i-1}, cap)`` (a segmented cumulative sum).
    """
    cs = np.cumsum(counted, dtype=np.int64)
    starts = np.flatnonzero(group_start)
    base = np.zeros(len(starts), dtype=np.int64)
    base[1:] = cs[starts[1:] - 1]
    lengths = np.diff(np.append(starts, len(counted)))
    running = cs - np.repeat(base, lengths)
    capped: IntArray = np.minimum(running, cap) - np.minimum(running - counted, cap)
    return capped


def dense_unique(values: Any) -> tuple[Any, Any]:
    """``np.unique(values, return_inverse=True)`` for integers: the sorted distinct values and
    each value's index among them. When the values lie in a range at most a few times their
    number (days, windows of registration dates), found by marking the range instead of
    sorting (linear, not ``n log n``)."""
    values = np.asarray(values)
    if len(values) == 0 or values.dtype.kind not in "iu":
        found: tuple[Any, Any] = np.unique(values, return_inverse=True)
        return found
    low, high = int(values.min()), int(values.max())
    span = high - low + 1
    if span > 4 * len(values) + 4096:
        found = np.unique(values, return_inverse=True)
        return found
    shifted = values.astype(np.int64) - low
    present = np.zeros(span, dtype=bool)
    present[shifted] = True
    uniques = (np.flatnonzero(present) + low).astype(values.dtype)
    rank = np.cumsum(present, dtype=np.intp) - 1
    return uniques, rank[shifted]


def lookup(table: Any, codes: Any) -> Any:
    """``table[codes]``: one value per code (every code a valid index of ``table``).

    One-byte codes into a table of one-byte values (categories, accreditation, the masks of
    a filter) are translated as bytes (``bytes.translate``), which reads each code once.
    ``np.take`` (like a fancy index) first converts the codes to ``intp``, eight bytes per
    code: at 24 million activities a 192 MB temporary, several times slower. The result of
    the byte path is read-only (a view of the translated bytes).
    """
    table = np.asarray(table)
    codes = np.asarray(codes)
    if codes.dtype.itemsize != 1 or table.dtype.itemsize != 1 or not 0 < len(table) <= 256:
        return np.take(table, codes)
    full = np.zeros(256, dtype=table.dtype)
    full[:len(table)] = table
    if codes.dtype.kind == "i":  # a negative code k is byte 256 + k: from the end, as take
        room = min(len(table), 128)
        full[256 - room:] = table[len(table) - room:]
    raw = np.ascontiguousarray(codes).tobytes().translate(full.tobytes())
    return np.frombuffer(raw, dtype=table.dtype)


def whole(value: Any) -> Any:
    """``int(value)`` for one value or per person, as the primitives read whole parameters."""
    if np.ndim(value) == 0:
        return int(value)
    return np.trunc(np.asarray(value, dtype=np.float64)).astype(np.int64)


def narrow(values: IntArray) -> Any:
    """Per-person sums kept for sweeps, in int32 when they fit (half the memory)."""
    if len(values) and (int(values.max()) > np.iinfo(np.int32).max
                        or int(values.min()) < np.iinfo(np.int32).min):
        return values
    return values.astype(np.int32)


def take(value: Any, people: Any) -> Any:
    """A per-person array restricted to ``people`` (indices); scalars and None unchanged."""
    if value is None or np.ndim(value) == 0:
        return value
    return np.asarray(value)[people]


def column(value: Any) -> Any:
    """A per-person array as a column (people, 1), to broadcast against a row of values in a
    sweep; scalars and None unchanged."""
    if value is None or np.ndim(value) == 0:
        return value
    return np.asarray(value)[:, None]

