"""Rule diff in words (issue 5, part 2): what changed, from when, old and new value."""

from __future__ import annotations

import json

import pytest

from tooling_helpers import TOY_RULES, run_cli
from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.io import load_rules, parse_rules
from vakmanschap.text.diff import DIFF_SCHEMA_VERSION, diff_rules

TOY = load_rules(TOY_RULES)
TEXT = TOY_RULES.read_text(encoding="utf-8")


def variant(old: str, new: str) -> str:
    """The toy rule file with one text replaced (the replaced text must occur once)."""
    assert TEXT.count(old) == 1, old
    return TEXT.replace(old, new)


def test_same_rules_have_no_changes() -> None:
    """A rule set compared with itself (or a re-parse of it) has no changes."""
    again = parse_rules(TEXT, "elsewhere.yaml")
    for other in (TOY, again):
        diff = diff_rules(TOY, other)
        assert not diff and len(diff) == 0
        assert "Geen wijzigingen." in diff.explain("nl")
        assert "No changes." in diff.explain("en")


def test_moved_rule_is_no_change() -> None:
    """Rule positions (file:line) are not compared: blank lines change nothing."""
    moved = parse_rules("\n\n" + TEXT, "moved.yaml")
    assert not diff_rules(TOY, moved)


def test_constant_parameter_change_with_overlay() -> None:
    """An overlay on a dated minimum lists each span of dates with old and new value."""
    diff = diff_rules(TOY, TOY.with_changes({"totaal.min": 120}))
    spans = [(c.parameter, c.start, c.end, c.old, c.new, c.unit) for c in diff]
    assert [(p, str(s), str(e), o, n, u) for p, s, e, o, n, u in spans] == [
        ("min", "2024-01-01", "2025-12-31", 160, 120, "hours"),
        ("min", "2026-01-01", "None", 140, 120, "hours"),
    ]
    assert all(c.kind == "parameter_changed" and c.rule == "totaal" for c in diff)
    nl = diff.explain("nl")
    assert ("Totaal aantal uren (totaal), minimum: 120 uur in plaats van 160 uur (lager), "
            "van 1 januari 2024 tot en met 31 december 2025.") in nl
    en = diff.explain("en")
    assert "minimum: 120 hours instead of 140 hours (lower), from 1 January 2026." in en


def test_new_effective_date_is_one_change_from_that_date() -> None:
    """Adding a later value to a parameter history is a change from that date on only."""
    new = parse_rules(variant("min: {2024-01-01: 160, 2026-01-01: 140}",
                              "min: {2024-01-01: 160, 2026-01-01: 140, 2028-01-01: 100}"), "b")
    (change,) = diff_rules(TOY, new)
    assert (str(change.start), change.end, change.old, change.new) == ("2028-01-01", None,
                                                                       140, 100)


def test_share_parameter_reads_as_percent() -> None:
    """A maximum share is shown as a percentage in both languages."""
    diff = diff_rules(TOY, TOY.with_changes({"informeel-aandeel.max": 0.25}))
    (change,) = diff
    assert change.unit == "share"
    assert "25% in plaats van 50%" in change.explain("nl")
    assert "25% instead of 50%" in change.explain("en")


def test_requirement_added_and_removed() -> None:
    """Removing a requirement from B lists it as removed; the reverse diff lists it as added."""
    share = ("        - id: informeel-aandeel\n"
             "          title: {nl: Aandeel informeel, en: Informal share}\n"
             "          share: {part_categories: [informeel], max: 0.5}\n")
    without = parse_rules(variant(share, ""), "b.yaml")
    (removed,) = diff_rules(TOY, without)
    assert removed.kind == "requirement_removed" and removed.rule == "informeel-aandeel"
    assert removed.group == "reregistration"
    assert "Vervallen eis Aandeel informeel (informeel-aandeel)" in removed.explain("nl")
    assert "maximum 50%" in removed.explain("nl")
    (added,) = diff_rules(without, TOY)
    assert added.kind == "requirement_added"
    assert "New requirement Informal share (informeel-aandeel)" in added.explain("en")


def test_settings_titles_sources_and_cycle() -> None:
    """Filters, titles, sources and the cycle term are listed as their own changes."""
    text = variant("prorate: [fte]", "prorate: [fte, late_entry]")
    text = text.replace("title: {nl: Thema's, en: Themes}", "title: {nl: Onderwerpen, en: "
                        "Topics}")
    text = text.replace('source: "Voorbeeldreglement 2024, art. 3"',
                        'source: "Voorbeeldreglement 2024, art. 3a"')
    text = text.replace("cycle: {years: 4, next_due: from_previous_due}",
                        "cycle: {years: 5, next_due: from_previous_due}")
    diff = diff_rules(TOY, parse_rules(text, "b.yaml"))
    kinds = {(c.kind, c.parameter) for c in diff}
    assert kinds == {("version_changed", "cycle.years"), ("setting_changed", "prorate"),
                     ("title_changed", None), ("source_changed", None)}
    nl = diff.explain("nl")
    assert "Termijn in jaren: 4 wordt 5." in nl
    assert "naar rato: fte, late_entry in plaats van fte." in nl


def test_version_added_and_vocabulary() -> None:
    """A new rule version and a new theme are listed; to_dict is versioned JSON."""
    text = TEXT.replace("  bestuursrecht: Bestuursrecht\n",
                        "  bestuursrecht: Bestuursrecht\n  digitalisering: Digitalisering\n")
    base = parse_rules(text, "b.yaml")
    second = text + text[text.index("  - id: v2024"):].replace(
        "id: v2024", "id: v2027").replace("valid_from: 2024-01-01", "valid_from: 2027-01-01")
    diff = diff_rules(TOY, parse_rules(second, "b.yaml"))
    kinds = [c.kind for c in diff]
    assert kinds[0] == "name_added" and "version_added" in kinds
    assert "Nieuwe regelversie v2027, geldig vanaf 1 januari 2027, termijn 4 jaar." in \
        diff.explain("nl")
    data = diff.to_dict()
    assert data["schema"] == DIFF_SCHEMA_VERSION and data["changed"] is True
    json.dumps(data)  # JSON-ready
    assert not diff_rules(base, base)


def test_cli_diff_text_json_and_exit_codes() -> None:
    """``vakmanschap diff`` prints words or JSON; exit 1 when something changed, else 0."""
    path = str(TOY_RULES)
    code, out, err = run_cli("diff", path, path)
    assert (code, err) == (0, "") and "Geen wijzigingen." in out
    code, out, _ = run_cli("diff", path, "--set", "totaal.min=120", "--lang", "en")
    assert code == 1 and "120 hours instead of 160 hours" in out
    assert "--set totaal.min=120" in out
    code, out, _ = run_cli("diff", path, "--set", "werk.min=900", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["changes"][0]["old"] == 1000 and data["changes"][0]["new"] == 900


@pytest.mark.parametrize("argv", [("diff", "no-such-file.yaml"),
                                  ("diff", str(TOY_RULES), "--set", "nope.min=1")])
def test_cli_diff_bad_input_is_one_line(argv: tuple[str, ...]) -> None:
    """A missing file or an unknown rule gives exit 2 and one line on stderr."""
    code, out, err = run_cli(*argv)
    assert code == 2 and out == "" and err.count("\n") == 1


def test_requirement_moved_between_combinators() -> None:
    """A requirement that keeps its id but moves under another parent is listed as moved."""
    formal = ("              - id: formeel-totaal\n"
              "                title: {nl: Formele uren, en: Formal hours}\n"
              "                total: {min: 40, categories: [formeel], accredited: true}\n")
    text = variant(formal, "")
    text = text.replace("        - id: een-van\n",
                        "        - id: formeel-totaal\n"
                        "          title: {nl: Formele uren, en: Formal hours}\n"
                        "          total: {min: 40, categories: [formeel], accredited: true}\n"
                        "        - id: een-van\n")
    moved, source = diff_rules(TOY, parse_rules(text, "b.yaml"))
    assert moved.kind == "requirement_moved" and moved.rule == "formeel-totaal"
    assert moved.explain("nl") == ("Formele uren (formeel-totaal): verplaatst van herregistratie, "
                                   "onder een-van naar herregistratie.")
    assert source.kind == "source_changed"  # it no longer inherits een-van's source


def test_a_changed_period_length_is_plain_data() -> None:
    """A per_period's ``every`` (a typed value) reads and serialises as in the rule file."""
    from helpers import rule_text

    def rules(every: str) -> RuleSet:
        return parse_rules(rule_text(
            f"{{id: j, title: J, per_period: {{every: {every}, requires: "
            "{id: x, title: X, count: {min: 1}}}}"))

    diff = diff_rules(rules("cycle_year"), rules("{months: 6}"))
    (change,) = diff.changes
    assert (change.old, change.new) == ("cycle_year", {"months": 6})
    assert json.loads(json.dumps(diff.to_dict()))["changes"][0]["new"] == {"months": 6}
    assert "cycle_year" in diff.explain("en")
