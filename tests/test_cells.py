"""The one table of cell converters (vakmanschap.model.cells) shared by person files and HR
exports."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vakmanschap.model import cells, fields
from vakmanschap.model.kinds import LeaveKind


@pytest.mark.parametrize(("cell", "hundredths"), [
    ("8", 800), (" 1.5 ", 150), ("0.25", 25), (".5", 50), ("5.", 500),
    ("0.10", 10), ("1000000", 10**8), ("-0", 0),
])
def test_hundredths_accepts_decimal_numbers(cell: str, hundredths: int) -> None:
    """Decimal numbers (point, white space around) up to MAX_AMOUNT become hundredths."""
    assert cells.hundredths(cell) == hundredths


@pytest.mark.parametrize(("cell", "problem"), [
    ("1_000", "decimal point"), ("1,5", "decimal point"), ("\u0661\u0662", "decimal point"),
    ("nan", "decimal point"), ("inf", "decimal point"), ("0x10", "decimal point"),
    ("", "decimal point"), ("-1", ">= 0"), ("0.125", "hundredth"),
    ("0.000000001", "hundredth"), ("1.0000000001", "hundredth"), ("1e-9", "decimal point"),
    ("1e3", "decimal point"), ("1000000.01", "at most"), ("1" + "0" * 400, "at most"),
])
def test_hundredths_refuses_with_what_is_allowed(cell: str, problem: str) -> None:
    """Thousands separators, exponents (1e3, issue 16 item 10), other scripts' digits, finer
    than a hundredth and too large are refused with the reason, never rounded or guessed."""
    with pytest.raises(cells.CellError, match=problem):
        cells.hundredths(cell)


@given(st.integers(0, cells.MAX_AMOUNT * 100))
def test_hundredths_round_trip(cents: int) -> None:
    """Every amount to the hundredth, written as a decimal text, reads back exactly."""
    text = f"{cents // 100}.{cents % 100:02d}"
    assert cells.hundredths(text) == cents
    assert cells.hundredths_of(cents / 100) == cents


@given(st.text(alphabet="0123456789.e-+ _", max_size=12))
def test_typed_number_means_what_the_text_means(text: str) -> None:
    """A text accepted as an amount, read by YAML or JSON as a number, gives the same amount."""
    try:
        expected = cells.hundredths(text)
    except cells.CellError:
        return
    assert fields.amount(float(text), "hours") == expected / 100


@pytest.mark.parametrize("value", [True, "8", None, float("nan"), float("inf"), [1]])
def test_hundredths_of_needs_a_finite_number(value: object) -> None:
    """Typed formats give numbers: texts, booleans and non-finite numbers are refused."""
    with pytest.raises(cells.CellError):
        cells.hundredths_of(value)


def test_hundredths_of_huge_integers() -> None:
    """An integer beyond Python's text-conversion limit is refused as too large, not crashed."""
    with pytest.raises(cells.CellError, match="at most"):
        cells.hundredths_of(10**5000)


def test_weekly_hours_and_fte_ranges() -> None:
    """Weekly hours are at most 168 to the hundredth; fte lies in (0, 1.5]."""
    assert cells.weekly_hours("36.5") == 36.5
    with pytest.raises(cells.CellError, match="hours in a week"):
        cells.weekly_hours("168.01")
    assert cells.fte(" 0.8 ") == 0.8
    for bad in ("0", "1.51", "-1", "0,8", "1_0"):
        with pytest.raises(cells.CellError, match=r"\(0, 1.5\]"):
            cells.fte(bad)


@pytest.mark.parametrize(("cell", "value"), [
    ("true", True), ("TRUE", True), ("1", True), ("ja", True), ("Yes", True), ("waar", True),
    ("false", False), ("0", False), ("nee", False), ("no", False), (" onwaar ", False),
])
def test_boolean_words(cell: str, value: bool) -> None:
    """Booleans as text: true/false and the documented Dutch and English words, any case."""
    assert cells.boolean(cell) is value


@pytest.mark.parametrize("cell", ["", "y", "ok", "2", "niet"])
def test_boolean_refuses_other_words(cell: str) -> None:
    """Any other word is refused, naming the accepted ones."""
    with pytest.raises(cells.CellError, match="ja/nee"):
        cells.boolean(cell)


def test_day_accepts_only_existing_iso_dates() -> None:
    """Dates are YYYY-MM-DD and must exist; other forms are refused with the format."""
    assert cells.day(" 2024-02-29 ") == date(2024, 2, 29)
    assert cells.optional_day("  ") is None
    with pytest.raises(cells.CellError, match="existing date"):
        cells.day("2023-02-29")
    for bad in ("20240101", "2024-1-1", "2024-W01-1", "\uff12\uff10\uff12\uff14-01-01", ""):
        with pytest.raises(cells.CellError, match="YYYY-MM-DD"):
            cells.day(bad)


def test_text_kinds_and_themes() -> None:
    """Texts are stripped and non-empty; kinds match exactly after stripping; themes are split
    on ';' once each."""
    assert cells.text(" a ") == "a" and cells.optional_text(" ") is None
    with pytest.raises(cells.CellError, match="non-empty"):
        cells.text("  ")
    assert cells.enum(LeaveKind)(" care ") is LeaveKind.CARE
    with pytest.raises(cells.CellError, match="expected one of illness, pregnancy"):
        cells.enum(LeaveKind)("Care")
    assert cells.themes("a; b;;a ;") == ("a", "b")


def test_describe_shows_the_value_then_what_is_allowed() -> None:
    """The one error wording: the value (shortened to one line), then the problem."""
    assert cells.describe("x", "expected y") == "'x': expected y"
    assert cells.describe(-2, "expected a number >= 0") == "-2: expected a number >= 0"
    long = cells.describe("x" * 500, "p")
    assert len(long) < 100 and long.endswith("...': p")
