"""The command line (vakmanschap.cli.main): exit codes, one-line errors, text and JSON output."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

import vakmanschap as vk
from helpers import rule_text
from vakmanschap.cli import main

RULES = rule_text("""
    id: herregistratie
    title: {nl: Herregistratie, en: Re-registration}
    all_of:
      - {id: totaal, title: {nl: Totaal, en: Total}, total: {min: 40}}
      - {id: themas, title: Thema's, distinct_themes: {min: 1}}
""")
MET = """\
id: p1
events: [{id: r, kind: registered, on: 2020-01-01}]
activities:
  - {id: a1, on: 2021-03-01, hours: 40, category: formeel, accredited: true, themes: [t1]}
"""
NOT_MET = """\
id: p2
events: [{id: r, kind: registered, on: 2020-01-01}]
activities:
  - {id: a1, on: 2021-03-01, hours: 28, category: formeel, accredited: true, themes: [t1]}
"""


def run(argv: list[str]) -> int:
    """Call the CLI; argparse usage errors exit through SystemExit, which is caught here."""
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    """A rule file and person files in a temporary folder."""
    out = {}
    for name, text in {"rules.yaml": RULES, "met.yaml": MET, "not_met.yaml": NOT_MET,
                       "both.yaml": "- " + MET.replace("\n", "\n  ").rstrip() + "\n- "
                       + NOT_MET.replace("\n", "\n  ").rstrip() + "\n",
                       "bad_rules.yaml": RULES.replace("min: 40", "min: -40").replace(
                           "min: 1}", "min: x}")}.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out[name] = str(path)
    return out


def one_line_error(err: str) -> str:
    """The single stderr line of a failed command (no traceback)."""
    assert "Traceback" not in err
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, err
    assert lines[0].startswith("vakmanschap")
    return lines[0]


# -- check -----------------------------------------------------------------------------------------


def test_check_met_exits_0(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    """All requirements met: exit 0 and the Dutch explanation on stdout."""
    assert run(["check", files["met.yaml"], "--rules", files["rules.yaml"],
                "--on", "2023-12-31"]) == 0
    out, err = capsys.readouterr()
    assert "Uitkomst: u voldoet aan de eisen voor herregistratie." in out
    assert "✓ Totaal: 40 van 40 uur" in out
    assert err == ""


def test_check_not_met_exits_1(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    """A requirement not met: exit 1; ``--lang en`` gives English."""
    assert run(["check", files["not_met.yaml"], "--rules", files["rules.yaml"],
                "--on", "2023-12-31", "--lang", "en"]) == 1
    out, _ = capsys.readouterr()
    assert "✗ Total: 28 of 40 hours" in out and "12 hours missing" in out


def test_check_several_people(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    """With several professionals, exit 1 when anyone does not meet the requirements."""
    assert run(["check", files["both.yaml"], "--rules", files["rules.yaml"],
                "--on", "2023-12-31"]) == 1
    out, _ = capsys.readouterr()
    assert "— p1 —" in out and "— p2 —" in out


def test_check_json_parses(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    """``--format json`` prints the versioned JSON form: always a list, also for one."""
    assert run(["check", files["met.yaml"], "--rules", files["rules.yaml"], "--on",
                "2023-12-31", "--format", "json"]) == 0
    [data] = json.loads(capsys.readouterr().out)
    assert data["schema"] == vk.SCHEMA_VERSION and data["met"] is True
    assert data["professional"] == "p1"
    assert run(["check", files["both.yaml"], "--rules", files["rules.yaml"], "--on",
                "2023-12-31", "--format", "json"]) == 1
    many = json.loads(capsys.readouterr().out)
    assert [d["professional"] for d in many] == ["p1", "p2"]
    assert [d["met"] for d in many] == [True, False]


def test_check_set_changes_a_parameter(files: dict[str, str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """``--set rule.param=value`` judges under a variant."""
    assert run(["check", files["not_met.yaml"], "--rules", files["rules.yaml"], "--on",
                "2023-12-31", "--set", "totaal.min=28", "--format", "json"]) == 0
    [data] = json.loads(capsys.readouterr().out)
    assert data["result"]["children"][0]["required"] == 28.0


def test_check_group_option(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    """``--group`` chooses the requirement group."""
    assert run(["check", files["met.yaml"], "--rules", files["rules.yaml"], "--on",
                "2023-12-31", "--group", "development", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["group"] == "development"


@pytest.mark.parametrize(("args", "fragment"), [
    (["--on", "2023-13-01"], "--on"),
    (["--on", "2023-12-31", "--set", "nope.min=1"], "no rule 'nope'"),
    (["--on", "2023-12-31", "--set", "totaal.min=many"], "expected a number"),
    (["--on", "2023-12-31", "--set", "totaal"], "RULE.PARAM=VALUE"),
    (["--on", "1999-01-01"], "RuleError"),
])
def test_check_bad_input_exits_2_with_one_line(files: dict[str, str],
                                               capsys: pytest.CaptureFixture[str],
                                               args: list[str], fragment: str) -> None:
    """Bad dates, changes or dates without rules: exit 2 and one line on stderr."""
    assert run(["check", files["met.yaml"], "--rules", files["rules.yaml"], *args]) == 2
    out, err = capsys.readouterr()
    assert fragment in one_line_error(err)
    assert out == ""


def test_check_missing_files_exit_2(files: dict[str, str], tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Missing person or rule files: exit 2, one line naming the file."""
    missing = str(tmp_path / "nobody.yaml")
    assert run(["check", missing, "--rules", files["rules.yaml"], "--on", "2023-12-31"]) == 2
    assert "nobody.yaml: file not found" in one_line_error(capsys.readouterr().err)
    assert run(["check", files["met.yaml"], "--rules", str(tmp_path / "none.yaml"), "--on",
                "2023-12-31"]) == 2
    assert "none.yaml" in one_line_error(capsys.readouterr().err)
    assert run(["check", files["met.yaml"], "--rules", "no-such-register", "--on",
                "2023-12-31"]) == 2
    assert "unknown built-in rule set" in one_line_error(capsys.readouterr().err)


def test_check_bad_person_data_exit_2(files: dict[str, str], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Invalid person data: exit 2 and one line naming the record and field."""
    path = tmp_path / "bad.yaml"
    path.write_text(MET.replace("hours: 40", "hours: -4"), encoding="utf-8")
    assert run(["check", str(path), "--rules", files["rules.yaml"], "--on", "2023-12-31"]) == 2
    line = one_line_error(capsys.readouterr().err)
    assert "activities[0] (id a1), field 'hours'" in line
    path.write_text(MET.replace("formeel", "cursus"), encoding="utf-8")
    assert run(["check", str(path), "--rules", files["rules.yaml"], "--on", "2023-12-31"]) == 2
    assert "unknown category 'cursus'" in one_line_error(capsys.readouterr().err)


def test_check_bad_rule_file_exit_2(files: dict[str, str],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """An invalid rule file: exit 2, the first problem with its position and a count."""
    assert run(["check", files["met.yaml"], "--rules", files["bad_rules.yaml"], "--on",
                "2023-12-31"]) == 2
    line = one_line_error(capsys.readouterr().err)
    assert "bad_rules.yaml:" in line and "(and 1 more problem)" in line


def test_check_malformed_set_value_exits_2(files: dict[str, str],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A --set value that is not valid YAML is bad input: exit 2 and one line."""
    assert run(["check", files["met.yaml"], "--rules", files["rules.yaml"], "--on",
                "2023-12-31", "--set", "totaal.min=[1"]) == 2
    one_line_error(capsys.readouterr().err)


# -- validate and test -----------------------------------------------------------------------------


def test_validate_ok(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    """A valid rule file: exit 0 and a summary line."""
    assert run(["validate", files["rules.yaml"]]) == 0
    out, err = capsys.readouterr()
    assert "rules.yaml: ok" in out and "v1" in out and err == ""


def test_validate_reports_every_problem(files: dict[str, str],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """An invalid rule file: exit 2 and every problem with file:line:column."""
    assert run(["validate", files["rules.yaml"], files["bad_rules.yaml"]]) == 2
    out, err = capsys.readouterr()
    assert "rules.yaml: ok" in out
    problems = [line for line in err.splitlines() if line.strip()]
    assert len(problems) == 2
    assert all(line.startswith(files["bad_rules.yaml"] + ":") for line in problems)
    assert "Traceback" not in err


def test_validate_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing rule file: exit 2, one line."""
    assert run(["validate", str(tmp_path / "none.yaml")]) == 2
    assert "file not found" in one_line_error(capsys.readouterr().err)


def test_test_command(files: dict[str, str], tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    """``test`` runs scenario files: exit 0 when all pass, 1 with FAIL lines otherwise."""
    (tmp_path / "scenarios").mkdir()
    scenario = tmp_path / "scenarios" / "scenarios.yaml"
    person = "\n".join("      " + line for line in NOT_MET.splitlines())
    scenario.write_text(f"""\
rules: ../rules.yaml
scenarios:
  - name: Te weinig uren
    fact: Reglement art. 5
    on: 2023-12-31
    professional:
{person}
    expect:
      met: false
      requirements:
        totaal: {{actual: 28, shortfall: 12}}
""", encoding="utf-8")
    assert run(["test", str(scenario)]) == 0
    assert "1 of 1 scenarios passed" in capsys.readouterr().out
    assert run(["test", str(tmp_path / "scenarios")]) == 0  # a folder: every file in it
    capsys.readouterr()
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("actual: 28", "actual: 30"),
                        encoding="utf-8")
    assert run(["test", str(scenario)]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "totaal.actual: expected 30, got 28.0" in out
    assert "0 of 1 scenarios passed" in out


# -- usage -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [[], ["check"], ["frobnicate"],
                                  ["check", "x.yaml", "--rules", "r", "--on", "2023-01-01",
                                   "--lang", "de"]])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Missing or unknown commands and options: exit 2 with a usage message, no traceback."""
    assert run(argv) == 2
    err = capsys.readouterr().err
    assert "error:" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and "--help" in err  # one line, as every error


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """``--help`` prints the commands and exits 0."""
    assert run(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("check", "validate", "test"):
        assert command in out


def test_verify_a_stored_decision(files: dict[str, str], tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    """`verify` exits 0 on a stored check JSON and 1, naming the difference, after a change."""
    assert run(["check", files["both.yaml"], "--rules", files["rules.yaml"], "--on",
                "2023-12-31", "--format", "json"]) == 1
    decision = tmp_path / "decision.json"
    decision.write_text(capsys.readouterr().out, encoding="utf-8")
    args = ["verify", str(decision), files["both.yaml"], "--rules", files["rules.yaml"]]
    assert run(args) == 0
    assert capsys.readouterr().out == "p1: verified\np2: verified\n"
    assert run([*args, "--set", "totaal.min=41"]) == 1
    out = capsys.readouterr().out
    assert "p1: differs" in out and "receipt.rules.parameters.totaal.min: stored 40, now 41" in out


def test_verify_unknown_professional_exits_2(files: dict[str, str], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """`verify` with a decision about someone not in the person file is bad input."""
    assert run(["check", files["met.yaml"], "--rules", files["rules.yaml"], "--on",
                "2023-12-31", "--format", "json"]) == 0
    decision = tmp_path / "decision.json"
    decision.write_text(capsys.readouterr().out, encoding="utf-8")
    assert run(["verify", str(decision), files["not_met.yaml"], "--rules",
                files["rules.yaml"]]) == 2
    assert "'p1' is not in" in one_line_error(capsys.readouterr().err)


def test_check_struck_off_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A professional struck off after a missed deadline exits 1 and is told so."""
    nurse = tmp_path / "nurse.yaml"
    nurse.write_text("id: nurse\nevents: [{id: r1, kind: registered, on: 2021-09-01, "
                     "level: verpleegkundige}]\nemployments: [{id: e1, start: 2021-09-01, "
                     "hours_per_week: 30, role: verpleegkundige}]\n", encoding="utf-8")
    assert run(["check", str(nurse), "--rules", "big", "--on", "2026-11-30"]) == 1
    out = capsys.readouterr().out
    assert "doorgehaald sinds 1 september 2026" in out
    assert run(["check", str(nurse), "--rules", "big", "--on", "2026-11-30", "--format",
                "json"]) == 1
    [data] = json.loads(capsys.readouterr().out)
    assert (data["status"]["status"], data["ok"]) == ("doorgehaald", False)


def test_check_rules_as_of(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    """--rules-as-of judges under the rules of that date; a bad date exits 2."""
    assert run(["check", files["met.yaml"], "--rules", files["rules.yaml"], "--on",
                "2023-12-31", "--rules-as-of", "2005-01-01", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["version"] == "v1"
    assert run(["check", files["met.yaml"], "--rules", files["rules.yaml"], "--on",
                "2023-12-31", "--rules-as-of", "1999-01-01"]) == 2
    assert "1999-01-01" in one_line_error(capsys.readouterr().err)
    assert run(["timeline", files["met.yaml"], "--rules", files["rules.yaml"], "--until",
                "2023-12-31", "--rules-as-of", "2005-01-01"]) == 0


def test_a_latin1_or_ascii_console_gets_escapes_not_exit_3(tmp_path: Path) -> None:
    """Issue 16, item 12 ("a console in latin-1 gives UnicodeEncodeError, exit 3"): with an
    ascii or latin-1 stdout, check prints an escape for each character it cannot show."""
    import subprocess
    import sys

    from tooling_helpers import TOY_PEOPLE, TOY_RULES

    src = str(Path(vk.__file__).resolve().parent.parent)
    for encoding in ("ascii", "latin-1"):
        done = subprocess.run(
            [sys.executable, "-c", "import sys; from vakmanschap.cli import main; "
             "sys.exit(main())", "check", "--rules", str(TOY_RULES), "--on", "2027-06-01",
             str(TOY_PEOPLE)], capture_output=True, timeout=60,
            env={"PYTHONPATH": src, "PYTHONIOENCODING": encoding, "PATH": "/usr/bin:/bin"})
        assert done.returncode == 1, done.stderr
        assert b"\\u2014" in done.stdout or b"\\u" in done.stdout


def test_line_breaks_and_nul_in_arguments_give_one_line(capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    """Found by the CLI fuzz (issue 16, item 7): an argument holding a line break gives a
    one-line message, and one holding a NUL exits 2 (it was ValueError, exit 3)."""
    assert run(["check", "--rules", "no\rsuch.yaml", "--on", "2026-01-01", "p.yaml"]) == 2
    assert run(["schema", "\n", "0"]) == 2
    assert run(["test", "\x00"]) == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 3 and "NUL" in lines[2]


def test_schema_indent_and_test_folder_are_bounded(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Found by the CLI fuzz (issue 16, item 7): ``schema --indent 99999`` ran out of memory,
    ``test /`` walked the whole file system; both are refused with exit 2."""
    from vakmanschap.cli import rule_commands

    assert run(["schema", "--indent", "99999"]) == 2
    for k in range(rule_commands.MAX_ENTRIES + 1):
        (tmp_path / f"f{k}").touch()
    assert run(["test", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "--indent" in err and "at most 16" in err and "more than 10,000" in err


# -- papercuts (issue 10, part 4) ------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def test_version_prints_the_library_version(capsys: pytest.CaptureFixture[str]) -> None:
    """``--version`` prints ``vakmanschap <version>`` and exits 0."""
    assert run(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"vakmanschap {vk.__version__}"


def _parsers(parser: argparse.ArgumentParser, path: str) -> list[tuple[str, argparse.Action]]:
    """(command path, action) of every option, positional and subcommand below ``parser``."""
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                out.append((path, choice))
            for name, sub in action.choices.items():
                out += _parsers(sub, f"{path} {name}")
        elif not isinstance(action, argparse._HelpAction):
            out.append((path, action))
    return out


def test_every_option_and_command_has_help() -> None:
    """Walking every parser of the command line finds no option, argument or subcommand
    without a help text."""
    from vakmanschap.cli import _parser

    actions = _parsers(_parser(), "vakmanschap")
    assert len(actions) > 60
    bare = [f"{path}: {'/'.join(a.option_strings) or a.dest or a.metavar}"
            for path, a in actions if not (a.help or "").strip()]
    assert bare == []


def test_test_finds_the_scenario_files_in_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    """``vakmanschap test rules/`` runs every shipped scenario file and passes over the rule and
    person files beside them."""
    assert run(["test", str(ROOT / "rules")]) == 0
    out = capsys.readouterr().out.strip().splitlines()[-1]
    passed, _, total = out.split(" ")[:3]
    assert passed == total and int(total) > 100


def test_test_on_a_folder_without_scenarios_exits_2(
        files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    """A folder holding no scenario file is bad input, said in one line."""
    assert run(["test", str(Path(files["rules.yaml"]).parent)]) == 2
    assert "no scenario files" in one_line_error(capsys.readouterr().err)


def test_a_shipped_example_rule_set_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    """``--rules registerleraar`` names the shipped rule set and ``--rules lifecycle-kp`` a
    shipped example rule set (rules/examples)."""
    people = ROOT / "rules" / "examples" / "people-registerleraar.yaml"
    assert run(["check", str(people), "--rules", "registerleraar", "--on", "2027-01-01"]) in (0, 1)
    out, err = capsys.readouterr()
    assert err == "" and "rules/registerleraar.yaml" in out
    assert run(["validate", "lifecycle-kp"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "lifecycle-kp" in out


@pytest.mark.parametrize(("argv", "extra", "module"), [
    (["demo", "--size", "10"], "analysis", "matplotlib"),
    (["serve"], "server", "uvicorn"),
])
def test_a_missing_extra_stops_the_command_at_once(
        argv: list[str], extra: str, module: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Without a module of an extra the command needs, it exits 2 before doing anything, with
    one line naming the extra and how to install it."""
    from vakmanschap.cli import extras

    real = extras.find_spec
    monkeypatch.setattr(extras, "find_spec", lambda name: None if name == module else real(name))
    monkeypatch.chdir(tmp_path)
    assert run(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and not list(tmp_path.iterdir())
    assert one_line_error(err).endswith(
        f"needs the [{extra}] extra ({module} is not installed): "
        f"pip install 'vakmanschap[{extra}]'")


def test_an_extra_needed_only_by_an_option(monkeypatch: pytest.MonkeyPatch) -> None:
    """demo --people-only needs no matplotlib; compare needs it only with --plot."""
    from vakmanschap.cli import extras

    monkeypatch.setattr(extras, "find_spec", lambda name: None)
    extras.require_extras(argparse.Namespace(command="demo", people_only=True))
    extras.require_extras(argparse.Namespace(command="compare", plot=None))
    extras.require_extras(argparse.Namespace(command="check"))
    with pytest.raises(extras.ExtraMissing, match=r"\[analysis\]"):
        extras.require_extras(argparse.Namespace(command="compare", plot="x.png"))
