"""The documentation site: mkdocs (Material theme, mkdocstrings API reference) builds with
--strict, so every link and anchor resolves and every page is in the navigation."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytest.importorskip("mkdocs")
pytest.importorskip("material")
pytest.importorskip("mkdocstrings_handlers.python")


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    """`mkdocs build --strict` succeeds and writes the home page and the API reference with
    the public classes in it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    api = (tmp_path / "api" / "index.html").read_text(encoding="utf-8")
    for name in ("vakmanschap.RuleSet", "vakmanschap.population.Population",
                 "vakmanschap.progress.Progress", "vakmanschap.population.bars.progress_bar"):
        assert f'id="{name}"' in api, name
    assert (tmp_path / "index.html").is_file()
