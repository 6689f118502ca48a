"""The shape of the house (docs/architecture.md): no import cycles, small modules.

The layers and the primitive contract are import-linter's (pyproject.toml, run by make test);
these two rules it does not state.
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp
import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "vakmanschap"


def _cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module in the runtime import graph."""
    graph = grimp.build_graph("vakmanschap", exclude_type_checking_imports=True)
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycles() -> None:
    """No module imports (directly or through others) one that imports it back."""
    assert _cycles() == []


def test_the_cycle_finder_finds_a_cycle(monkeypatch: pytest.MonkeyPatch) -> None:
    """The finder itself reports a two-module cycle (so the test above can fail)."""
    graph = {"a": {"b"}, "b": {"a"}, "c": {"a"}}

    class Fake:
        modules = frozenset(graph)

        @staticmethod
        def find_modules_directly_imported_by(module: str) -> set[str]:
            return graph[module]

    monkeypatch.setattr(grimp, "build_graph", lambda *args, **kwargs: Fake())
    assert _cycles() == [["a", "b"]]


def test_modules_are_small() -> None:
    """No module under src/ is longer than 400 lines."""
    long = {str(p.relative_to(SRC)): n for p in SRC.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
