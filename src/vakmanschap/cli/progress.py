"""Progress bars on the command line: tqdm on stderr, only when stderr is a terminal and
``--quiet`` was not given (docs/cli.md). Without tqdm installed there is no bar."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from vakmanschap.errors import VakmanschapError
from vakmanschap.model.words import Lang

if TYPE_CHECKING:
    from vakmanschap.population.bars import TqdmProgress

__all__ = ["DELAY", "finish", "terminal_progress"]

DELAY = 1.0  # seconds: a step that ends sooner shows no bar


def terminal_progress(args: argparse.Namespace, lang: Lang = "en") -> TqdmProgress | None:
    """A progress callback for long work, or None when stderr is no terminal, ``--quiet``
    was given or tqdm is not installed."""
    stream = sys.stderr
    if getattr(args, "quiet", False) or not getattr(stream, "isatty", lambda: False)():
        return None
    from vakmanschap.population.bars import progress_bar

    try:
        return progress_bar(lang, file=stream, notebook=False, leave=False, delay=DELAY)
    except VakmanschapError:
        return None


def finish(progress: TqdmProgress | None) -> None:
    """Close a bar left open (work that ended early, or reported no end)."""
    if progress is not None:
        progress.close()
