"""The vocabulary the strategies draw names from, and the dates and amounts they draw."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["Vocabulary", "amounts", "dates", "vocabulary"]


class Vocabulary:
    """The names drawn from: those of a rule set, or a small default vocabulary.

    Keyword arguments replace single entries (e.g. ``providers=("acme",)``). ``options``
    passes drawing options to the primitives' strategies (``caps`` for ``total``);
    ``change_span`` is the period in which drawn parameters change value and later rule
    versions start; ``unaccredited`` maps a category to the one its unaccredited activities
    move to (``if_unaccredited``). A vocabulary is never changed: :meth:`replace` makes a new one.
    """

    def __init__(self, rules: RuleSet | None = None, **names: Any) -> None:
        self.rules = rules
        self.categories: tuple[str, ...] = ("formeel", "informeel", "reflectie")
        self.themes: tuple[str, ...] = ("t1", "t2", "t3", "t4")
        self.unit = "hours"
        # the units activities may be recorded in; beyond hours and points, drawn rule files
        # declare them (``units:``) and convert them on some categories
        self.units: tuple[str, ...] = ("hours", "points", "words")
        # the levels are roles too, so that work_hours can count the registered profession
        self.roles: tuple[str, ...] = ("zorg", "beleid", "basis", "senior")
        self.qualification_kinds: tuple[str, ...] = ("master", "bachelor")
        self.attestation_kinds: tuple[str, ...] = ("ambtseed", "belofte")
        self.levels: tuple[str, ...] = ("basis", "senior")
        self.providers: tuple[str, ...] = ("academie", "hogeschool")
        self.unaccredited: dict[str, str] = {}
        self.first_day = date(2000, 1, 1)
        self.change_span = (date(2001, 1, 1), date(2035, 12, 31))
        self.options: dict[str, Any] = {}
        if rules is not None:
            self.categories = tuple(rules.categories)
            self.themes = tuple(rules.themes)
            self.unit = rules.unit
            self.units = rules.units
            self.roles = tuple(rules.roles)
            self.qualification_kinds = tuple(rules.qualification_kinds) or ("master",)
            self.attestation_kinds = tuple(rules.attestation_kinds) or ("ambtseed",)
            self.levels = tuple(rules.levels)
            self.unaccredited = {name: c.if_unaccredited for name, c in rules.categories.items()
                                 if c.if_unaccredited is not None}
            self.first_day = rules.versions[0].valid_from
            self.change_span = (self.first_day + timedelta(days=365),
                                self.first_day + timedelta(days=365 * 15))
        for key, value in names.items():
            if key == "rules" or key not in vars(self):
                raise TypeError(f"Vocabulary has no entry {key!r}; entries: "
                                f"{', '.join(k for k in vars(self) if k != 'rules')}")
            setattr(self, key, tuple(value) if isinstance(value, list) else
                    dict(value) if isinstance(value, dict) else value)

    def replace(self, **names: Any) -> Vocabulary:
        """A copy with some entries replaced."""
        current = {k: v for k, v in vars(self).items() if k != "rules"}
        return Vocabulary(self.rules, **{**current, **names})

    def option(self, name: str, default: Any) -> Any:
        """A drawing option (see the class docstring), else ``default``."""
        return self.options.get(name, default)


def vocabulary(rules: RuleSet | None = None, **names: Any) -> Vocabulary:
    """The names the strategies use for ``rules`` (or the default vocabulary), with
    ``names`` replacing single entries."""
    return Vocabulary(rules, **names)


def leap_day(year: int) -> date | None:
    """29 February of ``year``, or None in a common year."""
    return date(year, 2, 29) if year % 4 == 0 and (year % 100 or year % 400 == 0) else None


@lru_cache(maxsize=256)
def edge_dates(first_year: int, last_year: int) -> tuple[date, ...]:
    """29 February, month ends and 1 January of the years given."""
    return tuple(d for y in range(first_year, last_year + 1)
                 for d in (leap_day(y), date(y, 1, 1), date(y, 1, 31), date(y, 12, 31),
                           date(y, 4, 30), date(y, 3, 1), date(y, 2, 28)) if d is not None)


@lru_cache(maxsize=1024)
def dates(start: date = date(2000, 1, 1),
          end: date = date(2040, 12, 31)) -> st.SearchStrategy[date]:
    """Dates in ``[start, end]``, with 29 February, month ends and 1 January well represented."""
    edge = [d for d in edge_dates(start.year, end.year) if start <= d <= end]
    plain = st.dates(start, end)
    return st.one_of(plain, st.sampled_from(edge)) if edge else plain


@lru_cache(maxsize=64)
def amounts(max_value: float = 80, *, min_value: float = 0) -> st.SearchStrategy[float]:
    """Amounts recorded to the hundredth (as the model requires), whole numbers favoured."""
    low, high = round(min_value * 100), round(max_value * 100)
    return st.one_of(st.integers(low, high).map(_hundredths),
                     st.integers(-(-low // 100), high // 100).map(float))


def _hundredths(cents: int) -> float:
    return cents / 100


@lru_cache(maxsize=256)
def one(values: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    """``sampled_from`` over a tuple, built (and validated by Hypothesis) once."""
    return st.sampled_from(values)


BOOL = st.booleans()


def draw_date(draw: st.DrawFn, start: date, end: date) -> date:
    """A date in ``[start, end]``; one in four an edge date (29 February, month ends)."""
    end = max(start, end)
    if draw(st.integers(0, 3)) == 0:
        inside = [d for d in edge_dates(start.year, end.year) if start <= d <= end]
        if inside:
            return inside[draw(st.integers(0, len(inside) - 1))]
    return start + timedelta(days=draw(st.integers(0, (end - start).days)))


def maybe_date(draw: st.DrawFn, start: date, end: date) -> date | None:
    """None or a date in ``[start, end]``."""
    return None if draw(BOOL) else draw_date(draw, start, end)


def maybe(draw: st.DrawFn, strategy: st.SearchStrategy[Any]) -> Any:
    """None or a value of ``strategy`` (without building a new one_of each time)."""
    return None if draw(BOOL) else draw(strategy)
