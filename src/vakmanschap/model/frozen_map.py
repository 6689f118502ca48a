"""A read-only mapping that pickles, for the mappings inside frozen domain objects.

``types.MappingProxyType`` is read-only but cannot be pickled, so objects holding one could not
cross a process pool; a plain ``dict`` pickles but can be changed behind a frozen object's
back (and is then shared with every variant made by ``attrs.evolve``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")

__all__ = ["FrozenMap", "frozen_map"]


class FrozenMap(Mapping[K, V]):
    """An immutable mapping: a copy of what it was made from, readable, never writable."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._data: dict[K, V] = dict(data)

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        # the dict's own answer: Mapping's goes through __getitem__ and catches KeyError,
        # two Python calls for a lookup that assessments make for every record they check
        return key in self._data

    def get(self, key: Any, default: Any = None) -> Any:
        """The value of ``key``, else ``default``: the dict's own answer (Mapping's raises and
        catches KeyError for an absent key, which results ask for on every plan step)."""
        return self._data.get(key, default)

    def __eq__(self, other: object) -> bool:
        # the dicts' own comparison: Mapping's copies both sides into new dicts first, and
        # explanations compare the details of every sub-period (text.period_runs)
        if isinstance(other, FrozenMap):
            return self._data == other._data
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # as Mapping's: a mapping is not hashable

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._data,))


def frozen_map(value: Mapping[Any, Any] | None) -> FrozenMap[Any, Any]:
    """An attrs converter: any mapping (None: empty) as a :class:`FrozenMap`."""
    if isinstance(value, FrozenMap):
        return value
    return FrozenMap(value or {})
