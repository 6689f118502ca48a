"""The ``distinct_themes`` primitive: at least k of the listed themes covered."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import act, assess, person, root, rules_for, statuses
from strategies import activities, activity_lists


def theme_rules(params: str, **kwargs: object) -> vk.RuleSet:
    """A rule file whose re-registration is ``distinct_themes: {<params>}``."""
    return rules_for(f"{{id: themas, title: Thema's, distinct_themes: {{{params}}}}}",  # type: ignore[arg-type]
                     **kwargs)


THREE_OF_FOUR = theme_rules("min: 3")
LISTED = theme_rules("min: 2, of: [t1, t2, t3]")
WEIGHTED = theme_rules("min: 2, of: [t1, t2, t3], min_per_theme: 8")


def test_one_activity_covers_several_themes() -> None:
    """An activity with several themes covers each of them."""
    r = root(THREE_OF_FOUR, person([act("a", "2021-01-01", themes=["t1", "t2", "t3"])]))
    assert (r.met, r.actual, r.required, r.unit) == (True, 3.0, 3.0, "themes")
    assert r.detail["covered"] == ("t1", "t2", "t3")
    assert r.detail["missing"] == ("t4",)


def test_missing_themes_are_named() -> None:
    """The detail names the themes not yet covered, with their titles."""
    r = root(THREE_OF_FOUR, person([act("a", "2021-01-01", themes=["t2"])]))
    assert not r.met and r.shortfall == 2.0
    assert r.detail["missing"] == ("t1", "t3", "t4")
    assert [t("nl") for t in r.detail["missing_titles"]] == ["Thema een", "Thema drie",
                                                            "Thema vier"]


def test_missing_theme_titles_in_the_explanation() -> None:
    """The explanation lists the uncovered themes in the reader's language."""
    a = assess(THREE_OF_FOUR, person([act("a", "2021-01-01", themes=["t2", "t3"])]))
    assert "(nog niet gedekt: Thema een, Thema vier)" in a.explain("nl")
    assert "(not yet covered: Theme one, Thema vier)" in a.explain("en")


def test_only_listed_themes_count() -> None:
    """Themes outside ``of`` do not count; activities without a listed theme are excluded."""
    acts = [act("a", "2021-01-01", themes=["t4"]), act("b", "2021-01-01", themes=["t1", "t4"])]
    r = root(LISTED, person(acts))
    assert r.actual == 1.0 and r.detail["covered"] == ("t1",)
    assert statuses(r)["a"] == ("excluded", 0.0, "theme")
    assert statuses(r)["b"][0] == "counted"


def test_min_per_theme_sums_amounts() -> None:
    """With ``min_per_theme`` a theme is covered once its activities reach the amount."""
    acts = [act("a", "2021-01-01", 5, themes=["t1"]), act("b", "2021-02-01", 3, themes=["t1"]),
            act("c", "2021-02-01", 7.99, themes=["t2"])]
    r = root(WEIGHTED, person(acts))
    assert r.detail["covered"] == ("t1",)
    assert r.detail["amount_per_theme"] == {"t1": 8.0, "t2": 7.99, "t3": 0.0}
    assert not r.met


def test_zero_amount_does_not_cover() -> None:
    """An activity of zero hours covers no theme."""
    r = root(THREE_OF_FOUR, person([act("a", "2021-01-01", 0, themes=["t1"])]))
    assert r.actual == 0.0


def test_filters_apply() -> None:
    """Category and accreditation filters restrict which activities cover themes."""
    rules = theme_rules("min: 1, categories: [formeel], accredited: true")
    r = root(rules, person([act("a", "2021-01-01", themes=["t1"], accredited=False)]))
    assert r.actual == 0.0
    assert statuses(r)["a"][0] == "excluded"


@given(st.sampled_from([THREE_OF_FOUR, LISTED, WEIGHTED]), st.data())
def test_covered_and_missing_partition_the_listed_themes(rules: vk.RuleSet,
                                                         data: st.DataObject) -> None:
    """Covered and missing themes partition the listed themes; actual counts the covered."""
    r = root(rules, person(data.draw(activity_lists(rules))))
    node = rules.versions[0].reregistration
    listed = node.of or tuple(rules.themes)  # type: ignore[union-attr]
    assert sorted(r.detail["covered"] + r.detail["missing"]) == sorted(listed)
    assert r.actual == len(r.detail["covered"])
    assert r.met == (r.actual >= r.required)
    assert 0 <= r.actual <= len(listed)


@given(st.sampled_from([THREE_OF_FOUR, LISTED, WEIGHTED]), st.data())
def test_adding_an_activity_never_uncovers_a_theme(rules: vk.RuleSet,
                                                   data: st.DataObject) -> None:
    """One more activity keeps every covered theme covered."""
    acts = data.draw(activity_lists(rules))
    extra = data.draw(activities(rules, "extra"))
    before, after = root(rules, person(acts)), root(rules, person([*acts, extra]))
    assert set(before.detail["covered"]) <= set(after.detail["covered"])
    assert after.met or not before.met


@given(st.data())
def test_input_order_does_not_matter(data: st.DataObject) -> None:
    """Shuffling the activities changes neither the covered themes nor any outcome."""
    acts = data.draw(activity_lists(WEIGHTED))
    a = root(WEIGHTED, person(acts))
    b = root(WEIGHTED, person(data.draw(st.permutations(acts))))
    assert a.detail["covered"] == b.detail["covered"]
    assert statuses(a) == statuses(b)


def test_min_per_theme_is_prorated_but_not_the_number_of_themes() -> None:
    """With ``prorate`` by months the amount per theme falls with a suspending leave (half
    the term: 8 -> 4); the number of themes to cover stays."""
    rules = theme_rules("min: 2, of: [t1, t2, t3], min_per_theme: 8, "
                        "prorate: {by: months_registered, term_months: 48, leave: {care: 1}}")
    care = (vk.Leave(id="l", start="2020-01-01", end="2021-12-31", kind="care"),)
    acts = [act("a1", "2022-03-01", 4, themes=["t1"]), act("a2", "2022-04-01", 4, themes=["t2"])]
    r = root(rules, person(acts, leaves=care))
    assert r.met and r.required == 2 and r.detail["min_per_theme"] == 4
    assert not root(rules, person(acts)).met


def _workforce() -> list[vk.Professional]:
    """Three people: themes covered by activities with hours, one with zero hours only."""
    return [
        person([act("a", "2021-01-01", 4, themes=["t1", "t2"]),
                act("b", "2021-02-01", 5, themes=["t3"])], ident="p1"),
        person([act("c", "2021-01-01", 0, themes=["t1", "t2"]),
                act("d", "2021-03-01", 9, themes=["t2"])], ident="p2"),
        person([act("e", "2021-01-01", 12, themes=["t1"]),
                act("f", "2022-01-01", 2, themes=["t3", "t4"])], ident="p3"),
    ]


def test_population_union_of_themes_equals_per_person() -> None:
    """Without ``min_per_theme`` the population form (one union of theme bits per person)
    judges as ``evaluate`` does: an activity of zero hours covers no theme."""
    from vakmanschap.population import Population, simulate

    people = _workforce()
    result = simulate(Population.from_professionals(people), LISTED, "2023-06-01")
    column = result.columns["themas"]
    expected = [root(LISTED, p, on="2023-06-01") for p in people]
    assert column.met.tolist() == [r.met for r in expected]
    assert column.actual.tolist() == [r.actual for r in expected]
    assert column.actual.tolist() == [3.0, 1.0, 2.0]


def test_a_sweep_of_min_per_theme_finds_the_sums_the_union_skipped() -> None:
    """Sweeping ``min_per_theme`` of a node evaluated as a union of themes finds the sums
    per theme when asked, and counts as evaluating each variant does."""
    from vakmanschap.population import Population, simulate
    from vakmanschap.population.sweep import sweep

    pop = Population.from_professionals(_workforce())
    values = [0, 3, 5, 10]
    curve = sweep(pop, LISTED, "themas.min_per_theme", values, "2023-06-01")
    for i, value in enumerate(values):
        variant = simulate(pop, LISTED.with_changes({"themas.min_per_theme": value}),
                           "2023-06-01")
        assert curve.met[i] == int(variant.met.sum()), value
