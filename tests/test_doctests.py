"""Every docstring example under src/vakmanschap runs as a doctest (issue 10, part 6): each
module with an example is one test, so a stale example fails ``make test``."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
MODULES = sorted(
    ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
    for path in (SRC / "vakmanschap").rglob("*.py") if ">>>" in path.read_text("utf-8"))


def test_some_modules_have_examples() -> None:
    """The search finds the modules with examples (the package's own among them)."""
    assert "vakmanschap" in MODULES and "vakmanschap.strategies" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    """The module's docstring examples give what they show (``# doctest: +SKIP`` lines, which
    need files of the reader's own, excepted)."""
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, name):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"
