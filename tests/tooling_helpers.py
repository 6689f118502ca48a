"""Helpers of the schema, diff, fuzz, invariant and docs tests (issue 5); not a test module."""

from __future__ import annotations

import io
from collections.abc import Mapping
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "vakmanschap" / "data"
DOCS = ROOT / "docs"
TOY_RULES = DOCS / "examples" / "toy-register.yaml"
TOY_PEOPLE = DOCS / "examples" / "toy-people.yaml"


def json_ready(value: Any) -> Any:
    """YAML data as an editor's JSON view sees it: dates as ``YYYY-MM-DD`` text, keys as text."""
    if isinstance(value, Mapping):
        return {_key(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _key(key: Any) -> str:
    if isinstance(key, date):
        return key.isoformat()
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


def run_cli(*argv: str) -> tuple[int, str, str]:
    """Run ``vakmanschap`` in-process; return (exit code, stdout, stderr)."""
    from vakmanschap.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse usage errors and --help
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def rule_file_paths() -> list[Path]:
    """Every shipped rule file and every rule file of the docs (person files are left out).

    Every ``data/*.yaml`` is a built-in rule set; in the example folders a file is a rule file
    when it is a mapping with ``versions``.
    """
    from vakmanschap.rules.yamlpos import load_yaml

    out: list[Path] = sorted(DATA.glob("*.yaml"))
    seen = {p.resolve() for p in out}
    candidates = [*sorted((DATA / "examples").glob("*.yaml")),
                  *sorted((DOCS / "examples").glob("*.yaml")),
                  *sorted((ROOT / "rules").glob("**/*.yaml"))]
    for path in candidates:
        real = path.resolve()
        if real in seen:
            continue
        seen.add(real)
        try:
            data = load_yaml(path.read_text(encoding="utf-8"), str(path))
        except Exception:
            data = None
        if isinstance(data, dict) and "versions" in data:
            out.append(path)
    return out
