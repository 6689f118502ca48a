"""The demo: step by step with timings, in one language, progress only on a terminal."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from vakmanschap.cli import main
from vakmanschap.cli import progress as cli_progress

# headings and words that give a language away in the demo's own output
ENGLISH = ("requirement", "assessed", "pass_rate", "pass rate", "loses", "gains", "base vs",
           "where the outcomes part", "sweep of", "generate + write", "wrote", "people",
           "hours", "Changes to the rules", "done in", "Writing")
DUTCH = ("eis ", "beoordeeld", "slagingspercentage", "verliest", "wint", "Basis en variant",
         "Waar de uitkomsten", "klaar in", "Geschreven", "uur", "Wijzigingen in de regels")


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def run_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *extra: str,
             tty: bool = False) -> tuple[str, str]:
    """Run the population part of the demo on a small workforce; return stdout and stderr."""
    monkeypatch.setattr(cli_progress, "DELAY", 0)
    out, err = io.StringIO(), Terminal() if tty else io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    assert main(["demo", "--size", "400", "--out", str(tmp_path), *extra]) == 0
    text = out.getvalue()
    return text[text.rindex("\n==== "):], err.getvalue()  # the population part


def test_dutch_demo_has_no_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """By default the demo's steps, tables, headings and diff are Dutch only, with every
    step timed, and the charts are written."""
    text, _ = run_demo(tmp_path, monkeypatch)
    found = [w for w in ENGLISH if re.search(rf"(?<![\w.]){re.escape(w)}", text)]
    assert not found, found
    assert text.count("klaar in") == 6 and "[6/6]" in text
    assert "naar: variant: totaal.min = 120" in text and "van: basis:" in text
    assert (tmp_path / "flips-by-organisation.png").is_file()
    assert (tmp_path / "sweep-totaal-min.png").is_file()


def test_english_demo_has_no_dutch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With --lang en the same output has no Dutch headings or steps."""
    text, _ = run_demo(tmp_path, monkeypatch, "--lang", "en")
    found = [w for w in DUTCH if w in text]
    assert not found, found
    assert text.count("done in") == 6


@pytest.mark.parametrize(("tty", "quiet", "shown"),
                         [(True, False, True), (True, True, False), (False, False, False)])
def test_demo_progress_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          tty: bool, quiet: bool, shown: bool) -> None:
    """Progress bars (in the demo's language) go to stderr on a terminal, not with --quiet,
    and never to stdout."""
    extra = ("--quiet",) if quiet else ()
    text, err = run_demo(tmp_path, monkeypatch, *extra, tty=tty)
    assert ("personeelsbestand maken" in err) == shown
    assert ("bestanden inlezen" in err) == shown
    assert "%|" not in text
