"""The primitives' strategy protocol (engine/primitives/drawing.py and the strategy section of
base.py): every registered primitive draws its own requirement, without needing Hypothesis."""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import pytest

from vakmanschap.engine.primitives import REGISTRY, Requirement
from vakmanschap.engine.primitives.drawing import activity_keys

T = TypeVar("T")


class RandomDraw:
    """A :class:`~vakmanschap.engine.primitives.drawing.Draw` from :mod:`random` (no Hypothesis)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def boolean(self) -> bool:
        return self.rng.random() < 0.5

    def chance(self, n: int) -> bool:
        return self.rng.randrange(n) == 0

    def choice(self, values: Sequence[T]) -> T:
        return self.rng.choice(list(values))

    def subset(self, values: Sequence[T], min_size: int = 1,
               max_size: int | None = None) -> list[T]:
        top = len(values) if max_size is None else min(max_size, len(values))
        return self.rng.sample(list(values), self.rng.randint(min_size, top))

    def amount(self) -> float:
        return self.rng.randint(0, 200)

    def fraction(self) -> float:
        return self.rng.randint(0, 100) / 100

    def dated(self, value: Callable[[], Any]) -> Any:
        return value() if self.boolean() else {"2000-01-01": value(), "2010-06-30": value()}


class Names:
    """A :class:`~vakmanschap.engine.primitives.drawing.Vocab` with fixed names."""

    categories = ("formeel", "informeel")
    themes = ("t1", "t2")
    roles = ("arts",)
    qualification_kinds = ("master",)
    attestation_kinds = ("eed",)
    levels = ("basis",)
    providers = ("acme",)

    def option(self, name: str, default: Any) -> Any:
        return default


def _leaf() -> dict[str, Any]:
    return {"id": "x", "title": "x", "count": {"min": 1}}


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_every_registered_primitive_draws_its_own_requirement(key: str) -> None:
    """No registered primitive falls back on the default (which raises): random rule files
    can hold every one of them."""
    cls = REGISTRY[key]
    assert cls.strategy.__func__ is not Requirement.strategy.__func__  # type: ignore[attr-defined]
    drawn = cls.strategy(RandomDraw(7), Names(), _leaf)
    assert drawn is not None


def test_a_primitive_without_a_strategy_says_which_one() -> None:
    """The default strategy refuses by naming the primitive and what to add."""

    class Unfinished(Requirement):
        key = "unfinished"

    with pytest.raises(NotImplementedError, match=r"'unfinished'.*strategy"):
        Unfinished.strategy(RandomDraw(0), Names(), _leaf)


def test_only_nesting_primitives_call_child() -> None:
    """A primitive draws children exactly when it declares that it nests."""
    for key, cls in REGISTRY.items():
        calls = []

        def child(calls: list[int] = calls) -> dict[str, Any]:
            calls.append(1)
            return _leaf()

        for seed in range(5):
            cls.strategy(RandomDraw(seed), Names(), child)
        assert bool(calls) == cls.nests, key


def test_drawable_follows_the_names() -> None:
    """A primitive that needs names (themes, levels) is not drawn for a file without them."""

    class Bare(Names):
        themes = ()
        levels = ()

    refused = sorted(k for k, cls in REGISTRY.items() if not cls.drawable(Bare()))
    assert refused == ["distinct_themes", "registered_level"]
    assert all(cls.drawable(Names()) for cls in REGISTRY.values())


def test_activity_keys_use_only_the_vocabulary() -> None:
    """Filters name only declared categories, themes and providers; ``themes=False`` none."""
    names = Names()
    for seed in range(200):
        keys = activity_keys(RandomDraw(seed), names, themes=seed % 2 == 0)
        assert set(keys.get("categories", ())) <= set(names.categories)
        assert set(keys.get("themes", ())) <= set(names.themes)
        assert set(keys.get("providers", ())) <= set(names.providers)
        assert keys.get("unit", "hours") in ("hours", "points")
        if seed % 2:
            assert "themes" not in keys


def test_primitives_load_without_hypothesis() -> None:
    """Hypothesis is optional: vakmanschap and its primitives import without it, and only
    vakmanschap.strategies asks for it."""
    code = ("import sys; sys.modules['hypothesis'] = None\n"
            "import vakmanschap, vakmanschap.engine.primitives as p\n"
            "assert len(p.REGISTRY) > 0\n"
            "try:\n    import vakmanschap.strategies\n"
            "except ImportError as exc:\n    assert 'vakmanschap[strategies]' in str(exc)\n"
            "else:\n    raise SystemExit('imported without Hypothesis')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
