"""Tests for vakmanschap.population.grouping: groups of a population by column values."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vakmanschap import Professional
from vakmanschap.errors import RuleError
from vakmanschap.population.grouping import group_labels
from vakmanschap.population.store import Population


def _population(values: list[str], key: str = "scale") -> Population:
    return Population.from_professionals(
        Professional(id=f"p{i}", attributes={key: v}) for i, v in enumerate(values))


def test_numeric_values_sort_as_numbers_then_texts() -> None:
    """Scale 8 comes before scale 10, and texts that are not numbers come after the numbers."""
    population = _population(["10", "8", "onbekend", "11", "8", "9.5", "-1"])
    labels = [label["scale"] for label, _ in group_labels(population, ["scale"])]
    assert labels == ["-1", "8", "9.5", "10", "11", "onbekend"]


def test_members_follow_their_label_after_reordering() -> None:
    """Each group's members are exactly the people with that label, whatever the order."""
    values = ["10", "8", "11", "8", "10"]
    groups = group_labels(_population(values), ["scale"])
    for label, members in groups:
        assert [v for v, m in zip(values, members.tolist(), strict=True) if m] == \
            [v for v in values if v == label["scale"]]


def test_two_keys_combine_in_order_of_both() -> None:
    """With two grouping columns the groups are ordered by the first, then by the second."""
    people = [Professional(id=f"p{i}", attributes={"org": org, "scale": scale})
              for i, (org, scale) in enumerate([("B", "10"), ("A", "9"), ("A", "10"),
                                                 ("B", "9")])]
    groups = group_labels(Population.from_professionals(people), ["org", "scale"])
    assert [(g["org"], g["scale"]) for g, _ in groups] == [
        ("A", "9"), ("A", "10"), ("B", "9"), ("B", "10")]


def test_unknown_grouping_column_is_named_with_what_exists() -> None:
    """Grouping by a column the population lacks is an error that lists the columns it has."""
    with pytest.raises(RuleError, match=r"no grouping column 'nosuch'.*scale"):
        group_labels(_population(["8"]), ["nosuch"])


@given(st.lists(st.sampled_from(["1", "2", "10", "x", "y", "03"]), min_size=1, max_size=30))
def test_groups_partition_the_population(values: list[str]) -> None:
    """Every person is in exactly one group, and there is one group per distinct value."""
    groups = group_labels(_population(values), ["scale"])
    total = np.zeros(len(values), dtype=int)
    for _, members in groups:
        total += members.astype(int)
    assert total.tolist() == [1] * len(values)
    assert len(groups) == len(set(values))
