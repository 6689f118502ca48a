"""The ``term_number`` primitive: requirements for the first re-registration, or by term."""

from __future__ import annotations

import pytest

import vakmanschap as vk
from helpers import assess, person, root, rules_for

FIRST = rules_for("{id: eerste, title: Eerste herregistratie, term_number: {max: 1}}")
LATER = rules_for("{id: later, title: Later, term_number: {min: 2}}")


def renewal(ident: str, on: str) -> vk.RegisterEvent:
    """A re-registration decision on ``on``."""
    return vk.RegisterEvent(id=ident, kind="reregistered", on=on)


def test_the_term_opened_by_the_registration_is_term_one() -> None:
    """Before the first re-registration the term judged is number 1."""
    r = root(FIRST, person())
    assert r.met and r.detail["term"] == 1
    assert not root(LATER, person()).met


def test_each_reregistration_decision_adds_one() -> None:
    """After two re-registration decisions the term judged is number 3."""
    p = person(events=[renewal("h1", "2024-01-01"), renewal("h2", "2028-01-01")])
    r = root(LATER, p, on="2030-01-01")
    assert r.met and r.detail["term"] == 3
    assert not root(FIRST, p, on="2030-01-01").met


def test_a_new_registration_restarts_the_count() -> None:
    """A registration decision after a lapse (re-entry) opens term 1 again."""
    p = person(events=[renewal("h1", "2024-01-01"),
                       vk.RegisterEvent(id="r2", kind="registered", on="2030-06-01")])
    assert root(FIRST, p, on="2031-01-01").detail["term"] == 1


def test_unmet_is_a_condition_without_deadline_and_words_both_languages() -> None:
    """Unmet, the node has no deadline and the plan reports a condition step."""
    a = assess(FIRST, person(events=[renewal("h1", "2024-01-01")]), on="2025-01-01")
    assert not a.result.met and a.result.deadline is None
    assert "registratieperiode 2 (vereist: periode 1)" in a.explain("nl")
    assert "registration term 2 (required: term 1)" in a.explain("en")
    assert [s.kind for s in a.plan().steps] == ["condition"]


def test_max_below_min_is_a_load_error() -> None:
    """A maximum below the minimum is reported with its location."""
    with pytest.raises(vk.RuleFileError, match="'max' is below 'min'"):
        rules_for("{id: t, title: T, term_number: {min: 3, max: 2}}")
