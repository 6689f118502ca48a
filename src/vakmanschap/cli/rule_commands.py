"""``validate`` and ``test``: commands for rule files and their scenarios."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vakmanschap.errors import RuleFileError
from vakmanschap.io import load_rules


def register(sub: Any) -> None:
    """Add ``validate`` and ``test`` to the command line."""
    p = sub.add_parser("validate", help="check rule files; report every problem",
                       description="Check each RULE_FILE and print every problem with "
                                   "file:line:column. Exit 0 when all are valid, 2 otherwise.")
    p.add_argument("rule_files", nargs="+", metavar="RULE_FILE",
                   help="rule files (YAML) to check")
    p.set_defaults(run=run_validate)

    p = sub.add_parser("test", help="run scenario files",
                       description="Run YAML scenario files (docs/scenarios.md). Exit 0 when "
                                   "all scenarios pass, 1 when one fails.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    p.set_defaults(run=run_test)


def run_validate(args: argparse.Namespace) -> int:
    bad = 0
    for path in args.rule_files:
        try:
            rules = load_rules(path)
        except RuleFileError as exc:
            bad += 1
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            continue
        versions = ", ".join(f"{v.id} (from {v.valid_from})" for v in rules.versions)
        print(f"{path}: ok — {rules.register}: {len(rules.versions)} version(s): {versions}")
    return 2 if bad else 0


MAX_ENTRIES = 10_000  # files and folders looked at under one folder given to `test`


def _scenario_files(folder: Any) -> list[Any]:
    """The ``*.yaml`` files under ``folder``, refusing a tree of more than
    :data:`MAX_ENTRIES` entries (``test /`` walked the whole file system)."""
    import os
    from pathlib import Path

    from vakmanschap.errors import DataError

    found: list[Path] = []
    seen = 0
    for root, dirs, files in os.walk(folder):
        seen += len(dirs) + len(files)
        if seen > MAX_ENTRIES:
            raise DataError(f"more than {MAX_ENTRIES:,} files and folders under it; give the "
                            "folder of your scenario files", record=str(folder))
        found.extend(Path(root) / name for name in files if name.endswith(".yaml"))
    return sorted(found)


def _scenario_paths(paths: list[str]) -> list[str]:
    """The files named, and in each folder named every scenario file below it (a YAML file
    with a top-level ``scenarios:``; rule files and person files beside them are passed over)."""
    from pathlib import Path

    from vakmanschap.errors import DataError
    from vakmanschap.scenarios import is_scenario_file

    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [str(p) for p in _scenario_files(path) if is_scenario_file(p)]
            if not found:
                raise DataError("no scenario files (YAML with a top-level 'scenarios:') in "
                                "this folder; give a folder or file of scenarios "
                                "(docs/scenarios.md)", record=raw)
            out.extend(found)
        else:
            out.append(raw)
    return out


def run_test(args: argparse.Namespace) -> int:
    from vakmanschap.scenarios import run_scenario_file

    total = failed = 0
    for path in _scenario_paths(args.paths):
        for result in run_scenario_file(path):
            total += 1
            if result.passed:
                continue
            failed += 1
            for failure in result.failures:
                print(f"FAIL {result.file}: {result.name}: {failure}")
    print(f"{total - failed} of {total} scenarios passed")
    return 1 if failed else 0
