"""Read-only mappings that pickle (model/frozen_map.py), and the public objects that hold them."""

from __future__ import annotations

import pickle

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


@given(st.dictionaries(st.text(max_size=3), st.integers(), max_size=5), st.text(max_size=3))
def test_membership_is_the_dict_s(source: dict[str, int], key: str) -> None:
    """Property: ``key in`` a FrozenMap answers as the dict it was made from, and an
    unhashable key is refused as a dict refuses it."""
    m = FrozenMap(source)
    assert (key in m) == (key in source)
    assert all(k in m for k in source)
    with pytest.raises(TypeError):
        _ = [] in m


@given(st.dictionaries(st.text(max_size=3), st.integers(), max_size=5), st.text(max_size=3),
       st.integers())
def test_get_is_the_dict_s(source: dict[str, int], key: str, default: int) -> None:
    """Property: ``get`` answers as the dict it was made from, with and without a default."""
    m = FrozenMap(source)
    assert m.get(key) == source.get(key) and m.get(key, default) == source.get(key, default)
    assert all(m.get(k) == v for k, v in source.items())


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


def _writable_parts(obj: object, path: str, seen: set[int]) -> list[str]:
    """The paths under ``obj`` (attrs objects, tuples, read-only mappings) that hold a dict,
    list, set or bytearray: something a variant could share and someone could change."""
    if id(obj) in seen:
        return []
    seen.add(id(obj))
    if isinstance(obj, dict | list | set | bytearray):
        return [path]
    if isinstance(obj, tuple | frozenset):
        return [p for k, item in enumerate(obj) for p in _writable_parts(item, f"{path}[{k}]",
                                                                          seen)]
    if isinstance(obj, FrozenMap):
        return [p for k, v in obj.items() for p in _writable_parts(v, f"{path}[{k!r}]", seen)]
    if attrs.has(type(obj)):  # a private memo made afresh per object (init=False) is no part
        return [p for f in attrs.fields(type(obj)) if f.init or not f.name.startswith("_")
                for p in _writable_parts(getattr(obj, f.name), f"{path}.{f.name}", seen)]
    return []


@pytest.mark.parametrize("name", vk.builtin_names())
def test_a_shipped_rule_set_holds_nothing_writable(name: str) -> None:
    """Issue 16, item 5 ("RuleSet and its variants share nothing mutable"): no part of a
    shipped rule set, nor of a variant of it, is a dict, list or set (work_hours.leave_capped
    was a nested dict)."""
    rules = vk.builtin_rules(name)
    variant = rules.with_changes({})
    assert _writable_parts(rules, name, set()) == []
    assert _writable_parts(variant, f"{name} variant", set()) == []
    assert variant._derived is not rules._derived  # the memo of derived values is per object


def test_leave_capped_is_read_only_at_both_levels() -> None:
    """Issue 16, item 5: a work_hours node's leave_capped cannot be changed, so changing it
    cannot move a variant made earlier."""
    rules = vk.builtin_rules("big")
    node = next(n for v in rules.versions for r in v.requirements() for n in r.walk()
                if getattr(n, "leave_capped", None))
    with pytest.raises(TypeError):
        node.leave_capped["illness"] = {"weeks_per_year": 52}  # type: ignore[index]
    with pytest.raises(TypeError):
        node.leave_capped["illness"]["weeks_per_year"] = 52  # type: ignore[index]
    assert pickle.loads(pickle.dumps(node)) == node


@given(st.dictionaries(st.text(max_size=3), st.integers(0, 3), max_size=4),
       st.dictionaries(st.text(max_size=3), st.integers(0, 3), max_size=4))
def test_equality_is_that_of_the_dicts(a: dict[str, int], b: dict[str, int]) -> None:
    """Two frozen maps, or a frozen map and a dict, are equal exactly when their dicts are."""
    assert (FrozenMap(a) == FrozenMap(b)) == (a == b)
    assert (FrozenMap(a) == b) == (a == b)
    assert (FrozenMap(a) != FrozenMap(b)) == (a != b)
    assert FrozenMap(a) != [a]
