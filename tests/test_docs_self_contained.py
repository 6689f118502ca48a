"""The docs are self-contained: rule files and docs cite pages of the repository, never the
research notes outside it (issue 10, item 7)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE = re.compile(r"registers\.md|\.\./shared|/work/|shared/research")


def test_nothing_points_outside_the_repository() -> None:
    """No file under rules/, docs/ or src/ (nor the README) names registers.md, ../shared or
    an absolute /work/ path."""
    files = [ROOT / "README.md", *(p for folder in ("rules", "docs", "src")
                                   for p in (ROOT / folder).rglob("*") if p.is_file()
                                   and p.suffix in (".md", ".yaml", ".py", ".ipynb", ".csv"))]
    found = [f"{p.relative_to(ROOT)}:{n}" for p in files
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if OUTSIDE.search(line)]
    assert not found, found


def test_cited_sections_exist() -> None:
    """Every section cited as 'sources §N.M' (or docs/registers/sources.md §N.M) is a heading
    of docs/registers/sources.md."""
    sources = (ROOT / "docs" / "registers" / "sources.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^#+ (\d+A?(?:\.\d+)?)\.? ", sources, re.M))
    cited: set[str] = set()
    for folder in ("rules", "docs", "src"):
        for p in (ROOT / folder).rglob("*"):
            if p.is_file() and p.suffix in (".md", ".yaml", ".py") and p.name != "sources.md":
                for line in p.read_text(encoding="utf-8").splitlines():
                    if "sources" in line:
                        cited.update(re.findall(r"§(\d+A?(?:\.\d+)?)", line))
    assert cited and cited <= headings, sorted(cited - headings)
