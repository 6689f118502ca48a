"""The words of a rule diff (vakmanschap.text.diff_words)."""

from __future__ import annotations

from importlib import resources

import pytest

import vakmanschap as vk
from tooling_helpers import TOY_RULES
from vakmanschap.engine.primitives import REGISTRY
from vakmanschap.engine.rule_diff import RuleChange
from vakmanschap.text.diff import diff_rules
from vakmanschap.text.diff_words import change_sentence, kind_words, param_words

TOY = vk.load_rules(TOY_RULES)
TEXT = TOY_RULES.read_text(encoding="utf-8")


def test_every_primitive_names_its_kind_in_both_languages() -> None:
    """Each registered primitive has its own Dutch and English words for its kind."""
    pairs = {key: cls.words for key, cls in REGISTRY.items()}
    assert all(len(p) == 2 and all(w.strip() for w in p) for p in pairs.values())
    assert len({p[0] for p in pairs.values()}) == len(pairs)
    assert kind_words("registered_level", "nl") == "registratie op een niveau"
    assert kind_words("total", "en") == "total of activities"
    assert kind_words("no_such_kind", "nl") == "no_such_kind"


@pytest.mark.parametrize(("name", "primitive", "nl", "en"), [
    ("cap_per_category.informeel", "total", "maximum voor categorie informeel",
     "maximum for category informeel"),
    ("filter.categories", "count", "categorieën die meetellen", "categories that count"),
    ("started_only", "per_period", "alleen begonnen periodes tellen",
     "only started periods count"),
    ("levels", "qualification", "niveaus", "levels"),
    ("levels", None, "niveau", "level"),
    ("cycle.years", None, "termijn in jaren", "term in years"),
    ("cycle.early.something", None, "cycle.early.something", "cycle.early.something"),
])
def test_parameter_words(name: str, primitive: str | None, nl: str, en: str) -> None:
    """A requirement's field is named as its primitive declares; the rest from the table."""
    assert (param_words(name, primitive, "nl"), param_words(name, primitive, "en")) == (nl, en)


def test_removed_registered_level_names_its_kind() -> None:
    """A removed registered_level requirement says what kind it was, in words."""
    big_text = _builtin_text("big")
    line = next(x for x in big_text.splitlines(True) if "id: beroepen-2080" in x)
    a = vk.parse_rules(big_text, "big.yaml")
    changes = diff_rules(a, vk.parse_rules(big_text.replace(line, ""), "b.yaml"))
    # The versions of big.yaml share one requirement tree (a YAML anchor): one change each.
    assert [c.version for c in changes] == [v.id for v in a.versions]
    for change in changes:
        assert "(registratie op een niveau)" in change.explain("nl")
        assert "(registration at a level)" in change.explain("en")


def test_units_without_a_word_of_their_own_elsewhere() -> None:
    """Months, years and ECTS agree with their number in both languages."""
    text = TEXT.replace("within_months_of_entry: 3", "within_months_of_entry: 1")
    (change,) = diff_rules(TOY, vk.parse_rules(text, "b.yaml"))
    assert "1 maand in plaats van 3 maanden (lager)" in change.explain("nl")
    assert "1 month instead of 3 months (lower)" in change.explain("en")
    (ects,) = diff_rules(TOY, vk.parse_rules(TEXT.replace("min_ects: 60", "min_ects: 30"), "b"))
    assert "30 ECTS in plaats van 60 ECTS" in ects.explain("nl")


def test_sentence_of_a_plain_rule_change() -> None:
    """The engine's data alone is enough to word a change."""
    change = RuleChange("setting_changed", "v1", rule="t", parameter="prorate",
                        old=["fte"], new=[], primitive="total")
    assert change_sentence(change, "nl") == "t (t), naar rato: (geen) in plaats van fte."
    assert change_sentence(change, "en") == "t (t), pro rata: (none) instead of fte."


def _builtin_text(name: str) -> str:
    """The text of a shipped rule file."""
    return resources.files("vakmanschap").joinpath(f"data/{name}.yaml").read_text("utf-8")
