"""What a primitive's Hypothesis strategy is given: a drawer, the names it may use, its children.

Each primitive draws the YAML value of its own key in the "random rule files" section of its
class (``strategy``). It does not import Hypothesis (an optional dependency): it draws through
a :class:`Draw` that :mod:`vakmanschap.strategies` implements on top of Hypothesis, and uses
only the names of a :class:`Vocab` (the categories, themes, kinds, ... the drawn rule file
declares), so every drawn requirement is valid for the file it is put in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

__all__ = ["Child", "Draw", "Vocab", "activity_keys"]

T = TypeVar("T")

#: Draws one nested requirement (its whole YAML mapping), one level deeper.
Child = Callable[[], dict[str, Any]]


class Draw(Protocol):
    """Random choices, each drawn from Hypothesis (so examples shrink towards the first value,
    the lowest number, False and no dated changes)."""

    def integer(self, low: int, high: int) -> int:
        """A whole number in ``[low, high]``."""
        ...

    def boolean(self) -> bool:
        """True or False."""
        ...

    def chance(self, n: int) -> bool:
        """True one time in ``n``."""
        ...

    def choice(self, values: Sequence[T]) -> T:
        """One of ``values`` (not empty)."""
        ...

    def subset(self, values: Sequence[T], min_size: int = 1,
               max_size: int | None = None) -> list[T]:
        """Distinct items of ``values``, at least ``min_size`` and at most ``max_size``."""
        ...

    def amount(self) -> float:
        """An amount of hours or points (0 to 200; whole numbers and a few fractions)."""
        ...

    def fraction(self) -> float:
        """A share between 0 and 1, to the hundredth."""
        ...

    def dated(self, value: Callable[[], Any]) -> Any:
        """A parameter: one value drawn by ``value``, or a mapping from dates to values
        (changes in the middle of the drawn rule file's span)."""
        ...


class Vocab(Protocol):
    """The names the drawn rule file declares, and options of the draw."""

    @property
    def categories(self) -> tuple[str, ...]:
        """Activity categories (never empty)."""
        ...

    @property
    def themes(self) -> tuple[str, ...]:
        """Themes (may be empty)."""
        ...

    @property
    def roles(self) -> tuple[str, ...]:
        """Employment roles (may be empty)."""
        ...

    @property
    def qualification_kinds(self) -> tuple[str, ...]:
        """Kinds of qualification (never empty)."""
        ...

    @property
    def attestation_kinds(self) -> tuple[str, ...]:
        """Kinds of attestation (never empty)."""
        ...

    @property
    def levels(self) -> tuple[str, ...]:
        """Registration levels (may be empty)."""
        ...

    @property
    def providers(self) -> tuple[str, ...]:
        """Providers that activities name (may be empty)."""
        ...

    def option(self, name: str, default: Any) -> Any:
        """A drawing option the caller gave (e.g. ``caps``), else ``default``."""
        ...


def activity_keys(draw: Draw, vocab: Vocab, *, themes: bool = True) -> dict[str, Any]:
    """The filter keys (and unit override) of a requirement that looks at activities."""
    out: dict[str, Any] = {}
    if draw.boolean():
        out["categories"] = draw.subset(vocab.categories, max_size=3)
    if themes and vocab.themes and draw.chance(4):
        out["themes"] = draw.subset(vocab.themes, max_size=2)
    if draw.chance(4):
        out["accredited"] = draw.boolean()
    if vocab.providers and draw.chance(6):
        out["providers"] = draw.subset(vocab.providers)
    if draw.chance(6):
        out["unit"] = draw.choice(("hours", "points"))
    return out
