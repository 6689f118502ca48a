"""The one change-key syntax and change values (vakmanschap.rules.change_keys)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vakmanschap import RuleError
from vakmanschap.rules.change_keys import ChangeKey, parse_change_key, parse_change_value
from vakmanschap.rules.params import Dated


@pytest.mark.parametrize(("text", "parts"), [
    ("totaal.min", ("totaal", "min", None, None)),
    ("v2024:totaal.min", ("totaal", "min", None, "v2024")),
    ("totaal.cap_per_category.informeel", ("totaal", "cap_per_category", "informeel", None)),
    ("v1:totaal.cap_per_category.a.b", ("totaal", "cap_per_category", "a.b", "v1")),
    ("besluit:2008:werk.min", ("werk", "min", None, "besluit:2008")),
])
def test_good_keys_parse_into_their_parts(text: str, parts: tuple[str | None, ...]) -> None:
    """A key gives its rule, parameter, key and version; the version is all before the last ':'."""
    key = parse_change_key(text)
    assert (key.rule, key.parameter, key.key, key.version) == parts
    assert str(key) == text


def test_name_is_the_parameter_as_a_requirement_lists_it() -> None:
    """``name`` joins parameter and key as ``Requirement.parameters()`` names them."""
    assert parse_change_key("totaal.min").name == "min"
    assert parse_change_key("v:t.cap_per_category.x").name == "cap_per_category.x"


@pytest.mark.parametrize(("text", "fragment"), [
    ("totaal", "write it as '<rule id>.<parameter>'"),
    ("", "write it as"),
    (".min", "write it as"),
    ("totaal.", "write it as"),
    ("totaal..x", "write it as"),
    ("totaal.cap_per_category.", "write it as"),
    ("v1:", "write it as"),
    (":totaal.min", "the rule version before ':' is empty"),
    (12, "a change is named by a text"),
])
def test_bad_keys_are_refused_naming_the_key(text: object, fragment: str) -> None:
    """A malformed key is a RuleError that names the key and the form to use."""
    with pytest.raises(RuleError) as caught:
        parse_change_key(text)
    assert fragment in str(caught.value)
    assert f"change {text!r}" in str(caught.value)


@pytest.mark.parametrize("parts", [
    {"rule": "a.b", "parameter": "min"},
    {"rule": "a", "parameter": "m:n"},
    {"rule": "", "parameter": "min"},
    {"rule": "a", "parameter": "min", "key": "x:y"},
    {"rule": "a", "parameter": "min", "version": ""},
])
def test_parts_that_would_not_parse_back_are_refused(parts: dict[str, str]) -> None:
    """A ChangeKey cannot hold a separator where it would make its text ambiguous."""
    with pytest.raises(RuleError):
        ChangeKey(**parts)


_NAME = st.text(st.characters(blacklist_characters=":.", blacklist_categories=("Cs",)),
                min_size=1, max_size=12)
_KEY = st.text(st.characters(blacklist_characters=":", blacklist_categories=("Cs",)),
               min_size=1, max_size=12)
_VERSION = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)


@given(_NAME, _NAME, st.none() | _KEY, st.none() | _VERSION)
def test_a_rendered_key_parses_back_to_its_parts(rule: str, parameter: str, key: str | None,
                                                 version: str | None) -> None:
    """Writing a key from its parts and parsing the text gives the same parts back."""
    written = str(ChangeKey(rule, parameter, key, version))
    assert parse_change_key(written) == ChangeKey(rule, parameter, key, version)


def test_numbers_and_null() -> None:
    """A number is a constant parameter; null removes the parameter."""
    assert parse_change_value("t.min", 120) == Dated.constant(120)
    assert parse_change_value("t.min", 0.5) == Dated.constant(0.5)
    assert parse_change_value("t.min", None) is None


@pytest.mark.parametrize("value", [-1, True, "many", float("nan"), float("inf"), [1]])
def test_bad_numbers_are_refused(value: object) -> None:
    """Only finite numbers >= 0 are values (not booleans, texts or lists)."""
    with pytest.raises(RuleError, match=r"change 't\.min': expected a number >= 0"):
        parse_change_value("t.min", value)


def test_dated_values_follow_the_rule_file_dates() -> None:
    """Effective dates are YYYY-MM-DD texts or dates, sorted; 2024-02-29 is a date."""
    value = parse_change_value(parse_change_key("t.min"), {
        "2027-01-01": 120, date(2024, 1, 1): 160, "2024-02-29": 150})
    assert value == Dated(((date(2024, 1, 1), 160), (date(2024, 2, 29), 150),
                           (date(2027, 1, 1), 120)))


@pytest.mark.parametrize("day", ["20240101", 20240101, "2023-02-29", "2024-1-1", "soon",
                                 "2024-W01-1", "2024-01-01T00:00"])
def test_dates_a_rule_file_refuses_are_refused(day: object) -> None:
    """The basic format 20240101 (text or number), impossible and other forms are refused,
    with a message naming the key, the bad date and the form allowed."""
    with pytest.raises(RuleError) as caught:
        parse_change_value("v1:t.min", {day: 1})
    message = str(caught.value)
    assert message.startswith("change 'v1:t.min': ")
    assert f"{day!r} is not a date" in message and "YYYY-MM-DD" in message


def test_a_date_given_twice_and_an_empty_mapping_are_refused() -> None:
    """One value per date, and at least one date."""
    with pytest.raises(RuleError, match="the date 2024-01-01 is given twice"):
        parse_change_value("t.min", {"2024-01-01": 1, date(2024, 1, 1): 2})
    with pytest.raises(RuleError, match="needs at least one date: value"):
        parse_change_value("t.min", {})


def test_null_for_a_date_is_left_to_the_parameter() -> None:
    """``{date: null}`` parses; whether the parameter allows it is its schema's business."""
    assert parse_change_value("w.interruption_max_years", {"2024-01-01": None}) == Dated(
        ((date(2024, 1, 1), None),))
