"""The public strategies (issue 5, part 5) draw valid input, fitted to a rule set's names."""

from __future__ import annotations

import csv
import doctest
import io
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from tooling_helpers import TOY_RULES
from vakmanschap import strategies as vks
from vakmanschap.engine.primitives import REGISTRY
from vakmanschap.io import parse_rules

TOY = vk.load_rules(TOY_RULES)


@given(vks.professionals(TOY))
def test_professionals_fit_the_rule_set(person: vk.Professional) -> None:
    """A professional drawn for a rule set uses only the names it declares."""
    TOY.check_professional(person)
    assert len({a.id for a in person.activities}) == len(person.activities)


@given(vks.person_dicts(TOY))
def test_person_dicts_round_trip(data: dict[str, object]) -> None:
    """A drawn person mapping builds a Professional whose person-file form is the mapping."""
    person = vk.Professional.from_dict(data)
    assert vks.to_person_dict(person) == data


@given(vks.activity_lists(TOY, min_size=1, unit="points"))
def test_activity_lists_respect_the_unit(acts: list[vk.Activity]) -> None:
    """Activities drawn with a unit use it; amounts are recorded to the hundredth."""
    assert all(a.unit == "points" for a in acts)
    assert all(abs(round(a.amount * 100) - a.amount * 100) < 1e-6 for a in acts)


@given(vks.hr_exports(TOY))
def test_hr_exports_are_consistent_csv(exports: tuple[str, str]) -> None:
    """The two CSV texts have the documented columns and consistent professional ids."""
    people = list(csv.DictReader(io.StringIO(exports[0])))
    acts = list(csv.DictReader(io.StringIO(exports[1])))
    assert tuple(people[0]) == vks.HR_PROFESSIONAL_COLUMNS
    ids = {p["id"] for p in people}
    assert all(a["professional_id"] in ids for a in acts)
    assert all(a["category"] in TOY.categories for a in acts)
    assert all(bool(a["hours"]) != bool(a["points"]) for a in acts)


@given(vks.rule_file_texts(TOY))
def test_rule_files_load_with_the_same_names(text: str) -> None:
    """A rule file drawn for a rule set loads and declares that rule set's categories."""
    rules = parse_rules(text, "drawn.yaml")
    assert list(rules.categories) == list(TOY.categories)
    assert set(rules.themes) == set(TOY.themes)


@given(vks.rule_sets(kinds=("count",), max_depth=1), st.data())
def test_rule_sets_limited_to_kinds(rules: vk.RuleSet, data: st.DataObject) -> None:
    """``kinds`` limits the primitives drawn (besides the all_of root)."""
    root = rules.versions[0].reregistration
    assert root is not None and {child.key for child in root.children()} == {"count"}
    person = data.draw(vks.professionals(rules))
    rules.check_professional(person)


@given(vks.mutated_texts("a: 1\nb: [x, y]\n"))
def test_mutated_texts_are_text(text: str) -> None:
    """Mutations give text (that a parser may or may not accept)."""
    assert isinstance(text, str)


def test_module_example_runs_and_swallows_no_error() -> None:
    """The module docstring's example is a doctest (tests/test_doctests.py runs it) whose
    property judges every person drawn, without catching errors."""
    doc = vks.__doc__ or ""
    assert ">>> test_every_assessment_can_be_stored()" in doc
    assert "except" not in doc
    failed, attempted = doctest.testmod(vks, optionflags=doctest.ELLIPSIS)
    assert failed == 0 and attempted >= 10


@settings(max_examples=20)
@given(st.from_type(vk.Professional), st.from_type(vk.Activity))
def test_from_type_draws_valid_records(person: vk.Professional, act: vk.Activity) -> None:
    """``st.from_type`` draws professionals and activities with the default vocabulary."""
    default = vks.vocabulary()
    assert {a.category for a in (*person.activities, act)} <= set(default.categories)
    assert len({a.id for a in person.activities}) == len(person.activities)


def test_default_kinds_are_every_registered_primitive() -> None:
    """The generator draws from the registry, not from a list of its own."""
    assert set(vks.PRIMITIVES) == set(REGISTRY)


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_rule_files_rooted_at_every_primitive(key: str) -> None:
    """Every registered primitive can be the root of a drawn rule file that loads."""

    @settings(max_examples=10)
    @given(vks.rule_sets(root=key))
    def check(rules: vk.RuleSet) -> None:
        root = rules.versions[0].reregistration
        assert root is not None and root.key == key

    check()


@settings(max_examples=25)
@given(vks.rule_sets(kinds=("total",), root="all_of", caps=("per_activity",)))
def test_caps_option_reaches_total(rules: vk.RuleSet) -> None:
    """``caps`` limits the caps a drawn total may have (the option is passed through)."""
    nodes = [v.reregistration for v in rules.versions if v.reregistration is not None]
    while nodes:
        node = nodes.pop()
        nodes.extend(node.children())
        if node.key == "total":
            assert node.cap_per_day is None and not node.cap_per_category  # type: ignore[attr-defined]


def test_unknown_kinds_and_undrawable_roots_are_refused() -> None:
    """A kind that is not registered, or a root the names cannot hold, is an error at once."""
    with pytest.raises(ValueError, match="unknown primitive"):
        vks.rule_file_data(kinds=("total", "no_such_primitive"))
    with pytest.raises(ValueError, match="registered_level"):
        vks.rule_file_data(root="registered_level", vocab=vks.vocabulary(levels=()))
    with pytest.raises(ValueError, match="leaf"):
        vks.rule_file_data(kinds=("all_of",))


def test_vocabulary_replace_gives_a_new_vocabulary() -> None:
    """``replace`` leaves the original as it was; an unknown entry is refused."""
    base = vks.vocabulary(TOY)
    other = base.replace(providers=("acme",), options={"caps": ()})
    assert base.providers != other.providers and base.options == {}
    assert other.categories == base.categories == tuple(TOY.categories)
    with pytest.raises(TypeError, match="no entry 'colour'"):
        vks.vocabulary(colour="red")


@pytest.mark.parametrize("kind", [vk.Employment, vk.Leave, vk.Attestation, vk.Qualification,
                                  vk.RegisterEvent, vk.Window])
def test_from_type_draws_every_public_record_type(kind: type) -> None:
    """Every public record type and Window has a registered strategy: ``st.from_type`` draws
    valid instances (a window's start is not after its end)."""

    @settings(max_examples=20, deadline=None)
    @given(st.from_type(kind))
    def check(value: Any) -> None:
        assert type(value) is kind
        if isinstance(value, vk.Window):
            assert value.start <= value.end

    check()


@settings(max_examples=40, deadline=None)
@given(vks.professionals(vk.builtin_rules("rijksambtenaar")))
def test_people_drawn_for_rules_can_be_judged(person: vk.Professional) -> None:
    """A professional drawn for a rule set has a date of entering service, so rules that count
    from it (the oath within three months) judge them without an error."""
    assert person.entered_service is not None
    vk.builtin_rules("rijksambtenaar").assess(person, on="2028-01-01")
