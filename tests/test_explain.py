"""Explanations for people (vakmanschap.text.explain) and the text helpers (model.words)."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import ON, act, assess, every_primitive_rules, person, rules_for
from strategies import activity_lists, professionals
from test_units import rules as conversion_rules
from vakmanschap.model.words import Text, fmt_amount, fmt_date, unit_name

PROF = rules_for("{id: prof, title: {nl: Professionalisering, en: Professional development}, "
                 "source: Reglement art. 7, total: {min: 40}}")
RULES = every_primitive_rules()


def line_of_rule(rules: vk.RuleSet) -> str:
    """``test.yaml:N`` of the re-registration root."""
    node = rules.versions[0].reregistration
    assert node is not None
    return node.location


# -- text helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "nl", "en"), [
    (date(2027, 8, 1), "1 augustus 2027", "1 August 2027"),
    (date(2024, 2, 29), "29 februari 2024", "29 February 2024"),
    (date(2023, 12, 31), "31 december 2023", "31 December 2023"),
    (date(2021, 3, 5), "5 maart 2021", "5 March 2021"),
])
def test_fmt_date(day: date, nl: str, en: str) -> None:
    """Dates are written out in Dutch (lower-case months) and English."""
    assert fmt_date(day, "nl") == nl
    assert fmt_date(day, "en") == en
    assert fmt_date(day) == nl


@pytest.mark.parametrize(("value", "nl", "en"), [
    (40, "40", "40"),
    (40.0, "40", "40"),
    (27.5, "27,50", "27.50"),
    (0.25, "0,25", "0.25"),
    (2080, "2.080", "2,080"),
    (1234.56, "1.234,56", "1,234.56"),
    (1_000_000, "1.000.000", "1,000,000"),
])
def test_fmt_amount(value: float, nl: str, en: str) -> None:
    """Whole numbers without decimals; otherwise two decimals; Dutch separators in Dutch."""
    assert fmt_amount(value, "nl") == nl
    assert fmt_amount(value, "en") == en


# Offsets that put an amount on, just off, or halfway between whole numbers.
_OFFSETS = (0.0, -0.0, 1e-10, -1e-10, 0.5, 1e-8, 0.004, 0.005)


def _fmt_amount_reference(value: float, lang: str) -> str:
    """fmt_amount as it was written before its whole-number fast path."""
    if abs(value - round(value)) < 1e-9:
        text = f"{round(value):,}"
        return text.replace(",", ".") if lang == "nl" else text
    text = f"{value:,.2f}"
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


@given(st.one_of(st.integers(-5000, 5000), st.integers(-5000, 5000).map(float),
                 st.floats(-1e7, 1e7, allow_nan=False), st.integers(-1000, 1000).map(
                     lambda i: i + _OFFSETS[abs(i) % len(_OFFSETS)]),
                 st.floats(-1000.01, -999.98) | st.floats(999.98, 1000.01)),
       st.sampled_from(["nl", "en"]))
def test_fmt_amount_fast_path_agrees(value: float, lang: Any) -> None:
    """Whole numbers below a thousand (the fast path) are written as the general rule writes
    them, as is every other amount, near-whole ones, signed zeros and those that round up to
    a thousand (a separator) included."""
    assert fmt_amount(value, lang) == _fmt_amount_reference(value, lang)


@pytest.mark.parametrize(("unit", "value", "nl", "en"), [
    ("hours", 1, "uur", "hour"),
    ("hours", 2, "uur", "hours"),
    ("points", 1, "punt", "point"),
    ("points", 0, "punten", "points"),
    ("points", 1.5, "punten", "points"),
    ("activities", 1, "activiteit", "activity"),
    ("activities", 3, "activiteiten", "activities"),
    ("themes", 1, "thema", "theme"),
    ("themes", 2, "thema's", "themes"),
    ("requirements", 1, "eis", "requirement"),
    ("requirements", 4, "eisen", "requirements"),
    ("periods", 1, "periode", "period"),
    ("periods", 4, "periodes", "periods"),
    ("furlongs", 2, "furlongs", "furlongs"),
])
def test_unit_names_agree_with_the_number(unit: str, value: float, nl: str, en: str) -> None:
    """Unit words are singular for exactly one and plural otherwise, in both languages."""
    assert unit_name(unit, value, "nl") == nl
    assert unit_name(unit, value, "en") == en


def test_text_falls_back_to_dutch() -> None:
    """A title without English reads Dutch in English; to_json gives 'en' only when set."""
    assert Text("Thema's")("en") == "Thema's"
    assert Text("Uren", "Hours")("en") == "Hours" and Text("Uren", "Hours")() == "Uren"
    assert Text("Uren").to_json() == {"nl": "Uren"}
    assert Text("Uren", "Hours").to_json() == {"nl": "Uren", "en": "Hours"}


# -- the rendered explanation ----------------------------------------------------------------------


def test_dutch_explanation() -> None:
    """The Dutch text: heading, cycle line, outcome, tree and one sentence per shortfall."""
    a = assess(PROF, person([act("a", "2021-01-01", 28)]), on="2023-06-01")
    lines = a.explain("nl").splitlines()
    assert lines[0] == "Testregister — herregistratie — p1 — beoordeeld op 1 juni 2023"
    assert lines[1] == ("Regelversie v1; periode 1 januari 2020 – 31 december 2023; "
                        "herregistratie vóór 1 januari 2024.")
    assert lines[2] == "Uitkomst: u voldoet (nog) niet aan de eisen voor herregistratie."
    assert "✗ Professionalisering: 28 van 40 uur" in lines
    assert "Wat ontbreekt:" in lines
    assert (f"- U voldoet niet aan Professionalisering: 28 van 40 uur; er ontbreken 12 uur, "
            f"vóór 1 januari 2024 (bron: Reglement art. 7; {line_of_rule(PROF)}).") in lines


def test_english_explanation() -> None:
    """The English text says the same in English."""
    a = assess(PROF, person([act("a", "2021-01-01", 28)]), on="2023-06-01")
    lines = a.explain("en").splitlines()
    assert lines[0] == "Test register — re-registration — p1 — assessed on 1 June 2023"
    assert lines[1] == ("Rule version v1; cycle 1 January 2020 – 31 December 2023; "
                        "re-registration before 1 January 2024.")
    assert lines[2] == "Outcome: you do not (yet) meet the requirements for re-registration."
    assert "✗ Professional development: 28 of 40 hours" in lines
    assert "What is missing:" in lines
    assert (f"- You do not meet Professional development: 28 of 40 hours; 12 hours missing, "
            f"before 1 January 2024 (source: Reglement art. 7; {line_of_rule(PROF)}).") in lines


def test_met_explanation_has_no_missing_section() -> None:
    """A met assessment says so and lists nothing as missing."""
    a = assess(PROF, person([act("a", "2021-01-01", 40)]))
    assert "Uitkomst: u voldoet aan de eisen voor herregistratie." in a.explain("nl")
    assert "Wat ontbreekt" not in a.explain("nl")
    assert "Outcome: you meet the requirements for re-registration." in a.explain("en")
    assert "✓ Professionalisering: 40 van 40 uur" in a.explain("nl")


def test_singular_and_plural_in_sentences() -> None:
    """'er ontbreekt 1 uur' but 'er ontbreken 2 uur'; '1 hour missing' but '2 hours'."""
    one = assess(PROF, person([act("a", "2021-01-01", 39)]), on="2023-06-01")
    assert "er ontbreekt 1 uur" in one.explain("nl")
    assert "; 1 hour missing" in one.explain("en")
    two = assess(PROF, person([act("a", "2021-01-01", 38)]), on="2023-06-01")
    assert "er ontbreken 2 uur" in two.explain("nl")
    assert "; 2 hours missing" in two.explain("en")


def test_points_and_activities_plural() -> None:
    """Points and activities agree with their number in both languages."""
    points = rules_for("{id: pt, title: Punten, total: {min: 1}}", unit="points")
    a = assess(points, person(), on="2023-06-01")
    assert "0 van 1 punt" in a.explain("nl") and "er ontbreekt 1 punt" in a.explain("nl")
    assert "0 of 1 point" in a.explain("en") and "1 point missing" in a.explain("en")
    count = rules_for("{id: c, title: Intervisie, count: {min: 2}}")
    b = assess(count, person([act("a", "2021-01-01")]), on="2023-06-01")
    assert "1 van 2 activiteiten" in b.explain("nl")
    assert "er ontbreekt 1 activiteit" in b.explain("nl")
    assert "1 of 2 activities" in b.explain("en") and "1 activity missing" in b.explain("en")


def test_decimal_amounts() -> None:
    """Fractions use a decimal comma in Dutch and a point in English."""
    a = assess(PROF, person([act("a", "2021-01-01", 27.5)]), on="2023-06-01")
    assert "27,50 van 40 uur" in a.explain("nl") and "er ontbreken 12,50 uur" in a.explain("nl")
    assert "27.50 of 40 hours" in a.explain("en") and "12.50 hours missing" in a.explain("en")


def test_inclusive_deadline_reads_uiterlijk() -> None:
    """With an inclusive due date the text says 'uiterlijk' / 'by' instead of 'vóór'."""
    rules = rules_for("{id: prof, title: Prof, total: {min: 40}}",
                      date_policy="{window_end: inclusive}")
    a = assess(rules, person(), on="2023-06-01")
    assert "herregistratie uiterlijk 1 januari 2024" in a.explain("nl")
    assert "periode 1 januari 2020 – 1 januari 2024" in a.explain("nl")
    assert "re-registration by 1 January 2024" in a.explain("en")


def test_passed_deadline_is_said() -> None:
    """After the due date the sentence says the deadline has passed."""
    a = assess(PROF, person(), on="2024-03-01", group="reregistration")
    assert a.deadline is not None and a.deadline < date(2024, 3, 1)
    assert "termijn verstreken (vóór 1 januari 2024)" in a.explain("nl")
    assert "deadline passed (before 1 January 2024)" in a.explain("en")


def test_tree_shows_sub_periods() -> None:
    """Per-period children show their own period in the tree."""
    a = assess(RULES, person())
    assert "[1 januari 2021 – 31 december 2021]" in a.explain("nl")
    assert "[1 January 2021 – 31 December 2021]" in a.explain("en")


def test_each_period_shortfall_names_its_own_period_and_deadline() -> None:
    """A missed year is explained with that year's period and deadline, not the first's."""
    rules = rules_for("{id: jaarlijks, title: Jaarlijks, per_period: {every: cycle_year, "
                      "requires: {id: jaar, title: Jaar, count: {min: 1}}}}")
    text = assess(rules, person([act("a", "2022-05-01")]), on="2023-06-01").explain("nl")
    assert "Jaar in de periode 1 januari 2020 – 31 december 2020" in text
    assert "Jaar in de periode 1 januari 2021 – 31 december 2021" in text
    assert "in de periode 1 januari 2022 – 31 december 2022" not in text
    assert "vóór 1 januari 2024" in text


def test_english_title_falls_back_to_dutch() -> None:
    """A requirement without an English title keeps its Dutch title in English text."""
    a = assess(RULES, person())
    assert "Intervisie:" in a.explain("en") and "Thema's:" in a.explain("en")


def test_default_language_is_dutch() -> None:
    """explain() without a language gives Dutch."""
    a = assess(PROF, person())
    assert a.explain() == a.explain("nl") != a.explain("en")


# -- properties ------------------------------------------------------------------------------------


@settings(max_examples=25)  # each example renders (and plans) four explanations
@given(professionals(RULES))
def test_explanations_are_deterministic_and_complete(p: vk.Professional) -> None:
    """Same facts, same words; no placeholders or Python values leak into the text."""
    a, b = assess(RULES, p), assess(RULES, p)
    for lang in ("nl", "en"):
        text = a.explain(lang)
        assert text == b.explain(lang)
        assert text.endswith("\n")
        for leak in ("None", "{", "}", "Text(", "datetime", "nan"):
            assert leak not in text
        assert ("✗" in text) == (not a.met)


@settings(max_examples=25)
@given(st.data())
def test_explanation_does_not_depend_on_input_order(data: st.DataObject) -> None:
    """Shuffling a professional's activities does not change a word."""
    acts = data.draw(activity_lists(RULES))
    shuffled = data.draw(st.permutations(acts))
    for lang in ("nl", "en"):
        assert assess(RULES, person(acts)).explain(lang) == assess(
            RULES, person(shuffled)).explain(lang)


@given(st.integers(0, 8000).map(lambda c: c / 100))
def test_sentence_states_the_exact_shortfall(hours: float) -> None:
    """The missing amount in the sentence is 40 minus what was done, in the right number."""
    a = assess(PROF, person([act("a", "2021-01-01", hours)]), on=ON)
    text = a.explain("nl")
    missing = round(40 - hours, 2)
    if missing <= 0:
        assert "Wat ontbreekt" not in text
    else:
        verb = "ontbreekt" if missing == 1 else "ontbreken"
        assert f"er {verb} {fmt_amount(missing, 'nl')} uur" in text


REGISTRATION = rules_for("""
    levels:
      - {level: n1, requires: {id: l1, title: Niveau 1, qualification: {kinds: [pabo]}}}
      - {level: n2, requires: {id: l2, title: Niveau 2, qualification: {kinds: [master]}}}
""", group="registration")


def test_registration_root_line_reads_sensibly() -> None:
    """The registration root never says more requirements are met than are required."""
    quals = [vk.Qualification(id="p", kind="pabo", awarded_on="2010-01-01"),
             vk.Qualification(id="m", kind="master", awarded_on="2010-01-01")]
    a = assess(REGISTRATION, person(qualifications=quals, registered=None), on="2022-01-01")
    assert "2 van 1" not in a.explain("nl")
    assert "2 of 1" not in a.explain("en")


# -- routes: the explanation asks the nodes, not their kinds ---------------------------------


def _missing(rules: vk.RuleSet) -> str:
    """The 'Wat ontbreekt' part of the Dutch explanation for a professional without a level."""
    return assess(rules, person()).explain("nl").split("Wat ontbreekt:", 1)[1]


def test_a_route_closed_deeper_down_is_closed() -> None:
    """A route whose part is closed by ``registered_level`` is closed too, however deep."""
    rules = rules_for("""
        id: route
        title: Route
        any_of:
          - id: dicht
            title: Dichte route
            all_of:
              - id: binnen
                title: Binnenste route
                all_of:
                  - {id: niveau, title: Geregistreerd op niveau 2, registered_level: {levels: [n2]}}
                  - {id: uren, title: Uren op niveau 2, total: {min: 10}}
              - {id: intervisie, title: Intervisie, count: {min: 1}}
          - {id: open, title: Open route, total: {min: 40}}
        """)
    missing = _missing(rules)
    assert "Open route" in missing and "Eén van de volgende" not in missing
    assert "Uren op niveau 2" not in missing and "Intervisie" not in missing
    assert "– 1 andere route: niet van toepassing op uw registratie" in assess(
        rules, person()).explain("nl")


def test_a_registration_condition_as_an_alternative_is_closed() -> None:
    """An alternative that is only a condition on the registration is not listed as missing."""
    missing = _missing(rules_for("""
        id: route
        title: Route
        any_of:
          - {id: niveau, title: Geregistreerd op niveau 2, registered_level: {levels: [n2]}}
          - {id: open, title: Open route, total: {min: 40}}
        """))
    assert "Open route" in missing and "niveau 2" not in missing


def test_a_new_kind_of_alternatives_is_grouped(monkeypatch: pytest.MonkeyPatch) -> None:
    """A primitive known only to this test that says its children are alternatives is
    grouped as such: the explanation asks the node, not its key."""
    from vakmanschap.engine.primitives import REGISTRY, Requirement
    from vakmanschap.engine.primitives.combinators import AllOf

    @attrs.frozen(kw_only=True)
    class Either(AllOf):
        """All children evaluated; met when one is (test only)."""

        key = "either"
        doc = "One of the listed requirements (test only)."
        alternatives = True

        def needed(self, ctx: Any) -> int:
            return 1

    assert not Requirement.alternatives
    monkeypatch.setitem(REGISTRY, Either.key, Either)
    missing = _missing(rules_for("""
        id: route
        title: Route
        either:
          - {id: a, title: Route A, total: {min: 40}}
          - {id: b, title: Route B, count: {min: 2}}
        """))
    assert "- Eén van de volgende routes volstaat (Route):" in missing
    assert "Route A" in missing and "Route B" in missing


# -- shortfalls, JSON and text agree (issue 11, item 2) ------------------------------------------

ROUTES = rules_for("""
    id: herregistratie
    title: Herregistratie
    any_of:
      - id: route-n1
        title: Route niveau 1
        all_of:
          - {id: is-n1, title: Geregistreerd als niveau 1, registered_level: {levels: [n1]}}
          - {id: uren-n1, title: Uren niveau 1, total: {min: 40}}
      - id: route-n2
        title: Route niveau 2
        all_of:
          - {id: is-n2, title: Geregistreerd als niveau 2, registered_level: {levels: [n2]}}
          - {id: uren-n2, title: Uren niveau 2, total: {min: 60}}
""")


def _missing_locations(text: str) -> list[str]:
    """The rule locations of the sentences under 'Wat ontbreekt' / 'What is missing', a
    sentence about a run of ``n`` like periods ("in 3 periodes") counted ``n`` times."""
    import re

    for head in ("Wat ontbreekt:", "What is missing:"):
        if head in text:
            body = text.split(head, 1)[1].split("\n\n", 1)[0]
            out = []
            for line in body.splitlines():
                found = re.search(r"; ([^;()]+:\d+)\)\.$", line)
                if found:
                    run = re.search(r" in (\d+) (?:periodes|periods) \(", line)
                    out += [found.group(1)] * (int(run.group(1)) if run else 1)
            return sorted(out)
    return []


def _leaf_locations(a: vk.Assessment) -> list[str]:
    return sorted(node.location for _, node in a.unmet_leaves())


def test_closed_routes_are_no_shortfalls() -> None:
    """A niveau-2 professional's shortfalls hold only the niveau-2 hours, not niveau 1's."""
    p = person(events=[vk.RegisterEvent(id="lvl", kind="registered", on="2020-01-01",
                                        level="n2")], registered=None)
    a = assess(ROUTES, p)
    assert [s.requirement for s in a.shortfalls] == ["uren-n2"]
    assert [s["requirement"] for s in a.to_dict()["shortfalls"]] == ["uren-n2"]
    assert _missing_locations(a.explain()) == _leaf_locations(a)
    assert "Geregistreerd als niveau 1" not in a.explain().split("Wat ontbreekt:")[1]


def test_every_route_closed_shows_them_all() -> None:
    """When no route is open (registered without a level), every route is still shown."""
    a = assess(ROUTES, person())
    assert {s.requirement for s in a.shortfalls} == {"is-n1", "uren-n1", "is-n2", "uren-n2"}


def _random_assessment(data: st.DataObject) -> vk.Assessment | None:
    """A random rule file's assessment of a random professional on a random day (None when
    the rules refuse the person, e.g. no version in force)."""
    from vakmanschap import strategies as vks

    rules = data.draw(vks.rule_sets())
    p = data.draw(vks.professionals(rules))
    on = data.draw(st.dates(rules.versions[0].valid_from, date(2040, 12, 31)))
    try:
        return rules.assess(p, on)
    except vk.VakmanschapError:
        return None


@settings(max_examples=40)
@given(st.data())
def test_shortfalls_json_and_text_agree(data: st.DataObject) -> None:
    """For random rule files and people: shortfalls are the unmet applicable leaves of the
    explained tree, and the JSON and the 'Wat ontbreekt' text list exactly those."""
    from vakmanschap.engine.routes import open_children, route_closed

    a = _random_assessment(data)
    if a is None:
        return
    leaves = a.unmet_leaves()
    assert [s.path for s in a.shortfalls] == [path for path, _ in leaves]
    assert [s["path"] for s in a.to_dict()["shortfalls"]] == [list(p) for p, _ in leaves]
    assert a.met == (not leaves)
    for path, _ in leaves:  # every step of the path is a child the explanation shows
        node = a.result
        for ident in path[1:]:
            node = next(c for c in open_children(node) if c.id == ident and not c.met)
    for node in a.result.walk():  # a closed route is never shown beside an open one
        shown = open_children(node)
        assert all(route_closed(c) for c in shown) or not any(route_closed(c) for c in shown) \
            or not node.rule or not node.rule.alternatives
    if a.group != "registration":
        for lang in ("nl", "en"):
            assert _missing_locations(a.explain(lang)) == _leaf_locations(a)  # type: ignore[arg-type]


@given(st.sampled_from([None, "n1", "n2"]), activity_lists(ROUTES, max_size=8),
       st.sampled_from(["nl", "en"]))
def test_closed_routes_shortfalls_and_text_agree(level: str | None, acts: list[vk.Activity],
                                                 lang: str) -> None:
    """With routes closed by the registered level, shortfalls, JSON and text still agree and
    never name a closed route beside an open one."""
    p = person(acts, registered=None, events=[
        vk.RegisterEvent(id="lvl", kind="registered", on="2020-01-01", level=level)])
    a = assess(ROUTES, p)
    ids = {s.requirement for s in a.shortfalls}
    assert ids == {s["requirement"] for s in a.to_dict()["shortfalls"]}
    assert _missing_locations(a.explain(lang)) == _leaf_locations(a)  # type: ignore[arg-type]
    if level is not None and not a.met:
        assert ids == {f"uren-{level}"}


# -- why activities did not count -----------------------------------------------------------------

ACCREDITED_ONLY = rules_for("{id: prof, title: Professionalisering, total: {min: 40, "
                            "categories: [formeel]}}")


def test_excluded_activities_are_named_with_their_reason_grouped() -> None:
    """Activities that do not count are listed under their node, grouped by reason, with
    how many and how much."""
    acts = [act("a", "2021-01-01", 20), act("b", "2021-02-01", 5, accredited=False),
            act("c", "2021-03-01", 7, accredited=False), act("d", "2019-06-01", 10)]
    text = assess(ACCREDITED_ONLY, person(acts)).explain()
    assert "✗ Professionalisering: 20 van 40 uur" in text
    assert "· niet meegeteld (categorie informeel telt hier niet): b, c (2 activiteiten, 12 uur)" \
        in text
    assert "· niet meegeteld (buiten de periode" in text and "d (1 activiteit, 10 uur)" in text
    english = assess(ACCREDITED_ONLY, person(acts)).explain("en")
    assert "· not counted (category informeel does not count here): b, c (2 activities, " \
        "12 hours)" in english


def test_activities_in_another_unit_are_said_in_their_own_unit() -> None:
    """An activity excluded for its unit is said with its amount in its own unit, not the
    requirement's (NIP: intervisie in hours beside points of kennisontwikkeling)."""
    acts = [act("a", "2021-01-01", 20), act("p", "2021-02-01", 30, unit="points")]
    text = assess(ACCREDITED_ONLY, person(acts)).explain()
    assert "· niet meegeteld (andere eenheid (punten)): p (1 activiteit, 30 punten)" in text
    english = assess(ACCREDITED_ONLY, person(acts)).explain("en")
    assert "· not counted (different unit (points)): p (1 activity, 30 points)" in english


def test_capped_activities_say_how_much_did_not_count() -> None:
    """A cap per activity is said as counted in part, with the hours that did not count."""
    rules = rules_for("{id: prof, title: Prof, total: {min: 40, caps: {per_activity: 8}}}")
    text = assess(rules, person([act("a", "2021-01-01", 20)])).explain()
    assert "· deels meegeteld (afgetopt op 8 per activiteit): a (1 activiteit, 12 uur " \
        "niet meegeteld)" in text


def test_activities_after_the_assessment_date_are_said_once() -> None:
    """Activities dated after the assessment date are named once, under the tree."""
    acts = [act("a", "2021-01-01", 20), act("later", "2023-12-31", 20)]
    text = assess(PROF, person(acts), on="2022-06-01").explain()
    assert text.count("tellen hierboven niet mee") == 1
    assert "na de beoordelingsdatum)" not in text  # not again under each node
    assert "Activiteiten met een datum na de beoordelingsdatum tellen hierboven niet mee: " \
        "later." in text


@given(activity_lists(RULES))
@settings(max_examples=40, deadline=None)
def test_every_activity_that_did_not_count_is_named(acts: list[vk.Activity]) -> None:
    """Every excluded or capped activity of a node the text shows is in one of the node's
    grouped lines, by name or in the count (property); only an activity outside a
    sub-period (it belongs to another), one dated after the assessment date (said once) and
    routes closed to the person are not listed."""
    import re

    from vakmanschap.engine.routes import open_children
    from vakmanschap.text.activity_words import not_counted_lines

    assessment = assess(RULES, person(acts))
    text = assessment.explain()

    def check(node: Any, parent: Any) -> None:
        sub_period = parent is not None and parent.window != node.window
        expected = sum(1 for o in node.activities if o.status != "counted"
                       and o.reason != "after_on"
                       and not (sub_period and o.reason == "outside_window"))
        lines = not_counted_lines(node, "nl", sub_period)
        assert all(line in text for line in lines)
        said = sum(int(n) for line in lines
                   for n in re.findall(r"\((\d+) activiteit", line))
        assert said == expected, (node.id, lines)
        for child in open_children(node):
            check(child, node)

    check(assessment.result, None)


# -- lines read from the outcome tuples ----------------------------------------------------------


def _later_reference(root: Any, lang: str) -> str:
    """The later-activities line as it was built from outcome objects."""
    ids = {o.activity_id for node in root.walk() for o in node.not_counted(only=("after_on",))}
    if not ids:
        return ""
    names = ", ".join(sorted(ids))
    return (f"Activiteiten met een datum na de beoordelingsdatum tellen hierboven niet mee: "
            f"{names}." if lang == "nl" else
            f"Activities dated after the assessment date are not counted above: {names}.")


def _converted_reference(a: vk.Assessment, lang: Any) -> str:
    """The converted-activities line as it was built from outcome objects."""
    origin = a.origin
    assert origin is not None
    if not any(c.convert for c in origin.rules.categories.values()):
        return ""
    seen = {o.activity_id for node in a.result.walk() for o in node.activities
            if o.reason not in ("after_on", "outside_window")}
    rules, parts = origin.rules, []
    for x in origin.professional.activities:
        counted = rules.converted(x) if x.id in seen else None
        if counted is not None:
            parts.append(f"{x.id}: {fmt_amount(x.amount, lang)} "
                         f"{unit_name(x.unit, x.amount, lang)} = {fmt_amount(counted, lang)} "
                         f"{unit_name(rules.unit, counted, lang)}")
    if not parts:
        return ""
    return (("Omgerekend: " if lang == "nl" else "Converted: ") + "; ".join(sorted(parts))
            + ".")


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_tuple_read_lines_equal_the_outcome_objects(data: st.DataObject) -> None:
    """For random rule files and people, the lines on later and on converted activities,
    read from the outcome tuples, equal the ones built from outcome objects."""
    from vakmanschap import strategies as vks
    from vakmanschap.text.explain import _converted, _later

    rules = data.draw(vks.rule_sets())
    p = data.draw(vks.professionals(rules))
    # On the day of one of the activities, so that some come after the assessment date.
    days = sorted(x.on for x in p.activities if x.on >= rules.versions[0].valid_from)
    on = data.draw(st.sampled_from(days) if days else
                   st.dates(rules.versions[0].valid_from, date(2040, 12, 31)))
    try:
        a = rules.assess(p, on)
    except vk.VakmanschapError:
        return
    for lang in ("nl", "en"):
        assert _later(a.result, lang) == _later_reference(a.result, lang)
        assert _converted(a, lang) == _converted_reference(a, lang)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(("gevolgd", "gegeven", "publicatie", "pro-rata",
                                           "overig")),
                          st.sampled_from(("points", "hours", "words")),
                          st.integers(1, 2000).map(lambda c: c / 4),
                          st.dates(date(2021, 10, 1), date(2023, 3, 1))), max_size=8),
       st.dates(date(2022, 1, 1), date(2022, 12, 31)))
def test_converted_line_read_from_tuples_equals_outcome_objects(
        drawn: list[tuple[str, str, float, date]], on: date) -> None:
    """Under a rule file that converts hours and words to points, the converted line read
    from the outcome tuples equals the one built from outcome objects, in both languages."""
    from vakmanschap.text.explain import _converted

    p = vk.Professional(id="p", activities=[
        vk.Activity(id=f"a{i}", on=day, category=cat, amount=amount, unit=unit)
        for i, (cat, unit, amount, day) in enumerate(drawn)],
        events=[vk.RegisterEvent(id="r", kind="registered", on="2020-01-01")])
    a = conversion_rules().assess(p, on)
    for lang in ("nl", "en"):
        assert _converted(a, lang) == _converted_reference(a, lang)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_words_memoized_per_render_equal_the_words_worded_each_time(
        data: st.DataObject) -> None:
    """For random rule files and people, the tree and the shortfall sentences worded with
    the rule set's memo of dates, spans and reasons (kept from an earlier render of another
    day) equal the ones worded with empty memos, and every memoized phrase, date, span and
    reason equals the one worded afresh, in both languages."""
    from vakmanschap import strategies as vks
    from vakmanschap.engine.outcomes import REASONS, reason_words
    from vakmanschap.engine.phrases import amount_phrase
    from vakmanschap.text.explain import _days, _tree
    from vakmanschap.text.explain import _missing as missing

    rules = data.draw(vks.rule_sets())
    p = data.draw(vks.professionals(rules))
    on = data.draw(st.dates(rules.versions[0].valid_from, date(2040, 12, 31)))
    earlier = data.draw(st.dates(rules.versions[0].valid_from, date(2040, 12, 31)))
    try:
        a = rules.assess(p, on)
        before = rules.assess(p, earlier)
    except vk.VakmanschapError:
        return
    inclusive = bool(a.cycle and a.cycle.end_inclusive)
    for lang in ("nl", "en"):
        before.explain(lang)  # type: ignore[arg-type]
        days = _days(a, lang)  # type: ignore[arg-type]
        memo: dict[int, str] = {}
        kept: list[str] = []
        fresh: list[str] = []
        _tree(a.result, lang, 0, kept, None, memo, days, {}, a.on)  # type: ignore[arg-type]
        _tree(a.result, lang, 0, fresh, None, {}, {}, {}, a.on)  # type: ignore[arg-type]
        missing(a.result, a.on, inclusive, lang, 0, kept, memo, days,  # type: ignore[arg-type]
                a.cycle)
        missing(a.result, a.on, inclusive, lang, 0, fresh, {}, {},  # type: ignore[arg-type]
                a.cycle)
        assert kept == fresh
        for node in a.result.walk():
            if id(node) in memo:
                assert memo[id(node)] == (node.rule.phrase(node, lang)  # type: ignore[arg-type]
                                          if node.rule is not None else
                                          amount_phrase(node, lang))  # type: ignore[arg-type]
        for key, text in days.items():
            if isinstance(key, date):
                assert text == fmt_date(key, lang)  # type: ignore[arg-type]
            elif len(key) == 2:  # type: ignore[arg-type]
                first, last = key  # type: ignore[misc]
                assert text == (f"{fmt_date(first, lang)} – "  # type: ignore[arg-type]
                                f"{fmt_date(last, lang)}")  # type: ignore[arg-type]
            else:  # a reason why activities did not count
                reason, arg, own = key  # type: ignore[misc]
                assert text == reason_words(own or REASONS[reason], reason, arg,
                                            lang)  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_every_tree_line_says_something(data: st.DataObject) -> None:
    """No line of the tree ends at its colon, for random rule files of every primitive and
    random people: every primitive words its outcome (a carry-over that carried nothing
    says so)."""
    a = _random_assessment(data)
    if a is None:
        return
    for lang in ("nl", "en"):
        tree = a.explain(lang).split("\n\n")[1]
        for line in tree.splitlines():
            assert not line.rstrip().endswith(":"), line
