"""Progress bars on the command line: on a terminal only, silenced by --quiet."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from vakmanschap.cli import main
from vakmanschap.cli import progress as cli_progress
from vakmanschap.cli.progress import finish, terminal_progress


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_no_bar_off_a_terminal_or_when_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    """There is a callback only when stderr is a terminal and --quiet was not given."""
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert terminal_progress(argparse.Namespace(quiet=False)) is None
    monkeypatch.setattr("sys.stderr", Terminal())
    assert terminal_progress(argparse.Namespace(quiet=True)) is None
    bar = terminal_progress(argparse.Namespace(quiet=False))
    assert bar is not None
    finish(bar)
    finish(None)


@pytest.mark.parametrize("quiet", [[], ["--quiet"], ["-q"]])
@pytest.mark.parametrize("tty", [True, False])
def test_generate_shows_progress_on_a_terminal_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quiet: list[str], tty: bool) -> None:
    """generate draws its bars on stderr when it is a terminal, not with --quiet (before or
    after the command), and never writes them to stdout."""
    monkeypatch.setattr(cli_progress, "DELAY", 0)
    err = Terminal() if tty else io.StringIO()
    out = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.setattr("sys.stdout", out)
    argv = ["generate", "--size", "50", "--out", str(tmp_path)]
    assert main(quiet + argv if quiet == ["--quiet"] else argv + quiet) == 0
    shown = "generating the workforce" in err.getvalue()
    assert shown == (tty and not quiet)
    assert "%|" not in out.getvalue()
