"""Read-only mappings that pickle (model/frozen_map.py), and the public objects that hold them."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings

import vakmanschap as vk
from vakmanschap import strategies as vks
from vakmanschap.model.frozen_map import FrozenMap, frozen_map

SRPO = vk.builtin_rules("srpo")


def test_a_frozen_map_reads_like_a_dict_and_cannot_be_written() -> None:
    """It equals the dict it was made from, and item assignment is refused."""
    source = {"a": 1, "b": 2}
    m = FrozenMap(source)
    assert m == source and list(m) == ["a", "b"] and len(m) == 2 and m["b"] == 2
    with pytest.raises(TypeError):
        m["a"] = 3  # type: ignore[index]
    source["a"] = 9
    assert m["a"] == 1  # a copy: the caller's dict cannot change it later


def test_the_converter_keeps_a_frozen_map_and_makes_none_empty() -> None:
    """``frozen_map`` passes a FrozenMap through and turns None into an empty one."""
    m = FrozenMap({"x": 1})
    assert frozen_map(m) is m and frozen_map(None) == {}


def test_a_rule_set_and_its_variants_share_nothing_writable() -> None:
    """A rule set's vocabulary cannot be changed, so no variant can be changed through it."""
    variant = SRPO.with_changes({})
    with pytest.raises(TypeError):
        SRPO.categories["x"] = SRPO.categories[next(iter(SRPO.categories))]  # type: ignore[index]
    assert variant.categories == SRPO.categories


@settings(max_examples=25, deadline=None)
@given(person=vks.professionals(SRPO))
def test_public_objects_pickle(person: vk.Professional) -> None:
    """A professional, a rule set, an assessment and its plan survive a pickle round trip
    (so results can cross a process pool) and give the same JSON afterwards."""
    assessment = SRPO.assess(person, "2026-11-30")
    for obj in (person, SRPO, assessment, assessment.plan()):
        assert pickle.loads(pickle.dumps(obj)) is not None
    again = pickle.loads(pickle.dumps(assessment))
    assert again.to_dict() == assessment.to_dict()
    assert pickle.loads(pickle.dumps(person)) == person
