"""The schema of a nested requirement (``per_period.requires``, ``carry_over.requires``)."""

from __future__ import annotations

import pytest

import vakmanschap as vk
from helpers import rules_for


@pytest.mark.parametrize("key", ["per_period", "carry_over"])
def test_a_nested_requirement_is_checked_where_it_stands(key: str) -> None:
    """A bad key inside ``requires`` is reported at its own place, naming what is allowed."""
    body = {"per_period": "{every: calendar_year, requires: {total: {min: 1, maxx: 2}}}",
            "carry_over": "{max: 5, months: 12, requires: {total: {min: 1, maxx: 2}}}"}[key]
    with pytest.raises(vk.RuleFileError, match=r"test\.yaml:\d+:\d+.*'maxx'.*min"):
        rules_for(f"{{id: x, title: X, {key}: {body}}}")
