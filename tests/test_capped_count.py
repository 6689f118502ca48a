"""The capped count of ``total`` (engine/primitives/capped_count.py) and its fixed parameters."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from vakmanschap.engine.context import PreparedActivity
from vakmanschap.engine.primitives.capped_count import (
    VARIES,
    count_capped,
    fixed_cents,
    fmt_cents,
)
from vakmanschap.rules.params import Dated

CAPS = st.one_of(st.none(), st.integers(0, 5000))


def prepared(amounts: list[int]) -> list[PreparedActivity]:
    """Prepared activities with these amounts (hundredths), one a day."""
    return [PreparedActivity(i, f"a{i}", date(2022, 1, 1 + i % 28), amount, "hours", "formeel",
                             "formeel", (), True, None) for i, amount in enumerate(amounts)]


@settings(max_examples=150, deadline=None)
@given(amounts=st.lists(st.integers(0, 8000), max_size=25), floor=CAPS, cap=CAPS)
def test_short_loop_equals_the_general_one(amounts: list[int], floor: int | None,
                                           cap: int | None) -> None:
    """Without caps per day or category the short loop counts and reasons exactly as the
    general loop (forced here by a cap on a category no activity has)."""
    acts = prepared(amounts)
    short: list[tuple[int, int, str, str]] = []
    general: list[tuple[int, int, str, str]] = []
    total = count_capped(acts, short, floor, cap, None, {})
    assert count_capped(acts, general, floor, cap, None, {"nobody": 10**9}) == total
    assert short == general
    assert total == sum(counted for _, counted, _, _ in short)


def test_reasons_and_arguments() -> None:
    """Below the minimum, capped per activity, per day and per category, each with its
    argument; the category's room is used only by what counts."""
    acts = prepared([500, 12000, 3000])
    out: list[tuple[int, int, str, str]] = []
    assert count_capped(acts, out, 1000, 10000, None, {}) == 13000
    assert out == [(0, 0, "below_minimum", "10"), (1, 10000, "cap_per_activity", "100"),
                   (2, 3000, "counted", "")]
    same_day = [a._replace(day=date(2022, 1, 1)) for a in prepared([800, 800, 800])]
    out = []
    assert count_capped(same_day, out, None, None, 1200, {"formeel": 1000}) == 1000
    assert out == [(0, 800, "counted", ""), (1, 200, "cap_per_category", "formeel"),
                   (2, 0, "cap_per_category", "formeel")]


def test_fixed_cents() -> None:
    """A parameter with one value at every date is resolved to hundredths; one that changes
    over time (or starts on a date) varies; an unset one stays None."""
    changing = Dated(((date(2020, 1, 1), 10), (date(2024, 1, 1), 20)))
    assert fixed_cents([Dated.constant(12.5), None, changing]) == (1250, None, VARIES)
    assert fixed_cents([Dated(((date(2020, 1, 1), 10),))]) == (VARIES,)
    assert fmt_cents(1250) == "12.5" and fmt_cents(10000) == "100"
