"""docs/population.md runs as written: its Python blocks and its commands, in document order
(issue 5, part 6: docs examples executed by tests).

The page is run in a temporary folder holding a copy of the repository's ``docs/``, so the files
its examples write (an export, a rejects file, plots) stay out of the repository. Python blocks
share one namespace; a command ``$ vakmanschap ARGS   # exit N`` must exit with N (0 when no
``# exit`` is given) and print each output line shown after it (``...`` matches any text).
"""

from __future__ import annotations

import importlib
import re
import shlex
import shutil
from pathlib import Path

import pytest

from tooling_helpers import DOCS, run_cli

PAGE = DOCS / "population.md"


def blocks(path: Path) -> list[tuple[str, int, str]]:
    """(language, first line, body) of every fenced block of a Markdown file, in order."""
    out: list[tuple[str, int, str]] = []
    language, start, body = None, 0, []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if language is None and stripped.startswith("```"):
            language, start, body = stripped[3:] or "text", number + 1, []
        elif language is not None and stripped == "```":
            out.append((language, start, "\n".join(body)))
            language = None
        elif language is not None:
            body.append(line)
    return out


def commands(body: str) -> list[tuple[list[str], int, list[str]]]:
    """(argv, exit code, expected lines) of each ``$ vakmanschap`` command of a console block."""
    out: list[tuple[list[str], int, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            command, _, comment = line[2:].partition("#")
            match = re.fullmatch(r"\s*exit (\d+)\s*", comment)
            argv = shlex.split(command)
            assert argv[0] == "vakmanschap", line
            out.append((argv[1:], int(match.group(1)) if match else 0, []))
        elif line.strip():
            out[-1][2].append(line.strip())
    return out


def _shown(output: str, expected: str) -> bool:
    pattern = re.compile(".*?".join(re.escape(p.strip()) for p in expected.split("...")))
    return any(pattern.search(line.strip()) for line in output.splitlines())


def test_population_page_runs_as_written(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Each Python block and command of docs/population.md runs in order and does what it shows."""
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    shutil.copytree(DOCS, tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "population_doc"}
    ran = {"python": 0, "console": 0}
    try:
        for language, start, body in blocks(PAGE):
            where = f"{PAGE.name}:{start}"
            if language == "python":
                try:
                    exec(compile(body, where, "exec"), namespace)
                except Exception as exc:
                    raise AssertionError(f"{where}: {type(exc).__name__}: {exc}") from exc
                ran["python"] += 1
            elif language == "console":
                for argv, code, expected in commands(body):
                    got, out, err = run_cli(*argv)
                    assert got == code, f"{where}: exit {got}, expected {code}\n{out}{err}"
                    for line in expected:
                        assert _shown(out + err, line), f"{where}: {line!r} not in:\n{out}{err}"
                    ran["console"] += 1
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")
    assert ran["python"] >= 8 and ran["console"] >= 8, ran
    assert (tmp_path / "rejects.csv").exists() and (tmp_path / "people.csv").exists()


def test_rejects_shown_on_the_page_are_the_ones_written(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The rejects file printed on the page is exactly what the example writes."""
    shown = [body for language, _, body in blocks(PAGE)
             if language == "text" and body.startswith("file,row,column,value,problem")]
    assert len(shown) == 1
    shutil.copytree(DOCS / "population-example", tmp_path / "docs" / "population-example")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "population_doc"}
    for language, start, body in blocks(PAGE):
        if language == "python":
            exec(compile(body, f"{PAGE.name}:{start}", "exec"), namespace)
        if Path("rejects.csv").exists():
            break
    assert Path("rejects.csv").read_text(encoding="utf-8").splitlines() == shown[0].splitlines()


def test_generator_section_lists_the_generator_tables() -> None:
    """The distributions on the page are those of population/generate.py."""
    gen = importlib.import_module("vakmanschap.population.generate")  # the module, not the function

    text = PAGE.read_text(encoding="utf-8")
    section = text[text.index("## The synthetic workforce"):]
    for name, weight in gen.ORGANISATIONS:
        assert f"{name} {round(weight * 100)} %" in section, name
    scales = ", ".join(f"{round(w * 100)}" for w in gen.SCALE_WEIGHTS)
    assert f"{gen.SCALES[0]} to {gen.SCALES[-1]}: {scales} %" in section
    for table in (gen.FORMAL_HOURS, gen.INFORMAL_HOURS, gen.REFLECTION_HOURS):
        first, weight = table[0]
        assert f"{first:g} hour" in section and f"({round(weight * 100)} %)" in section
    for fte, weight in gen.PART_TIME:
        assert f"{fte:g}" in section and f"{round(weight * 100)} %" in section
    assert f"spread {gen.SPREAD}" in section
    assert f"{gen.REGULAR_REFLECTION * 100:.0f} % reflect regularly" in section
    assert f"mean {gen.REFLECTION_RATE}" in section
