"""The rule-file keys every activity primitive shares: the activity filter and the unit."""

from __future__ import annotations

import pytest

import vakmanschap as vk
from helpers import rules_for
from vakmanschap.engine.primitives.schema_fields import filter_schema, take_filter


def test_take_filter_pops_exactly_the_filter_keys() -> None:
    """The filter keys move into the filter; every other parameter stays behind."""
    params = {"min": 10, "categories": ("formeel",), "accredited": True, "themes": None,
              "providers": None}
    found = take_filter(params)
    assert params == {"min": 10}
    assert found.categories == ("formeel",) and found.accredited is True
    assert set(filter_schema()) == {"categories", "themes", "accredited", "providers"}


@pytest.mark.parametrize("key", ["total", "count", "share", "distinct_themes"])
def test_every_activity_primitive_names_the_allowed_units(key: str) -> None:
    """An unknown unit on any activity primitive is a located error naming the units allowed."""
    body = {"total": "{min: 1, unit: minutes}", "count": "{min: 1, unit: minutes}",
            "share": "{part_categories: [formeel], min: 0.5, unit: minutes}",
            "distinct_themes": "{min: 1, unit: minutes}"}[key]
    with pytest.raises(vk.RuleFileError, match=r"test\.yaml:\d+:\d+.*hours.*points"):
        rules_for(f"{{id: x, title: X, {key}: {body}}}")


def test_an_unknown_category_in_a_filter_is_named_with_the_allowed_ones() -> None:
    """A filter naming an undeclared category is a located error listing the declared ones."""
    with pytest.raises(vk.RuleFileError, match=r"formeel.*informeel.*reflectie"):
        rules_for("{id: x, title: X, total: {min: 1, categories: [cursus]}}")

