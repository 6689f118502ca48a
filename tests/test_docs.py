"""Executed docs (issue 5, part 6): the ``$ vakmanschap ...`` examples of docs/cli.md and the
Python blocks of docs/quickstart-hr.md run in the test suite, so the docs cannot go stale.

In a ``console`` block a line ``$ vakmanschap ARGS   # exit N`` is a command (exit 0 when no
``# exit`` is given); the lines after it, up to the next command, are output that must appear in
what the command prints (``...`` matches any text). Paths are relative to the repository root.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tooling_helpers import DOCS, ROOT, run_cli

CLI_DOC = DOCS / "cli.md"
QUICKSTART = DOCS / "quickstart-hr.md"
NEGOTIATOR = DOCS / "negotiator-guide.md"


def code_blocks(path: Path, language: str) -> list[tuple[int, str]]:
    """The fenced code blocks of ``language`` in a Markdown file, with their first line."""
    blocks: list[tuple[int, str]] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    inside, start, body = False, 0, []
    for number, line in enumerate(lines, 1):
        if not inside and line.strip() == f"```{language}":
            inside, start, body = True, number + 1, []
        elif inside and line.strip() == "```":
            inside = False
            blocks.append((start, "\n".join(body)))
        elif inside:
            body.append(line)
    return blocks


def cli_examples(path: Path) -> list[tuple[str, list[str], int, list[str]]]:
    """(label, argv, expected exit code, expected output lines) for each ``$`` command."""
    out: list[tuple[str, list[str], int, list[str]]] = []
    for start, body in code_blocks(path, "console"):
        for offset, line in enumerate(body.splitlines()):
            if line.startswith("$ "):
                command, _, comment = line[2:].partition("#")
                match = re.fullmatch(r"\s*exit (\d+)\s*", comment)
                argv = shlex.split(command)
                assert argv[0] == "vakmanschap", line
                out.append((f"{path.name}:{start + offset}", argv[1:],
                            int(match.group(1)) if match else 0, []))
            elif out and line.strip():
                out[-1][3].append(line.strip())
    return out


def _pattern(expected: str) -> re.Pattern[str]:
    return re.compile(".*?".join(re.escape(part.strip()) for part in expected.split("...")))


def _has_line(output: str, expected: str) -> bool:
    pattern = _pattern(expected)
    return any(pattern.search(line.strip()) for line in output.splitlines())


EXAMPLES = cli_examples(CLI_DOC)


def _needs(argv: list[str]) -> str | None:
    """Why an example cannot run here (a file it names is missing), or None."""
    for k, arg in enumerate(argv):
        if k and argv[k - 1] == "--out":  # written by the command, not read
            continue
        if ("/" in arg or arg.endswith((".yaml", ".json"))) and not (ROOT / arg).exists():
            return f"{arg} is not in this checkout yet"
        if arg in ("srpo", "big", "rijksambtenaar"):
            from vakmanschap.io import builtin_names

            if arg not in builtin_names():
                return f"built-in rule set {arg} is not shipped yet"
    return None


@pytest.mark.parametrize(("label", "argv", "code", "expected"), EXAMPLES,
                         ids=[e[0] for e in EXAMPLES])
def test_cli_doc_example(monkeypatch: pytest.MonkeyPatch, label: str, argv: list[str],
                         code: int, expected: list[str]) -> None:
    """Each documented command exits as documented and prints the lines shown."""
    reason = _needs(argv)
    if reason:
        pytest.skip(reason)
    monkeypatch.chdir(ROOT)
    got, out, err = run_cli(*argv)
    assert got == code, f"{label}: exit {got}, expected {code}\n{err}"
    for line in expected:
        assert _has_line(out + err, line), f"{label}: {line!r} not in the output:\n{out}{err}"


def test_every_command_has_an_example() -> None:
    """Every subcommand of the CLI has at least one example in docs/cli.md."""
    from vakmanschap.cli import _parser

    parser = _parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    documented = {argv[0] for _, argv, _, _ in EXAMPLES}
    missing = sorted(set(sub.choices or ()) - documented)  # type: ignore[arg-type]
    assert not missing, f"document these commands in docs/cli.md with an example: {missing}"


def test_console_blocks_only_hold_commands_and_output() -> None:
    """Every console block starts with a command, so no example is silently skipped."""
    for path in (CLI_DOC, NEGOTIATOR):
        for start, body in code_blocks(path, "console"):
            assert body.startswith("$ vakmanschap "), f"{path.name}:{start}"


NEGOTIATOR_EXAMPLES = cli_examples(NEGOTIATOR) if NEGOTIATOR.exists() else []


@pytest.mark.parametrize(("label", "argv", "code", "expected"), NEGOTIATOR_EXAMPLES,
                         ids=[e[0] for e in NEGOTIATOR_EXAMPLES])
def test_negotiator_guide_example(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, label: str,
                                  argv: list[str], code: int, expected: list[str]) -> None:
    """The commands of the negotiator's guide run as shown too; what they write with ``--out``
    goes to a temporary folder, and a workbook has the sheets the guide names."""
    argv = list(argv)
    written = []
    for k, arg in enumerate(argv[:-1]):
        if arg == "--out":
            argv[k + 1] = str(tmp_path / Path(argv[k + 1]).name)
            written.append(Path(argv[k + 1]))
    test_cli_doc_example(monkeypatch, label, argv, code, expected)
    for path in written:
        assert path.is_file(), f"{label}: {path.name} not written"
        if path.suffix == ".xlsx":
            import openpyxl

            sheets = openpyxl.load_workbook(path, read_only=True).sheetnames
            text = NEGOTIATOR.read_text(encoding="utf-8")
            assert all(f"`{sheet}`" in text for sheet in sheets), (label, sheets)


def test_quickstart_python_blocks_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python blocks of docs/quickstart-hr.md run in order, in one namespace."""
    blocks = code_blocks(QUICKSTART, "python")
    assert blocks, "docs/quickstart-hr.md has no python blocks"
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": "quickstart"}
    for start, body in blocks:
        try:
            exec(compile(body, f"{QUICKSTART.name}:{start}", "exec"), namespace)
        except Exception as exc:
            raise AssertionError(f"docs/quickstart-hr.md, block at line {start}: "
                                 f"{type(exc).__name__}: {exc}") from exc


def test_every_primitive_has_its_section_in_the_rule_language() -> None:
    """Each registered primitive is documented under its own heading in docs/rule-language.md."""
    from vakmanschap.engine.primitives import REGISTRY

    text = (DOCS / "rule-language.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### (.+)$", text, flags=re.M))
    documented = {key for heading in headings for key in re.findall(r"`([a-z_]+)`", heading)}
    assert sorted(set(REGISTRY) - documented) == []
